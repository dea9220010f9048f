"""What changed between two revisions: a word-level text diff and which earlier findings were fixed."""
from __future__ import annotations

import difflib

from django.utils.html import escape
from django.utils.safestring import mark_safe

TEXT_TYPES = ("paragraph", "heading", "quote")


def body_text(blocks: list[dict]) -> str:
    return "\n\n".join(b["text"] for b in blocks if b.get("type") in TEXT_TYPES)


def text_diff_html(old: str, new: str) -> str:
    """Character-level diff (Chinese has no spaces to split words on) as <del>/<ins> HTML."""
    out = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            out.append(escape(new[b1:b2]))
            continue
        if a2 > a1:
            out.append(f"<del>{escape(old[a1:a2])}</del>")
        if b2 > b1:
            out.append(f"<ins>{escape(new[b1:b2])}</ins>")
    return mark_safe("".join(out).replace("\n\n", "<br><br>"))


def revision_diff(previous, current) -> dict:
    """Title and body diffs, and the images added or removed (by content, not by file name)."""
    old_images = {img.sha256: img for img in previous.images.all()}
    new_images = {img.sha256: img for img in current.images.all()}
    old_body, new_body = body_text(previous.blocks), body_text(current.blocks)
    return {
        "title_changed": previous.title != current.title,
        "title_html": text_diff_html(previous.title, current.title),
        "body_changed": old_body != new_body,
        "body_html": text_diff_html(old_body, new_body),
        "images_added": [img for sha, img in new_images.items() if sha not in old_images],
        "images_removed": [img for sha, img in old_images.items() if sha not in new_images],
    }


def finding_key(f) -> tuple:
    return (f.rule, f.target if f.start is None else "", f.normalized or f.excerpt or f.target)


def fixed_status(earlier_findings, current_findings) -> list[tuple[object, bool]]:
    """Each earlier finding with True when the new revision no longer has it (same rule and text)."""
    still = {finding_key(f) for f in current_findings}
    return [(f, finding_key(f) not in still) for f in earlier_findings]
