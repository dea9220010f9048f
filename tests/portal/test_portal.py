"""The author's side (issue 12): nothing entered is lost, standing up front, a closed account is told
so and can appeal without logging in, places in plain words, the checklist is the editor's."""
from __future__ import annotations

import json
import os
import time
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse

from authors.models import Appeal
from editor_decides import decide
from factories import photo_jpeg, post_document
from moderation.actions import accounts, appeals, penalties
from moderation.lifecycle import State
from moderation.models import Post
from moderation.postformat import field_label
from moderation.rulebook import RULES_BY_ID


# ---- places in plain words --------------------------------------------------------------------

BLOCKS = [{"type": "heading"}, {"type": "paragraph"}, {"type": "image"}, {"type": "paragraph"},
          {"type": "paragraph"}, {"type": "image"}, {"type": "product"}]


@pytest.mark.parametrize("path, zh, en", [
    ("title", "标题", "title"),
    ("cover", "封面图", "cover image"),
    ("blocks[4]", "第3段", "paragraph 3"),
    ("blocks[5]", "第2张图片", "image 2"),
    ("blocks[6]", "第1个商品卡片", "product card 1"),
    ("blocks[6].image", "第1个商品卡片的商品图", "product card 1, product image"),
    ("blocks[3].text", "第2段", "paragraph 2"),
    ("tags[1]", "第2个标签", "tag 2"),
    ("blocks[9]", "正文第10块", "body block 10"),  # past the end: counted among all blocks
])
def test_a_field_path_reads_as_a_place(path, zh, en):
    assert field_label(path, BLOCKS) == zh
    assert field_label(path, BLOCKS, "en") == en


def test_an_invalid_document_names_the_place_not_the_path(cast, client):
    client.force_login(cast.alice)
    document = post_document()
    document["blocks"].insert(3, {"type": "heading", "text": 42})
    response = client.post(reverse("new_post"), {"action": "submit", "document": json.dumps(document)})
    assert response.status_code == 400
    page = response.content.decode()
    shown = page.split('id="form-error"')[1].split(">", 1)[1].split("</div>")[0]
    assert shown.startswith("第1个小标题：应为字符串") and "blocks[" not in shown


def test_the_api_keeps_the_path_and_adds_the_label(cast, client):
    client.force_login(cast.alice)
    document = post_document()
    document["tags"] = ["耳机", 7]
    response = client.post("/api/v1/posts", {"document": json.dumps(document)})
    error = response.json()["error"]
    assert (response.status_code, error["field"], error["label"]) == (400, "tags[1]", "第2个标签")
    assert error["message"].startswith("第2个标签：")


BROKEN_JSON = '{\n  "title": "通勤耳机实测",\n  "kind": "review"\n  "tags": []\n}'  # no comma ending line 3


@pytest.mark.parametrize("language, expected", [
    ("zh-hans", "JSON 格式错误：第4行第3列附近缺少逗号"),
    ("en", "Malformed JSON near line 4, column 3: a comma is missing"),
])
def test_malformed_json_is_told_where_in_the_authors_language(cast, client, settings, language, expected):
    client.force_login(cast.alice)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.post(reverse("new_post"), {"action": "submit", "document": BROKEN_JSON})
    assert response.status_code == 400
    shown = response.content.decode().split('id="form-error"')[1].split(">", 1)[1].split("</div>")[0]
    assert shown.startswith(expected)
    api = client.post("/api/v1/posts", {"document": BROKEN_JSON})
    assert (api.status_code, api.json()["error"]["message"]) == (400, expected)
    assert not Post.objects.exists()


# ---- nothing the author entered is lost -------------------------------------------------------

def _editor_post(client, document, files, **extra):
    data = {"action": "submit", "document": json.dumps(document), **extra}
    data.update({f"file:{ref}": (content if hasattr(content, "read") else _upload(ref, content))
                 for ref, content in files.items()})
    return client.post(reverse("new_post"), data)


