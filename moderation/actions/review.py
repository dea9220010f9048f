"""Editors' writes: claims and releases, decisions, dismissed findings; taking an online post offline
is a decision too (outcome take_offline).

What a decision made at the desk must carry is checked here; the desk holds it for its undo window
first (actions.held). A decision's consequences are applied in its transaction: the violation record, the assessment
under 第五章 (penalties.assess_decision) and the whitelist audit it completes.
"""
from __future__ import annotations

import re
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from authors.records import decision_consequence

from ..audit import Verb, log_event
from ..errors import AlreadyClaimed, DeskError, IllegalTransition, InvalidPost, StaleDecision
from ..lifecycle import DECISION_EVENTS, VIOLATION_OUTCOMES, State
from ..models import Decision, Finding, Post, ViolationRecord
from ..queries import queue_order, unclaimed_queue
from .core import drop_claim, locked_post, transition
from .penalties import assess_decision
from .quality import check_decision
from .stage_gate import hold_for_stages
from .whitelist import close_audit_on_take_offline

# ---- claims ---------------------------------------------------------------------------------


def lease_end():
    return timezone.now() + timedelta(minutes=settings.CLAIM_LEASE_MINUTES)


def claim_post(post: Post, *, actor, renew: bool = True) -> Post:
    """Claim a queued post for the editor ``actor`` (compare-and-set: two editors never hold the same
    post). Opening a post one already holds renews the lease; ``renew=False`` treats it as taken (so
    "next" in two tabs of one editor never hands out the same post twice)."""
    now = timezone.now()
    claimable = Post.objects.filter(pk=post.pk, state=State.IN_QUEUE).exclude(
        claimed_by__isnull=False, claim_expires_at__gt=now
    )
    taken = claimable.exclude(claimed_by=actor).update(claimed_by=actor, claim_expires_at=lease_end())
    if taken:
        log_event(actor, Verb.CLAIM, post, author=Post.objects.values_list("author_id", flat=True).get(pk=post.pk))
    else:
        post = Post.objects.select_related("claimed_by").get(pk=post.pk)
        if post.claimed_by_id == actor.pk and post.state == State.IN_QUEUE and renew:
            Post.objects.filter(pk=post.pk).update(claim_expires_at=lease_end())  # renew own lease
        elif post.claimed_by_id and (post.claimed_by_id == actor.pk or post.claim_expires_at > now):
            raise AlreadyClaimed(_("该文章正由编辑 %(editor)s 审核中。") % {"editor": post.claimed_by.get_username()},
                                 holder=post.claimed_by_id)
        elif post.state != State.IN_QUEUE:
            raise IllegalTransition(_("该文章当前状态为“%(state)s”，不在待审核队列中。") % {"state": post.state_label})
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
        raise InvalidPost(_("退回、退稿或下线时请至少选择一条原因。"), field="reasons")
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
        raise StaleDecision(_("文章在你打开后已发生变化（作者修改或他人已处理），请刷新后重新审核。"))
    if outcome == Decision.Outcome.TAKE_OFFLINE:
        return
    now = timezone.now()
    if post.claimed_by_id and post.claimed_by_id != actor.pk and post.claim_expires_at and post.claim_expires_at > now:
        raise AlreadyClaimed(_("该文章已被其他编辑认领，你的决定未被记录。"))


def ensure_decidable(post: Post, *, actor, version: int, outcome) -> None:
    """A decision made at the desk (or sent by a forged POST) is refused before anything is written:
    a stale version, a post another editor holds, a post the editor has not claimed, or an outcome
    the post's state does not allow (taking offline a post that is not online)."""
    _ensure_fresh(post, actor=actor, version=version, outcome=outcome)
    if outcome == Decision.Outcome.TAKE_OFFLINE:
        if post.state != State.APPROVED:
            raise IllegalTransition(_("只有在线的文章可以下线。"))
    elif not (post.state == State.IN_QUEUE and post.claimed_by_id == actor.pk):
        raise IllegalTransition(_("请先认领这篇文章，再做出决定。"))


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


# ---- what a desk decision must carry (issue 11) ----------------------------------------------

PLACEHOLDER = re.compile(r"\{[^{}\s]{1,20}\}")


def live_block_findings(post: Post):
    return Finding.objects.filter(revision_id=post.current_revision_id, severity="block", dismissed_at__isnull=True)


def check_reasons_and_message(outcome, reasons, message: str) -> None:
    """Approvals carry no reasons; every other outcome at least one; a return or a reject carries a
    message to the author with every template placeholder filled. InvalidPost with the editor's sentence."""
    outcome = Decision.Outcome(outcome)
    if outcome == Decision.Outcome.APPROVE:
        if reasons:
            raise InvalidPost(_("通过的决定不带原因，请取消所选原因。"), field="reasons")
        return
    if not reasons:
        raise InvalidPost(_("退回、退稿或下线时请至少选择一条原因。"), field="reasons")
    if outcome in (Decision.Outcome.RETURN, Decision.Outcome.REJECT) and not message.strip():
        raise InvalidPost(_("退回修改或退稿时请给作者留言，说明原因和修改方法。"), field="message")
    left = PLACEHOLDER.findall(message)
    if left:
        raise InvalidPost(_("留言中还有未填写的模板占位符：%(left)s，请替换为具体内容。")
                          % {"left": "、".join(dict.fromkeys(left))}, field="message")


def check_decision_input(post: Post, *, outcome, reasons, message: str, override: str = "") -> None:
    """Issue 11's rules for a decision made at the desk (check_reasons_and_message); an approval passes
    live block findings only when each is dismissed or the editor gives an override reason."""
    check_reasons_and_message(outcome, reasons, message)
    if Decision.Outcome(outcome) == Decision.Outcome.APPROVE:
        blocking = list(live_block_findings(post).values_list("rule", flat=True))
        if blocking and not override.strip():
            raise InvalidPost(_("还有 %(count)d 条阻断发现（%(rules)s）：请逐条标记误报，或填写越过它们通过的理由。")
                              % {"count": len(blocking), "rules": "、".join(dict.fromkeys(blocking))}, field="override")
