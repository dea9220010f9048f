"""Every URL that takes a post, decision, image or finding ID, tried by the wrong people: another author
gets a 404 (as for a missing object) and nothing changes; authors never reach editors' or admins' pages."""
import re

import pytest
from django.urls import get_resolver

from authors.models import ApiToken
from factories import post_document, uploads_for
from moderation.models import AuditEvent, Post, PostEvent
from moderation.actions import review


@pytest.fixture
def alices_post(cast, scored_post):
    document = post_document()
    post = scored_post(cast.alice.author, document=document, uploads=uploads_for(document), actor=cast.alice)
    review.claim_post(post, actor=cast.bob)
    post.refresh_from_db()
    decision = review.decide_post(post, actor=cast.bob, outcome="return", reasons=["BODY_PUNCTUATION"], message="",
                               version=post.version)
    return post, decision


def url_patterns():
    """(route, name) of every URL of the project, flattened."""
    def walk(patterns, prefix=""):
        for p in patterns:
            if hasattr(p, "url_patterns"):
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            else:
                yield prefix + str(p.pattern), p.name
    return list(walk(get_resolver().url_patterns))


def fill(route, ids):
    path = "/" + re.sub(r"<(?:int:)?(\w+)>", lambda m: str(ids.get(m.group(1), 999999)), route)
    return path.replace("^", "").replace("$", "")


AUTHOR_PAGES = ("author_post", "edit_post", "image")
DESK_PAGES = ("queue", "review", "decide", "release", "next_post", "dismiss_finding", "audit_queue", "admin_desk",
              "author_list", "author_standing", "appeal_queue", "audit_trail")


def test_another_author_gets_404_on_every_url_of_alices_post(client, cast, alices_post):
    post, decision = alices_post
    ids = {"post_id": post.pk, "image_id": post.current_revision.images.first().pk,
           "finding_id": post.current_revision.findings.first().pk if post.current_revision.findings.exists() else 1}
    client.force_login(cast.charlie)
    before = PostEvent.objects.count(), AuditEvent.objects.count()
    for route, name in url_patterns():
        if name in AUTHOR_PAGES:
            url = fill(route, ids)
            assert client.get(url).status_code == 404, url
            assert client.post(url, {"document": "{}"}).status_code in (404, 405), url
    assert client.get(f"/me/appeals/new/?decision={decision.pk}").status_code == 404
    response = client.post(f"/me/appeals/new/?decision={decision.pk}", {"text": "我觉得判错了"})
    assert response.status_code == 404
    token = ApiToken.issue(cast.charlie)
    for url in (f"/api/v1/posts/{post.pk}", f"/api/v1/posts/{post.pk}/edit", f"/api/v1/posts/{post.pk}/resubmit"):
        method = client.get if url.endswith(str(post.pk)) else client.post
        assert method(url, HTTP_AUTHORIZATION=f"Token {token}").status_code == 404, url
    assert (PostEvent.objects.count(), AuditEvent.objects.count()) == before
    assert Post.objects.get(pk=post.pk).state == "returned"


def test_authors_never_reach_editors_or_admins_pages(client, cast, alices_post):
    post, _ = alices_post
    ids = {"post_id": post.pk, "finding_id": 1, "author_id": cast.alice.author.pk, "sample_id": 1,
           "penalty_id": 1, "proposal_id": 1, "appeal_id": 1, "action": "confirm"}
    client.force_login(cast.alice)
    checked = 0
    for route, name in url_patterns():
        if name in DESK_PAGES:
            url = fill(route, ids)
            assert client.get(url).status_code in (403, 405), url
            assert client.post(url).status_code in (403, 404), url
            checked += 1
    assert checked == len(DESK_PAGES)
    assert client.get("/admin/").status_code == 302  # not staff: sent to the admin login