def _upload(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile
    return SimpleUploadedFile(name.rsplit("/", 1)[-1], content)


def _initial(page: str, element_id: str):
    start = page.index(f'id="{element_id}"')
    return json.loads(page[page.index(">", start) + 1:page.index("</script>", start)])


def test_a_refused_image_keeps_the_other_images_and_the_text(cast, client, tmp_path, settings):
    """An empty title and a renamed .txt: the page comes back with the text as typed, the good images
    kept (shown, sent next time as keys), only the bad image's slot emptied; the next submit works
    without uploading them again."""
    settings.MEDIA_ROOT = tmp_path
    client.force_login(cast.alice)
    document = post_document(title="")
    document["blocks"].append({"type": "image", "src": "upload/notes.jpg"})
    files = {"images/cover.jpg": photo_jpeg(1), "images/1.jpg": photo_jpeg(2), "upload/notes.jpg": b"just text\n"}
    response = _editor_post(client, document, files)
    assert response.status_code == 400 and not Post.objects.exists()
    page = response.content.decode()
    shown, staged = _initial(page, "initial-document"), _initial(page, "staged-images")
    assert shown["blocks"][0]["text"] == document["blocks"][0]["text"]
    assert set(staged) == {"images/cover.jpg", "images/1.jpg"}
    assert shown["blocks"][-1]["src"] == "" and shown["cover"] == "images/cover.jpg"
    image = client.get(reverse("staged_image", args=[staged["images/1.jpg"]]))
    assert image.status_code == 200 and image["Content-Type"] == "image/jpeg"
    client.force_login(cast.charlie)  # nobody else sees what alice kept
    assert client.get(reverse("staged_image", args=[staged["images/1.jpg"]])).status_code == 404

    client.force_login(cast.alice)
    document["title"] = "通勤耳机实测三周：降噪、续航与佩戴的真实体验"
    document["blocks"].pop()
    response = _editor_post(client, document, {}, **{f"staged:{ref}": key for ref, key in staged.items()})
    assert response.status_code == 302
    post = Post.objects.get()
    assert sorted(img.ref for img in post.current_revision.images.all()) == ["images/1.jpg", "images/cover.jpg"]
    # stored with the post now: the kept copies are gone, not left on disk for ever
    assert not [f for f in (tmp_path / "staged").rglob("*") if f.is_file()]
    assert client.get(reverse("staged_image", args=[staged["images/1.jpg"]])).status_code == 404


def test_kept_images_nobody_came_back_for_are_deleted_after_the_set_days(cast, client, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    settings.KEPT_IMAGES_DAYS = 7
    client.force_login(cast.alice)
    files = {"images/cover.jpg": photo_jpeg(1), "images/1.jpg": photo_jpeg(2)}
    staged = _initial(_editor_post(client, post_document(title=""), files).content.decode(), "staged-images")
    old_key, fresh_key = staged["images/1.jpg"], staged["images/cover.jpg"]
    old_file = next(p for p in (tmp_path / "staged").rglob(old_key))
    eight_days_ago = time.time() - 8 * 86400
    os.utime(old_file, (eight_days_ago, eight_days_ago))

    out = StringIO()
    call_command("forget_kept_images", stdout=out)
    assert "deleted 1 kept image(s)" in out.getvalue()
    assert client.get(reverse("staged_image", args=[old_key])).status_code == 404
    assert client.get(reverse("staged_image", args=[fresh_key])).status_code == 200  # within the 7 days
    call_command("forget_kept_images", stdout=out)  # twice is harmless


def test_an_empty_starter_paragraph_is_no_error(cast, client):
    client.force_login(cast.alice)
    document = post_document()
    document["blocks"].insert(0, {"type": "paragraph", "text": ""})
    files = {"images/cover.jpg": photo_jpeg(1), "images/1.jpg": photo_jpeg(2)}
    response = _editor_post(client, document, files, action="draft")
    assert response.status_code == 302
    assert Post.objects.get().current_revision.blocks[0]["text"] == document["blocks"][1]["text"]


# ---- standing up front ------------------------------------------------------------------------

def test_a_ban_shows_before_writing_and_drafts_can_still_be_saved(cast, client, submit):
    post = submit()
    decide(post, cast.bob, "return", ["TITLE_LENGTH"], "标题请精简")
    penalties.issue_penalty(cast.alice.author, actor=cast.dora, level="suspension", reason="重复提交未修改",
                            clause="5.4-I.5")
    client.force_login(cast.alice)
    for url in (reverse("my_posts"), reverse("new_post"), reverse("author_post", args=[post.pk])):
        page = client.get(url).content.decode()
        assert 'id="ban-notice"' in page, url
        assert "重复提交未修改" in page and "5.4-I.5" in page and "北京时间" in page, url
        assert "?penalty=" in page, url  # the appeal link
    detail = client.get(reverse("author_post", args=[post.pk])).content.decode()
    assert "还可修改后重新提交" not in detail and 'id="edit-link"' not in detail
    assert 'id="btn-submit"' not in client.get(reverse("new_post")).content.decode()

    files = {"images/cover.jpg": photo_jpeg(1), "images/1.jpg": photo_jpeg(2)}
    response = _editor_post(client, post_document(title="新的一篇草稿：先写着，处罚结束后再提交"), files, action="draft")
    assert response.status_code == 302
    assert Post.objects.filter(state=State.DRAFT).count() == 1
    refused = _editor_post(client, post_document(title="新的一篇文章：处罚期间不能提交审核的"), files)
    assert refused.status_code in (403, 409) and 'id="ban-notice"' in refused.content.decode()


# ---- a closed account is told so, and appeals without logging in --------------------------------

def test_a_closed_account_learns_why_at_login_and_appeals_without_logging_in(cast, client):
    author = accounts.register_author(username="frank", password="frank-pw-2026!", display_name="弗兰克",
                                      phone="13800138000", email="frank@example.com")
    penalty = penalties.issue_penalty(author, actor=cast.dora, level="level2", reason="发布严重软色情内容",
                                      clause="5.4-IV.6")
    wrong = client.post(reverse("login"), {"username": "frank", "password": "not-it"})
    assert "账号已被关闭" not in wrong.content.decode()  # a wrong password says nothing about the account
    closed = client.post(reverse("login"), {"username": "frank", "password": "frank-pw-2026!"})
    page = closed.content.decode()
    assert closed.status_code == 403 and "你的账号已被关闭" in page and "发布严重软色情内容" in page
    assert reverse("closed_account_appeal") in page

    url = reverse("closed_account_appeal")
    bad = client.post(url, {"username": "frank", "contact": "13900139000", "text": "我没有发布这些内容"})
    assert bad.status_code == 400 and not Appeal.objects.exists()
    good = client.post(url, {"username": "Frank", "contact": "+86 138-0013-8000", "text": "我没有发布这些内容"})
    assert good.status_code == 200 and 'id="closed-appeal-filed"' in good.content.decode()
    appeal = Appeal.objects.get()
    assert (appeal.author, appeal.penalty) == (author, penalty)

    appeals.decide_appeal(appeal, actor=cast.dora, upheld=True, response="复核后改判")
    assert User.objects.get(username="frank").is_active
    assert client.post(reverse("login"), {"username": "frank", "password": "frank-pw-2026!"}).status_code == 302


# ---- the checklist is the editor's --------------------------------------------------------------

def test_the_checklist_lists_the_editors_reasons_with_their_passages(cast, client, submit):
    post = submit(extra_blocks=[{"type": "paragraph", "text": "想买的朋友可以加我微信 abc12345 领优惠券，今晚下单明天到。"}])
    findings = {f.rule for f in post.current_revision.findings.all()}
    reason = next(r for r in ("BODY_CONTACT", "BODY_PROMO") if r in findings)
    decide(post, cast.bob, "return", [reason], "请删除联系方式")
    client.force_login(cast.alice)
    page = client.get(reverse("edit_post", args=[post.pk])).content.decode()
    checklist = page[page.index('id="checklist"'):page.index("</section>", page.index('id="checklist"'))]
    assert RULES_BY_ID[reason].name_zh in checklist
    last_paragraph = sum(1 for b in post.current_revision.blocks if b["type"] == "paragraph")
    assert f"第{last_paragraph}段" in checklist  # the passage the reason points at, in plain words
    assert "abc12345" in checklist
    unused = {RULES_BY_ID[r].name_zh for r in findings - {reason} if r in RULES_BY_ID} - {RULES_BY_ID[reason].name_zh}
    assert unused and not [name for name in unused if name in checklist]


def _form_error(response) -> str:
    return response.content.decode().split('id="form-error"', 1)[1].split(">", 1)[1].split("<", 1)[0]


def test_refused_uploads_and_bans_are_said_in_english_and_in_chinese_as_before(cast, client, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(cast.alice)
    document = post_document()
    document["blocks"].append({"type": "image", "src": "upload/notes.jpg"})
    files = {"images/cover.jpg": photo_jpeg(1), "images/1.jpg": photo_jpeg(2), "upload/notes.jpg": b"just text\n"}
    assert _form_error(_editor_post(client, document, files)) == \
        "图片「upload/notes.jpg」不是图片或格式不受支持，仅支持 JPEG、PNG、WEBP、GIF 格式"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert _form_error(_editor_post(client, document, files)) == \
        "Image “upload/notes.jpg” is not an image, or not in a supported format; only JPEG, PNG, WEBP and GIF are accepted"
    penalties.issue_penalty(cast.alice.author, actor=cast.dora, level="level1", reason="刷屏")
    document["blocks"].pop()
    refused = _form_error(_editor_post(client, document, files))
    assert refused.startswith("Posting is closed until ") and refused.endswith(" (Beijing time).")
