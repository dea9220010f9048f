"""Decisions held for their undo window (issue 11).

The desk never decides at once: ``hold_decision`` (the review screen, bulk approval) and
``hold_stage_decision`` (a review stage, issue 14) check the decision and keep it, undoable by its
editor, for settings.DECISION_UNDO_SECONDS; ``apply_due_decisions`` (rqcron, and each desk request of
its editor) then applies it through ``decide_post`` or ``decide_stage``. Held rather than
applied-then-reverted: while held there is no Decision, no penalty and no notice row at all, so nothing
can be in force or reach the author (the notices job and every standing query see nothing), and an undo
has nothing to revert."""
from __future__ import annotations

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from authors.records import decision_consequence

from ..audit import Verb, log_event
from ..errors import DeskError, IllegalTransition, InvalidPost
from ..lifecycle import VIOLATION_OUTCOMES
from ..models import Decision, HeldDecision, Post, StageReview
from .core import locked_post
from .review import (check_decision_input, check_reasons_and_message, claim_post, decide_post, ensure_decidable,
                     lease_end, release_claim)
from .stages import STAGE_OUTCOMES, decide_stage, locked_stage_review, stage_consequence


def undo_window() -> timedelta:
    return timedelta(seconds=settings.DECISION_UNDO_SECONDS)


def _refuse_second_hold(post: Post) -> None:
    if HeldDecision.objects.filter(post=post, status=HeldDecision.Status.HELD).exists():
        raise IllegalTransition(_("这篇文章已有一个待生效的决定。"))


def hold_decision(post: Post, *, actor, outcome: str, reasons: list[str], message: str, version: int,
                  serious: bool = False, override: str = "", batch: str = "") -> HeldDecision:
    """Accept an editor's decision into its undo window (see above); one audit event."""
    outcome = Decision.Outcome(outcome)
    reasons = list(dict.fromkeys(reasons))
    with transaction.atomic():
        post = locked_post(post.pk)
        ensure_decidable(post, actor=actor, version=version, outcome=outcome)
        _refuse_second_hold(post)
        check_decision_input(post, outcome=outcome, reasons=reasons, message=message, override=override)
        now = timezone.now()
        preview = decision_consequence(post, outcome, reasons, serious=serious, now=now)
        held = HeldDecision.objects.create(
            post=post, editor=actor, outcome=outcome, reasons=reasons, message=message.strip(),
            serious=serious and outcome in VIOLATION_OUTCOMES, override=override.strip(), version=post.version,
            batch=batch, due_at=now + undo_window(),
            consequence=preview.sentence_zh,
        )
        held.preview = preview  # for the caller to word in the UI language (the row keeps the zh-hans text)
        if post.claimed_by_id == actor.pk:  # no other editor takes it while the decision is held
            Post.objects.filter(pk=post.pk).update(claim_expires_at=max(lease_end(), held.due_at + undo_window()))
        log_event(actor, Verb.DECISION_HOLD, post, outcome=outcome.value, reasons=reasons, held=held.pk,
                  due_at=held.due_at, consequence=held.consequence, override=held.override, batch=batch)
    return held


def hold_stage_decision(review: StageReview, *, actor, outcome: str, reasons: list[str],
                        message: str) -> HeldDecision:
    """A stage's decision (issue 14) into the same undo window, with the same rules and the consequence
    of the post's decision it would make; the stage review stays the editor's while it is held."""
    outcome = Decision.Outcome(outcome)
    if outcome not in STAGE_OUTCOMES:
        raise InvalidPost(_("阶段审核只能通过、退回修改或退稿不用。"), field="outcome")
    reasons = list(dict.fromkeys(reasons))
    check_reasons_and_message(outcome, reasons, message)
    with transaction.atomic():
        post = locked_post(review.post_id)
        review = locked_stage_review(review, post, actor=actor)
        if review.claimed_by_id != actor.pk:
            raise IllegalTransition(_("请先认领这篇文章，再做出决定。"))
        _refuse_second_hold(post)
        now = timezone.now()
        preview = stage_consequence(review, outcome=outcome, reasons=reasons, now=now)
        held = HeldDecision.objects.create(
            post=post, stage_review=review, editor=actor, outcome=outcome, reasons=reasons, message=message.strip(),
            version=post.version, due_at=now + undo_window(), consequence=preview.sentence_zh)
        held.preview = preview
        StageReview.objects.filter(pk=review.pk).update(claim_expires_at=max(lease_end(), held.due_at + undo_window()))
        log_event(actor, Verb.DECISION_HOLD, post, outcome=outcome.value, reasons=reasons, held=held.pk,
                  due_at=held.due_at, consequence=held.consequence, stage=review.stage_name)
    return held


def pending_for(review: StageReview) -> HeldDecision | None:
    """The decision held on a stage review, if any."""
    return review.held_decisions.filter(status=HeldDecision.Status.HELD).select_related("editor", "stage_review").first()


