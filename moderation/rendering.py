"""Render a revision as readers will see it, with the findings' spans highlighted in place."""
from __future__ import annotations

from collections import defaultdict

from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .checks.engine import SEVERITY_ORDER
from .wording import say_text


def highlight(text: str, spans: list) -> str:
    """Escape ``text`` and mark every finding's [start, end) in place.

    Overlapping spans are cut at every boundary; each piece is coloured by the most severe (then the
    narrowest) finding covering it and lists all of them in ``data-findings``, so a sentence-wide
    warning never hides the exact word a block finding points at."""
    spans = [f for f in spans if 0 <= f.start < f.end]
    cuts = sorted({0, len(text), *(min(f.start, len(text)) for f in spans), *(min(f.end, len(text)) for f in spans)})
    out = []
    for a, b in zip(cuts, cuts[1:]):
        covering = [f for f in spans if f.start <= a and f.end >= b]
        if not covering:
            out.append(escape(text[a:b]))
            continue
        top = min(covering, key=lambda f: (SEVERITY_ORDER.get(f.severity, 9), f.end - f.start))
        ids = " ".join(str(f.pk) for f in covering)
        out.append(
            f'<mark class="hl sev-{escape(top.severity)}" data-finding="{top.pk}" data-findings="{ids}" '
            f'data-rule="{escape(top.rule)}" title="{escape(top.rule)}：{escape(say_text(top.wording, top.message))}">{escape(text[a:b])}</mark>'
        )
    return mark_safe("".join(out))


def spans_by_target(findings) -> dict[str, list]:
    spans = defaultdict(list)
    for f in findings:
        if f.start is not None and f.end is not None and not f.dismissed_at:
            spans[f.target].append(f)
    return spans


def image_findings_by_target(findings) -> dict[str, list]:
    found = defaultdict(list)
    for f in findings:
        if f.start is None and f.target not in ("post",) and not f.dismissed_at:
            found[f.target].append(f)
    return found


def reader_view(revision, findings) -> dict:
    """Title, tags and blocks of a stored revision ready for the template, with highlights."""
    images = {img.ref: img for img in revision.images.all()}
    urls = {ref: (reverse("image", args=[img.pk]), (img.width, img.height)) for ref, img in images.items()}
    return document_view(revision.document, urls, findings)


def document_view(document: dict, image_urls: dict, findings) -> dict:
    """The same for any post document; ``image_urls`` maps an image path to (url, (width, height))."""
    spans, image_marks = spans_by_target(findings), image_findings_by_target(findings)
    blocks = []
    for i, block in enumerate(document.get("blocks", [])):
        target = f"blocks[{i}]"
        item = {"index": i, "type": block["type"], "block": block, "target": target}
        if "text" in block:
            item["html"] = highlight(block["text"], spans.get(target, []))
        for key in ("src", "image"):
            ref = block.get(key)
            if ref and ref in image_urls:
                item[f"{key}_url"], item[f"{key}_size"] = image_urls[ref]
        item["marks"] = image_marks.get(target, []) + image_marks.get(f"{target}.image", [])
        blocks.append(item)
    cover_url, cover_size = image_urls.get(document.get("cover"), ("", (0, 0)))
    return {
        "title_html": highlight(document.get("title", ""), spans.get("title", [])),
        "tags": [highlight(t, spans.get(f"tags[{i}]", [])) for i, t in enumerate(document.get("tags", []))],
        "cover_url": cover_url,
        "cover_size": cover_size,
        "cover_marks": image_marks.get("cover", []),
        "blocks": blocks,
    }
