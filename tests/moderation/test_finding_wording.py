"""Finding messages in the reader's language. The engine (no Django) keeps each message as its Chinese
template and values (``say``); moderation.wording looks the template up in the English catalogue and
fills it in, leaving quoted material (the author's words, product names) as written."""
from __future__ import annotations

import ast
import io
import re
import string
from pathlib import Path

import pytest
from django.utils import translation
from PIL import Image

from factories import post_document
from moderation.checks import AuthorInfo, CheckContext, check_post
from moderation.checks import body, catalog, products, title
from moderation import lifecycle
from moderation.errors import IllegalTransition
from moderation.wording import refusal, say_html, say_text

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


def _jpeg(image) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


def test_an_unusable_image_reads_in_english_and_in_chinese_as_before():
    """IMAGE_INVALID says the upload check's refusal: in English with the image's name as written, in
    Chinese exactly the stored message (the sizes and limits of the too-large image included)."""
    noise = Image.effect_noise((800, 600), 60).convert("RGB")
    files = {"cover.jpg": _jpeg(noise), "images/0.jpg": _jpeg(noise)[:9_000],
             "images/1.jpg": "纯文本冒充图片".encode() * 50, "images/2.jpg": _jpeg(Image.new("RGB", (20500, 40), "gray"))}
    document = post_document(with_image=False)
    document["cover"] = "cover.jpg"
    document["blocks"] += [{"type": "image", "src": f"images/{i}.jpg"} for i in range(3)]
    findings = [f for f in check_post(document, CheckContext(author=AuthorInfo("alice", "爱丽丝", "数码"),
                                                             open_image=files.__getitem__))
                if f.rule == "IMAGE_INVALID"]
    assert len(findings) == 3
    with translation.override("en"):
        english = sorted(say_text(f.wording, f.message) for f in findings)
        html = say_html(findings[0].wording, findings[0].message)
    assert english == [
        "Image “images/0.jpg” is damaged or incomplete and cannot be decoded; please export it again and upload it",
        "Image “images/1.jpg” is not an image, or not in a supported format; only JPEG, PNG, WEBP and GIF are accepted",
        "Image “images/2.jpg” is too large: 20500×40 (82 × 10,000 pixels; limits 4000 × 10,000 pixels, 20000 pixels"
        " a side); please scale it down and upload it again"]
    assert '<span class="uc">images/0.jpg</span>' in html
    with translation.override("zh-hans"):
        chinese = sorted(say_text(f.wording, f.message) for f in findings)
    assert chinese == sorted(f.message for f in findings) == [
        "图片「images/0.jpg」已损坏或不完整，无法解码，请重新导出后上传",
        "图片「images/1.jpg」不是图片或格式不受支持，仅支持 JPEG、PNG、WEBP、GIF 格式",
        "图片「images/2.jpg」尺寸过大：20500×40（82万像素，上限 4000万像素、边长上限 20000 像素），请缩小后重新上传"]


def test_a_refusal_of_the_lifecycle_names_the_state_in_the_readers_language():
    """The pure lifecycle keeps a refusal as template and values; the interface says it (refusal)."""
    with pytest.raises(IllegalTransition) as refused:
        lifecycle.next_state(lifecycle.State.DRAFT, lifecycle.Event.APPROVE)
    assert refused.value.message == "当前状态（草稿）不允许此操作。"
    with translation.override("en"):
        assert refusal(refused.value) == "This is not allowed in the post's current state (Draft)."
    with translation.override("zh-hans"):
        assert refusal(refused.value) == refused.value.message
