"""Appeals: one per decision or penalty, filed within the window (settings.APPEAL_WINDOW_DAYS), decided
by an admin. An upheld appeal reverses the decision (the post goes back to the editors' queue) or
annuls the penalty, and says so to the author."""
from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from authors import identity, records
from authors.errors import AppealRefused, StandingConflict
from authors.models import Appeal, Assessment, Author, IdentityMarker, Level2Proposal, Penalty

from ..checks.engine import Wording, say
from ..audit import Verb
from ..lifecycle import Event
from ..models import Decision
from .core import save_row as _save
from .moves import move_post
from .penalties import dismiss_level2, overturn_penalty, recompute_level2
from .whitelist import grant_whitelist

MAX_APPEAL_CHARS = 2000


def _check_target(author: Author, decision: Decision | None, penalty: Penalty | None, now: datetime) -> None:
    if (decision is None) == (penalty is None):
        raise AppealRefused("请选择要申诉的一条审核决定或一项处罚。")
    if decision is not None:
        if decision.post.author_id != author.pk:
            raise AppealRefused("只能对自己文章的审核决定申诉。")
        if decision.outcome not in records.VIOLATION_OUTCOMES:
            raise AppealRefused("只有退回、退稿或下线的决定可以申诉。")
        start = decision.created_at
    else:
        if penalty.author_id != author.pk:
            raise AppealRefused("只能对自己受到的处罚申诉。")
        if penalty.overturned_at:
            raise AppealRefused("该处罚已被撤销。")
        start = penalty.starts_at
    days = settings.APPEAL_WINDOW_DAYS
    if now > start + timedelta(days=days):
        raise AppealRefused(say("已超过申诉期限：须在决定或处罚后{days}天内申诉。", days=days))


def file_appeal(author: Author, *, actor, text: str, decision: Decision | None = None, penalty: Penalty | None = None,
                now: datetime | None = None, **proof) -> Appeal:
    """The author's appeal against one of their decisions or penalties; AppealRefused otherwise."""
    now = now or timezone.now()
    text = (text or "").strip()
    if not text:
        raise AppealRefused("请写明申诉理由。")
    if len(text) > MAX_APPEAL_CHARS:
        raise AppealRefused(say("申诉理由请控制在{n}字以内。", n=MAX_APPEAL_CHARS))
    _check_target(author, decision, penalty, now)
    target = {"decision": decision} if decision is not None else {"penalty": penalty}
    if Appeal.objects.filter(**target).exists():
        raise AppealRefused("已经对此提出过申诉，每项决定或处罚只能申诉一次。")
    try:
        with transaction.atomic():
            appeal = Appeal(author=author, decision=decision, penalty=penalty, text=text)
            return _save(appeal, Verb.APPEAL_FILE, actor=actor, reason=text, decision=decision, penalty=penalty, **proof)
    except IntegrityError:  # a second appeal racing the first
        raise AppealRefused("已经对此提出过申诉，每项决定或处罚只能申诉一次。") from None


CLOSED_NOT_PROVEN_ZH = "用户名与手机号或电子邮箱对不上，或这个账号没有被关闭。请检查后重试。"


def closing_penalty(author: Author, now: datetime | None = None) -> Penalty | None:
    """The Level 2 penalty in force that closes ``author``'s account (the latest), or None."""
    now = now or timezone.now()
    closing = [p for p in Penalty.objects.filter(author=author, level=Penalty.Level.LEVEL_2, overturned_at__isnull=True)
               .order_by("-starts_at", "-id") if p.is_active(now)]
    return closing[0] if closing else None


def file_closed_account_appeal(*, username: str, contact: str, text: str, now: datetime | None = None) -> Appeal:
    """An appeal from a person whose account a Level 2 penalty closed, who therefore cannot log in:
    they are proven by an identity marker already stored for the account (its phone number or
    e-mail, compared as keyed hashes). The appeal is against the closing penalty and an admin
    decides it like any other; a mismatch refuses without saying which part was wrong."""
    now = now or timezone.now()
    author = Author.objects.select_related("user").filter(user__username__iexact=(username or "").strip()).first()
    kind = IdentityMarker.Kind.EMAIL if "@" in (contact or "") else IdentityMarker.Kind.PHONE
    proven = author is not None and (contact or "").strip() and IdentityMarker.objects.filter(
        author=author, kind=kind, value_hash=identity.marker_hash(kind, contact)).exists()
    penalty = closing_penalty(author, now) if proven else None
    if penalty is None:
        raise AppealRefused(CLOSED_NOT_PROVEN_ZH)
    return file_appeal(author, actor=author.user, text=text, penalty=penalty, now=now, proven_by=kind.value)


