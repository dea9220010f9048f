"""Posting bans: which penalties are in force, and whether the author may post now. Bans end by
themselves at their end (or when lifted); no job has to expire them."""
from __future__ import annotations

from datetime import datetime
from typing import Iterable, NamedTuple

from moderation.checks.engine import Wording, say

from .records import AuthorRecord, Level, Penalty, at, require_aware


class PostingRight(NamedTuple):
    """Whether the author may post now; ``until``: when the longest ban ends (None: never, or no ban);
    ``wording``: the reason as its template and values (for the English UI)."""

    allowed: bool
    reason_zh: str
    until: datetime | None
    wording: Wording | None = None


def _refused(wording: Wording, until: datetime | None = None) -> PostingRight:
    return PostingRight(False, str(wording), until, wording)


def active_bans(penalties: Iterable[Penalty], now: datetime) -> tuple[Penalty, ...]:
    """Bans in force at ``now``, soonest end first, those that never end last. A ban is over at its
    end (or its lift) exactly; nothing has to expire it."""
    require_aware(now, "now")
    active = (p for p in penalties if p.is_active(now))
    return tuple(sorted(active, key=lambda p: (p.ends_at is None, p.level is Level.LEVEL_2, p.ends_at or now)))


def can_post(record: AuthorRecord, now: datetime) -> PostingRight:
    """May the author submit a post now? The strongest active ban answers."""
    bans = active_bans(record.penalties, now)
    if not bans:
        return PostingRight(True, "", None)
    ban = bans[-1]
    if ban.level is Level.LEVEL_2:
        return _refused(say("账号已被封停（二级处罚），不能发文。"))
    if ban.ends_at is None:
        return _refused(say("发文权限已被永久关闭。"))
    return _refused(say("发文权限已关闭，{at}后恢复。", at=at(ban.ends_at)), ban.ends_at)

