"""Penalties (第五章 3–4): record what authors.standing decides (asked through authors.records), and
the admin's actions on them — issue, lift, shorten, confirm or dismiss a Level 2, overturn on appeal,
close news posting; login blocks and restores that Level 2 brings."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from authors import records, standing
from authors.errors import StandingConflict
from authors.models import Assessment, Author, Level2Proposal, Penalty

from ..checks.engine import Wording, say
from ..audit import Verb, log_event
from ..lifecycle import Event
from ..models import Decision, Post, RefusedSubmission
from .core import require_reason as _require
from .core import said
from .core import save_row as _save
from .moves import move_post, withdraw_all_posts
from .whitelist import revoke_whitelist


# ---- what the ladder decides ------------------------------------------------------------------

def assess_decision(decision: Decision) -> Assessment | None:
    """第五章 4 for a confirmed reject (return, reject or take_offline): record the penalty, the
    warning or the Level 2 proposal it brings. Assessed once, however often it is called."""
    if decision.outcome not in records.VIOLATION_OUTCOMES:
        return None
    existing = Assessment.objects.filter(decision=decision).first()
    if existing:
        return existing
    with transaction.atomic():
        author = _locked_author(decision.post.author_id)
        outcome = records.reject_outcome(decision)
        return _record(author, outcome, now=decision.created_at, post=decision.post, decision=decision)


def assess_unchanged_resubmission(author: Author, *, post: Post) -> Assessment | None:
    """4.2(3) and 5.4-I.5: the latest refused unchanged resubmission of ``post``, assessed once."""
    refusal = (RefusedSubmission.objects.filter(post=post, unchanged=True, assessment__isnull=True)
               .order_by("-created_at", "-id").first())
    if refusal is None:
        return None
    with transaction.atomic():
        author = _locked_author(author.pk)
        outcome = records.unchanged_resubmission_outcome(author, refusal)
        return _record(author, outcome, now=refusal.created_at, post=post, refusal=refusal)


def _locked_author(author_id: int) -> Author:
    # Two rejects of one author decided at once must see each other (the second Level 1 proposes
    # Level 2): the author row is the lock; the callers are inside the decision's transaction.
    return Author.objects.select_for_update().get(pk=author_id)


def _record(author, outcome: standing.PenaltyOutcome, *, now, post, decision=None, refusal=None) -> Assessment:
    penalty = proposal = None
    if outcome.penalty:
        penalty = _create(author, outcome.penalty, post=post, decision=decision, actor=None)
    if outcome.proposal:
        proposal = propose_level2(author, outcome.proposal, decision=decision)
    revoked = outcome.revokes_whitelist and revoke_whitelist(
        author, actor=None, reason=say("第五章2：白名单作者的文章被发现违规（文章#{post}）。{reason}", post=post.pk,
                                       reason=outcome.reason))
    assessment = Assessment(
        author=author, post=post, decision=decision, refused_submission=refusal,
        categories=sorted(outcome.categories), warning=outcome.warning, reason=outcome.reason_zh,
        wording=outcome.reason.to_dict(),
        penalty=penalty, proposal=proposal, revoked_whitelist=bool(revoked),
    )
    return _save(assessment, Verb.ASSESS, actor=None, reason=outcome.reason_zh, reason_wording=assessment.wording,
                 decision=decision, refusal=refusal, warning=outcome.warning, penalty=penalty, proposal=proposal)


def _create(author, p: standing.Penalty, *, post=None, decision=None, proposal=None, linked_from=None,
            actor) -> Penalty:
    penalty = Penalty(author=author, level=p.level.value, starts_at=p.start, ends_at=p.end, clause=p.clause,
                      reason=p.reason_zh, wording=p.reason.to_dict() if p.reason else None, post=post,
                      decision=decision, proposal=proposal,
                      linked_from=linked_from, issued_by=actor)
    return _save(penalty, Verb.PENALTY_ISSUE, actor=actor, reason=p.reason_zh, reason_wording=penalty.wording,
                 level=p.level.value, clause=p.clause, ends_at=p.end, decision=decision, linked_from=linked_from)


def _evidence_json(evidence, *, current_decision_id) -> list[dict]:
    # The decision being assessed has no ID in the pure data; it is the one this proposal rests on.
    return [{
        "clause": e.clause, "clause_zh": standing.clause_zh(e.clause), "summary_zh": e.summary_zh,
        "summary": (e.summary if isinstance(e.summary, Wording) else say("{text}", text=e.summary)).to_dict(),
        "decision_ids": [d.id if d.id is not None else current_decision_id for d in e.decisions],
        "penalty_ids": [p.id for p in e.penalties if p.id is not None],
    } for e in evidence]


def propose_level2(author: Author, proposal: standing.Level2Proposal, *, decision=None,
                   actor=None) -> Level2Proposal:
    """Record a Level 2 proposal for an admin; new evidence joins a proposal already pending."""
    evidence = _evidence_json(proposal.evidence, current_decision_id=decision.pk if decision else None)
    row = Level2Proposal.objects.filter(author=author, status=Level2Proposal.Status.PENDING).first()
    if row is None:
        row = Level2Proposal(author=author, decision=decision, evidence=[])
    row.evidence = row.evidence + evidence
    row.clauses = ", ".join(dict.fromkeys(e["clause"] for e in row.evidence))[:200]
    row.reason = "；".join(f"{e['summary_zh']}（{e['clause_zh']}）" for e in row.evidence)
    return _save(row, Verb.LEVEL2_PROPOSE, actor=actor, reason=row.reason, reason_wording=row.wording,
                 decision=decision, clauses=[e["clause"] for e in evidence])


# ---- the admin's actions ----------------------------------------------------------------------

def issue_penalty(author: Author, *, actor, level: str, reason: str, clause: str = "", post=None,
                  now: datetime | None = None) -> Penalty | Level2Proposal:
    """An admin's own penalty. A Level 1 or a 7-day closure bans for 7 days, a permanent closure for
    good; a Level 2 is proposed with the admin's reason as its evidence and confirmed at once."""
    reason, now = _require(reason), now or timezone.now()
    if level == Penalty.Level.LEVEL_2:
        proposal = propose_level2(author, standing.Level2Proposal(
            (standing.Evidence(clause or "5.4-IV", reason),)), actor=actor)
        return confirm_level2(proposal, actor=actor, note=reason, now=now)
    end = None if level == Penalty.Level.PERMANENT else now + timedelta(days=standing.BAN_DAYS)
    with transaction.atomic():
        return _create(author, standing.Penalty(level, now, end, clause=clause, reason_zh=standing.ADMIN_PENALTY_REASON.format(reason=reason),
                                           reason=say(standing.ADMIN_PENALTY_REASON, reason=reason)),
                       post=post, actor=actor)


