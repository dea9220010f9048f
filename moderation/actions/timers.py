"""Review timers' one write: a returned post not resubmitted within settings.FIX_BY_DAYS of its return
closes. Recorded (the lifecycle event "expire" and its audit event), never a penalty: the return
already counted, and silence is no new violation."""
from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from ..checks.engine import say
from ..lifecycle import Event, State
from ..models import Post
from .core import SYSTEM, drop_claim, locked_post, transition


def fix_by_cutoff(now: datetime | None = None) -> datetime:
    """Posts returned before this moment are past their fix-by date."""
    return (now or timezone.now()) - timedelta(days=settings.FIX_BY_DAYS)


def close_expired_post(post: Post, *, actor=SYSTEM, now: datetime | None = None) -> Post | None:
    """Close one returned post past its fix-by date; None (nothing done) when it moved on meanwhile."""
    cutoff = fix_by_cutoff(now)
    with transaction.atomic():
        post = locked_post(post.pk)
        returned_at = post.decisions.aggregate(at=Max("created_at"))["at"]
        if post.state != State.RETURNED or returned_at is None or returned_at >= cutoff:
            return None
        transition(post, Event.EXPIRE, actor=actor, fix_by_days=settings.FIX_BY_DAYS,
                   note=say("退回后{days}天内未重新提交，逾期关闭（不计处罚）", days=settings.FIX_BY_DAYS))
        drop_claim(post)
    return post


def close_expired_posts(*, actor=SYSTEM, now: datetime | None = None) -> list[Post]:
    """Periodic: close every returned post past its fix-by date (safe to run twice)."""
    due = (Post.objects.filter(state=State.RETURNED).annotate(returned_at=Max("decisions__created_at"))
           .filter(returned_at__lt=fix_by_cutoff(now)).order_by("pk"))
    return [p for p in (close_expired_post(post, actor=actor, now=now) for post in due) if p is not None]
