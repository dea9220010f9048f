"""Read-only accessors over a ``reviewdesk.post/1`` dict, shared by the rules."""
from __future__ import annotations

from typing import Iterator

TEXT_BLOCK_TYPES = ("paragraph", "heading", "quote")


def text_targets(post: dict) -> Iterator[tuple[str, str]]:
    """(target, original text) for every text a reader sees: title, tags, text blocks, captions excluded."""
    yield "title", post.get("title", "")
    for i, tag in enumerate(post.get("tags") or []):
        yield f"tags[{i}]", tag
    for i, block in enumerate(post.get("blocks") or []):
        if block.get("type") in TEXT_BLOCK_TYPES:
            yield f"blocks[{i}]", block.get("text", "")


def body_blocks(post: dict) -> Iterator[tuple[int, dict]]:
    yield from enumerate(post.get("blocks") or [])


def body_text_length(post: dict) -> int:
    """Non-space characters of the text blocks (paragraph, heading, quote): 4.2(3) word count."""
    return sum(
        sum(1 for ch in block.get("text", "") if not ch.isspace())
        for _, block in body_blocks(post)
        if block.get("type") in TEXT_BLOCK_TYPES
    )


def image_refs(post: dict) -> Iterator[tuple[str, str, str]]:
    """(target, image path, role) for every image: role is "cover", "body" or "product"."""
    if post.get("cover"):
        yield "cover", post["cover"], "cover"
    for i, block in body_blocks(post):
        if block.get("type") == "image" and block.get("src"):
            yield f"blocks[{i}]", block["src"], "body"
        elif block.get("type") == "product" and block.get("image"):
            yield f"blocks[{i}].image", block["image"], "product"