def _locked_penalty(penalty: Penalty) -> Penalty:
    return Penalty.objects.select_for_update().get(pk=penalty.pk)


def lift_penalty(penalty: Penalty, *, actor, reason: str | Wording, now: datetime | None = None) -> Penalty:
    """End a ban now (it still counts as received, 5.4-IV.2). A Level 2 lift frees the linked accounts
    banned with it and lets the accounts log in again."""
    reason, now = _require(reason), now or timezone.now()
    with transaction.atomic():
        penalty = _locked_penalty(penalty)
        if not penalty.is_active(now):
            raise StandingConflict("该处罚已经结束，无需解除。")
        penalty.lifted_at, penalty.lifted_by = now, actor
        penalty.admin_reason, penalty.admin_wording = said(reason)
        _save(penalty, Verb.PENALTY_LIFT, actor=actor, reason=penalty.admin_reason,
              reason_wording=penalty.admin_wording)
        for linked in penalty.linked_bans.all():
            if linked.is_active(now):
                lift_penalty(linked, actor=actor, now=now,
                             reason=say("关联账号的二级处罚已解除：{reason}", reason=reason))
        _restore_login(penalty.author, now, actor=actor)
    return penalty


def shorten_penalty(penalty: Penalty, *, actor, ends_at: datetime, reason: str,
                    now: datetime | None = None) -> Penalty:
    """Bring a ban's end forward (a Level 2 can only be lifted)."""
    reason, now = _require(reason), now or timezone.now()
    with transaction.atomic():
        penalty = _locked_penalty(penalty)
        if not penalty.is_active(now):
            raise StandingConflict("该处罚已经结束，不能再缩短。")
        if penalty.level == Penalty.Level.LEVEL_2:
            raise StandingConflict("二级处罚不能缩短，只能解除。")
        if ends_at <= penalty.starts_at or (penalty.ends_at is not None and ends_at >= penalty.ends_at):
            raise StandingConflict("新的结束时间须晚于开始时间、早于原结束时间。")
        before = penalty.ends_at
        penalty.ends_at, penalty.admin_reason, penalty.admin_wording = ends_at, reason, None
        _save(penalty, Verb.PENALTY_SHORTEN, actor=actor, reason=reason, ends_at_before=before, ends_at=ends_at)
    return penalty


