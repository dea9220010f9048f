"""Editors' writes: claims and releases, decisions, dismissed findings; taking an online post offline
is a decision too (outcome take_offline).

A decision's consequences are applied in its transaction: the violation record, the assessment
under 第五章 (penalties.assess_decision) and the whitelist audit it completes.
"""
from __future__ import annotations

import re
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from authors.records import decision_consequence

from ..audit import Verb, log_event
from ..errors import AlreadyClaimed, DeskError, IllegalTransition, InvalidPost, StaleDecision
from ..lifecycle import DECISION_EVENTS, VIOLATION_OUTCOMES, State
from ..models import Decision, Finding, HeldDecision, Post, ViolationRecord
from ..queries import queue_order, unclaimed_queue
from .core import drop_claim, locked_post, transition
from .penalties import assess_decision
from .quality import check_decision
from .stage_gate import hold_for_stages
from .whitelist import close_audit_on_take_offline

# ---- claims ---------------------------------------------------------------------------------


def _lease_end():
    return timezone.now() + timedelta(minutes=settings.CLAIM_LEASE_MINUTES)


def claim_post(post: Post, *, actor, renew: bool = True) -> Post:
    """Claim a queued post for the editor ``actor`` (compare-and-set: two editors never hold the same
    post). Opening a post one already holds renews the lease; ``renew=False`` treats it as taken (so
    "next" in two tabs of one editor never hands out the same post twice)."""
    now = timezone.now()
    claimable = Post.objects.filter(pk=post.pk, state=State.IN_QUEUE).exclude(
        claimed_by__isnull=False, claim_expires_at__gt=now
    )
    taken = claimable.exclude(claimed_by=actor).update(claimed_by=actor, claim_expires_at=_lease_end())
    if taken:
        log_event(actor, Verb.CLAIM, post, author=Post.objects.values_list("author_id", flat=True).get(pk=post.pk))
    else:
        post = Post.objects.select_related("claimed_by").get(pk=post.pk)
        if post.claimed_by_id == actor.pk and post.state == State.IN_QUEUE and renew:
            Post.objects.filter(pk=post.pk).update(claim_expires_at=_lease_end())  # renew own lease
        elif post.claimed_by_id and (post.claimed_by_id == actor.pk or post.claim_expires_at > now):
            raise AlreadyClaimed(f"该文章正由编辑 {post.claimed_by.get_username()} 审核中。", holder=post.claimed_by_id)
        elif post.state != State.IN_QUEUE:
            raise IllegalTransition(f"该文章当前状态为“{post.state_label}”，不在待审核队列中。")
    return Post.objects.select_related("claimed_by", "current_revision").get(pk=post.pk)


def release_claim(post: Post, *, actor) -> bool:
    """The editor gives a post back to the queue; False when they did not hold it."""
    with transaction.atomic():
        released = Post.objects.filter(pk=post.pk, claimed_by=actor).update(claimed_by=None, claim_expires_at=None)
        if released:
            log_event(actor, Verb.RELEASE, post, author=post.author_id)
    return bool(released)


def release_stale_claims() -> int:
    """Periodic: forget leases that ran out, one audit event per post (safe to run twice)."""
    released = 0
    now = timezone.now()
    for pk, author_id, holder in Post.objects.filter(claimed_by__isnull=False, claim_expires_at__lte=now).values_list(
            "pk", "author_id", "claimed_by"):
        with transaction.atomic():
            if Post.objects.filter(pk=pk, claimed_by=holder, claim_expires_at__lte=now).update(
                    claimed_by=None, claim_expires_at=None):
                log_event(None, Verb.CLAIM_EXPIRE, Post(pk=pk, author_id=author_id), editor=holder)
                released += 1
    return released


def claim_next_post(*, actor, queryset=None) -> Post | None:
    """Claim the next unclaimed post in queue order; retries when another editor wins a race."""
    for _ in range(10):
        candidate = queue_order(unclaimed_queue(queryset)).values_list("pk", flat=True).first()
        if candidate is None:
            return None
        try:
            return claim_post(Post(pk=candidate), actor=actor, renew=False)
        except (AlreadyClaimed, IllegalTransition):
            continue
    return None


# ---- decisions ------------------------------------------------------------------------------

