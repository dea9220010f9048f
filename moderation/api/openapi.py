"""The OpenAPI 3.1 description of the authors' JSON API (served at /api/v1/openapi.json)."""
from __future__ import annotations

from ..checks.engine import SEVERITY_ORDER
from ..lifecycle import Outcome
from ..postformat import BLOCK_FIELDS, FORMAT, KINDS, MAX_BLOCKS, MAX_TAGS, MAX_TEXT, MAX_TITLE

ERROR = {"$ref": "#/components/schemas/Error"}


def _errors(*codes: int) -> dict:
    text = {400: "文档或上传有误（error.field 指出出错的字段）", 401: "未登录或令牌无效", 403: "不是作者或 CSRF 校验失败",
            404: "文章不存在（或不属于你）", 405: "不支持的方法", 409: "当前状态不允许此操作（例如未修改重复提交）",
            413: "请求或其中一张图片过大", 429: "请求过于频繁（Retry-After 给出等待秒数）"}
    return {str(c): {"description": text[c], "content": {"application/json": {"schema": ERROR}}} for c in codes}


def _multipart() -> dict:
    return {"required": True, "content": {"multipart/form-data": {
        "schema": {
            "type": "object", "required": ["document"],
            "properties": {"document": {"$ref": "#/components/schemas/PostDocument"}},
            "additionalProperties": {"type": "string", "format": "binary",
                                     "description": "图片文件，字段名为文档中引用它的路径（如 images/cover.jpg）"},
        },
        "encoding": {"document": {"contentType": "application/json"}},
    }}}


