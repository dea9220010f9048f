"""Notices to authors: found by scanning what happened (decisions, penalties, appeal results, late
reviews, fix-by deadlines, closures), written once each under a unique key, shown in the author's
inbox and e-mailed through Django's e-mail backend. The RQ job that calls ``send_notices`` may run
twice, or two at once: the key makes the second write nothing, and the e-mail is claimed by a
compare-and-set on ``emailed_at`` before it is sent, so no author gets a message twice."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _, gettext_lazy as _lazy, override

from authors import standing
from authors.models import Appeal, Penalty
from moderation.checks.engine import say
from moderation.lifecycle import PENDING_STATES, Event, State
from moderation.models import Decision, Post, PostEvent
from moderation.rulebook import RULES_BY_ID
from moderation.wording import say_message, say_text

from .models import Notice

log = logging.getLogger(__name__)

LOOKBACK = timedelta(days=3)  # how far back each run looks for events (runs are minutes apart)
CLOSE_EVENT = Event.EXPIRE  # a returned post closed past its fix-by date
_OUTCOME = {"approve": _lazy("审核通过，已发布"), "return": _lazy("被退回修改"), "reject": _lazy("未通过审核（退稿不用）"),
            "take_offline": _lazy("已被下线"), "auto_publish": _lazy("已自动发布（白名单）")}


@dataclass(frozen=True)
class Draft:
    key: str
    author_id: int
    kind: str
    post_id: int | None
    subject: str
    body: str
    link: str


def _post_link(post_id: int) -> str:
    return reverse("author_post", args=[post_id])


def _reasons(reasons) -> str:
    return _("；").join(_("%(name)s（%(rule)s）") % {"name": _(RULES_BY_ID[r].name_zh), "rule": r}
                        if r in RULES_BY_ID else r for r in reasons or ())


def _outcome(outcome: str) -> str:
    return str(_OUTCOME.get(outcome, outcome))


# Each notice is written in its author's language (Author.language), whatever the job's own.

def decision_drafts(since: datetime):
    rows = (Decision.objects.filter(created_at__gte=since).exclude(post__gold_check__isnull=False)
            .select_related("post__author", "revision").order_by("id"))
    for d in rows:
        with override(d.post.author.language):
            title = d.revision.title
            body = _("你的文章《%(title)s》%(outcome)s。") % {"title": title, "outcome": _outcome(d.outcome)}
            if d.reasons:
                body += "\n" + _("原因：%(reasons)s") % {"reasons": _reasons(d.reasons)}
            if d.message:
                body += "\n" + _("编辑留言：%(message)s") % {"message": say_text(d.wording, d.message)}
            if d.outcome == Decision.Outcome.RETURN:
                body += "\n" + _("请在%(days)s天内修改后重新提交，逾期文章将关闭（不计处罚）。") % {"days": settings.FIX_BY_DAYS}
            subject = _("审核结果：《%(title)s》%(outcome)s") % {"title": title, "outcome": _outcome(d.outcome)}
        yield Draft(f"decision:{d.pk}", d.post.author_id, Notice.Kind.DECISION, d.post_id, subject, body,
                    _post_link(d.post_id))


def _penalty_term(p: Penalty, level: str) -> str:
    """The notice's first line: the level and the end (in Beijing time) unless the reason says them."""
    with override("zh-hans"):
        level_zh = p.get_level_display()
    if standing.term_said(p.reason, level_zh, p.ends_at):
        return _("你受到处罚。")
    if p.ends_at is None:
        return _("你受到处罚：%(level)s。") % {"level": level}
    return _("你受到处罚：%(level)s，至%(until)s。") % {"level": level, "until": say_message(standing.at(p.ends_at))}


def penalty_drafts(since: datetime):
    for p in Penalty.objects.filter(created_at__gte=since).select_related("author").order_by("id"):
        with override(p.author.language):
            level = p.get_level_display()
            body = _penalty_term(p, level)
            # The stored reason is a sentence of its own (一级处罚：…。原因：…): no 原因： before it, as on the ban banner.
            body += "\n" + say_text(p.wording, p.reason)
            if unnamed := standing.unnamed_clauses(p.clause, p.reason):  # the ladder's reasons name theirs
                clauses = say("{clause}", clause=[standing.clause_said(c) for c in unnamed])
                body += _("（%(clause)s）") % {"clause": say_message(clauses)}
            body += "\n" + _("如有异议，可在%(days)s天内申诉。") % {"days": settings.APPEAL_WINDOW_DAYS}
            subject = _("处罚通知：%(level)s") % {"level": level}
        yield Draft(f"penalty:{p.pk}", p.author_id, Notice.Kind.PENALTY, p.post_id, subject, body, reverse("my_appeals"))


def appeal_drafts(since: datetime):
    for a in (Appeal.objects.filter(decided_at__gte=since).exclude(status=Appeal.Status.PENDING)
              .select_related("author").order_by("id")):
        with override(a.author.language):
            target = (_("审核决定 #%(id)s") % {"id": a.decision_id} if a.decision_id
                      else _("处罚 #%(id)s") % {"id": a.penalty_id})
            status = a.get_status_display()
            body = _("你对%(target)s的申诉：%(status)s。") % {"target": target, "status": status}
            body += "\n" + _("处理说明：%(response)s") % {"response": a.response}
            subject = _("申诉结果：%(status)s") % {"status": status}
        yield Draft(f"appeal:{a.pk}", a.author_id, Notice.Kind.APPEAL, None, subject, body, reverse("my_appeals"))


