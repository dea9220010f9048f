"""Every bad input to the API gets a 4xx in its JSON shape, in the user's language (issue 15 item 4): the
eleven inputs that used to give a 500 (deep nesting, NaN/Infinity/1e400, NUL, lone surrogates, Unicode
digits in an ID or a query) and the errors raised before the view (unknown URL, wrong method, CSRF,
a body too large)."""
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from authors.models import ApiToken
from factories import post_document, uploads_for
from moderation.models import Post, Revision
from moderation.postformat import validate_post


@pytest.fixture
def token(cast):
    return ApiToken.issue(cast.alice)


def error_of(response, status):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert set(error) >= {"code", "message", "field"} and error["message"]
    return error


def submit_raw(client, token, raw: str, uploads=None, **headers):
    data = {"document": raw}
    for ref, content in (uploads or {}).items():
        data[ref] = SimpleUploadedFile(ref.rsplit("/", 1)[-1], content, content_type="image/jpeg")
    return client.post("/api/v1/posts", data, HTTP_AUTHORIZATION=f"Token {token}", **headers)


def document_text(**changes) -> tuple[str, dict]:
    document = post_document()
    uploads = uploads_for(document)
    document.update(changes)
    return json.dumps(document, ensure_ascii=False), uploads


NESTED = '{"format": "reviewdesk.post/1", "blocks": ' + "[" * 50_000 + "]" * 50_000 + "}"
PRODUCT = '{"type": "product", "sku": "1", "name": "耳机", "price": %s}'


def with_block(block_json: str) -> str:
    raw, _ = document_text()
    return raw[:-2] + ", " + block_json + "]}"  # the last key is "blocks": append one block


BAD_DOCUMENTS = {
    "deeply nested JSON": NESTED,
    "NaN": with_block(PRODUCT % "NaN"),
    "Infinity": with_block(PRODUCT % "Infinity"),
    "-Infinity": with_block(PRODUCT % "-Infinity"),
    "1e400": with_block(PRODUCT % "1e400"),
    "NUL in the title": document_text(title="降噪耳机\u0000实测")[0],
    "NUL in a paragraph": with_block('{"type": "paragraph", "text": "正文\\u0000里"}'),
    "NUL in a tag": document_text(tags=["耳机\u0000"])[0],
    "NUL in a key": with_block('{"type": "paragraph", "text\\u0000": "x"}'),
    "lone surrogate": with_block('{"type": "paragraph", "text": "半个字符\\ud800"}'),
    "lone low surrogate in the title": document_text(title="标题")[0].replace("标题", "标题\\udc00"),
}


@pytest.mark.parametrize("name", list(BAD_DOCUMENTS))
def test_a_bad_document_is_a_400_naming_the_document(client, token, name):
    _, uploads = document_text()
    error = error_of(submit_raw(client, token, BAD_DOCUMENTS[name], uploads), 400)
    assert error["field"] == "(document)", error
    assert not Post.objects.exists() and not Revision.objects.exists()


def test_a_finite_price_beside_the_bad_ones_is_stored(client, token):
    _, uploads = document_text()
    assert submit_raw(client, token, with_block(PRODUCT % "1.5"), uploads).status_code == 201


@pytest.mark.parametrize("url", ["/api/v1/posts/²", "/api/v1/posts/%C2%B2/edit", "/api/v1/posts/٣",
                                 "/api/v1/posts/99999999999999999999999", "/api/v1/nothing", "/api/v2/posts",
                                 "/api/v1/posts/1%00"])
def test_unknown_urls_and_ids_are_json_404s(client, token, url):
    assert error_of(client.get(url, HTTP_AUTHORIZATION=f"Token {token}"), 404)["code"] == "not_found"
    response = client.post(url, HTTP_AUTHORIZATION=f"Token {token}")  # a read-only route: 405
    assert response.status_code in (404, 405) and error_of(response, response.status_code)


@pytest.mark.parametrize("query", ["?page=²", "?id=%00", "?q=%ED%A0%80", "?limit=1e400"])
def test_query_parameters_never_break_the_list(client, token, query):
    assert client.get("/api/v1/posts" + query, HTTP_AUTHORIZATION=f"Token {token}").status_code == 200


def test_wrong_methods_are_json_405s(client, token):
    for method, url in (("put", "/api/v1/posts"), ("delete", "/api/v1/posts/1"), ("post", "/api/v1/openapi.json"),
                        ("get", "/api/v1/posts/1/edit")):
        response = getattr(client, method)(url, HTTP_AUTHORIZATION=f"Token {token}")
        assert error_of(response, 405)["code"] == "method_not_allowed", (method, url)


def test_a_session_post_without_csrf_is_a_json_403(cast):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.alice)
    raw, uploads = document_text()
    assert error_of(submit_raw(client, "x", raw, uploads), 401)["code"] == "unauthenticated"  # a bad token
    response = client.post("/api/v1/posts", {"document": raw})
    assert error_of(response, 403)["code"] == "csrf"


def test_a_body_too_large_is_a_json_413_and_a_huge_document_a_400(client, token, settings):
    response = client.generic("POST", "/api/v1/posts", b"", HTTP_AUTHORIZATION=f"Token {token}",
                              CONTENT_LENGTH=str(settings.MAX_REQUEST_BYTES + 1), content_type="multipart/form-data")
    assert error_of(response, 413)["code"] == "request_too_large"
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    raw, uploads = document_text(blocks=[{"type": "paragraph", "text": "长文" * 6000}])
    assert error_of(submit_raw(client, token, raw, uploads), 400)["field"] == "document"


def test_errors_speak_the_users_language(client, token):
    zh = error_of(client.get("/api/v2/x"), 404)["message"]
    en = error_of(client.get("/api/v2/x", HTTP_ACCEPT_LANGUAGE="en"), 404)["message"]
    assert zh == "接口或资源不存在。" and en == "No such endpoint or resource."
    assert error_of(client.get("/api/v1/posts/404", HTTP_AUTHORIZATION=f"Token {token}", HTTP_ACCEPT_LANGUAGE="en"),
                    404)["message"] == "No such post"
    assert error_of(client.get("/api/v1/posts", HTTP_AUTHORIZATION="Token nope", HTTP_ACCEPT_LANGUAGE="en"),
                    401)["message"] == "Invalid token"


def test_the_openapi_description_types_every_block_and_its_limits(client):
    spec = client.get("/api/v1/openapi.json").json()
    document = spec["components"]["schemas"]["PostDocument"]
    variants = {v["title"]: v for v in document["properties"]["blocks"]["items"]["oneOf"]}
    assert set(variants) == {"paragraph", "heading", "quote", "image", "video", "product"}
    assert variants["product"]["required"] == ["type", "name", "sku"]
    assert variants["product"]["properties"]["price"] == {"type": ["number", "null"], "minimum": 0}
    assert variants["paragraph"]["properties"]["text"]["maxLength"] == 20_000
    assert document["properties"]["title"]["maxLength"] == 200 and document["properties"]["tags"]["maxItems"] == 20
    assert all(v["additionalProperties"] is False for v in variants.values())
    body = spec["paths"]["/api/v1/posts"]["post"]["requestBody"]["content"]["multipart/form-data"]
    assert body["encoding"]["document"]["contentType"] == "application/json"
    # The description accepts what the server accepts: the shipped example validates against both.
    assert validate_post(post_document())["kind"] in document["properties"]["kind"]["enum"]
