"""Issue 11: a decision sent by a direct POST for a post the editor has not claimed (or another editor
holds, or that the outcome does not fit) is refused with a message in the UI language, nothing
written; the panel's consequence sentence and undo banner speak English in the English UI."""
import pytest
from django.conf import settings
from django.urls import reverse

from factories import post_document, uploads_for
from moderation.actions import review
from moderation.audit import Verb
from moderation.models import AuditEvent, HeldDecision, Post


@pytest.fixture
def competitor_post(cast, scored_post):
    document = post_document(title="淘宝同款耳机实测：降噪续航都不错的通勤之选")
    return scored_post(cast.alice.author, document=document, uploads=uploads_for(document), actor=cast.alice)


def decide(client, post, **data):
    data = {"outcome": "return", "reasons": ["BODY_COMPETITOR"], "message": "请删除淘宝。",
            "version": Post.objects.get(pk=post.pk).version, **data}
    return client.post(reverse("decide", args=[post.pk]), data, follow=True).content.decode()


def nothing_written(post):
    return (not HeldDecision.objects.filter(post=post).exists() and not post.decisions.exists()
            and not AuditEvent.objects.filter(verb=Verb.DECISION_HOLD, post_id=post.pk).exists())


def test_a_post_nobody_claimed_is_not_decided_by_a_direct_post(client, cast, competitor_post):
    client.force_login(cast.bob)
    assert "请先认领这篇文章，再做出决定。" in decide(client, competitor_post)
    assert nothing_written(competitor_post)


def test_a_post_another_editor_holds_is_not_decided_by_a_direct_post(client, cast, competitor_post):
    review.claim_post(competitor_post, actor=cast.erin)
    client.force_login(cast.bob)
    assert "该文章已被其他编辑认领，你的决定未被记录。" in decide(client, competitor_post)
    assert "只有在线的文章可以下线。" in decide(client, competitor_post, outcome="take_offline")
    assert nothing_written(competitor_post)
    assert Post.objects.get(pk=competitor_post.pk).claimed_by == cast.erin


def test_the_refusal_speaks_english_in_the_english_ui(client, cast, competitor_post):
    client.force_login(cast.bob)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = decide(client, competitor_post)
    assert "Claim this post before deciding it." in html and "请先认领" not in html
    assert nothing_written(competitor_post)


def test_the_consequence_sentence_and_undo_banner_are_english_in_the_english_ui(client, cast, competitor_post):
    client.force_login(cast.bob)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.post(reverse("claim", args=[competitor_post.pk]))
    preview = client.get(reverse("decision_preview", args=[competitor_post.pk]),
                         {"outcome": "return", "reasons": ["BODY_COMPETITOR"]}).json()
    sentence = "Level 1 penalty: posting closed for 7 days (violation 1 this month)."
    assert preview["sentence"] == sentence
    html = decide(client, competitor_post)
    assert sentence in html and "Undo" in html and "将给予" not in html
    review_page = client.get(reverse("review", args=[competitor_post.pk])).content.decode()
    assert sentence in review_page  # the held decision's note on the review screen
    # the row keeps the sentence in the default language, as the audit trail does
    assert HeldDecision.objects.get(post=competitor_post).consequence == "将给予一级处罚：关闭发文权限7天（本月第1次违规）。"
