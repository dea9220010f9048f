"""Pass rate (第一章) and whitelist eligibility (第五章 1), over submitted posts, by Asia/Shanghai
calendar week."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Iterable

from moderation.checks.engine import Wording, say

from .records import SHANGHAI, AuthorRecord, Submission, at, require_aware

NEWS_PASS_RATE_THRESHOLD = 0.5  # 第一章: 审核通过率低于50% may close news posting
WHITELIST_MIN_POSTS_PER_WEEK = 10  # 第五章 1: 发文在10篇以上
WHITELIST_WEEKS = 2  # 第五章 1: 连续两周
WHITELIST_PASS_RATE = 1.0  # 第五章 1: 审核通过率100%


def pass_rate(submissions: Iterable[Submission], since: datetime | None = None) -> float | None:
    """Share of decided posts that passed (a post rejected at any point failed; pending posts do not
    count), among those submitted at or after ``since``; None when no post is decided."""
    statuses = [s.status for s in submissions if since is None or s.submitted_at >= since]
    decided = [st for st in statuses if st != "pending"]
    return decided.count("passed") / len(decided) if decided else None


def below_news_threshold(record: AuthorRecord, *, since: datetime | None = None) -> bool:
    """第一章: a pass rate below 50% may close news posting; flag the author for an admin."""
    rate = pass_rate(record.submissions, since)
    return rate is not None and rate < NEWS_PASS_RATE_THRESHOLD


# --- Whitelist ----------------------------------------------------------------------------------

def week_start(moment: datetime) -> date:
    """The Monday (Asia/Shanghai calendar) of the week ``moment`` falls in."""
    day = require_aware(moment, "moment").astimezone(SHANGHAI).date()
    return day - timedelta(days=day.weekday())


def week_bounds(monday: date) -> tuple[datetime, datetime]:
    """Monday 00:00 to the next Monday 00:00, Asia/Shanghai (end exclusive)."""
    return datetime.combine(monday, time(), SHANGHAI), datetime.combine(monday + timedelta(days=7), time(), SHANGHAI)


@dataclass(frozen=True)
class WeekProgress:
    """One calendar week's posts, by status. ``posts`` = passed + failed + pending."""

    week_start: date
    posts: int = 0
    passed: int = 0
    failed: int = 0
    pending: int = 0

    @property
    def week_end(self) -> date:
        return self.week_start + timedelta(days=6)

    @property
    def label(self) -> Wording:
        return say("{m1}月{d1}日–{m2}月{d2}日", m1=self.week_start.month, d1=self.week_start.day,
                   m2=self.week_end.month, d2=self.week_end.day)

    @property
    def label_zh(self) -> str:
        return str(self.label)

    @property
    def pass_rate(self) -> float | None:
        decided = self.passed + self.failed
        return self.passed / decided if decided else None

    @property
    def qualifies(self) -> bool:
        """第五章 1 for one week: 10 posts or more, all decided, all passed."""
        return (self.posts >= WHITELIST_MIN_POSTS_PER_WEEK and self.pending == 0
                and self.pass_rate == WHITELIST_PASS_RATE)

    def problems(self) -> list[Wording]:
        out = []
        if self.failed:
            out.append(say("{week}有{n}篇文章未通过审核", week=self.label, n=self.failed))
        if self.posts < WHITELIST_MIN_POSTS_PER_WEEK:
            out.append(say("{week}发文{n}篇，不足{min}篇", week=self.label, n=self.posts, min=WHITELIST_MIN_POSTS_PER_WEEK))
        if self.pending:
            out.append(say("{week}还有{n}篇文章待审核，审核完成后才能判断", week=self.label, n=self.pending))
        return out

    def problems_zh(self) -> list[str]:
        return [str(p) for p in self.problems()]

    def summary(self) -> Wording:
        rate = say("暂无审核结果") if self.pass_rate is None else say("通过率{rate:.0%}", rate=self.pass_rate)
        if self.pending:
            return say("发文{n}/{min}篇，{rate}，{pending}篇待审核", n=self.posts, min=WHITELIST_MIN_POSTS_PER_WEEK,
                       rate=rate, pending=self.pending)
        return say("发文{n}/{min}篇，{rate}", n=self.posts, min=WHITELIST_MIN_POSTS_PER_WEEK, rate=rate)

    def summary_zh(self) -> str:
        return str(self.summary())


def weeks_progress(submissions: Iterable[Submission], mondays: Iterable[date]) -> tuple[WeekProgress, ...]:
    """Progress of each week starting on one of ``mondays``; a post counts for the week it was
    submitted in."""
    mondays = tuple(mondays)
    counts: Counter[tuple[date, str]] = Counter()
    for s in submissions:
        counts[week_start(s.submitted_at), s.status] += 1
    return tuple(
        WeekProgress(m, sum(counts[m, st] for st in ("passed", "failed", "pending")),
                     counts[m, "passed"], counts[m, "failed"], counts[m, "pending"])
        for m in mondays)


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    weeks: tuple[WeekProgress, ...]  # oldest first
    reason_zh: str
    wording: Wording | None = None  # reason_zh as its template and values


def _eligibility(eligible: bool, weeks: tuple[WeekProgress, ...], wording: Wording) -> Eligibility:
    return Eligibility(eligible, weeks, str(wording), wording)


def _one_by_one(sentences: list[Wording]) -> Wording:
    """Sentences joined by ；, the whole ended by 。."""
    joined = sentences[0]
    for sentence in sentences[1:]:
        joined = say("{a}；{b}", a=joined, b=sentence)
    return say("{all}。", all=joined)


def whitelist_eligibility(submissions: Iterable[Submission], now: datetime, *,
                          not_before: datetime | None = None) -> Eligibility:
    """第五章 1: at least 10 posts in each of the last two complete calendar weeks before ``now``, all
    passed. A week with a post still pending is not complete: not eligible until it is decided.
    ``not_before`` (when the whitelist was last revoked): both weeks must start after it."""
    this_monday = week_start(now)
    mondays = [this_monday - timedelta(weeks=k) for k in range(WHITELIST_WEEKS, 0, -1)]
    weeks = weeks_progress(submissions, mondays)
    problems = [p for w in weeks for p in w.problems()]
    if not_before is not None and week_bounds(mondays[0])[0] < require_aware(not_before, "not_before"):
        problems.insert(0, say("白名单已于{at}取消，取消后需重新连续{weeks}周达标", at=at(not_before), weeks=WHITELIST_WEEKS))
    if problems:
        return _eligibility(False, weeks, _one_by_one(problems))
    return _eligibility(True, weeks, say("{first}至{last}连续{weeks}周每周发文{min}篇以上且全部通过，可开通白名单，发文后自动上线。",
                                         first=weeks[0].label, last=weeks[-1].label, weeks=WHITELIST_WEEKS,
                                         min=WHITELIST_MIN_POSTS_PER_WEEK))


@dataclass(frozen=True)
class WhitelistProgress:
    this_week: WeekProgress
    last_week: WeekProgress
    summary_zh: str  # "本周发文7/10篇，通过率100%；上周发文10/10篇，通过率100%"
    wording: Wording | None = None  # summary_zh as its template and values


def whitelist_progress(submissions: Iterable[Submission], now: datetime) -> WhitelistProgress:
    """This week's and last week's progress towards the whitelist, for the author's home page."""
    this_monday = week_start(now)
    last, this = weeks_progress(submissions, (this_monday - timedelta(weeks=1), this_monday))
    wording = say("本周{this}；上周{last}", this=this.summary(), last=last.summary())
    return WhitelistProgress(this, last, str(wording), wording)
