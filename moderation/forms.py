"""Forms of the desk: the author's simple post form and the editor's decision form."""
from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Decision, Post

IMAGE_MARK = re.compile(r"^\[图(\d+)\]$")
KEPT_IMAGE_MARK = re.compile(r"^\[图:([^\]]+)\]$")


class PostForm(forms.Form):
    """A post written in the browser. Body markup: paragraphs separated by blank lines, "## " starts
    a heading, "> " a quote, a line "[图N]" places the N-th uploaded body image there and "[图:name]"
    keeps an image of the previous version."""

    kind = forms.ChoiceField(label=_("类型"), choices=Post.Kind.choices)
    title = forms.CharField(label=_("标题"), max_length=200)
    cover = forms.FileField(label=_("封面图"), required=False)
    tags = forms.CharField(label=_("标签"), required=False, help_text=_("多个标签用逗号分隔"))
    body = forms.CharField(label=_("正文"), widget=forms.Textarea(attrs={"rows": 16}))
    images = forms.FileField(
        label=_("正文图片"), required=False,
        widget=forms.ClearableFileInput(attrs={"allow_multiple_selected": True}),
    )

    def __init__(self, *args, require_cover=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cover"].required = require_cover

    def to_document(self, files, *, previous: dict | None = None) -> tuple[dict, dict[str, bytes]]:
        """The reviewdesk.post/1 document and its uploads; a missing cover keeps the previous one."""
        data, uploads = self.cleaned_data, {}
        cover_file = data.get("cover")
        if cover_file:
            uploads["cover" + _ext(cover_file.name)] = cover_file.read()
            cover = next(iter(uploads))
        else:
            cover = previous["cover"] if previous else ""
        body_images = []
        for n, f in enumerate(files.getlist("images"), start=1):
            ref = f"image{n}{_ext(f.name)}"
            uploads[ref] = f.read()
            body_images.append(ref)
        blocks = _blocks_from_markup(data["body"], body_images)
        document = {
            "format": "reviewdesk.post/1",
            "author": {"username": "-"},
            "kind": data["kind"],
            "title": data["title"],
            "cover": cover,
            "tags": [t.strip() for t in re.split(r"[,，]", data.get("tags") or "") if t.strip()],
            "blocks": blocks,
        }
        return document, uploads


def _ext(name: str) -> str:
    m = re.search(r"\.(jpe?g|png|webp|gif)$", name or "", re.I)
    return "." + m.group(1).lower() if m else ".img"


def _blocks_from_markup(body: str, images: list[str]) -> list[dict]:
    blocks, used = [], set()
    for chunk in re.split(r"\n\s*\n", body.replace("\r\n", "\n").strip()):
        chunk = chunk.strip()
        mark, kept = IMAGE_MARK.match(chunk), KEPT_IMAGE_MARK.match(chunk)
        if kept:
            blocks.append({"type": "image", "src": kept.group(1)})
        elif mark and 0 < int(mark.group(1)) <= len(images):
            ref = images[int(mark.group(1)) - 1]
            blocks.append({"type": "image", "src": ref})
            used.add(ref)
        elif chunk.startswith("## "):
            blocks.append({"type": "heading", "text": chunk[3:].strip()})
        elif chunk.startswith("> "):
            blocks.append({"type": "quote", "text": chunk[2:].strip()})
        elif chunk:
            blocks.append({"type": "paragraph", "text": chunk})
    blocks.extend({"type": "image", "src": ref} for ref in images if ref not in used)
    return blocks


def markup_from_blocks(blocks: list[dict]) -> str:
    """The body markup of an earlier revision, to pre-fill the edit form."""
    lines, n = [], 0
    for block in blocks:
        if block["type"] == "heading":
            lines.append("## " + block["text"])
        elif block["type"] == "quote":
            lines.append("> " + block["text"])
        elif block["type"] == "paragraph":
            lines.append(block["text"])
        elif block["type"] == "image":
            lines.append(f"[图:{block['src']}]")
    return "\n\n".join(lines)


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(choices=Decision.Outcome.choices[:4])
    reasons = forms.MultipleChoiceField(required=False, choices=())
    message = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}), max_length=4000)
    version = forms.IntegerField()

    def __init__(self, *args, reason_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reasons"].choices = reason_choices


class QueueFilterForm(forms.Form):
    """The queue's filters (GET): every field optional, bad values simply ignored."""

    q = forms.CharField(required=False, label="搜索", widget=forms.TextInput(attrs={"placeholder": "标题或文章ID"}))
    kind = forms.ChoiceField(required=False, label="类型", choices=[("", "全部类型"), *Post.Kind.choices])
    severity = forms.ChoiceField(required=False, label="级别",
                                 choices=[("", "全部级别"), ("block", "阻断"), ("warn", "注意"), ("info", "建议")])
    rule = forms.ChoiceField(required=False, label="规则")
    author = forms.CharField(required=False, label="作者", widget=forms.TextInput(attrs={"placeholder": "作者"}))
    min_age_hours = forms.IntegerField(required=False, min_value=1, max_value=24 * 90, label="等待超过（小时）")
    resubmitted = forms.BooleanField(required=False, label="只看重新提交")
    audit = forms.BooleanField(required=False, label="白名单抽检")
    page = forms.IntegerField(required=False, min_value=1, max_value=100_000)

    def __init__(self, *args, **kwargs):
        from .rulebook import RULES

        super().__init__(*args, **kwargs)
        self.fields["rule"].choices = [("", "全部规则")] + [(r.id, f"{r.id} {r.name_zh}") for r in RULES]

    def filters(self) -> dict:
        if not self.is_valid():
            return {k: v for k, v in self.cleaned_data.items() if k not in self.errors and v}
        return {k: v for k, v in self.cleaned_data.items() if v and k != "page"}
