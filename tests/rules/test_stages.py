"""Multi-stage review and queues by editor group (issue 14, parts 3 and 4): through the actions and the
desk's pages."""
from __future__ import annotations

import pytest
from django.utils import timezone

from moderation.actions import review, stages
from moderation.actions.held import apply_due_decisions, undo_window
from moderation.errors import IllegalTransition
from moderation.lifecycle import State
from moderation.models import EditorGroup, Post, ReviewStage, StageReview
from moderation.selectors import queue_page

HEALTH = "这款按摩仪对颈椎病有很好的疗效，坚持用可以根治。每天一粒，增强免疫力，还能延缓衰老。"


@pytest.fixture
def compliance(cast):
    """合规 reviews posts with medical or health findings; erin is in it, bob is not."""
    group = stages.save_editor_group(EditorGroup(name="合规"), actor=cast.dora, members=[cast.erin])
    stage = stages.save_stage(ReviewStage(name="合规复审", order=1, group=group,
                                          rules=["BODY_MEDICAL", "BODY_HEALTH_CLAIM"]), actor=cast.dora)
    return stage


def approve_first(post, editor, message=""):
    post = review.claim_post(post, actor=editor)
    return review.decide_post(post, actor=editor, outcome="approve", reasons=[], message=message,
                              version=post.version)


def test_a_health_post_passes_two_stages_before_going_online(cast, queued, compliance):
    post = queued(extra=HEALTH)
    held = approve_first(post, cast.bob)
    post.refresh_from_db()
    assert post.state == State.IN_QUEUE and isinstance(held, StageReview) and held.stage == compliance
    assert post.pk not in [p.pk for p in queue_page()[0]]  # out of the first review's list
    assert review.claim_next_post(actor=cast.bob) is None
    with pytest.raises(IllegalTransition, match="合规复审"):
        review.decide_post(post, actor=cast.bob, outcome="approve", reasons=[], message="", version=post.version)

    claimed = stages.claim_next_stage_review(compliance, actor=cast.erin,
                                             queryset=StageReview.objects.filter(stage=compliance, status="pending"))
    assert claimed.pk == held.pk and claimed.claimed_by == cast.erin
    stages.decide_stage(claimed, actor=cast.erin, outcome="approve", reasons=[], message="")
    post.refresh_from_db()
    assert post.state == State.APPROVED
    assert post.decisions.count() == 1 and post.decisions.get().outcome == "approve"


def test_a_post_without_stage_findings_goes_online_after_the_first_review(cast, queued, compliance):
    post = queued()
    approve_first(post, cast.bob)
    post.refresh_from_db()
    assert post.state == State.APPROVED and not StageReview.objects.filter(post=post).exists()


def test_a_return_at_stage_2_reaches_the_author_with_every_stages_reasons(cast, queued, compliance, client):
    post = queued(extra=HEALTH)
    held = approve_first(post, cast.bob, message="内容本身没问题")
    review.claim_post(post, actor=cast.bob)  # bob opens the held post from a link: he cannot decide it there
    with pytest.raises(IllegalTransition, match="合规复审"):
        review.decide_post(post, actor=cast.bob, outcome="reject", reasons=["BODY_MEDICAL"], message="",
                           version=Post.objects.get(pk=post.pk).version)
    stages.decide_stage(held, actor=cast.erin, outcome="return", reasons=["BODY_HEALTH_CLAIM", "BODY_MEDICAL"],
                        message="请删去保健功效和疗效的说法")
    post.refresh_from_db()
    assert post.state == State.RETURNED
    decision = post.decisions.get()
    assert decision.outcome == "return" and decision.editor == cast.erin
    assert decision.reasons == ["BODY_HEALTH_CLAIM", "BODY_MEDICAL"]
    assert "【初审】内容本身没问题" in decision.message and "【合规复审】请删去保健功效" in decision.message

    client.force_login(cast.alice)
    page = client.get(f"/me/posts/{post.pk}/").content.decode()
    assert "请删去保健功效和疗效的说法" in page and "内容本身没问题" in page


def test_a_new_authors_posts_need_their_stage_until_one_is_approved(cast, queued):
    brand = stages.save_editor_group(EditorGroup(name="品牌"), actor=cast.dora, members=[cast.erin])
    stages.save_stage(ReviewStage(name="新作者复审", order=2, group=brand, new_author_below=1), actor=cast.dora)
    first = queued()
    assert isinstance(approve_first(first, cast.bob), StageReview)  # alice has no approved post yet
    held = StageReview.objects.get(post=first, status="pending")
    stages.decide_stage(held, actor=cast.erin, outcome="approve", reasons=[], message="")
    second = queued(title="通勤耳机第二篇：三个月后的续航与佩戴复盘")
    approve_first(second, cast.bob)
    second.refresh_from_db()
    assert second.state == State.APPROVED  # one approved post: no longer new


def test_a_kind_needs_its_stage(cast, queued):
    group = stages.save_editor_group(EditorGroup(name="运营"), actor=cast.dora, members=[cast.erin])
    stage = stages.save_stage(ReviewStage(name="评测复审", group=group, kinds=["guide", "review"]), actor=cast.dora)
    held = approve_first(queued(), cast.bob)
    assert isinstance(held, StageReview) and held.stage == stage


def test_stage_queues_show_only_to_their_groups(cast, queued, compliance, client):
    post = queued(extra=HEALTH)
    approve_first(post, cast.bob)
    client.force_login(cast.bob)
    assert client.get(f"/desk/stages/{compliance.pk}/").status_code == 403
    assert "合规复审" not in client.get("/desk/stages/").content.decode()
    client.force_login(cast.erin)
    page = client.get(f"/desk/stages/{compliance.pk}/").content.decode()
    assert f"#{post.pk}" in page
    response = client.post(f"/desk/stages/{compliance.pk}/next/")
    review_id = StageReview.objects.get(post=post, status="pending").pk
    assert response.status_code == 302 and response["Location"].endswith(f"/desk/stages/reviews/{review_id}/")
    response = client.post(f"/desk/stages/reviews/{review_id}/", {"outcome": "approve", "message": ""})
    assert response.status_code == 302
    assert Post.objects.get(pk=post.pk).state == State.IN_QUEUE  # held for its undo window (issue 11)
    apply_due_decisions(now=timezone.now() + undo_window())
    assert Post.objects.get(pk=post.pk).state == State.APPROVED
