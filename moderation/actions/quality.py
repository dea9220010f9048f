"""Reviewers' quality control: gold posts (known answers served blind in the queue) and double review
(a share of decisions reviewed again, blind, by a second editor; a senior editor settles a
disagreement). The rows live in insights.models; the statistics (Cohen's kappa) in insights.

``check_decision`` is the one hook in ``review.decide_post``: it compares a gold copy's decision with
the expected answer (and tells the caller to skip the consequences: a gold copy has no real author),
or draws the decision for double review at settings.DOUBLE_REVIEW_RATE. The senior editor's ruling,
which changes the post through ``decide_post``, is in ``rulings``.
"""
from __future__ import annotations

import math
import random

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from authors.errors import StandingConflict
from authors.models import Author
from insights.models import DoubleReview, GoldCheck, GoldPost

from ..audit import Verb, log_event
from ..lifecycle import Event, State
from ..models import Decision, Finding, Post, Revision, RevisionImage
from .core import SYSTEM, locked_post, transition

GOLD_OUTCOMES = ("approve", "return", "reject")
GOLD_SOURCE_STATES = (State.APPROVED, State.RETURNED, State.REJECTED)
_FINDING_FIELDS = ("rule", "severity", "target", "start", "end", "excerpt", "normalized", "message", "clause",
                   "evidence", "wording")


# ---- gold posts -------------------------------------------------------------------------------

def mark_gold(post: Post, *, actor, expected_outcome: str, expected_reasons: list[str], note: str = "") -> GoldPost:
    """An admin marks a decided post as a known answer: the outcome and reasons any editor should give."""
    if expected_outcome not in GOLD_OUTCOMES:
        raise StandingConflict("请选择应有的结论：通过、退回修改或退稿不用。")
    if expected_outcome != "approve" and not expected_reasons:
        raise StandingConflict("退回或退稿的样本请至少选择一条应有原因。")
    with transaction.atomic():
        post = locked_post(post.pk)
        if post.state not in GOLD_SOURCE_STATES or GoldCheck.objects.filter(copy=post).exists():
            raise StandingConflict("只有已审核（通过、退回或退稿）的文章可以设为质检样本。")
        gold, _ = GoldPost.objects.update_or_create(source=post, defaults=dict(
            expected_outcome=expected_outcome, expected_reasons=sorted(set(expected_reasons)), note=note,
            active=True, created_by=actor))
        log_event(actor, Verb.GOLD_MARK, post, outcome=expected_outcome, reasons=gold.expected_reasons)
    return gold


def _stand_in(author: Author) -> Author:
    """The account a gold copy is filed under: shows the real author's name and field, cannot log in,
    and carries none of the real author's record (so a copy's decision never touches them)."""
    user, created = User.objects.get_or_create(username=f"qc-sample-{author.pk}", defaults={"is_active": False})
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    stand_in, _ = Author.objects.get_or_create(user=user, defaults={
        "display_name": author.display_name, "category": author.category})
    return stand_in


def serve_gold(gold: GoldPost, *, actor=SYSTEM) -> GoldCheck:
    """Put a blind copy of a gold post in the queue: the decided revision, its images and findings,
    as if freshly scored."""
    source = gold.source
    revision = source.decisions.order_by("-created_at", "-id").first().revision
    now = timezone.now()
    with transaction.atomic():
        copy = Post.objects.create(author=_stand_in(source.author), kind=source.kind, state=State.DRAFT)
        rev = Revision.objects.create(post=copy, number=1, title=revision.title, document=revision.document,
                                      content_hash=revision.content_hash, scored_at=now, score_attempts=1)
        RevisionImage.objects.bulk_create(RevisionImage(revision=rev, ref=i.ref, file=i.file.name, width=i.width,
                                                        height=i.height, sha256=i.sha256) for i in revision.images.all())
        findings = [Finding(revision=rev, **{f: getattr(x, f) for f in _FINDING_FIELDS}) for x in revision.findings.all()]
        Finding.objects.bulk_create(findings)
        copy.current_revision, copy.queued_at = rev, now
        copy.block_count = sum(f.severity == "block" for f in findings)
        copy.warn_count = sum(f.severity == "warn" for f in findings)
        # The path of any scored post, so nothing in its history gives it away to an editor; the
        # audit trail (admins only) says which gold post it copies.
        transition(copy, Event.SUBMIT, actor=actor)
        transition(copy, Event.START_SCORING, actor=actor)
        transition(copy, Event.FINISH_SCORING, actor=actor, gold=gold.pk, source=source.pk)
        return GoldCheck.objects.create(gold=gold, copy=copy)