def _post_response(code: str, text: str) -> dict:
    return {code: {"description": text, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Post"}}}}}


def _text(max_len: int, *, required: bool = True) -> dict:
    """A string as postformat._string reads it: a required one may not be blank; an optional one may be null."""
    if required:
        return {"type": "string", "minLength": 1, "maxLength": max_len, "pattern": r"\S"}
    return {"type": ["string", "null"], "maxLength": max_len}


PATH = {"type": "string", "minLength": 1, "maxLength": 255, "pattern": r"\S",
        "description": "相对文章目录的路径（不得以 / 开头或用 .. 跳出目录）"}
BLOCK_FIELD_SCHEMAS = {
    "src": PATH, "image": PATH,
    "price": {"type": ["number", "null"], "minimum": 0},
    "on_shelf": {"type": "boolean"},
    "duration_s": {"type": "number", "minimum": 0},
    "display": {"enum": ["small", "large"]},
}


def _block_schema() -> dict:
    """One variant per block type, with exactly the fields postformat accepts and their limits."""
    variants = []
    for kind, (required, optional) in BLOCK_FIELDS.items():
        props = {"type": {"const": kind}}
        for name in sorted(required | optional):
            props[name] = BLOCK_FIELD_SCHEMAS.get(name) or _text(MAX_TEXT, required=name in required)
        variants.append({"title": kind, "type": "object", "required": ["type", *sorted(required)],
                         "properties": props, "additionalProperties": False})
    return {"oneOf": variants}


def _document_schema() -> dict:
    return {
        "type": "object", "required": ["format", "author", "kind", "title", "cover", "blocks"],
        "additionalProperties": False,
        "properties": {
            "format": {"const": FORMAT},
            "external_id": {"type": ["string", "null"], "maxLength": 64, "pattern": r"\S"},
            "author": {"type": "object", "required": ["username"], "additionalProperties": False, "properties": {
                "username": _text(150), "display_name": _text(64, required=False),
                "category": _text(32, required=False)}},
            "kind": {"enum": list(KINDS)},
            "title": _text(MAX_TITLE),
            "cover": PATH,
            "tags": {"type": "array", "maxItems": MAX_TAGS, "items": _text(30)},
            "blocks": {"type": "array", "maxItems": MAX_BLOCKS, "items": _block_schema()},
        },
    }


def openapi_document() -> dict:
    post_id = [{"name": "post_id", "in": "path", "required": True, "schema": {"type": "integer"}}]
    return {
        "openapi": "3.1.0",
        "info": {"title": "审核台 Review Desk — 作者接口", "version": "1",
                 "description": "提交 reviewdesk.post/1 文档及其图片，查询文章状态、机审发现和编辑的决定，修改或重新提交。"},
        "security": [{"token": []}, {"session": []}],
        "paths": {
            "/api/v1/posts": {
                "get": {"summary": "我的文章（最近100篇）", "responses": {
                    "200": {"description": "文章列表", "content": {"application/json": {"schema": {
                        "type": "object", "properties": {"posts": {"type": "array", "items": {"$ref": "#/components/schemas/Post"}}}}}}},
                    **_errors(401, 403)}},
                "post": {"summary": "提交一篇文章", "requestBody": _multipart(),
                         "responses": {**_post_response("201", "已保存并排队机审"), **_errors(400, 401, 403, 413, 429)}},
            },
            "/api/v1/posts/{post_id}": {"get": {"summary": "文章的状态、机审发现和决定", "parameters": post_id,
                                                "responses": {**_post_response("200", "文章"), **_errors(401, 403, 404)}}},
            "/api/v1/posts/{post_id}/edit": {"post": {
                "summary": "修改待审核的文章（生成新版本）", "parameters": post_id, "requestBody": _multipart(),
                "responses": {**_post_response("200", "已保存"), **_errors(400, 401, 403, 404, 409, 413, 429)}}},
            "/api/v1/posts/{post_id}/resubmit": {"post": {
                "summary": "退回后修改并重新提交（最多2次，内容必须有改动）", "parameters": post_id, "requestBody": _multipart(),
                "responses": {**_post_response("200", "已重新提交"), **_errors(400, 401, 403, 404, 409, 413, 429)}}},
        },
        "components": {
            "securitySchemes": {
                "token": {"type": "apiKey", "in": "header", "name": "Authorization", "description": "Token <key>"},
                "session": {"type": "apiKey", "in": "cookie", "name": "sessionid", "description": "浏览器会话，需带 CSRF 令牌"},
            },
            "schemas": {
                "Error": {"type": "object", "required": ["error"], "properties": {"error": {
                    "type": "object", "required": ["code", "message"],
                    "properties": {"code": {"type": "string"}, "message": {"type": "string"},
                                   "field": {"type": ["string", "null"]}, "label": {"type": "string"}}}}},
                "Finding": {"type": "object", "required": ["rule", "severity", "target", "message"], "properties": {
                    "rule": {"type": "string"}, "severity": {"enum": list(SEVERITY_ORDER)}, "target": {"type": "string"},
                    "start": {"type": "integer"}, "end": {"type": "integer"}, "excerpt": {"type": "string"},
                    "normalized": {"type": "string"}, "message": {"type": "string"}, "clause": {"type": "string"},
                    "evidence": {"type": "object"}}},
                "Decision": {"type": "object", "properties": {
                    "outcome": {"enum": [o.value for o in Outcome]},
                    "reasons": {"type": "array", "items": {"type": "string"}}, "message": {"type": "string"},
                    "revision": {"type": "integer"}, "decided_at": {"type": "string", "format": "date-time"}}},
                "Post": {"type": "object", "properties": {
                    "id": {"type": "integer"}, "external_id": {"type": ["string", "null"]}, "kind": {"enum": list(KINDS)},
                    "state": {"type": "string"}, "state_label": {"type": "string"}, "revision": {"type": "integer"},
                    "title": {"type": "string"}, "resubmissions_left": {"type": "integer"}, "scored": {"type": "boolean"},
                    "findings": {"type": "array", "items": {"$ref": "#/components/schemas/Finding"}},
                    "decisions": {"type": "array", "items": {"$ref": "#/components/schemas/Decision"}}}},
                "PostDocument": _document_schema(),
            },
        },
    }