def confirm_level2(proposal: Level2Proposal, *, actor, note: str = "", now: datetime | None = None) -> Penalty:
    """第五章 3 二级处罚: all the author's posts offline, the account and its linked accounts banned
    (no login, no posting), the whitelist revoked."""
    now = now or timezone.now()
    with transaction.atomic():
        proposal = Level2Proposal.objects.select_for_update().get(pk=proposal.pk)
        if proposal.status != Level2Proposal.Status.PENDING:
            raise StandingConflict(say("该提议已{status}。", status=say(str(proposal.get_status_display()))))
        author = proposal.author
        pure = standing.level2_penalty(standing.Level2Proposal(tuple(
            standing.Evidence(e["clause"], Wording.from_dict(e["summary"]) if "summary" in e else e["summary_zh"])
            for e in proposal.evidence)), now)
        penalty = _create(author, pure, decision=proposal.decision, proposal=proposal, actor=actor)
        proposal.status, proposal.decided_by, proposal.decided_at, proposal.note = (
            Level2Proposal.Status.CONFIRMED, actor, now, note)
        _save(proposal, Verb.LEVEL2_CONFIRM, actor=actor, reason=note, penalty=penalty)
        withdrawn = withdraw_all_posts(author, actor=actor, note=_level2_withdrawal(penalty))
        penalty.taken_offline.add(*withdrawn)
        _ban_linked(penalty, actor=actor)
        revoke_whitelist(author, actor=actor, reason=say("二级处罚（#{id}）", id=penalty.pk))
        _block_login([author.user_id, *penalty.linked_bans.values_list("author__user_id", flat=True)],
                     actor=actor, penalty=penalty)
    return penalty


def _level2_withdrawal(penalty: Penalty) -> Wording:
    return say("二级处罚（#{id}）：该作者所有文章下线", id=penalty.pk)


def _ban_linked(penalty: Penalty, *, actor) -> None:
    author = penalty.author
    for other in Author.objects.filter(pk__in=list(records.linked_authors(author))):
        if records.has_active_level2(other.pk, penalty.starts_at):
            continue
        why = say("关联账号 {author} 受二级处罚，按第五章3一并封停。", author=str(author))
        _create(other, standing.Penalty(standing.Level.LEVEL_2, penalty.starts_at, None, clause=penalty.clause,
                                        reason_zh=str(why), reason=why), linked_from=penalty, actor=actor)


def dismiss_level2(proposal: Level2Proposal, *, actor, note: str | Wording,
                   now: datetime | None = None) -> Level2Proposal:
    note, note_wording = said(_require(note))
    with transaction.atomic():
        proposal = Level2Proposal.objects.select_for_update().get(pk=proposal.pk)
        if proposal.status != Level2Proposal.Status.PENDING:
            raise StandingConflict(say("该提议已{status}。", status=say(str(proposal.get_status_display()))))
        proposal.status, proposal.decided_by, proposal.decided_at, proposal.note = (
            Level2Proposal.Status.DISMISSED, actor, now or timezone.now(), note)
        proposal.note_wording = note_wording
        return _save(proposal, Verb.LEVEL2_DISMISS, actor=actor, reason=note, reason_wording=note_wording)


# ---- Level 2 follows history (issue 11) -------------------------------------------------------

def recompute_level2(author: Author, *, actor, note: str, now: datetime | None = None) -> list[Level2Proposal]:
    """After an appeal overturns a decision or a penalty: every Level 2 proposal of ``author`` the
    ladder made is assessed again, as of the event that raised it, from the history that still counts.
    A pending one whose grounds are no longer met is withdrawn (dismissed, saying why); a confirmed one
    whose penalty is still in force is put in front of an admin (flag_level2_basis), never lifted by
    itself. A proposal an admin made by hand is left to the admin. Returns the withdrawn proposals."""
    withdrawn = []
    for proposal in Level2Proposal.objects.filter(author=author, status__in=[
            Level2Proposal.Status.PENDING, Level2Proposal.Status.CONFIRMED], basis_overturned_at__isnull=True):
        if _grounds_remain(author, proposal):
            continue
        if proposal.status == Level2Proposal.Status.CONFIRMED:
            flag_level2_basis(proposal, actor=actor, note=note, now=now)
            continue
        dismiss_level2(proposal, actor=actor, now=now,
                       note=say("申诉成立后按剩余记录重新计算，已不再满足二级处罚条件，提议撤回：{note}", note=note))
        withdrawn.append(proposal)
    return withdrawn


def _grounds_remain(author: Author, proposal: Level2Proposal) -> bool:
    assessment = Assessment.objects.filter(proposal=proposal).select_related("decision", "refused_submission").first()
    if assessment is None:  # proposed by hand
        return True
    return assessment.overturned_at is None and _reassessed(author, assessment).proposal is not None


def flag_level2_basis(proposal: Level2Proposal, *, actor, note: str, now: datetime | None = None) -> Level2Proposal:
    """A confirmed Level 2 whose grounds an appeal removed goes to an admin's review (the admin's desk
    lists it with the lift action) when its penalty is still in force; one audit event."""
    now = now or timezone.now()
    in_force = [p for p in Penalty.objects.filter(proposal=proposal, linked_from__isnull=True) if p.is_active(now)]
    if not in_force:
        return proposal
    proposal.basis_overturned_at = now
    proposal.basis_note, proposal.basis_wording = said(say("二级处罚依据已被申诉推翻，请复核：{note}", note=note))
    return _save(proposal, Verb.LEVEL2_BASIS_OVERTURNED, actor=actor, reason=proposal.basis_note,
                 reason_wording=proposal.basis_wording,
                 update_fields=["basis_overturned_at", "basis_note", "basis_wording"], penalty=in_force[0].pk)


