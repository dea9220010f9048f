"""Editors see submitted posts only, and claim one by an explicit POST (issue 15 item 7): opening a
review page shows the post read-only with a claim button; an author's unsubmitted draft is a 404 by
URL, image and search; revoking another author's API token is a 404 and changes nothing."""
import json

import pytest
from django.urls import reverse

from authors.models import ApiToken
from factories import post_document, uploads_for
from moderation.actions import submission
from moderation.actions.accounts import issue_api_token
from moderation.audit import AuditEvent, Verb
from moderation.models import Post


@pytest.fixture
def queued(cast, scored_post):
    document = post_document(title="淘宝同款耳机实测：降噪续航都不错的通勤之选")
    return scored_post(cast.alice.author, document=document, uploads=uploads_for(document), actor=cast.alice)


@pytest.fixture
def draft(cast):
    document = post_document(title="还没写完的草稿：扫地机器人两周体验")
    return submission.submit_post(cast.alice.author, actor=cast.alice, document=document,
                                  uploads=uploads_for(document), draft=True)


def test_opening_a_post_claims_nothing_and_offers_a_claim_button(client, cast, queued):
    client.force_login(cast.bob)
    html = client.get(reverse("review", args=[queued.pk])).content.decode()
    assert 'id="btn-claim"' in html and 'id="btn-approve"' not in html and ">淘宝</mark>" in html
    queued.refresh_from_db()
    assert queued.claimed_by is None and not AuditEvent.objects.filter(verb=Verb.CLAIM).exists()


def test_claiming_is_a_post_and_then_the_editor_may_decide(client, cast, queued):
    client.force_login(cast.bob)
    assert client.get(reverse("claim", args=[queued.pk])).status_code == 405
    response = client.post(reverse("claim", args=[queued.pk]), follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("review", args=[queued.pk])
    assert 'id="btn-approve"' in html and 'id="btn-claim"' not in html
    queued.refresh_from_db()
    assert queued.claimed_by == cast.bob
    assert AuditEvent.objects.get(verb=Verb.CLAIM).actor == cast.bob


def test_a_second_editor_cannot_take_a_held_post(client, cast, queued):
    client.force_login(cast.bob)
    client.post(reverse("claim", args=[queued.pk]))
    client.force_login(cast.erin)
    html = client.post(reverse("claim", args=[queued.pk]), follow=True).content.decode()
    assert "正由编辑 bob 审核中" in html and 'id="btn-approve"' not in html and 'id="btn-claim"' not in html
    assert Post.objects.get(pk=queued.pk).claimed_by == cast.bob


def test_editors_never_see_an_authors_draft(client, cast, draft):
    image = draft.current_revision.images.first()
    client.force_login(cast.bob)
    for url in (reverse("review", args=[draft.pk]), reverse("image", args=[image.pk])):
        assert client.get(url).status_code == 404, url
    for url in (reverse("claim", args=[draft.pk]), reverse("decide", args=[draft.pk]),
                reverse("release", args=[draft.pk])):
        assert client.post(url, {"outcome": "approve", "version": draft.version}).status_code == 404, url
    for q in (str(draft.pk), "扫地机器人"):
        page = client.get(reverse("queue"), {"q": q}).content.decode()
        assert "还没写完的草稿" not in page and reverse("review", args=[draft.pk]) not in page, q
    draft.refresh_from_db()
    assert draft.state == "draft" and draft.claimed_by is None
    client.force_login(cast.alice)  # the author still sees her own draft's image
    assert client.get(reverse("image", args=[image.pk])).status_code == 200


@pytest.mark.parametrize("q", ["²", "#²", "٣", "1" * 30, "\u00b2\u00b3"])
def test_unicode_digits_in_the_queue_search_are_a_title_search(client, cast, queued, q):
    client.force_login(cast.bob)
    response = client.get(reverse("queue"), {"q": q})
    assert response.status_code == 200 and "淘宝同款" not in response.content.decode()


def test_a_nul_in_the_queue_search_is_ignored_not_a_500(client, cast, queued):
    client.force_login(cast.bob)
    assert client.get(reverse("queue"), {"q": "淘宝\x00", "author": "\x00"}).status_code == 200


def test_revoking_another_authors_token_says_nothing_happened(client, cast):
    issue_api_token(cast.charlie, actor=cast.charlie, name="查理的脚本")
    token = ApiToken.objects.get(user=cast.charlie)
    client.force_login(cast.alice)
    for value in (str(token.pk), "²", "999999999999999999999999"):
        response = client.post(reverse("api_tokens"), {"revoke": value})
        assert response.status_code == 404, value
        assert "令牌已撤销" not in response.content.decode()
    assert ApiToken.objects.filter(pk=token.pk).exists()
    assert not AuditEvent.objects.filter(verb=Verb.TOKEN_REVOKE).exists()
    issue_api_token(cast.alice, actor=cast.alice, name="我的脚本")
    own = ApiToken.objects.get(user=cast.alice)
    response = client.post(reverse("api_tokens"), {"revoke": str(own.pk)}, follow=True)
    assert "令牌已撤销" in response.content.decode() and not ApiToken.objects.filter(pk=own.pk).exists()


@pytest.mark.parametrize("query", [{"decision": "²"}, {"penalty": "²"}, {"decision": "٣"}, {"decision": "9" * 30}])
def test_unicode_digits_naming_an_appeal_target_are_a_404(client, cast, query):
    client.force_login(cast.alice)
    assert client.get(reverse("file_appeal"), query).status_code == 404


def test_unicode_digits_naming_the_self_checked_post_are_ignored(client, cast):
    client.force_login(cast.alice)
    document = post_document(with_image=False)
    response = client.post(reverse("self_check"), {"post": "²", "document": json.dumps(document, ensure_ascii=False)})
    assert response.status_code == 200 and "自检结果" in response.content.decode()
