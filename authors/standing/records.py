"""The plain data an author's standing is computed from: decisions, penalties, refused
resubmissions and submissions. No Django import; the Django side fills these from its rows."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Hashable, Iterable
from zoneinfo import ZoneInfo

from moderation.checks.engine import Wording, say
from moderation.lifecycle import VIOLATION_OUTCOMES, Outcome  # noqa: F401 — part of the standing data
from moderation.rulebook import LIFECYCLE_REASONS, REVISION_NOT_DONE, get_rule

SHANGHAI = ZoneInfo("Asia/Shanghai")  # 第五章 1: weeks are calendar weeks in China; times shown in 北京时间

PostId = Hashable


class Level(StrEnum):
    SUSPENSION = "suspension"  # 4.2(3): 7 days for an unchanged resubmission; not a 第五章 level
    LEVEL_1 = "level1"  # 第五章 3: post fails, 7 days without posting
    LEVEL_2 = "level2"  # 第五章 3: all posts offline, account and linked accounts banned
    PERMANENT = "permanent"  # 4.2(3) originality: posting rights closed for good


class Result(StrEnum):
    """Where a submitted post stands: pending review, approved, or rejected/taken offline."""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


def require_aware(value: datetime | None, what: str) -> datetime | None:
    if value is not None and (value.tzinfo is None or value.utcoffset() is None):
        raise ValueError(f"{what} must be a timezone-aware datetime, got {value!r}")
    return value


def _categories(reasons: Iterable[str]) -> frozenset[str]:
    """Categories carried directly by reasons; lifecycle reasons weigh only by count (5.4-I.5)."""
    cats = (get_rule(r).category for r in reasons if r not in LIFECYCLE_REASONS)
    return frozenset(c for c in cats if c)


@dataclass(frozen=True)
class Decision:
    """One editor decision on one of the author's posts. ``not_revised``: a re-check of a returned
    post that was not revised as asked (the reason REVISION_NOT_DONE means the same); ``serious``:
    the editor marked the violation as serious (5.4-IV.6)."""

    post_id: PostId
    at: datetime
    outcome: Outcome
    reasons: tuple[str, ...] = ()
    not_revised: bool = False
    serious: bool = False
    id: Hashable = None

    def __post_init__(self):
        require_aware(self.at, "Decision.at")
        object.__setattr__(self, "outcome", Outcome(self.outcome))
        object.__setattr__(self, "reasons", tuple(self.reasons))
        _categories(self.reasons)  # fail early on an unknown rule ID

    @property
    def is_violation(self) -> bool:
        return self.outcome in VIOLATION_OUTCOMES

    @property
    def not_revised_as_asked(self) -> bool:
        return self.is_violation and (self.not_revised or REVISION_NOT_DONE in self.reasons)

    @property
    def categories(self) -> frozenset[str]:
        return _categories(self.reasons) if self.is_violation else frozenset()


@dataclass(frozen=True)
class Penalty:
    """A penalty imposed on the author. ``end`` None: it never ends by itself. ``lifted_at``: an
    admin ended it early (it still counts as received); a shortened ban simply has an earlier ``end``;
    ``overturned``: annulled on appeal, it neither bans nor counts."""

    level: Level
    start: datetime
    end: datetime | None
    lifted_at: datetime | None = None
    overturned: bool = False
    clause: str = ""
    reason_zh: str = ""
    post_id: PostId = None
    id: Hashable = None
    reason: Wording | None = field(default=None, compare=False)  # reason_zh as template and values

    def __post_init__(self):
        object.__setattr__(self, "level", Level(self.level))
        for name in ("start", "end", "lifted_at"):
            require_aware(getattr(self, name), f"Penalty.{name}")

    @property
    def ends_at(self) -> datetime | None:
        """When the ban really ends: the end, or the lift when that came first."""
        if self.lifted_at is None or (self.end is not None and self.end <= self.lifted_at):
            return self.end
        return self.lifted_at

    def is_active(self, now: datetime) -> bool:
        return not self.overturned and self.start <= now and (self.ends_at is None or now < self.ends_at)


@dataclass(frozen=True)
class UnchangedResubmission:
    """A resubmission refused because the post was the unchanged returned version (4.2(3))."""

    post_id: PostId
    at: datetime
    id: Hashable = None

    def __post_init__(self):
        require_aware(self.at, "UnchangedResubmission.at")


@dataclass(frozen=True)
class Submission:
    """A submitted post. ``ever_rejected``: returned, rejected or taken offline at any point; such a
    post is a failure whatever its result now."""

    post_id: PostId
    submitted_at: datetime
    result: Result = Result.PENDING
    ever_rejected: bool = False

    def __post_init__(self):
        require_aware(self.submitted_at, "Submission.submitted_at")
        object.__setattr__(self, "result", Result(self.result))

    @property
    def status(self) -> str:
        """"failed", "passed" or "pending"."""
        if self.ever_rejected or self.result is Result.REJECTED:
            return "failed"
        return "passed" if self.result is Result.APPROVED else "pending"


@dataclass(frozen=True)
class AuthorRecord:
    """An author's history as plain data. An unchanged resubmission is either refused (an
    ``UnchangedResubmission``) or rejected by an editor with reason RESUBMIT_UNCHANGED; record each
    event one way only, as both count."""

    decisions: tuple[Decision, ...] = ()
    penalties: tuple[Penalty, ...] = ()
    unchanged_resubmissions: tuple[UnchangedResubmission, ...] = ()
    submissions: tuple[Submission, ...] = ()

    def __post_init__(self):
        for name in ("decisions", "penalties", "unchanged_resubmissions", "submissions"):
            object.__setattr__(self, name, tuple(getattr(self, name)))


def at(moment: datetime) -> Wording:
    """The moment in Beijing time, said as 2026年12月14日 23:23（北京时间）."""
    t = moment.astimezone(SHANGHAI)
    return say("{year}年{month}月{day}日 {hour:02d}:{minute:02d}（北京时间）",
               year=t.year, month=t.month, day=t.day, hour=t.hour, minute=t.minute)


def at_zh(moment: datetime) -> str:
    return str(at(moment))

