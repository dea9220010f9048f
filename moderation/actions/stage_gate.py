"""Multi-stage review (issue 14): which stages a post needs, and the gate the first review's decision
passes. ``decide_post`` (actions.review) calls ``hold_for_stages`` with the post locked: an approval of
a post that needs another stage opens that stage's review instead of putting the post online."""
from __future__ import annotations

from django.utils import timezone

from ..checks.engine import say
from ..audit import Verb, log_event
from ..errors import IllegalTransition
from ..lifecycle import Outcome
from ..models import Decision, Finding, Post, ReviewStage, StageReview
from .core import drop_claim

APPROVED_OUTCOMES = (Outcome.APPROVE, Outcome.AUTO_PUBLISH)


def required_stages(post: Post) -> list[ReviewStage]:
    """The active stages whose conditions the post's current revision meets, in order."""
    stages = list(ReviewStage.objects.filter(active=True).select_related("group"))
    if not stages:
        return []
    rules = set(Finding.objects.filter(revision_id=post.current_revision_id, dismissed_at__isnull=True)
                .values_list("rule", flat=True))
    approved = None
    needed = []
    for stage in stages:
        hit = bool(rules & set(stage.rules)) or post.kind in stage.kinds
        if not hit and stage.new_author_below:
            if approved is None:
                approved = Decision.objects.filter(post__author_id=post.author_id,
                                                   outcome__in=APPROVED_OUTCOMES).count()
            hit = approved < stage.new_author_below
        if hit:
            needed.append(stage)
    return needed


def next_stage(post: Post) -> ReviewStage | None:
    """The first required stage this revision has not passed yet."""
    passed = set(StageReview.objects.filter(revision_id=post.current_revision_id, stage__isnull=False,
                                            status=StageReview.Status.APPROVED).values_list("stage_id", flat=True))
    return next((s for s in required_stages(post) if s.pk not in passed), None)


def pending_review(post: Post) -> StageReview | None:
    return (StageReview.objects.filter(revision_id=post.current_revision_id, status=StageReview.Status.PENDING)
            .select_related("stage").first())


def open_stage(post: Post, stage: ReviewStage, *, actor) -> StageReview:
    review, _ = StageReview.objects.update_or_create(
        revision_id=post.current_revision_id, stage=stage,
        defaults={"post": post, "status": StageReview.Status.PENDING, "editor": None, "claimed_by": None,
                  "claim_expires_at": None, "decided_at": None})
    log_event(actor, Verb.STAGE_OPEN, review, post=post, stage=stage.name, group=stage.group.name)
    return review


def hold_for_stages(post: Post, *, actor, outcome, reasons: list[str], message: str) -> StageReview | None:
    """Called by decide_post on the locked post. A post waiting in a later stage is decided there; an
    approval of a post needing another stage records the first review's approval and opens the next
    stage (the post stays in the queue, out of the first review's list). None: decide as usual."""
    waiting = pending_review(post)
    if waiting is not None:
        raise IllegalTransition(say("该文章正在“{stage}”阶段审核，请在该阶段的队列中处理。", stage=waiting.stage_name))
    if outcome != Outcome.APPROVE:
        return None
    stage = next_stage(post)
    if stage is None:
        return None
    if not StageReview.objects.filter(revision_id=post.current_revision_id, stage__isnull=True).exists():
        StageReview.objects.create(post=post, revision_id=post.current_revision_id, stage=None, editor=actor,
                                   status=StageReview.Status.APPROVED, message=message, reasons=list(reasons),
                                   decided_at=timezone.now())
    drop_claim(post)
    return open_stage(post, stage, actor=actor)
