"""The English UI: Chinese is the source language and the default; English comes from
locale/en/LC_MESSAGES (the compiled .mo is committed, so no gettext is needed at runtime)."""
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from authors.models import ApiToken
from moderation.actions import submission
from moderation.actions.accounts import issue_api_token

from factories import post_document, uploads_for

LOCALE_DIR = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
PO = LOCALE_DIR / "django.po"
MO = LOCALE_DIR / "django.mo"


def _english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _page(response):
    assert response.status_code == 200
    return response.content.decode()


# -- pages -----------------------------------------------------------------------------------------

def test_login_page_is_chinese_by_default(client):
    html = _page(client.get(reverse("login")))
    assert '<html lang="zh-hans">' in html
    assert "登录审核台" in html and "用户名" in html


def test_login_page_in_english_from_the_cookie(client):
    _english(client)
    html = _page(client.get(reverse("login")))
    assert '<html lang="en">' in html
    assert "Log in to Review Desk" in html and "Username" in html and "Password" in html
    assert "登录审核台" not in html


def test_login_page_in_english_from_accept_language(client):
    html = _page(client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9"))
    assert "Log in to Review Desk" in html and "登录审核台" not in html


def test_queue_is_chinese_by_default(client, cast):
    client.force_login(cast.bob)
    html = _page(client.get(reverse("queue")))
    assert "审核队列" in html and "认领下一篇" in html
    assert "Review queue" not in html


@pytest.mark.parametrize("how", ["cookie", "accept-language"])
def test_queue_in_english(client, cast, how):
    client.force_login(cast.bob)
    headers = {}
    if how == "cookie":
        _english(client)
    else:
        headers["HTTP_ACCEPT_LANGUAGE"] = "en"
    html = _page(client.get(reverse("queue"), **headers))
    assert '<html lang="en">' in html
    for text in ("Review queue", "Claim next", "Automated findings", "Resubmissions only", "Log out"):
        assert text in html, text
    for text in ("审核队列", "认领下一篇", "机审发现"):
        assert text not in html, text


def test_the_language_switcher_selects_english(client, cast):
    client.force_login(cast.bob)
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("queue")})
    assert response.status_code == 302 and response.url == reverse("queue")
    assert "Review queue" in _page(client.get(reverse("queue")))


def test_new_post_editor_in_english(client, cast):
    client.force_login(cast.alice)
    _english(client)
    html = _page(client.get(reverse("new_post")))
    for text in ("New post", "Self-check", "Save draft", "Submit for review", "Cover image", "Product card"):
        assert text in html, text
    assert "提交审核" not in html and "保存草稿" not in html


def test_draft_editor_in_english(client, cast):
    document = post_document()
    post = submission.submit_post(cast.alice.author, document=document, uploads=uploads_for(document),
                                actor=cast.alice, draft=True)
    client.force_login(cast.alice)
    _english(client)
    html = _page(client.get(reverse("edit_post", args=[post.pk])))
    assert f"Edit post #{post.pk}" in html
    assert "Submit for review" in html and "修改文章" not in html


