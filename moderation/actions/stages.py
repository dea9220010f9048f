"""Multi-stage review (issue 14): admins configure editor groups and stages; a stage's editors claim
and decide its reviews. A stage's approval opens the next required stage or, after the last, puts the
post online through decide_post; a return or reject at any stage is the post's decision at once. The
author sees one decision carrying every stage's reasons and messages."""
from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from authors.records import decision_consequence

from ..checks.engine import Wording, say
from ..audit import Verb, log_event
from ..errors import AlreadyClaimed, IllegalTransition, InvalidPost
from ..lifecycle import Outcome, State
from ..models import EditorGroup, Post, ReviewStage, StageReview
from .core import drop_claim, locked_post, said, save_row
from .review import decide_post
from .stage_gate import next_stage, open_stage

STAGE_OUTCOMES = {Outcome.APPROVE: StageReview.Status.APPROVED, Outcome.RETURN: StageReview.Status.RETURNED,
                  Outcome.REJECT: StageReview.Status.REJECTED}


# ---- configuration (admins) -------------------------------------------------------------------

def save_editor_group(group: EditorGroup, *, actor, members=None, reason: str = "") -> EditorGroup:
    with transaction.atomic():
        save_row(group, Verb.EDITOR_GROUP_SAVE, actor=actor, reason=reason, name=group.name, rules=group.rules,
                 rescreen=group.rescreen)
        if members is not None:
            group.members.set(members)
    return group


def save_stage(stage: ReviewStage, *, actor, reason: str | Wording = "") -> ReviewStage:
    reason, wording = said(reason)
    with transaction.atomic():
        return save_row(stage, Verb.STAGE_SAVE, actor=actor, reason=reason, reason_wording=wording,
                        name=stage.name, order=stage.order,
                        group=stage.group_id, rules=stage.rules, kinds=stage.kinds,
                        new_author_below=stage.new_author_below, active=stage.active)


# ---- claims -----------------------------------------------------------------------------------

def _claimable(now):
    return Q(claimed_by__isnull=True) | Q(claim_expires_at__lte=now)


def claim_stage_review(review: StageReview, *, actor) -> StageReview:
    """Compare-and-set, like the first review's claims: two editors never hold one stage review."""
    now = timezone.now()
    lease = now + timedelta(minutes=settings.CLAIM_LEASE_MINUTES)
    with transaction.atomic():
        taken = StageReview.objects.filter(_claimable(now) | Q(claimed_by=actor), pk=review.pk,
                                           status=StageReview.Status.PENDING).update(claimed_by=actor,
                                                                                      claim_expires_at=lease)
        review = StageReview.objects.select_related("stage", "claimed_by").get(pk=review.pk)
        if not taken:
            if review.status != StageReview.Status.PENDING:
                raise IllegalTransition("该阶段审核已完成。")
            raise AlreadyClaimed(say("该文章正由编辑 {editor} 审核中。", editor=review.claimed_by.get_username()),
                                 holder=review.claimed_by_id)
        log_event(actor, Verb.STAGE_CLAIM, review, post=review.post_id, stage=review.stage_name)
    return review


def claim_next_stage_review(stage: ReviewStage, *, actor, queryset) -> StageReview | None:
    for pk in queryset.filter(_claimable(timezone.now())).values_list("pk", flat=True)[:10]:
        try:
            return claim_stage_review(StageReview(pk=pk), actor=actor)
        except (AlreadyClaimed, IllegalTransition):
            continue
    return None


# ---- decisions --------------------------------------------------------------------------------

def _combined(post: Post, latest: StageReview) -> tuple[list[str], str]:
    """Every stage's reasons and messages on this revision, for the author's one decision."""
    reviews = list(StageReview.objects.filter(revision_id=post.current_revision_id)
                   .exclude(status__in=[StageReview.Status.PENDING, StageReview.Status.SUPERSEDED])
                   .select_related("stage").order_by("decided_at", "id"))
    reasons = list(dict.fromkeys(r for review in reviews for r in review.reasons))
    lines = [f"【{review.stage_name}】{review.message}" for review in reviews if review.message.strip()]
    return reasons, "\n".join(lines)


def locked_stage_review(review: StageReview, post: Post, *, actor) -> StageReview:
    """The stage review row locked (the caller holds the post's lock), refused when it is done, the
    post moved on, or another editor holds it."""
    review = StageReview.objects.select_for_update(of=("self",)).select_related("stage").get(pk=review.pk)
    if review.status != StageReview.Status.PENDING or review.revision_id != post.current_revision_id \
            or post.state != State.IN_QUEUE:
        raise IllegalTransition(_("该阶段审核已完成或文章已变化，请刷新。"))
    if review.claimed_by_id not in (None, actor.pk) and review.claim_expires_at \
            and review.claim_expires_at > timezone.now():
        raise AlreadyClaimed(_("该文章已被其他编辑认领，你的决定未被记录。"))
    return review


def stage_consequence(review: StageReview, *, outcome, reasons: list[str], now=None):
    """What the stage's decision does to the author (authors.records.decision_consequence): an
    approval nothing; a return or reject the post's decision with the reasons of every stage."""
    post = review.post
    if Outcome(outcome) == Outcome.APPROVE:
        return decision_consequence(post, outcome, [], now=now)
    earlier, _message = _combined(post, review)
    return decision_consequence(post, outcome, list(dict.fromkeys([*earlier, *reasons])), now=now)


def decide_stage(review: StageReview, *, actor, outcome: str, reasons: list[str], message: str) -> StageReview:
    """A stage's decision. Approve: the next required stage opens, or the post goes online after the
    last one. Return / reject: the post's decision, with the reasons of every stage."""
    outcome = Outcome(outcome)
    if outcome not in STAGE_OUTCOMES:
        raise InvalidPost("阶段审核只能通过、退回修改或退稿不用。", field="outcome")
    if outcome != Outcome.APPROVE and not reasons:
        raise InvalidPost("退回或退稿时请至少选择一条原因。", field="reasons")
    with transaction.atomic():
        post = locked_post(review.post_id)
        review = locked_stage_review(review, post, actor=actor)
        now = timezone.now()
        review.status, review.editor, review.decided_at = STAGE_OUTCOMES[outcome], actor, now
        review.reasons, review.message = list(dict.fromkeys(reasons)), message
        review.claimed_by, review.claim_expires_at = None, None
        review.save()
        log_event(actor, Verb.STAGE_DECIDE, review, post=post, stage=review.stage_name, outcome=outcome.value,
                  reasons=review.reasons)
        if outcome == Outcome.APPROVE:
            following = next_stage(post)
            if following is not None:
                open_stage(post, following, actor=actor)
                return review
        all_reasons, combined = _combined(post, review)
        drop_claim(post)  # a first-review editor who merely opened the held post does not block the stage
        decide_post(post, actor=actor, outcome=outcome, reasons=all_reasons if outcome != Outcome.APPROVE else [],
                    message=combined, version=post.version)
    return review