def late_drafts(now: datetime):
    """A post still waiting past the target: once per submitted version."""
    target = settings.REVIEW_TARGET_HOURS
    late = (Post.objects.filter(state__in=[s.value for s in PENDING_STATES],
                                current_revision__created_at__lt=now - timedelta(hours=target),
                                current_revision__created_at__gte=now - LOOKBACK - timedelta(hours=target))
            .exclude(gold_check__isnull=False).select_related("current_revision", "author").order_by("id"))
    for post in late:
        title = post.current_revision.title
        with override(post.author.language):
            body = _("你的文章《%(title)s》仍在审核中，已超过通常的%(hours)s小时。我们已提醒编辑尽快处理，"
                     "审核完成后会立即通知你。抱歉让你久等。") % {"title": title, "hours": target}
            subject = _("审核延迟：《%(title)s》") % {"title": title}
        yield Draft(f"late:{post.current_revision_id}", post.author_id, Notice.Kind.LATE_REVIEW, post.pk,
                    subject, body, _post_link(post.pk))


def fix_by_drafts(now: datetime):
    """A returned post one day before its fix-by deadline (settings.FIX_BY_DAYS after the return)."""
    days = settings.FIX_BY_DAYS
    window = (now - timedelta(days=days), now - timedelta(days=days - 1))
    returns = (Decision.objects.filter(outcome=Decision.Outcome.RETURN, created_at__range=window,
                                       post__state=State.RETURNED)
               .exclude(post__gold_check__isnull=False).select_related("post__author", "revision").order_by("id"))
    for d in returns:
        if d.post.current_revision_id != d.revision_id:
            continue
        deadline = timezone.localtime(d.created_at + timedelta(days=days))
        title = d.revision.title
        with override(d.post.author.language):
            body = _("你的文章《%(title)s》被退回修改，修改期限为 %(deadline)s。逾期未重新提交，文章将关闭（不计处罚）。") % {
                "title": title, "deadline": f"{deadline:%Y-%m-%d %H:%M}"}
            subject = _("修改期限提醒：《%(title)s》") % {"title": title}
        yield Draft(f"fixby:{d.pk}", d.post.author_id, Notice.Kind.FIX_BY, d.post_id, subject, body,
                    _post_link(d.post_id))


def closed_drafts(since: datetime):
    for e in PostEvent.objects.filter(event=CLOSE_EVENT, created_at__gte=since).select_related(
            "post__current_revision", "post__author").order_by("id"):
        title = e.post.current_revision.title if e.post.current_revision_id else ""
        with override(e.post.author.language):
            body = _("你的文章《%(title)s》退回后%(days)s天内未重新提交，已关闭。此次关闭不计处罚。") % {
                "title": title, "days": settings.FIX_BY_DAYS}
            subject = _("文章已关闭：《%(title)s》") % {"title": title}
        yield Draft(f"closed:{e.pk}", e.post.author_id, Notice.Kind.CLOSED, e.post_id, subject, body,
                    _post_link(e.post_id))


def drafts(now: datetime):
    since = now - LOOKBACK
    yield from decision_drafts(since)
    yield from penalty_drafts(since)
    yield from appeal_drafts(since)
    yield from late_drafts(now)
    yield from fix_by_drafts(now)
    yield from closed_drafts(since)


def record_notices(now: datetime | None = None) -> int:
    """Write the notices not yet written; returns how many are new."""
    now = now or timezone.now()
    pending = list(drafts(now))
    known = set()
    keys = [d.key for d in pending]
    for i in range(0, len(keys), 1000):
        known.update(Notice.objects.filter(key__in=keys[i:i + 1000]).values_list("key", flat=True))
    created = 0
    for d in pending:
        if d.key in known:
            continue
        try:
            with transaction.atomic():
                Notice.objects.create(key=d.key, author_id=d.author_id, kind=d.kind, post_id=d.post_id,
                                      subject=d.subject, body=d.body, link=d.link)
            created += 1
        except IntegrityError:  # another run wrote it first
            continue
    return created


def email_notices(now: datetime | None = None, limit: int = 500) -> int:
    """E-mail notices not yet e-mailed, each claimed first so that only one run sends it."""
    now = now or timezone.now()
    sent = 0
    for notice in (Notice.objects.filter(emailed_at__isnull=True, email_error="")
                   .select_related("author__user").order_by("id")[:limit]):
        address = notice.author.user.email
        if not address:
            Notice.objects.filter(pk=notice.pk, emailed_at__isnull=True).update(email_error="作者未留电子邮箱")
            continue
        if not Notice.objects.filter(pk=notice.pk, emailed_at__isnull=True).update(emailed_at=now):
            continue  # another run claimed it
        try:
            body = f"{notice.body}\n\n{settings.SITE_URL}{notice.link}" if notice.link else notice.body
            with override(notice.author.language):
                subject = _("[审核台] %(subject)s") % {"subject": notice.subject}
            send_mail(subject, body, None, [address])
            sent += 1
        except Exception as exc:  # noqa: BLE001 — any backend error is recorded on the notice, not retried
            log.warning("notice %s not e-mailed", notice.pk, exc_info=True)
            Notice.objects.filter(pk=notice.pk).update(emailed_at=None, email_error=str(exc)[:500] or "error")
    return sent


def send_notices(now: datetime | None = None) -> tuple[int, int]:
    return record_notices(now), email_notices(now)


def unread_count(author) -> int:
    return Notice.objects.filter(author=author, read_at__isnull=True).count()