def _flash(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def test_flash_messages_after_actions_are_in_english(client, cast):
    """An author, an editor and an admin act with the English UI: what the page then says is English."""
    _english(client)
    client.force_login(cast.alice)
    issue_api_token(cast.alice, actor=cast.alice, name="script")
    token = ApiToken.objects.get(user=cast.alice)
    assert _flash(client.post(reverse("api_tokens"), {"revoke": str(token.pk)}, follow=True)) == "Token revoked."
    client.force_login(cast.bob)
    assert _flash(client.post(reverse("next_post"), follow=True)) == "No unclaimed posts left in the queue."
    client.force_login(cast.dora)
    shown = _flash(client.post(reverse("whitelist_recompute"), follow=True))
    assert shown == "Whitelist recomputed: 0 newly granted (none new)."


def test_the_thresholds_table_is_in_english(client, cast):
    client.force_login(cast.dora)
    _english(client)
    table = _page(client.get(reverse("thresholds"))).split('id="thresholds"')[1].split("</table>")[0]
    for text in ("Resubmissions allowed after a return", "2 times", "Appeal window", "Standard",
                 "Setting APPEAL_WINDOW_DAYS"):
        assert text in table, text
    assert not re.search(r"[\u4e00-\u9fff]", table), "Chinese left in the English table"


# -- the catalogue ---------------------------------------------------------------------------------

def _po_entries(text: str):
    """(msgid, [msgstr, ...], flags) for each live entry, header excluded; polib when it is there. An entry
    with a context (pgettext) has the msgid "context\\x04msgid", as the compiled catalogue keys it."""
    try:
        import polib
    except ImportError:
        polib = None
    if polib is not None:
        for e in polib.pofile(text):
            if e.obsolete or e.msgid == "":
                continue
            strs = [e.msgstr_plural[k] for k in sorted(e.msgstr_plural)] if e.msgid_plural else [e.msgstr]
            yield (f"{e.msgctxt}\x04{e.msgid}" if e.msgctxt else e.msgid), strs, set(e.flags)
        return

    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}

    def unquote(chunks):
        raw = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', chunks))
        return re.sub(r"\\(.)", lambda m: escapes.get(m.group(1), m.group(0)), raw)

    for block in re.split(r"\n\s*\n", text):
        lines = [ln for ln in block.strip().splitlines() if not ln.startswith("#~")]
        if not any(ln.startswith("msgid ") for ln in lines):
            continue
        flags = {f.strip() for ln in lines if ln.startswith("#,") for f in ln[2:].split(",")}
        body = "\n".join(ln for ln in lines if not ln.startswith("#"))
        fields = re.findall(r'^(msgid|msgid_plural|msgstr(?:\[\d+\])?|msgctxt) ((?:"(?:[^"\\]|\\.)*"\s*)+)',
                            body, flags=re.M)
        values = {key: unquote(chunks) for key, chunks in fields}
        if values.get("msgid") == "":
            continue
        strs = [v for k, v in values.items() if k.startswith("msgstr")]
        context = values.get("msgctxt")
        yield (f"{context}\x04{values['msgid']}" if context is not None else values["msgid"]), strs, flags


def test_every_message_has_an_english_translation():
    entries = list(_po_entries(PO.read_text(encoding="utf-8")))
    assert len(entries) > 100
    empty = [msgid for msgid, strs, _ in entries if not strs or not all(s.strip() for s in strs)]
    fuzzy = [msgid for msgid, _, flags in entries if "fuzzy" in flags]
    assert not empty, f"untranslated: {empty}"
    assert not fuzzy, f"fuzzy: {fuzzy}"


def test_translations_keep_their_placeholders():
    placeholder = re.compile(r"%\(\w+\)[sd]|%%")
    for msgid, strs, _ in _po_entries(PO.read_text(encoding="utf-8")):
        for s in strs:
            assert sorted(set(placeholder.findall(s))) == sorted(set(placeholder.findall(msgid))), msgid


def test_the_compiled_catalogue_matches_the_po():
    """Every entry of the .po is in the committed .mo (compilemessages was run after the last edit)."""
    with MO.open("rb") as fh:
        catalog = gettext.GNUTranslations(fh)._catalog
    for msgid, strs, _ in _po_entries(PO.read_text(encoding="utf-8")):
        if (msgid, 0) in catalog:  # plural entries are keyed (msgid, n)
            assert [catalog[(msgid, i)] for i in range(len(strs))] == strs, msgid
        else:
            assert catalog.get(msgid) == strs[0], msgid


def test_the_forbidden_page_says_why_in_the_readers_language(client, cast):
    client.force_login(cast.bob)
    chinese = client.get(reverse("admin_desk"))
    assert chinese.status_code == 403 and "只有管理员可以访问此页面。" in chinese.content.decode()
    _english(client)
    english = client.get(reverse("admin_desk"))
    assert english.status_code == 403 and "Only admins can open this page." in english.content.decode()
    assert "只有管理员" not in english.content.decode()
