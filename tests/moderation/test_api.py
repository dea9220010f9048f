"""The JSON API for authors' tools: token auth, multipart submission, clear 4xx errors."""
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from authors.models import ApiToken
from factories import post_document, uploads_for
from moderation.models import Post
from moderation.actions import review


@pytest.fixture
def token(cast):
    return ApiToken.issue(cast.alice)


def multipart(document, uploads=None, raw=None):
    data = {"document": raw if raw is not None else json.dumps(document, ensure_ascii=False)}
    for ref, content in (uploads or {}).items():
        data[ref] = SimpleUploadedFile(ref.rsplit("/", 1)[-1], content, content_type="image/jpeg")
    return data


def post_api(client, token, url, data):
    return client.post(url, data, HTTP_AUTHORIZATION=f"Token {token}")


def test_a_tool_submits_a_post_and_reads_its_state(client, cast, token, scoring_queue, run_worker,
                                                  django_capture_on_commit_callbacks):
    document = post_document(title="淘宝同款耳机实测：降噪续航都不错的通勤之选")
    with django_capture_on_commit_callbacks(execute=True):
        response = post_api(client, token, "/api/v1/posts", multipart(document, uploads_for(document)))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["state"] == "submitted" and body["resubmissions_left"] == 2
    run_worker()
    detail = client.get(f"/api/v1/posts/{body['id']}", HTTP_AUTHORIZATION=f"Token {token}").json()
    assert detail["state"] == "in_queue"
    competitor = next(f for f in detail["findings"] if f["rule"] == "BODY_COMPETITOR" and f["target"] == "title")
    assert competitor["excerpt"] == "淘宝" and (competitor["start"], competitor["end"]) == (0, 2)


@pytest.mark.parametrize("mutate,field", [
    (lambda d: d.pop("title"), "title"),
    (lambda d: d.update(kind="poem"), "kind"),
    (lambda d: d["blocks"].append({"type": "table", "rows": []}), "blocks[6].type"),
    (lambda d: d["blocks"][0].update(text=42), "blocks[0].text"),
    (lambda d: d.update(cover="../../etc/passwd"), "cover"),
    (lambda d: d["blocks"].append({"type": "product", "sku": "1", "name": "x", "price": "便宜"}), "blocks[6].price"),
])
def test_malformed_documents_get_a_400_naming_the_field(client, token, mutate, field):
    document = post_document()
    uploads = uploads_for(document)
    mutate(document)
    response = post_api(client, token, "/api/v1/posts", multipart(document, uploads))
    assert response.status_code == 400
    assert response.json()["error"]["field"] == field
    assert not Post.objects.exists()


def test_malformed_json_and_missing_images_get_clear_errors(client, token):
    response = post_api(client, token, "/api/v1/posts", multipart(None, raw="{not json"))
    assert response.status_code == 400 and "JSON" in response.json()["error"]["message"]
    document = post_document()
    response = post_api(client, token, "/api/v1/posts", multipart(document, {}))
    assert response.status_code == 400 and response.json()["error"]["field"] == "images/cover.jpg"
    response = client.post("/api/v1/posts", {"x": 1}, content_type="application/json", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 400 and "multipart" in response.json()["error"]["message"]


def test_a_corrupt_image_is_refused_naming_it(client, token):
    document = post_document()
    uploads = {**uploads_for(document), "images/1.jpg": b"\xff\xd8\xff\xe0 truncated"}
    response = post_api(client, token, "/api/v1/posts", multipart(document, uploads))
    assert response.status_code == 400 and response.json()["error"]["field"] == "images/1.jpg"


def test_bad_tokens_and_other_authors_posts(client, cast, token):
    assert client.get("/api/v1/posts", HTTP_AUTHORIZATION="Token nope").status_code == 401
    assert client.get("/api/v1/posts").status_code == 401
    document = post_document()
    created = post_api(client, token, "/api/v1/posts", multipart(document, uploads_for(document))).json()
    other = ApiToken.issue(cast.charlie)
    assert client.get(f"/api/v1/posts/{created['id']}", HTTP_AUTHORIZATION=f"Token {other}").status_code == 404
    response = post_api(client, other, f"/api/v1/posts/{created['id']}/resubmit", multipart(document, uploads_for(document)))
    assert response.status_code == 404
    editor_token = ApiToken.issue(cast.bob)
    assert client.get("/api/v1/posts", HTTP_AUTHORIZATION=f"Token {editor_token}").status_code == 403
    assert client.delete("/api/v1/posts", HTTP_AUTHORIZATION=f"Token {token}").status_code == 405


def test_session_posts_without_csrf_token_are_refused(cast):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.alice)
    document = post_document()
    response = client.post("/api/v1/posts", multipart(document, uploads_for(document)))
    assert response.status_code == 403 and response.json()["error"]["code"] == "csrf"


