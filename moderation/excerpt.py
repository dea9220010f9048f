"""A post document cut to its first N characters of text, for checks that run inside a web request
(the author's self-check, bounded by settings.SELFCHECK_MAX_CHARS). Pure Python: the document is the
posted, not yet validated dict, so anything that is not a text field is passed through untouched."""
from __future__ import annotations

TEXT_FIELDS = ("text", "source", "caption", "name", "description", "brand", "category")


def text_length(document: dict) -> int:
    """Characters of text in the title and every block."""
    total = len(document["title"]) if isinstance(document.get("title"), str) else 0
    for block in _blocks(document):
        total += sum(len(block[k]) for k in TEXT_FIELDS if isinstance(block.get(k), str))
    return total


def first_chars(document: dict, limit: int) -> dict:
    """The document with its text cut after ``limit`` characters (title first, then the blocks in
    reading order); blocks after the cut are left out. A document within the limit comes back as is."""
    if text_length(document) <= limit:
        return document
    title = document.get("title")
    if isinstance(title, str):
        title, left = title[:limit], limit - len(title)
    else:
        left = limit
    blocks = []
    for block in _blocks(document):
        if left <= 0:
            break
        block = dict(block)
        for key in TEXT_FIELDS:
            if isinstance(block.get(key), str):
                block[key], left = block[key][:max(left, 0)], left - len(block[key])
        blocks.append(block)
    return {**document, "title": title, "blocks": blocks}


def _blocks(document: dict) -> list[dict]:
    blocks = document.get("blocks")
    return [b for b in blocks if isinstance(b, dict)] if isinstance(blocks, list) else []