def _reassessed(author: Author, assessment: Assessment) -> standing.PenaltyOutcome:
    """The ladder's outcome for the assessed event, from the history before it that still counts
    (decisions reversed on appeal and overturned penalties do not; what this event brought is left out)."""
    decision, refusal = assessment.decision, assessment.refused_submission
    at = decision.created_at if decision is not None else refusal.created_at
    record = records.author_record(author, exclude_decision_id=getattr(decision, "pk", None),
                                   exclude_refusal_id=getattr(refusal, "pk", None))
    record = replace(
        record,
        decisions=[d for d in record.decisions if d.at <= at],
        penalties=[p for p in record.penalties if p.start <= at and p.id != assessment.penalty_id],
        unchanged_resubmissions=[u for u in record.unchanged_resubmissions if u.at <= at],
    )
    if decision is not None:
        return standing.consequence(record, decision.outcome, decision.reasons, at, post_id=decision.post_id,
                                    serious=decision.serious).outcome
    return standing.penalty_for_unchanged_resubmission(record, at, post_id=refusal.post_id)


def overturn_penalty(penalty: Penalty, *, actor, note: str, now: datetime | None = None) -> Penalty:
    """An upheld appeal annuls the penalty: it neither bans nor counts. A Level 2's linked bans go
    with it; the posts it took offline return to the queue for a fresh review."""
    now = now or timezone.now()
    with transaction.atomic():
        penalty = _locked_penalty(penalty)
        if penalty.overturned_at:
            return penalty
        penalty.overturned_at = now
        _save(penalty, Verb.PENALTY_OVERTURN, actor=actor, reason=note)
        for linked in penalty.linked_bans.all():
            overturn_penalty(linked, actor=actor, note=note, now=now)
        for post in penalty.taken_offline.all():
            move_post(post.pk, Event.REINSTATE, actor=actor, note=say("申诉成立，撤销处罚#{id}，文章重新进入审核队列", id=penalty.pk))
        _restore_login(penalty.author, now, actor=actor)
    return penalty


def _block_login(user_ids, *, actor, penalty=None) -> int:
    """Refuse these accounts at login (Django refuses inactive users and drops their sessions,
    ModelBackend.get_user); one audit event per account blocked."""
    blocked = 0
    for user in get_user_model().objects.filter(pk__in=list(user_ids), is_active=True).select_related("author"):
        user.is_active = False
        user.save(update_fields=["is_active"])
        log_event(actor, Verb.LOGIN_BLOCK, user, author=getattr(user, "author", None), penalty=penalty)
        blocked += 1
    return blocked


def _restore_login(author: Author, now, *, actor) -> None:
    if records.has_active_level2(author.pk, now):
        return
    user = get_user_model().objects.filter(pk=author.user_id, is_active=False).first()
    if user is not None:
        user.is_active = True
        user.save(update_fields=["is_active"])
        log_event(actor, Verb.LOGIN_RESTORE, user, author=author)


def enforce_level2_bans(now: datetime | None = None) -> int:
    """Periodic bookkeeping (bans themselves end on time with no job): accounts under an active
    Level 2 stay unable to log in, and any post of theirs that reached the queue or went online
    since (it was being scored at the time) is withdrawn. Safe to run twice."""
    now = now or timezone.now()
    changed = 0
    for penalty in Penalty.objects.filter(level=Penalty.Level.LEVEL_2, overturned_at__isnull=True,
                                          lifted_at__isnull=True, linked_from__isnull=True).select_related("author"):
        withdrawn = withdraw_all_posts(penalty.author, actor=None, note=_level2_withdrawal(penalty))
        penalty.taken_offline.add(*withdrawn)
        changed += len(withdrawn)
    banned = list(records.active_penalties(now=now).filter(level=Penalty.Level.LEVEL_2)
                  .values_list("author__user_id", flat=True))
    return changed + _block_login(banned, actor=None)


def set_news_posting(author: Author, *, actor, closed: bool, reason: str) -> Author:
    """第一章: an admin closes (or reopens) news posting for an author with a low pass rate."""
    reason = _require(reason)
    with transaction.atomic():
        author.news_posting_closed = closed
        return _save(author, Verb.NEWS_POSTING_CLOSE if closed else Verb.NEWS_POSTING_OPEN, actor=actor,
                     reason=reason, update_fields=["news_posting_closed"])
