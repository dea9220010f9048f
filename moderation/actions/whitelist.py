"""The whitelist (第五章 1–2): recomputed daily and on demand, granted or revoked by an admin with a
reason, revoked by the system when a whitelisted author's post is found in violation; and the
post-publication audit sample of auto-published posts (白名单抽检)."""
from __future__ import annotations

import random
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from authors import records, standing
from authors.errors import StandingConflict
from authors.models import AuditSample, Author, Whitelist

from ..checks.engine import Wording, say
from ..audit import Verb, log_event
from ..lifecycle import Event
from ..models import Post, PostEvent
from .core import require_reason as _require
from .core import said
from .core import save_row as _save


def grant_whitelist(author: Author, *, actor, reason: str | Wording, now: datetime | None = None) -> Whitelist:
    """Whitelist the author (actor None: the daily recomputation found them eligible). ``reason``: an
    admin's own words, or the system's (a Wording, said in the reader's language)."""
    reason, wording = said(_require(reason) if actor is not None else reason)
    with transaction.atomic():
        row = Whitelist.objects.select_for_update().filter(author=author).first() or Whitelist(author=author)
        if row.active:
            raise StandingConflict("该作者已在白名单中。")
        row.active, row.since, row.reason, row.granted_by = True, now or timezone.now(), reason, actor
        row.wording = wording
        return _save(row, Verb.WHITELIST_GRANT, actor=actor, reason=reason, reason_wording=wording)


def revoke_whitelist(author: Author, *, actor, reason: str | Wording, now: datetime | None = None) -> bool:
    """Take the author off the whitelist; False when they were not on it. To come back they need two
    new qualifying weeks after this moment. ``reason`` as for grant_whitelist."""
    reason, wording = said(reason)
    with transaction.atomic():
        row = Whitelist.objects.select_for_update().filter(author=author, active=True).first()
        if row is None:
            return False
        row.active, row.revoked_at, row.revoked_by, row.revoke_reason = False, now or timezone.now(), actor, reason
        row.revoke_wording = wording
        _save(row, Verb.WHITELIST_REVOKE, actor=actor, reason=reason, reason_wording=wording)
    return True


def recompute_whitelist(now: datetime | None = None) -> list[Author]:
    """第五章 1, daily at 03:00 Asia/Shanghai and on demand: whitelist every author with ≥10 posts in
    each of the last two complete calendar weeks, all passed. Only grants (revocation follows a
    violation or an admin); running it twice grants nobody twice."""
    now = now or timezone.now()
    granted = []
    for author in _candidates(now):
        row = Whitelist.objects.filter(author=author).first()
        eligibility = standing.whitelist_eligibility(
            records.submissions(author), now, not_before=row.revoked_at if row else None)
        if eligibility.eligible and records.posting_right(author, now).allowed:
            granted.append(author)
            grant_whitelist(author, actor=None, reason=eligibility.wording or eligibility.reason_zh, now=now)
    return granted


def _candidates(now: datetime):
    """Authors not whitelisted with enough posts submitted in the two weeks to possibly qualify."""
    start = standing.week_bounds(standing.week_start(now) - timedelta(weeks=standing.WHITELIST_WEEKS))[0]
    end = standing.week_bounds(standing.week_start(now))[0]
    need = standing.WHITELIST_MIN_POSTS_PER_WEEK * standing.WHITELIST_WEEKS
    ids = (PostEvent.objects.filter(event=Event.SUBMIT, created_at__gte=start, created_at__lt=end)
           .values("post__author").annotate(n=Count("post", distinct=True)).filter(n__gte=need)
           .values_list("post__author", flat=True))
    return Author.objects.filter(pk__in=list(ids)).exclude(whitelist__active=True)


# ---- auto-publish and the post-publication audit ----------------------------------------------

def sample_for_audit(post: Post, *, rate: float | None = None) -> AuditSample | None:
    """Draw an auto-published post for the post-publication audit with probability ``rate``
    (settings.WHITELIST_AUDIT_SAMPLE_RATE)."""
    rate = settings.WHITELIST_AUDIT_SAMPLE_RATE if rate is None else rate
    if random.random() >= rate:
        return None
    sample, created = AuditSample.objects.get_or_create(post=post, defaults={"author": post.author})
    if created:
        log_event(None, Verb.AUDIT_SAMPLE, sample, rate=rate)
    return sample


def mark_audit_passed(sample: AuditSample, *, actor, now: datetime | None = None) -> AuditSample:
    with transaction.atomic():
        sample = AuditSample.objects.select_for_update().get(pk=sample.pk)
        if sample.status != AuditSample.Status.PENDING:
            raise StandingConflict(say("该文章已处理（{status}）。", status=say(str(sample.get_status_display()))))
        sample.status, sample.checked_by, sample.checked_at = AuditSample.Status.PASSED, actor, now or timezone.now()
        _save(sample, Verb.AUDIT_PASS, actor=actor)
    return sample


def close_audit_on_take_offline(decision) -> None:
    """An editor who took a sampled post offline has done its audit."""
    for sample in AuditSample.objects.select_for_update().filter(post_id=decision.post_id,
                                                                 status=AuditSample.Status.PENDING):
        sample.status, sample.checked_by, sample.checked_at = (
            AuditSample.Status.TAKEN_OFFLINE, decision.editor, decision.created_at)
        _save(sample, Verb.AUDIT_TAKEN_OFFLINE, actor=decision.editor, decision=decision)
