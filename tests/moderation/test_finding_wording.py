"""Finding messages in the reader's language. The engine (no Django) keeps each message as its Chinese
template and values (``say``); moderation.wording looks the template up in the English catalogue and
fills it in, leaving quoted material (the author's words, product names) as written."""
from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest
from django.utils import translation

from factories import post_document
from moderation.checks import AuthorInfo, CheckContext, check_post
from moderation.checks import body, catalog, products, title
from moderation.wording import say_html, say_text

CHECKS = Path(__file__).resolve().parents[2] / "moderation" / "checks"
CJK = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff01-\uff5e]")


def engine_templates() -> set[str]:
    """Every template the engine can say: the literal first argument of each say() call, and the
    rows of the tables that feed say() (title and topic wordings, editor's checks, names)."""
    found = set()
    for path in CHECKS.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "say" and node.args \
                    and isinstance(node.args[0], ast.Constant):
                found.add(node.args[0].value)
    found |= {row[2] for row in (*title.WORDING, *body.FORBIDDEN_TOPICS)}
    found |= {*catalog.CONFIRM.values(), *products.RESTRICTED_NAMES.values(), *body.KIND_NAMES.values()}
    return found


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_message_of_the_engine_has_english_with_the_same_values():
    templates = engine_templates()
    assert len(templates) > 90  # the ast walk really found the engine's messages
    missing, mismatched = [], []
    with translation.override("en"):
        for template in sorted(templates):
            english = translation.gettext(template)
            if english == template or CJK.search(english.replace("“", "").replace("”", "")):
                missing.append(template)
            elif fields(english) != fields(template):
                mismatched.append((template, english))
    assert not missing, "no English for:\n" + "\n".join(missing)
    assert not mismatched, mismatched


def flagged_findings():
    document = post_document(title="淘宝同款耳机限时特价包邮，全网最低价！！", paragraphs=[
        "这款耳机在京东卖299元，加微信abc12345领券，详情见 https://example.com/x 。",
        "通勤三周下来降噪稳定，续航也够用!!"], with_image=False)
    return check_post(document, CheckContext(author=AuthorInfo("alice", "爱丽丝的数码笔记", "数码")))


def test_findings_read_in_english_with_quoted_text_as_written_and_in_chinese_as_stored():
    findings = flagged_findings()
    assert {"TITLE_PROMO", "BODY_PRICE", "BODY_CONTACT", "BODY_LINK", "BODY_NO_IMAGE", "BODY_TOO_SHORT"} <= \
        {f.rule for f in findings}
    with translation.override("en"):
        english = {f.rule: say_text(f.wording, f.message) for f in findings}
    assert english["BODY_LINK"] == "No links in the post: “https://example.com/x”; please remove it"
    assert english["BODY_PRICE"].startswith("Editor, please check: is this the price of a product on sale")
    assert "“299元”" in english["BODY_PRICE"]  # the author's words stay as written
    assert english["BODY_TOO_SHORT"].startswith("The body has ") and "“Review”" in english["BODY_TOO_SHORT"]
    for f in findings:
        with translation.override("en"):
            text = say_text(f.wording, f.message)
        for value in _quoted(f.wording):
            text = text.replace(value, "")
        assert not CJK.search(text.replace("“", "").replace("”", "")), (f.rule, text)
        with translation.override("zh-hans"):
            assert say_text(f.wording, f.message) == f.message  # Chinese: exactly what the engine said


def _quoted(wording: dict) -> list[str]:
    out = []
    for value in wording["params"].values():
        if isinstance(value, dict):
            out += _quoted(value)
        elif isinstance(value, list):
            out += [v for v in value if isinstance(v, str)]
        elif isinstance(value, str):
            out.append(value)
    return out


def test_html_marks_quoted_text_as_user_content_and_escapes_it():
    wording = {"template": "文内不能放置链接：“{ex}”，请删除", "params": {"ex": "<b>淘宝</b>"}}
    with translation.override("en"):
        html = say_html(wording, "")
    assert html == 'No links in the post: “<span class="uc">&lt;b&gt;淘宝&lt;/b&gt;</span>”; please remove it'


@pytest.mark.parametrize("wording", [None, {"template": "{missing}", "params": {"other": 1}}])
def test_a_row_without_a_usable_wording_shows_its_stored_message(wording):
    """Rows stored before wordings existed, or a catalogue entry that does not fit its values."""
    with translation.override("en"):
        assert say_text(wording, "旧的消息") == "旧的消息"
        assert say_html(wording, "旧的<消息>") == "旧的&lt;消息&gt;"
