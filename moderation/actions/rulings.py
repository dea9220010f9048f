"""A senior editor's ruling on a double-review disagreement. When it differs from the first decision
the post follows it: the first decision's consequences under 第五章 are annulled (as on an upheld
appeal), the post goes back to the queue (``overrule``) and the senior editor's outcome is applied at
once through ``review.decide_post`` (violation record, penalties by the same ladder, the author's
notice from the new decision). A post that has moved on since the first decision (resubmitted,
taken offline, reinstated on appeal) is left where it is: the ruling is recorded and says so."""
from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from authors.errors import StandingConflict
from insights.models import DoubleReview

from ..audit import Verb, log_event
from ..checks.engine import say
from ..lifecycle import DECISION_EVENTS, VIOLATION_OUTCOMES, Event, State, next_state
from ..models import Decision
from .appeals import annul_consequences
from .core import drop_claim, locked_post, transition
from .penalties import recompute_level2
from .quality import check_verdict
from .review import decide_post

OVERRULED_ZH = "资深编辑改判"


def resolve_double_review(review: DoubleReview, *, actor, outcome: str, reasons: list[str], note: str,
                          now: datetime | None = None) -> tuple[DoubleReview, Decision | None]:
    """Record the senior editor's verdict; a verdict other than the first decision overrules it and
    the post follows (see above). Returns the review and the senior editor's decision applied to the
    post (None when the first decision stands or the post has moved on)."""
    check_verdict(outcome, reasons)
    note = (note or "").strip()
    if not note:
        raise StandingConflict("请写明裁定理由。")
    with transaction.atomic():
        review = DoubleReview.objects.select_for_update().select_related("decision__post").get(pk=review.pk)
        if review.status != DoubleReview.Status.DISPUTED:
            raise StandingConflict("这条复核不在待裁定状态。")
        if actor.pk in (review.decision.editor_id, review.second_editor_id):
            raise StandingConflict("参与过这条复核的编辑不能裁定。")
        review.senior, review.senior_outcome, review.senior_note = actor, outcome, note
        review.first_overruled = outcome != review.decision.outcome
        review.status, review.resolved_at = DoubleReview.Status.RESOLVED, now or timezone.now()
        review.save()
        applied = None
        if review.first_overruled:
            applied = follow_ruling(review.decision, actor=actor, outcome=outcome, reasons=reasons, note=note,
                                    now=review.resolved_at)
        log_event(actor, Verb.DOUBLE_REVIEW_RULE, review.decision.post, decision=review.decision_id,
                  outcome=outcome, overruled=review.first_overruled, applied=applied)
    return review, applied


def follow_ruling(first: Decision, *, actor, outcome: str, reasons: list[str], note: str,
                  now: datetime) -> Decision | None:
    """Put the post where the senior editor's outcome puts it; None when it has moved on since ``first``."""
    post = locked_post(first.post_id)
    latest = post.decisions.order_by("-created_at", "-id").values_list("pk", flat=True).first()
    if latest != first.pk or post.state != next_state(State.IN_QUEUE, DECISION_EVENTS[first.outcome]):
        return None
    if first.outcome in VIOLATION_OUTCOMES:
        annul_consequences(first, actor=actor, note=note, cause=say(OVERRULED_ZH), now=now)
        recompute_level2(post.author, actor=actor, note=note, now=now)
    transition(post, Event.OVERRULE, actor=actor, decision=first.pk,
               note=say("{cause}：审核决定#{id}（{first}）经双审裁定改为“{outcome}”：{note}", cause=say(OVERRULED_ZH),
                        id=first.pk, first=say(str(first.get_outcome_display())),
                        outcome=say(str(Decision.Outcome(outcome).label)), note=note))
    drop_claim(post)
    return decide_post(post, actor=actor, outcome=outcome, reasons=reasons, message=note, version=post.version,
                       draw=False)