def test_the_openapi_document_describes_every_api_route(client):
    from moderation.api.urls import urlpatterns

    spec = client.get("/api/v1/openapi.json").json()
    assert spec["openapi"].startswith("3.1")
    routes = {f"/{p.pattern}".replace("<int:post_id>", "{post_id}") for p in urlpatterns
              if str(p.pattern).startswith("api/v1/posts")}
    assert routes == set(spec["paths"])
    block_types = {v["properties"]["type"]["const"] for v in
                   spec["components"]["schemas"]["PostDocument"]["properties"]["blocks"]["items"]["oneOf"]}
    assert block_types == {"paragraph", "heading", "quote", "image", "video", "product"}


def test_an_author_creates_a_token_in_the_browser_and_a_tool_uses_it(client, cast):
    import re

    client.force_login(cast.alice)
    html = client.post("/me/api-tokens/", {"name": "写作助手"}).content.decode()
    key = re.search(r'id="new-token">.*?<code>([^<]+)</code>', html, re.S).group(1)
    client.logout()
    assert client.get("/api/v1/posts", HTTP_AUTHORIZATION=f"Token {key}").status_code == 200
    client.force_login(cast.alice)
    token = ApiToken.objects.get(user=cast.alice)
    client.post("/me/api-tokens/", {"revoke": token.pk})
    client.logout()
    assert client.get("/api/v1/posts", HTTP_AUTHORIZATION=f"Token {key}").status_code == 401
    client.force_login(cast.charlie)
    ApiToken.issue(cast.alice)
    alices = ApiToken.objects.get(user=cast.alice)
    assert client.post("/me/api-tokens/", {"revoke": alices.pk}).status_code == 404
    assert ApiToken.objects.filter(pk=alices.pk).exists()  # charlie cannot revoke alice's token
    assert client.post("/me/api-tokens/", {"revoke": "abc"}).status_code == 404


def _decide(post, editor, outcome, reasons=()):
    post.refresh_from_db()
    review.claim_post(post, actor=editor)
    post.refresh_from_db()
    review.decide_post(post, actor=editor, outcome=outcome, reasons=list(reasons), message="请按意见修改", version=post.version)


def test_the_lifecycle_through_the_api(client, cast, token, scoring_queue, run_worker,
                                       django_capture_on_commit_callbacks):
    """Pending edits; a changed resubmission accepted; an unchanged one refused (409) and recorded with the
    7-day ban of 4.2(3), after which the author cannot post (403)."""
    auth = {"HTTP_AUTHORIZATION": f"Token {token}"}
    document = post_document()
    uploads = uploads_for(document)
    with django_capture_on_commit_callbacks(execute=True):
        post_id = client.post("/api/v1/posts", multipart(document, uploads), **auth).json()["id"]
    document["title"] = "通勤耳机实测三周：降噪、续航与佩戴（补充了跑步场景）"
    with django_capture_on_commit_callbacks(execute=True):
        edited = client.post(f"/api/v1/posts/{post_id}/edit", multipart(document, uploads), **auth)
    assert edited.status_code == 200 and edited.json()["revision"] == 2
    run_worker()
    post = Post.objects.get(pk=post_id)
    _decide(post, cast.bob, "return", ["BODY_PUNCTUATION"])

    document["blocks"][0]["text"] += "补充：标点都按中文全角改好了。"
    with django_capture_on_commit_callbacks(execute=True):
        resubmitted = client.post(f"/api/v1/posts/{post_id}/resubmit", multipart(document, uploads), **auth)
    assert resubmitted.status_code == 200
    assert resubmitted.json()["state"] == "submitted" and resubmitted.json()["resubmissions_left"] == 1
    run_worker()
    _decide(post, cast.bob, "return", ["BODY_PUNCTUATION"])

    warned = client.post(f"/api/v1/posts/{post_id}/resubmit", multipart(document, uploads), **auth)
    assert warned.status_code == 409 and warned.json()["error"]["code"] == "unchanged_resubmission"
    assert "关闭发文权限7天" in warned.json()["error"]["message"]
    assert client.post("/api/v1/posts", multipart(post_document(title="警告之后仍可发布新文章：一款台灯的使用体验"),
                                                  uploads_for(post_document())), **auth).status_code == 201
    unchanged = client.post(f"/api/v1/posts/{post_id}/resubmit?confirm_unchanged=true", multipart(document, uploads),
                            **auth)
    assert unchanged.status_code == 409 and unchanged.json()["error"]["code"] == "resubmission_refused"
    assert client.get(f"/api/v1/posts/{post_id}", **auth).json()["resubmissions_left"] == 1
    other = post_document(title="另一篇：新电饭煲用了一个月的真实体验与细节")
    banned = client.post("/api/v1/posts", multipart(other, uploads_for(other)), **auth)
    assert banned.status_code == 403 and banned.json()["error"]["code"] == "posting_suspended"
    assert "7" in banned.json()["error"]["message"] or "恢复" in banned.json()["error"]["message"]