def seed_gold(*, actor=SYSTEM, rate: float | None = None) -> list[GoldCheck]:
    """Keep about ``rate`` (settings.GOLD_RATE) of the waiting queue gold copies: serve the active
    gold posts served least so far. Safe to run twice (the second run finds the share reached)."""
    rate = settings.GOLD_RATE if rate is None else rate
    waiting = Post.objects.filter(state=State.IN_QUEUE)
    copies = waiting.filter(gold_check__isnull=False).count()
    real = waiting.count() - copies
    want = math.ceil(rate * real) if real else 0
    golds = list(GoldPost.objects.filter(active=True).annotate(n=Count("checks")).order_by("n", "?"))
    if not golds:
        return []
    return [serve_gold(golds[i % len(golds)], actor=actor) for i in range(max(0, want - copies))]


def compare_with_gold(outcome: str, reasons, gold: GoldPost) -> dict:
    """What differs between a decision and the expected answer ({} when they match)."""
    diff = {}
    if outcome != gold.expected_outcome:
        diff["outcome"] = [gold.expected_outcome, outcome]
    missing = sorted(set(gold.expected_reasons) - set(reasons))
    extra = sorted(set(reasons) - set(gold.expected_reasons))
    if missing:
        diff["missing"] = missing
    if extra:
        diff["extra"] = extra
    return diff


# ---- the hook in decide_post --------------------------------------------------------------------

def check_decision(decision: Decision, *, draw: bool = True) -> bool:
    """Called by review.decide_post once the decision row exists. True for a gold copy (its result is
    recorded; the caller applies no consequences); otherwise the decision may be drawn for double
    review (unless ``draw`` is False: a senior editor's ruling is final), and False is returned."""
    check = GoldCheck.objects.select_for_update().filter(copy_id=decision.post_id, decision__isnull=True).first()
    if check is not None:
        diff = compare_with_gold(decision.outcome, decision.reasons, check.gold)
        check.decision, check.editor, check.matched, check.mismatch = decision, decision.editor, not diff, diff
        check.checked_at = timezone.now()
        check.save()
        log_event(decision.editor, Verb.GOLD_CHECK, decision.post, matched=not diff, **diff)
        return True
    if draw and decision.outcome in GOLD_OUTCOMES and random.random() < settings.DOUBLE_REVIEW_RATE:
        DoubleReview.objects.create(decision=decision)
        log_event(SYSTEM, Verb.DOUBLE_REVIEW_DRAW, decision.post, decision=decision.pk)
    return False


# ---- double review ------------------------------------------------------------------------------

def check_verdict(outcome: str, reasons) -> None:
    """A second review's or a senior editor's verdict: one of the three outcomes, with reasons unless approved."""
    if outcome not in GOLD_OUTCOMES:
        raise StandingConflict("请选择结论：通过、退回修改或退稿不用。")
    if outcome != "approve" and not reasons:
        raise StandingConflict("退回或退稿时请至少选择一条原因。")


def record_second_review(review: DoubleReview, *, actor, outcome: str, reasons: list[str]) -> DoubleReview:
    """A second editor's blind verdict; a different outcome goes to a senior editor."""
    check_verdict(outcome, reasons)
    with transaction.atomic():
        review = DoubleReview.objects.select_for_update().select_related("decision").get(pk=review.pk)
        if review.status != DoubleReview.Status.WAITING:
            raise StandingConflict("这条复核已由其他编辑完成。")
        if review.decision.editor_id == actor.pk:
            raise StandingConflict("不能复核自己的决定。")
        agreed = outcome == review.decision.outcome
        review.second_editor, review.second_outcome = actor, outcome
        review.second_reasons, review.second_at = sorted(set(reasons)), timezone.now()
        review.status = DoubleReview.Status.AGREED if agreed else DoubleReview.Status.DISPUTED
        review.save()
        log_event(actor, Verb.DOUBLE_REVIEW_SECOND, review.decision.post, decision=review.decision_id, outcome=outcome,
                  agreed=agreed)
    return review