def held_consequence(held: HeldDecision):
    """The consequence a held decision was accepted with, computed again as of that moment (to word it
    in the reader's language; the row keeps the zh-hans sentence)."""
    if held.stage_review_id:
        return stage_consequence(held.stage_review, outcome=held.outcome, reasons=held.reasons, now=held.created_at)
    return decision_consequence(held.post, held.outcome, held.reasons, serious=held.serious, now=held.created_at)


def undo_decision(held: HeldDecision, *, actor) -> HeldDecision:
    """The deciding editor takes a held decision back within its window; the post stays theirs to
    decide again. After the window only an appeal reverses a decision."""
    with transaction.atomic():
        held = HeldDecision.objects.select_for_update().get(pk=held.pk)
        if held.editor_id != actor.pk:
            raise IllegalTransition(_("只有做出决定的编辑可以撤销。"))
        if held.status != HeldDecision.Status.HELD or timezone.now() >= held.due_at:
            raise IllegalTransition(_("撤销期已过，决定已生效；如有异议只能通过申诉更正。"))
        held.status, held.settled_at = HeldDecision.Status.UNDONE, timezone.now()
        held.save(update_fields=["status", "settled_at"])
        log_event(actor, Verb.DECISION_UNDO, held.post, held=held.pk, outcome=held.outcome)
    return held


def undo_batch(batch: str, *, actor) -> int:
    """Undo every held decision of a bulk approval still in its window and give the posts back to the
    queue (the bulk approval claimed them); returns how many."""
    undone = 0
    for held in HeldDecision.objects.filter(batch=batch, editor=actor, status=HeldDecision.Status.HELD):
        try:
            undo_decision(held, actor=actor)
        except IllegalTransition:
            continue
        release_claim(held.post, actor=actor)
        undone += 1
    return undone


def apply_held_decision(held: HeldDecision, *, now=None) -> HeldDecision:
    """Apply a held decision whose window has ended (safe to call twice, or from two workers)."""
    with transaction.atomic():
        held = (HeldDecision.objects.select_for_update(of=("self",)).select_related("post", "editor", "stage_review")
                .get(pk=held.pk))
        if held.status != HeldDecision.Status.HELD or (now or timezone.now()) < held.due_at:
            return held
        try:
            with transaction.atomic():
                applied, decision = _apply(held)
        except DeskError as exc:
            held.status, held.error = HeldDecision.Status.FAILED, exc.message
            log_event(None, Verb.DECISION_HOLD_FAIL, held.post, held=held.pk, error=exc.message)
        else:
            held.status, held.decision = HeldDecision.Status.APPLIED, decision
            held.applied_consequence = applied.sentence_zh
        held.settled_at = timezone.now()
        held.save(update_fields=["status", "decision", "applied_consequence", "error", "settled_at"])
    return held


def _apply(held: HeldDecision):
    """(the consequence as applied, the Decision made or None while a later stage is still to come)."""
    if held.stage_review_id is None:
        applied = decision_consequence(held.post, held.outcome, held.reasons, serious=held.serious)
        return applied, decide_post(held.post, actor=held.editor, outcome=held.outcome, reasons=held.reasons,
                                    message=held.message, version=held.version, serious=held.serious)
    review = held.stage_review
    applied = stage_consequence(review, outcome=held.outcome, reasons=held.reasons)
    decide_stage(review, actor=held.editor, outcome=held.outcome, reasons=held.reasons, message=held.message)
    return applied, Decision.objects.filter(post_id=held.post_id, created_at__gte=held.created_at).order_by("-id").first()


def apply_due_decisions(*, editor=None, now=None) -> int:
    """Periodic (rqcron) and on each desk request of ``editor``: apply held decisions past their window."""
    now = now or timezone.now()
    due = HeldDecision.objects.filter(status=HeldDecision.Status.HELD, due_at__lte=now)
    if editor is not None:
        due = due.filter(editor=editor)
    applied = 0
    for held in due.order_by("due_at", "id"):
        applied += apply_held_decision(held, now=now).status == HeldDecision.Status.APPLIED
    return applied


def bulk_approve(posts, *, actor) -> tuple[str, list[HeldDecision], list[tuple[int, str]]]:
    """Approve several clear posts together: each is claimed and held as its own decision (its own
    audit event, its own Decision when applied), all under one batch that can be undone together.
    Returns (batch, held, [(post_id, why refused)])."""
    batch = uuid.uuid4().hex
    held, refused = [], []
    for post in posts:
        try:
            claimed = claim_post(post, actor=actor, renew=True)
            held.append(hold_decision(claimed, actor=actor, outcome=Decision.Outcome.APPROVE, reasons=[],
                                      message="", version=claimed.version, batch=batch))
        except DeskError as exc:
            refused.append((post.pk, exc.message))
    return batch, held, refused