def decide_post(post: Post, *, actor, outcome: str, reasons: list[str], message: str, version: int,
                serious: bool = False, assess: bool = True, draw: bool = True) -> Decision:
    """Record an editor's decision on the revision they saw; stale or unclaimed decisions are refused.

    ``serious`` marks a violation as serious (5.4-IV.6: serious adult content escalates to Level 2);
    ``draw=False`` keeps it out of the double-review draw (a senior editor's ruling)."""
    outcome = Decision.Outcome(outcome)
    if outcome != Decision.Outcome.APPROVE and not reasons:
        raise InvalidPost("退回、退稿或下线时请至少选择一条原因。", field="reasons")
    with transaction.atomic():
        post = locked_post(post.pk)
        _ensure_fresh(post, actor=actor, version=version, outcome=outcome)
        held = hold_for_stages(post, actor=actor, outcome=outcome, reasons=reasons, message=message)
        if held is not None:  # issue 14: another stage reviews it before it goes online
            return held
        decision = Decision(
            post=post, revision=post.current_revision, editor=actor, outcome=outcome,
            reasons=list(dict.fromkeys(reasons)), message=message, serious=serious and outcome in VIOLATION_OUTCOMES,
        )
        drop_claim(post)
        decision.save()
        transition(post, DECISION_EVENTS[outcome], actor=actor, note=message, decision=decision,
                   reasons=decision.reasons, serious=decision.serious)
        if check_decision(decision, draw=draw):  # a gold copy: compared with its known answer, no consequences
            return decision
        if outcome != Decision.Outcome.APPROVE:
            ViolationRecord.objects.create(
                post=post, decision=decision, title=post.current_revision.title, author=post.author,
                reasons=decision.reasons, editor=actor,
            )
        if outcome == Decision.Outcome.TAKE_OFFLINE:
            close_audit_on_take_offline(decision)
        if assess:  # False: a re-screen's take-offline (issue 14) carries no penalty
            assess_decision(decision)
    return decision


def _ensure_fresh(post: Post, *, actor, version: int, outcome) -> None:
    if post.version != version:
        raise StaleDecision("文章在你打开后已发生变化（作者修改或他人已处理），请刷新后重新审核。")
    if outcome == Decision.Outcome.TAKE_OFFLINE:
        return
    now = timezone.now()
    if post.claimed_by_id and post.claimed_by_id != actor.pk and post.claim_expires_at and post.claim_expires_at > now:
        raise AlreadyClaimed("该文章已被其他编辑认领，你的决定未被记录。")


# ---- findings -------------------------------------------------------------------------------

def dismiss_finding(finding: Finding, *, actor, dismissed: bool = True) -> Finding:
    """Mark a finding as a false alarm (or restore it); recorded with who and when, and the post's
    risk counts follow so the queue order stays honest."""
    with transaction.atomic():
        post = locked_post(finding.revision.post_id)
        finding = Finding.objects.select_for_update().get(pk=finding.pk)
        finding.dismissed_by, finding.dismissed_at = (actor, timezone.now()) if dismissed else (None, None)
        finding.save(update_fields=["dismissed_by", "dismissed_at"])
        if finding.revision_id == post.current_revision_id:
            live = Finding.objects.filter(revision_id=finding.revision_id, dismissed_at__isnull=True)
            post.block_count = live.filter(severity="block").count()
            post.warn_count = live.filter(severity="warn").count()
            post.save(update_fields=["block_count", "warn_count"])
        log_event(actor, Verb.DISMISS_FINDING if dismissed else Verb.RESTORE_FINDING, finding, post=post,
                  author=post.author_id, rule=finding.rule, target=finding.target, excerpt=finding.excerpt[:200])
    return finding


# ---- decisions held for their undo window (issue 11) ------------------------------------------
#
# The desk never decides at once: ``hold_decision`` checks the decision and keeps it, undoable by its
# editor, for settings.DECISION_UNDO_SECONDS; ``apply_due_decisions`` (rqcron, and each desk request
# of its editor) then applies it through ``decide_post``. Held rather than applied-then-reverted: while
# held there is no Decision, no penalty and no notice row at all, so nothing can be in force or reach
# the author (the notices job and every standing query see nothing), and an undo has nothing to revert.

PLACEHOLDER = re.compile(r"\{[^{}\s]{1,20}\}")


def undo_window() -> timedelta:
    return timedelta(seconds=settings.DECISION_UNDO_SECONDS)


def live_block_findings(post: Post):
    return Finding.objects.filter(revision_id=post.current_revision_id, severity="block", dismissed_at__isnull=True)


