"""Parse and validate ``reviewdesk.post/1`` documents (../shared/spec/post-format.md). Pure Python.

Anything unknown, missing, of the wrong type or escaping the post's folder is rejected with an
InvalidPost naming the field, never silently dropped.
"""
from __future__ import annotations

import hashlib
import json
import math
import posixpath
import re
from typing import Any

from .checks.engine import Wording, as_wording, say
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


PLACED = "{place}：{problem}"  # a field error: the place in plain words, then what is wrong there


class Place:
    """A field path said as a place in plain words (``field_label``) in the reader's language: a value of
    a Wording; ``kinds`` are the document's block types, so that 第3段 counts paragraphs only."""

    def __init__(self, path: str, kinds: list | None = None):
        self.path, self.kinds = path, kinds

    def __str__(self) -> str:
        return place_label(self.to_dict(), "zh")

    def to_dict(self) -> dict[str, Any]:
        return {"place": self.path, "kinds": self.kinds}


def place_label(value: dict, lang: str) -> str:
    """A Place's dict (as stored in a wording) in plain words in ``lang``, as it begins a field error:
    "Paragraph 2", "Title"; a path with no words (an unknown field) stays as written."""
    path, kinds = value.get("place") or "", value.get("kinds")
    label = field_label(path, None if kinds is None else [{"type": k} for k in kinds], lang)
    return label[:1].upper() + label[1:] if _has_words(path) else label


def _placed(field: str, problem: "str | Wording", kinds: list | None = None) -> InvalidPost:
    return InvalidPost(say(PLACED, place=Place(field, kinds), problem=as_wording(problem)), field=field)


def _fail(field: str, problem: "str | Wording"):
    raise _placed(field, problem)


def _string(value: Any, field: str, *, required=True, max_len=MAX_TEXT) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        _fail(field, "应为字符串")
    if required and not value.strip():
        _fail(field, "不能为空")
    if len(value) > max_len:
        _fail(field, say("过长（{length}字符，上限{limit}）", length=len(value), limit=max_len))
    return value


def _path(value: Any, field: str) -> str:
    """An image/video path relative to the post's folder; absolute or escaping paths are refused."""
    path = _string(value, field, max_len=255)
    normal = posixpath.normpath(path.replace("\\", "/"))
    if normal.startswith("/") or normal == ".." or normal.startswith("../") or ":" in normal.split("/")[0]:
        _fail(field, say("路径“{path}”超出了文章所在目录", path=path))
    return normal


def _unknown(data: dict, allowed: set[str], field: str) -> None:
    extra = sorted(set(data) - allowed)
    if extra:
        _fail(f"{field}.{extra[0]}" if field else extra[0], "未知字段")


class _Unreadable(ValueError):
    """A JSON document the parser reads but we refuse: ``problem`` is a key of _JSON_WORDS."""

    def __init__(self, problem: str, text: str = ""):
        super().__init__(problem)
        self.problem, self.text = problem, text


def _finite(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):  # 1e400
        raise _Unreadable("number", text[:20])
    return number


def _no_constant(name: str):
    raise _Unreadable("constant", name)  # NaN, Infinity, -Infinity: not JSON, though Python reads them


def _lang(code: str | None) -> str:
    """"en" for any English code ("en", "en-us"), else "zh" (the default language)."""
    return "en" if (code or "").lower().startswith("en") else "zh"


# What parse_json says, in the UI's language: authors (and their tools) are told where the document
# breaks in plain words, not Python's English parser message.
_JSON_WORDS = {
    "zh": {"near": "JSON 格式错误：第{line}行第{column}列附近{problem}", "nested": "JSON 格式错误：嵌套过深",
           "encoding": "JSON 格式错误：不是 UTF-8 编码的文本", "number": "JSON 格式错误：数值超出范围（{text}）",
           "constant": "JSON 格式错误：不支持 {text}", "object": "文档应为 JSON 对象（以 {{ 开头）",
           "nul": "文本中含有不允许的空字符（\\u0000）", "surrogate": "文本中含有不允许的单独代理字符（\\u{text}）"},
    "en": {"near": "Malformed JSON near line {line}, column {column}{problem}", "nested": "Malformed JSON: nested too deeply",
           "encoding": "Malformed JSON: the text is not UTF-8", "number": "Malformed JSON: a number out of range ({text})",
           "constant": "Malformed JSON: {text} is not allowed", "object": "The document must be a JSON object (starting with {{)",
           "nul": "The text holds a NUL character (\\u0000), which is not allowed",
           "surrogate": "The text holds a lone surrogate (\\u{text}), which is not allowed"},
}
# json.JSONDecodeError.msg → what is wrong there; any other message gives the place alone.
_JSON_PROBLEMS = {
    "Expecting value": ("缺少值", ": a value is missing"),
    "Expecting ',' delimiter": ("缺少逗号", ": a comma is missing"),
    "Expecting ':' delimiter": ("缺少冒号", ": a colon is missing"),
    "Expecting property name enclosed in double quotes": ("缺少用英文双引号括起的字段名",
                                                          ": a field name in double quotes is missing"),
    "Unterminated string starting at": ("的字符串没有结束的引号", ": a string has no closing quote"),
    "Invalid control character at": ("的字符串中有未转义的控制字符（如换行）",
                                      ": a string holds an unescaped control character (such as a line break)"),
    "Extra data": ("有多余的内容", ": there is more after the end of the document"),
    "Invalid \\escape": ("有无效的反斜杠转义", ": an invalid backslash escape"),
}


