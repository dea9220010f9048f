"""Reads for the insights pages and the deskstats command: the dashboard's figures from the rollups
(a handful of queries whatever the number of posts), per-rule precision, and posts near the target."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.db.models import Subquery, Sum
from django.utils import timezone

from moderation.lifecycle import State
from moderation.models import Post
from moderation.rulebook import RULES_BY_ID

from . import stats
from .models import HANDLE_BUCKETS, DeskDay, EditorDay, QueueSnapshot, RuleWeek
from .rollups import local_day, week_start

OUTCOMES = ("approve", "return", "reject", "take_offline", "auto_publish")
LATE_CHUNK = 100  # waiting posts read at a time by about_to_miss


@dataclass
class EditorRow:
    editor: object
    decisions: int = 0
    active_hours: int = 0
    overturned_appeal: int = 0
    overturned_qc: int = 0
    handle_hist: list = field(default_factory=list)

    @property
    def per_hour(self) -> float | None:
        return self.decisions / self.active_hours if self.active_hours else None

    @property
    def median_handle_minutes(self) -> float | None:
        seconds = stats.histogram_percentile(self.handle_hist, 50)
        return None if seconds is None else seconds / 60

    @property
    def appeal_share(self) -> float | None:
        return self.overturned_appeal / self.decisions if self.decisions else None

    @property
    def qc_share(self) -> float | None:
        return self.overturned_qc / self.decisions if self.decisions else None


@dataclass
class Dashboard:
    first: date
    last: date
    days: list[DeskDay]
    editors: list[EditorRow]
    snapshot: QueueSnapshot | None
    now: datetime

    @property
    def inbound(self) -> int:
        return sum(d.inbound for d in self.days)

    @property
    def decided(self) -> int:
        return sum(d.decided for d in self.days)

    @cached_property
    def outcomes(self) -> dict[str, int]:
        total = defaultdict(int)
        for d in self.days:
            for outcome, n in d.outcomes.items():
                total[outcome] += n
        return {o: total.get(o, 0) for o in OUTCOMES}

    @cached_property
    def decision_hist(self) -> list[int]:
        return stats.merge_histograms(d.decision_hist for d in self.days)

    def decision_hours(self, p: float) -> float | None:
        seconds = stats.histogram_percentile(self.decision_hist, p)
        return None if seconds is None else seconds / 3600

    @property
    def appeals_decided(self) -> int:
        return sum(d.appeals_decided for d in self.days)

    @property
    def appeals_upheld(self) -> int:
        return sum(d.appeals_upheld for d in self.days)

    @property
    def overturn_rate(self) -> float | None:
        return self.appeals_upheld / self.appeals_decided if self.appeals_decided else None

    @property
    def waiting(self) -> int | None:
        return self.snapshot.waiting if self.snapshot else None

    @property
    def oldest_hours(self) -> float | None:
        if not self.snapshot or not self.snapshot.oldest_queued_at:
            return None
        return (self.snapshot.taken_at - self.snapshot.oldest_queued_at).total_seconds() / 3600


def day_range(days: int, now: datetime | None = None) -> tuple[date, date]:
    last = local_day(now or timezone.now())
    return last - timedelta(days=days - 1), last


def dashboard(days: int = 7, *, now: datetime | None = None, only_editor=None) -> Dashboard:
    """The desk over the last ``days`` days (today included); ``only_editor`` keeps that editor's row
    alone (what an editor who is not an admin may see). Three queries."""
    now = now or timezone.now()
    first, last = day_range(days, now)
    by_day = {d.day: d for d in DeskDay.objects.filter(day__range=(first, last))}
    filled = [by_day.get(first + timedelta(days=i)) or DeskDay(day=first + timedelta(days=i), decision_hist=[])
              for i in range(days)]
    editor_days = EditorDay.objects.filter(day__range=(first, last))
    if only_editor is not None:
        editor_days = editor_days.filter(editor=only_editor)
    sums = ("decisions", "active_hours", "overturned_appeal", "overturned_qc", *HANDLE_BUCKETS)
    rows: dict[int, EditorRow] = {}
    for r in editor_days.values("editor_id").annotate(**{f"s_{f}": Sum(f) for f in sums}).order_by():
        rows[r["editor_id"]] = EditorRow(
            None, r["s_decisions"], r["s_active_hours"], r["s_overturned_appeal"], r["s_overturned_qc"],
            [r[f"s_{b}"] for b in HANDLE_BUCKETS])
    for user in User.objects.filter(pk__in=list(rows)):
        rows[user.pk].editor = user
    editors = sorted(rows.values(), key=lambda r: (-r.decisions, r.editor.get_username()))
    return Dashboard(first, last, filled, editors, QueueSnapshot.objects.filter(pk=1).first(), now)


def rollups_stamp(now: datetime | None = None) -> str:
    """Changes whenever a dashboard figure can: the day (the range moves), the last day rebuilt
    (DeskDay.updated_at moves with every rebuild, its EditorDay rows written in the same
    transaction) and the queue snapshot, which ends every refresh. One query."""
    last_rebuilt = DeskDay.objects.order_by("-updated_at").values("updated_at")[:1]
    stamp = (QueueSnapshot.objects.filter(pk=1).annotate(rebuilt=Subquery(last_rebuilt))
             .values_list("taken_at", "rebuilt").first())
    times = [t and t.timestamp() for t in stamp or (None, None)]
    return f"{local_day(now or timezone.now())}|{times[0]}|{times[1]}"


# ---- per-rule precision -------------------------------------------------------------------------

@dataclass
class RuleRow:
    rule: str
    shown: int = 0
    used: int = 0
    dismissed: int = 0
    ignored: int = 0
    missed: int = 0
    weeks: list = field(default_factory=list)

    def add(self, week: RuleWeek) -> None:
        for name in ("shown", "used", "dismissed", "ignored", "missed"):
            setattr(self, name, getattr(self, name) + getattr(week, name))
        self.weeks.append(week)

    @property
    def precision(self) -> float | None:
        return stats.precision(self.used, self.dismissed)

    @property
    def interval(self) -> tuple[float, float] | None:
        return stats.wilson_interval(self.used, self.used + self.dismissed)

    @property
    def spec(self):
        return RULES_BY_ID.get(self.rule)


def cry_wolf_order(row: RuleRow):
    """Worst first: the lowest upper bound of precision (sure to be bad), then the most dismissals;
    rules nobody judged go last."""
    interval = row.interval
    return (interval is None, interval[1] if interval else 1.0, -row.dismissed, row.rule)


def rule_precision(weeks: int = 8, *, now: datetime | None = None, rule: str | None = None) -> list[RuleRow]:
    """Per rule over the last ``weeks`` weeks (this one included), worst first. One query."""
    since = week_start(local_day(now or timezone.now())) - timedelta(weeks=weeks - 1)
    qs = RuleWeek.objects.filter(week__gte=since).order_by("-week")
    if rule:
        qs = qs.filter(rule=rule)
    rows: dict[str, RuleRow] = {}
    for week in qs:
        rows.setdefault(week.rule, RuleRow(week.rule)).add(week)
    return sorted(rows.values(), key=cry_wolf_order)


def example_posts(row: RuleRow, verdict: str, limit: int = 10) -> list[int]:
    """Post IDs the rollups kept as examples of ``verdict`` for this rule, newest week first."""
    out: list[int] = []
    for week in row.weeks:
        for pk in week.examples.get(verdict, ()):
            if pk not in out:
                out.append(pk)
    return out[:limit]


# ---- timers -------------------------------------------------------------------------------------

def target_hours() -> int:
    return settings.REVIEW_TARGET_HOURS


def waiting_since(post: Post) -> datetime | None:
    """When the version now waiting was submitted (a resubmitted post's clock starts again)."""
    revision = post.current_revision if post.current_revision_id else None
    return revision.created_at if revision else post.queued_at


def fix_by_deadline(post: Post) -> datetime | None:
    """When a returned post closes unless resubmitted: settings.FIX_BY_DAYS after its return."""
    returned_at = post.decisions.order_by("-created_at").values_list("created_at", flat=True).first()
    return returned_at + timedelta(days=settings.FIX_BY_DAYS) if returned_at else None


def about_to_miss(*, within_minutes: int = 30, now: datetime | None = None, limit: int = 100):
    """Waiting posts that miss the target within ``within_minutes`` (or already did), oldest first.

    A post's revisions are made (auto_now_add) in the order of their IDs, so the waiting posts are
    read in the order of their current revision's ID (the partial index post_waiting_revision), a
    chunk at a time, and the reading stops at the first revision newer than the deadline: the page
    reads the late posts, not the whole queue joined to its revisions and sorted."""
    now = now or timezone.now()
    deadline = now - timedelta(hours=target_hours()) + timedelta(minutes=within_minutes)
    waiting = (Post.objects.filter(state=State.IN_QUEUE).select_related("author__user", "current_revision", "claimed_by")
               .defer("current_revision__document").order_by("current_revision_id"))
    rows, after = [], 0
    while len(rows) < limit:
        chunk = list(waiting.filter(current_revision_id__gt=after)[:LATE_CHUNK])
        rows += [p for p in chunk if p.current_revision.created_at <= deadline]
        if len(chunk) < LATE_CHUNK or chunk[-1].current_revision.created_at > deadline:
            break
        after = chunk[-1].current_revision_id
    return sorted(rows[:limit], key=lambda p: (p.current_revision.created_at, p.pk))


def age_class(post: Post, now: datetime | None = None) -> str:
    """How a waiting post's age compares with the target: "" (fine), "age-near" (past three quarters
    of it) or "age-late" (past it). For the queue's row colours."""
    since = waiting_since(post)
    if since is None:
        return ""
    hours = ((now or timezone.now()) - since).total_seconds() / 3600
    target = target_hours()
    return "age-late" if hours >= target else ("age-near" if hours >= 0.75 * target else "")
