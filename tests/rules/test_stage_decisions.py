"""Issue 11 for review stages (issue 14): a stage's decision has the review screen's panel, its
explicit confirmation, its consequence sentence and its undo window; nothing happens before the
window ends, and what applies is what the sentence said."""
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from authors.models import Penalty
from moderation.actions import held as holding, review, stages
from moderation.lifecycle import State
from moderation.models import EditorGroup, HeldDecision, Post, ReviewStage, StageReview

HEALTH = "这款按摩仪对颈椎病有很好的疗效，坚持用可以根治。每天一粒，增强免疫力，还能延缓衰老。"


@pytest.fixture
def at_stage(cast, queued):
    """alice's health post, approved in the first review by bob, waiting in erin's 合规复审 stage."""
    group = stages.save_editor_group(EditorGroup(name="合规"), actor=cast.dora, members=[cast.erin])
    stages.save_stage(ReviewStage(name="合规复审", order=1, group=group,
                                  rules=["BODY_MEDICAL", "BODY_HEALTH_CLAIM"]), actor=cast.dora)
    post = review.claim_post(queued(extra=HEALTH), actor=cast.bob)
    stage_review = review.decide_post(post, actor=cast.bob, outcome="approve", reasons=[], message="",
                                      version=post.version)
    assert isinstance(stage_review, StageReview)
    return stage_review


def after_window():
    return timezone.now() + holding.undo_window() + timedelta(seconds=1)


RETURN = {"outcome": "return", "reasons": ["BODY_HEALTH_CLAIM"], "message": "请删去保健功效的说法。"}


def test_a_stage_decision_is_confirmed_held_undoable_then_applied_as_previewed(client, cast, at_stage):
    client.force_login(cast.erin)
    page = client.get(reverse("stage_review", args=[at_stage.pk])).content.decode()
    assert 'id="decision-panel"' in page and 'id="btn-confirm"' in page and 'id="btn-return"' in page
    preview = client.get(reverse("stage_preview", args=[at_stage.pk]),
                         {"outcome": "return", "reasons": ["BODY_HEALTH_CLAIM"]}).json()
    assert preview["sentence"].startswith("将") and "本月第1次违规" in preview["sentence"]

    html = client.post(reverse("stage_review", args=[at_stage.pk]), RETURN, follow=True).content.decode()
    assert preview["sentence"] in html and 'id="btn-undo"' in html
    post = Post.objects.get(pk=at_stage.post_id)
    assert post.state == State.IN_QUEUE and not post.decisions.exists() and not Penalty.objects.exists()
    assert StageReview.objects.get(pk=at_stage.pk).status == StageReview.Status.PENDING
    held = HeldDecision.objects.get(post=post)
    assert held.stage_review_id == at_stage.pk and held.consequence == preview["sentence"]

    page = client.post(reverse("undo_decision", args=[held.pk]), follow=True).content.decode()
    assert "已撤销" in page and 'id="btn-confirm"' in page  # back on the stage page, free to decide again
    assert holding.apply_due_decisions(now=after_window()) == 0 and not post.decisions.exists()

    client.post(reverse("stage_review", args=[at_stage.pk]), RETURN)
    assert holding.apply_due_decisions(now=after_window()) == 1
    held = HeldDecision.objects.get(post=post, status=HeldDecision.Status.APPLIED)
    post.refresh_from_db()
    assert post.state == State.RETURNED and held.decision == post.decisions.get()
    assert held.applied_consequence == held.consequence
    assert StageReview.objects.get(pk=at_stage.pk).status == StageReview.Status.RETURNED


def test_a_stage_return_needs_reasons_and_a_message_like_the_first_review(client, cast, at_stage):
    client.force_login(cast.erin)
    client.get(reverse("stage_review", args=[at_stage.pk]))
    html = client.post(reverse("stage_review", args=[at_stage.pk]), {**RETURN, "message": " "},
                       follow=True).content.decode()
    assert "请给作者留言" in html
    html = client.post(reverse("stage_review", args=[at_stage.pk]), {**RETURN, "outcome": "approve"},
                       follow=True).content.decode()
    assert "通过的决定不带原因" in html
    assert not HeldDecision.objects.exists()


def test_a_stage_approval_applies_only_after_the_window(client, cast, at_stage):
    client.force_login(cast.erin)
    client.get(reverse("stage_review", args=[at_stage.pk]))
    client.post(reverse("stage_review", args=[at_stage.pk]), {"outcome": "approve"})
    assert Post.objects.get(pk=at_stage.post_id).state == State.IN_QUEUE
    assert holding.apply_due_decisions() == 0
    assert holding.apply_due_decisions(now=after_window()) == 1
    assert Post.objects.get(pk=at_stage.post_id).state == State.APPROVED


def test_a_stage_review_another_editor_holds_is_not_decided_by_a_direct_post(client, cast, at_stage):
    client.force_login(cast.erin)
    client.get(reverse("stage_review", args=[at_stage.pk]))  # erin claims it by opening it
    client.force_login(cast.dora)
    html = client.post(reverse("stage_review", args=[at_stage.pk]), RETURN, follow=True).content.decode()
    assert "该文章已被其他编辑认领" in html
    assert not HeldDecision.objects.exists()
