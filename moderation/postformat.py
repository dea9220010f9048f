"""Parse and validate ``reviewdesk.post/1`` documents (../shared/spec/post-format.md). Pure Python.

Anything unknown, missing, of the wrong type or escaping the post's folder is rejected with an
InvalidPost naming the field, never silently dropped.
"""
from __future__ import annotations

import hashlib
import json
import posixpath
from typing import Any

from .errors import InvalidPost

FORMAT = "reviewdesk.post/1"
KIND_LABELS_ZH = {"review": "评测", "guide": "导购", "video": "视频", "news": "资讯"}  # the one list of post kinds
KINDS = tuple(KIND_LABELS_ZH)
TOP_FIELDS = {"format", "external_id", "author", "kind", "title", "cover", "tags", "blocks"}
AUTHOR_FIELDS = {"username", "display_name", "category"}
BLOCK_FIELDS = {
    "paragraph": ({"text"}, set()),
    "heading": ({"text"}, set()),
    "quote": ({"text"}, {"source"}),
    "image": ({"src"}, {"caption"}),
    "video": ({"src"}, {"duration_s"}),
    "product": (
        {"sku", "name"},
        {"brand", "category", "price", "on_shelf", "image", "display", "description"},
    ),
}
MAX_TITLE, MAX_TEXT, MAX_BLOCKS, MAX_TAGS = 200, 20_000, 300, 20


def _fail(field: str, message: str):
    raise InvalidPost(f"{field}：{message}", field=field)


def _string(value: Any, field: str, *, required=True, max_len=MAX_TEXT) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        _fail(field, "应为字符串")
    if required and not value.strip():
        _fail(field, "不能为空")
    if len(value) > max_len:
        _fail(field, f"过长（{len(value)}字符，上限{max_len}）")
    return value


def _path(value: Any, field: str) -> str:
    """An image/video path relative to the post's folder; absolute or escaping paths are refused."""
    path = _string(value, field, max_len=255)
    normal = posixpath.normpath(path.replace("\\", "/"))
    if normal.startswith("/") or normal == ".." or normal.startswith("../") or ":" in normal.split("/")[0]:
        _fail(field, f"路径“{path}”超出了文章所在目录")
    return normal


def _unknown(data: dict, allowed: set[str], field: str) -> None:
    extra = sorted(set(data) - allowed)
    if extra:
        _fail(f"{field}.{extra[0]}" if field else extra[0], "未知字段")


def parse_json(raw: bytes | str) -> dict:
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidPost(f"JSON格式错误：{exc}", field="(document)") from None
    if not isinstance(data, dict):
        raise InvalidPost("文档应为JSON对象", field="(document)")
    return data


def _block(raw: Any, i: int) -> dict:
    field = f"blocks[{i}]"
    if not isinstance(raw, dict):
        _fail(field, "应为对象")
    kind = raw.get("type")
    if kind not in BLOCK_FIELDS:
        _fail(f"{field}.type", f"未知的段落类型“{kind}”（可用：{'、'.join(BLOCK_FIELDS)}）")
    required, optional = BLOCK_FIELDS[kind]
    _unknown(raw, required | optional | {"type"}, field)
    for name in required:
        if name not in raw:
            _fail(f"{field}.{name}", "缺少必填字段")
    block = {"type": kind}
    for name in sorted(required | optional):
        if name not in raw:
            continue
        value, sub = raw[name], f"{field}.{name}"
        if name in ("src", "image"):
            block[name] = _path(value, sub)
        elif name == "price":
            if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0):
                _fail(sub, "应为非负数字或null")
            block[name] = value
        elif name == "on_shelf":
            if not isinstance(value, bool):
                _fail(sub, "应为true或false")
            block[name] = value
        elif name == "duration_s":
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
                _fail(sub, "应为非负数字")
            block[name] = value
        elif name == "display":
            if value not in ("small", "large"):
                _fail(sub, "应为small或large")
            block[name] = value
        else:
            block[name] = _string(value, sub, required=name in required)
    return block


def validate_post(data: dict) -> dict:
    """The validated, normalised document; InvalidPost naming the field otherwise."""
    if not isinstance(data, dict):
        raise InvalidPost("文档应为JSON对象", field="(document)")
    if data.get("format") != FORMAT:
        _fail("format", f"应为“{FORMAT}”")
    _unknown(data, TOP_FIELDS, "")
    author = data.get("author")
    if not isinstance(author, dict):
        _fail("author", "缺少作者信息（对象，含username）")
    _unknown(author, AUTHOR_FIELDS, "author")
    if data.get("kind") not in KINDS:
        _fail("kind", f"应为{'、'.join(KINDS)}之一")
    tags = data.get("tags", [])
    if not isinstance(tags, list) or len(tags) > MAX_TAGS:
        _fail("tags", f"应为字符串列表（最多{MAX_TAGS}个）")
    blocks = data.get("blocks")
    if not isinstance(blocks, list):
        _fail("blocks", "缺少正文（列表）")
    if len(blocks) > MAX_BLOCKS:
        _fail("blocks", f"段落过多（上限{MAX_BLOCKS}）")
    post = {
        "format": FORMAT,
        "author": {
            "username": _string(author.get("username"), "author.username", max_len=150),
            "display_name": _string(author.get("display_name"), "author.display_name", required=False, max_len=64),
            "category": _string(author.get("category"), "author.category", required=False, max_len=32),
        },
        "kind": data["kind"],
        "title": _string(data.get("title"), "title", max_len=MAX_TITLE),
        "cover": _path(data.get("cover"), "cover"),
        "tags": [_string(t, f"tags[{i}]", max_len=30) for i, t in enumerate(tags)],
        "blocks": [_block(b, i) for i, b in enumerate(blocks)],
    }
    if data.get("external_id") is not None:
        post["external_id"] = _string(data["external_id"], "external_id", max_len=64)
    return post


def image_paths(post: dict) -> list[str]:
    """Every image path the post refers to, in reading order, without repeats."""
    paths = [post["cover"]] if post.get("cover") else []
    for block in post["blocks"]:
        for key in ("src", "image"):
            if block.get(key) and (block["type"] != "video" or key != "src"):
                paths.append(block[key])
    return list(dict.fromkeys(paths))


def content_hash(post: dict, image_digests: dict[str, str]) -> str:
    """Hash of what a reader sees: the text and the bytes of every image, not the images' file names."""

    def by_digest(block: dict) -> dict:
        return {k: image_digests.get(v, v) if k in ("src", "image") else v for k, v in block.items()}

    body = {
        "kind": post.get("kind"),
        "title": post.get("title"),
        "tags": post.get("tags"),
        "cover": image_digests.get(post.get("cover"), post.get("cover")),
        "blocks": [by_digest(b) for b in post.get("blocks", [])],
    }
    return hashlib.sha256(json.dumps(body, ensure_ascii=False, sort_keys=True).encode()).hexdigest()