def decide_appeal(appeal: Appeal, *, actor, upheld: bool, response: str, now: datetime | None = None) -> Appeal:
    """Record the admin's verdict; an upheld appeal reverses the decision or annuls the penalty."""
    response, now = (response or "").strip(), now or timezone.now()
    if not response:
        raise StandingConflict("请填写处理说明，作者会看到它。")
    with transaction.atomic():
        appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
        if appeal.status != Appeal.Status.PENDING:
            raise StandingConflict(say("该申诉已处理（{status}）。", status=say(str(appeal.get_status_display()))))
        if upheld and appeal.decision_id:
            reverse_decision(appeal.decision, actor=actor, note=response, now=now)
        elif upheld:
            overturn_penalty(appeal.penalty, actor=actor, note=response, now=now)
        if upheld:  # a Level 2 proposal that rested on what was overturned is assessed again
            recompute_level2(appeal.author, actor=actor, note=response, now=now)
        appeal.status = Appeal.Status.UPHELD if upheld else Appeal.Status.DISMISSED
        appeal.decided_by, appeal.decided_at, appeal.response = actor, now, response
        _save(appeal, Verb.APPEAL_UPHOLD if upheld else Verb.APPEAL_DISMISS, actor=actor, reason=response)
    return appeal


def reverse_decision(decision: Decision, *, actor, note: str, now: datetime | None = None) -> None:
    """Undo a reject: it no longer counts, the penalties and Level 2 proposal it brought are annulled,
    a whitelist it revoked is given back, and the post (if still where the decision put it) returns
    to the editors' queue."""
    annul_consequences(decision, actor=actor, note=note, now=now, cause=say(UPHELD_ZH))
    latest = decision.post.decisions.order_by("-created_at", "-id").values_list("pk", flat=True).first()
    if latest == decision.pk:
        move_post(decision.post_id, Event.REINSTATE, actor=actor,
                  note=say("申诉成立，撤销审核决定#{id}（{outcome}），文章重新进入审核队列：{note}", id=decision.pk,
                           outcome=say(str(decision.get_outcome_display())), note=note))


UPHELD_ZH = "申诉成立"


def annul_consequences(decision: Decision, *, actor, note: str, cause: Wording, now: datetime | None = None) -> None:
    """What a reversed violation decision brought under 第五章 no longer stands: its assessment is
    overturned, its penalties and Level 2 proposal annulled, a whitelist it revoked given back.
    ``cause`` (申诉成立, 资深编辑改判) heads the notes the author and the audit trail see."""
    now = now or timezone.now()
    assessment, _ = Assessment.objects.get_or_create(decision=decision, defaults={
        "author": decision.post.author, "post": decision.post})
    assessment.overturned_at = now
    _save(assessment, Verb.ASSESSMENT_OVERTURN, actor=actor, reason=note, update_fields=["overturned_at"],
          decision=decision)
    for penalty in decision.penalties.filter(overturned_at__isnull=True):
        overturn_penalty(penalty, actor=actor, note=note, now=now)
    for proposal in Level2Proposal.objects.filter(decision=decision, status=Level2Proposal.Status.PENDING):
        dismiss_level2(proposal, actor=actor, now=now,
                       note=say("{cause}，撤销审核决定#{id}：{note}", cause=cause, id=decision.pk, note=note))
    author = decision.post.author
    if assessment.revoked_whitelist and not records.is_whitelisted(author):
        grant_whitelist(author, actor=actor, now=now,
                        reason=say("{cause}，撤销审核决定#{id}，恢复白名单", cause=cause, id=decision.pk))