def _json_error(lang: str, what: str, **words) -> InvalidPost:
    return InvalidPost(_JSON_WORDS[lang][what].format(**words), field="(document)")


def _decode_error(exc: json.JSONDecodeError, lang: str) -> InvalidPost:
    problem = _JSON_PROBLEMS.get(exc.msg, ("", ""))[lang == "en"]
    return _json_error(lang, "near", line=exc.lineno, column=exc.colno, problem=problem)


# A NUL cannot be stored in a PostgreSQL text column; a lone surrogate cannot be encoded as UTF-8.
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def _unstorable_text(data) -> tuple[str, str] | None:
    """What is wrong with the first string (key or value) no database can store, as (a key of
    _JSON_WORDS, its text), or None. Iterative: the document may be nested as deep as the JSON parser
    allows."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, str) and (bad := UNSTORABLE.search(item)):
            return ("nul", "") if bad.group() == "\x00" else ("surrogate", f"{ord(bad.group()):04x}")
    return None


def parse_json(raw: bytes | str, lang: str = "zh") -> dict:
    """The JSON object in ``raw``; InvalidPost on field "(document)" saying in ``lang`` ("zh" or "en")
    what is wrong and, for a syntax error, where (line and column)."""
    lang = _lang(lang)
    try:
        data = json.loads(raw, parse_float=_finite, parse_constant=_no_constant)
    except RecursionError:
        raise _json_error(lang, "nested") from None
    except json.JSONDecodeError as exc:
        raise _decode_error(exc, lang) from None
    except _Unreadable as exc:
        raise _json_error(lang, exc.problem, text=exc.text) from None
    except (ValueError, UnicodeDecodeError):  # bytes that are not UTF-8 (nor UTF-16/32 with a BOM)
        raise _json_error(lang, "encoding") from None
    if not isinstance(data, dict):
        raise _json_error(lang, "object")
    bad = _unstorable_text(data)
    if bad:
        raise _json_error(lang, bad[0], text=bad[1])
    return data


def _block(raw: Any, i: int) -> dict:
    field = f"blocks[{i}]"
    if not isinstance(raw, dict):
        _fail(field, "应为对象")
    kind = raw.get("type")
    if kind not in BLOCK_FIELDS:
        _fail(f"{field}.type", say("未知的段落类型“{kind}”（可用：{types}）", kind=str(kind), types=list(BLOCK_FIELDS)))
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
    """The validated, normalised document; InvalidPost naming the field otherwise (its message names
    the place in plain words, 第3段 rather than blocks[4]; ``field`` keeps the path for machines)."""
    try:
        return _validate_post(data)
    except InvalidPost as exc:
        if exc.wording.template != PLACED:
            raise
        blocks = data.get("blocks") if isinstance(data.get("blocks"), list) else None
        kinds = None if blocks is None else [_kind(b) for b in blocks]
        raise _placed(exc.field, exc.wording.params["problem"], kinds) from None


def _kind(block: Any) -> str | None:
    kind = block.get("type") if isinstance(block, dict) else None
    return kind if isinstance(kind, str) else None


def _validate_post(data: dict) -> dict:
    if not isinstance(data, dict):
        raise InvalidPost("文档应为JSON对象", field="(document)")
    if data.get("format") != FORMAT:
        _fail("format", say("应为“{format}”", format=FORMAT))
    _unknown(data, TOP_FIELDS, "")
    author = data.get("author")
    if not isinstance(author, dict):
        _fail("author", "缺少作者信息（对象，含username）")
    _unknown(author, AUTHOR_FIELDS, "author")
    if data.get("kind") not in KINDS:
        _fail("kind", say("应为{kinds}之一", kinds=list(KINDS)))
    tags = data.get("tags", [])
    if not isinstance(tags, list) or len(tags) > MAX_TAGS:
        _fail("tags", say("应为字符串列表（最多{limit}个）", limit=MAX_TAGS))
    blocks = data.get("blocks")
    if not isinstance(blocks, list):
        _fail("blocks", "缺少正文（列表）")
    if len(blocks) > MAX_BLOCKS:
        _fail("blocks", say("段落过多（上限{limit}）", limit=MAX_BLOCKS))
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


# ---- places in plain words ---------------------------------------------------------------------
# A field path (``blocks[2].caption``, ``tags[1]``) is for machines; people read 第3段, 第2个标签.
# One helper, used by self-check, feedback, the review screen and the API's ``label``.

_BLOCK_NOUNS = {
    "zh": {"paragraph": "第{n}段", "heading": "第{n}个小标题", "quote": "第{n}段引用", "image": "第{n}张图片",
           "video": "第{n}个视频", "product": "第{n}个商品卡片", None: "正文第{n}块"},
    "en": {"paragraph": "paragraph {n}", "heading": "heading {n}", "quote": "quote {n}", "image": "image {n}",
           "video": "video {n}", "product": "product card {n}", None: "body block {n}"},
}
_FIELD_NOUNS = {  # the document's own fields
    "zh": {"title": "标题", "cover": "封面图", "tags": "标签", "blocks": "正文", "kind": "类型", "format": "格式",
           "author": "作者", "author.username": "作者用户名", "author.display_name": "作者显示名称",
           "author.category": "作者擅长领域", "external_id": "外部编号", "(document)": "文档", "post": "全文"},
    # Labels, not phrases: no article, as 第3段 / paragraph 3 (they head a field error, "Title: …").
    "en": {"title": "title", "cover": "cover image", "tags": "tags", "blocks": "body", "kind": "post type",
           "format": "format", "author": "author", "author.username": "author's username",
           "author.display_name": "author's display name", "author.category": "author's field",
           "external_id": "external ID", "(document)": "document", "post": "whole post"},
}
_TAG_NOUNS = {"zh": "第{n}个标签", "en": "tag {n}"}
_PART_NOUNS = {  # a block's fields, after the block's place
    "zh": {"text": "", "src": "", "caption": "的图注", "source": "的出处", "duration_s": "的时长", "sku": "的SKU",
           "name": "的商品名称", "brand": "的品牌", "category": "的品类", "price": "的价格", "on_shelf": "的在售状态",
           "image": "的商品图", "display": "的展示方式", "description": "的描述", "type": "的类型"},
    "en": {"text": "", "src": "", "caption": ", caption", "source": ", source", "duration_s": ", duration",
           "sku": ", SKU", "name": ", product name", "brand": ", brand", "category": ", category",
           "price": ", price", "on_shelf": ", on-shelf status", "image": ", product image", "display": ", display",
           "description": ", description", "type": ", type"},
}
_PATH_RE = re.compile(r"^(blocks|tags)\[(\d+)\](?:\.(\w+))?$")


def field_label(path: str, blocks: list | None = None, lang: str = "zh") -> str:
    """A field path in plain words: ``title`` → 标题, ``blocks[4]`` → 第3段 (the 3rd paragraph, counted
    among blocks of its type when ``blocks`` is known), ``blocks[5].image`` → 第1个商品卡片的商品图,
    ``tags[1]`` → 第2个标签; a path with no words (an unknown field) as it is. ``lang`` is "zh" or "en"
    (any "en-…" code counts as English)."""
    lang = _lang(lang)
    path = (path or "").strip()
    match = _PATH_RE.match(path)
    if not match:
        return _FIELD_NOUNS[lang].get(path, path)
    what, index, sub = match.group(1), int(match.group(2)), match.group(3)
    if what == "tags":
        return _TAG_NOUNS[lang].format(n=index + 1)
    nouns, kind = _BLOCK_NOUNS[lang], None
    if blocks is not None and 0 <= index < len(blocks) and isinstance(blocks[index], dict):
        kind = blocks[index].get("type")
    if kind is not None and kind in nouns:
        n = sum(1 for b in blocks[:index + 1] if isinstance(b, dict) and b.get("type") == kind)
    else:
        kind, n = None, index + 1
    label = nouns[kind].format(n=n)
    return label + _PART_NOUNS[lang].get(sub, "") if sub else label


def _has_words(path: str) -> bool:
    path = (path or "").strip()
    return path in _FIELD_NOUNS["zh"] or _PATH_RE.match(path) is not None