def test_approved_posts_are_locked_through_the_api(client, cast, token, scoring_queue, run_worker,
                                                   django_capture_on_commit_callbacks):
    auth = {"HTTP_AUTHORIZATION": f"Token {token}"}
    document = post_document()
    uploads = uploads_for(document)
    with django_capture_on_commit_callbacks(execute=True):
        post_id = client.post("/api/v1/posts", multipart(document, uploads), **auth).json()["id"]
    run_worker()
    _decide(Post.objects.get(pk=post_id), cast.bob, "approve")
    locked = client.post(f"/api/v1/posts/{post_id}/edit", multipart(document, uploads), **auth)
    assert locked.status_code == 409 and "已审核通过" in locked.json()["error"]["message"]
    assert [d["outcome"] for d in client.get(f"/api/v1/posts/{post_id}", **auth).json()["decisions"]] == ["approve"]


def _api_list_queries(client, token) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/api/v1/posts", HTTP_AUTHORIZATION=f"Token {token}")  # the token's use, recorded once a minute
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/api/v1/posts", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_listing_posts_takes_the_same_queries_for_2_posts_as_for_20(client, cast, token, scored_post):
    """Each listed post carries its findings and decisions: read together, not once per post."""
    document = post_document(title="淘宝同款耳机实测：降噪续航都不错的通勤之选")
    uploads = uploads_for(document)

    def add_decided_posts(count):
        for _ in range(count):
            post = scored_post(cast.alice.author, document=document, uploads=uploads, actor=cast.alice)
            _decide(post, cast.bob, "approve")

    add_decided_posts(2)
    with_two = _api_list_queries(client, token)
    add_decided_posts(18)
    listed = client.get("/api/v1/posts", HTTP_AUTHORIZATION=f"Token {token}").json()["posts"]
    assert len(listed) == 20 and all(p["findings"] and p["decisions"] for p in listed)
    assert _api_list_queries(client, token) == with_two


def test_the_tokens_page_shows_a_tokens_last_use_to_the_minute(client, cast, token):
    """A tool's burst of requests records the token's use once a minute (the page shows minutes), not
    one write per request."""
    from datetime import timedelta

    from django.utils import timezone

    assert client.get("/api/v1/posts", HTTP_AUTHORIZATION=f"Token {token}").status_code == 200
    first = ApiToken.objects.get(user=cast.alice).last_used_at
    assert first is not None
    client.get("/api/v1/posts", HTTP_AUTHORIZATION=f"Token {token}")
    assert ApiToken.objects.get(user=cast.alice).last_used_at == first
    ApiToken.objects.filter(user=cast.alice).update(last_used_at=timezone.now() - timedelta(minutes=5))
    client.get("/api/v1/posts", HTTP_AUTHORIZATION=f"Token {token}")
    assert ApiToken.objects.get(user=cast.alice).last_used_at > first
    client.force_login(cast.alice)
    page = client.get("/me/api-tokens/").content.decode()
    assert timezone.localtime(ApiToken.objects.get(user=cast.alice).last_used_at).strftime("%Y-%m-%d %H:%M") in page