def check_decision_input(post: Post, *, outcome, reasons, message: str, override: str = "") -> None:
    """Issue 11's rules for a decision made at the desk; raises InvalidPost with the editor's sentence.
    Approvals carry no reasons and pass block findings only when each is dismissed or overridden;
    a return or a reject carries a message to the author with every template placeholder filled."""
    outcome = Decision.Outcome(outcome)
    if outcome == Decision.Outcome.APPROVE:
        if reasons:
            raise InvalidPost("通过的决定不带原因，请取消所选原因。", field="reasons")
        blocking = list(live_block_findings(post).values_list("rule", flat=True))
        if blocking and not override.strip():
            raise InvalidPost(f"还有 {len(blocking)} 条阻断发现（{'、'.join(dict.fromkeys(blocking))}）："
                              "请逐条标记误报，或填写越过它们通过的理由。", field="override")
        return
    if not reasons:
        raise InvalidPost("退回、退稿或下线时请至少选择一条原因。", field="reasons")
    if outcome in (Decision.Outcome.RETURN, Decision.Outcome.REJECT) and not message.strip():
        raise InvalidPost("退回修改或退稿时请给作者留言，说明原因和修改方法。", field="message")
    left = PLACEHOLDER.findall(message)
    if left:
        raise InvalidPost(f"留言中还有未填写的模板占位符：{'、'.join(dict.fromkeys(left))}，请替换为具体内容。",
                          field="message")


def hold_decision(post: Post, *, actor, outcome: str, reasons: list[str], message: str, version: int,
                  serious: bool = False, override: str = "", batch: str = "") -> HeldDecision:
    """Accept an editor's decision into its undo window (see above); one audit event."""
    outcome = Decision.Outcome(outcome)
    reasons = list(dict.fromkeys(reasons))
    with transaction.atomic():
        post = locked_post(post.pk)
        _ensure_fresh(post, actor=actor, version=version, outcome=outcome)
        check_decision_input(post, outcome=outcome, reasons=reasons, message=message, override=override)
        if outcome != Decision.Outcome.TAKE_OFFLINE and not (post.state == State.IN_QUEUE and post.claimed_by_id == actor.pk):
            raise IllegalTransition("请先认领这篇文章，再做出决定。")
        if HeldDecision.objects.filter(post=post, status=HeldDecision.Status.HELD).exists():
            raise IllegalTransition("这篇文章已有一个待生效的决定。")
        now = timezone.now()
        held = HeldDecision.objects.create(
            post=post, editor=actor, outcome=outcome, reasons=reasons, message=message.strip(),
            serious=serious and outcome in VIOLATION_OUTCOMES, override=override.strip(), version=post.version,
            batch=batch, due_at=now + undo_window(),
            consequence=decision_consequence(post, outcome, reasons, serious=serious, now=now).sentence_zh,
        )
        if post.claimed_by_id == actor.pk:  # no other editor takes it while the decision is held
            Post.objects.filter(pk=post.pk).update(claim_expires_at=max(_lease_end(), held.due_at + undo_window()))
        log_event(actor, Verb.DECISION_HOLD, post, outcome=outcome.value, reasons=reasons, held=held.pk,
                  due_at=held.due_at, consequence=held.consequence, override=held.override, batch=batch)
    return held


def undo_decision(held: HeldDecision, *, actor) -> HeldDecision:
    """The deciding editor takes a held decision back within its window; the post stays theirs to
    decide again. After the window only an appeal reverses a decision."""
    with transaction.atomic():
        held = HeldDecision.objects.select_for_update().get(pk=held.pk)
        if held.editor_id != actor.pk:
            raise IllegalTransition("只有做出决定的编辑可以撤销。")
        if held.status != HeldDecision.Status.HELD or timezone.now() >= held.due_at:
            raise IllegalTransition("撤销期已过，决定已生效；如有异议只能通过申诉更正。")
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
        held = HeldDecision.objects.select_for_update().select_related("post", "editor").get(pk=held.pk)
        if held.status != HeldDecision.Status.HELD or (now or timezone.now()) < held.due_at:
            return held
        try:
            with transaction.atomic():
                applied = decision_consequence(held.post, held.outcome, held.reasons, serious=held.serious)
                decision = decide_post(held.post, actor=held.editor, outcome=held.outcome, reasons=held.reasons,
                                       message=held.message, version=held.version, serious=held.serious)
        except DeskError as exc:
            held.status, held.error = HeldDecision.Status.FAILED, exc.message
            log_event(None, Verb.DECISION_HOLD_FAIL, held.post, held=held.pk, error=exc.message)
        else:
            held.status, held.decision = HeldDecision.Status.APPLIED, decision
            held.applied_consequence = applied.sentence_zh
        held.settled_at = timezone.now()
        held.save(update_fields=["status", "decision", "applied_consequence", "error", "settled_at"])
    return held


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
