"""Rebuild the rollup rows of a day or a week from the source rows. Each rebuild replaces what was
there, so running it twice (or after a late appeal) changes nothing but the truth. Days and weeks
are Asia/Shanghai (settings.TIME_ZONE)."""
from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from authors.models import Appeal
from moderation.audit import AuditEvent, Verb
from moderation.lifecycle import Event, State
from moderation.models import Decision, Finding, Post, PostEvent

from . import stats
from .models import HANDLE_BUCKETS, DeskDay, DoubleReview, EditorDay, QueueSnapshot, RuleWeek

INBOUND_EVENTS = (Event.SUBMIT, Event.RESUBMIT)
EXAMPLES_PER_KIND = 8
_CHUNK = 2000  # IDs per IN (...) list: well under SQLite's bound-parameter limit


def day_bounds(day: date) -> tuple[datetime, datetime]:
    tz = timezone.get_default_timezone()
    start = datetime.combine(day, time.min, tzinfo=tz)
    return start, datetime.combine(day + timedelta(days=1), time.min, tzinfo=tz)


def local_day(moment: datetime) -> date:
    return timezone.localtime(moment).date()


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


# ---- one day ----------------------------------------------------------------------------------

def decisions_between(start: datetime, end: datetime):
    """Every decision in [start, end), oldest first: (id, editor, outcome, at, submitted, post, revision).
    One scan serves the day's counts, the editors' rows and their previous decisions."""
    return (Decision.objects.filter(created_at__gte=start, created_at__lt=end).order_by("created_at", "id")
            .values_list("pk", "editor_id", "outcome", "created_at", "revision__created_at", "post_id",
                         "revision_id"))


def handling_seconds(rows, previous: dict[int, datetime],
                     claims: dict[tuple[int, int], list[datetime]] | None = None) -> dict[int, list[float]]:
    """Per editor, how long each decision took: from the editor's claim of the post (the audit log's
    claim event) to the decision. Without a claim on record (a take-offline, older data), from the
    later of the editor's previous decision and the revision's arrival: editors work one post after
    another, and a break shows as one long item, which the median shrugs off."""
    out: dict[int, list[float]] = defaultdict(list)
    claims = claims or {}
    for _pk, editor, _outcome, at, submitted, post, _rev in rows:
        claimed = [t for t in claims.get((editor, post), ()) if t <= at]
        start = max(claimed) if claimed else max(filter(None, (previous.get(editor), submitted)))
        out[editor].append(max(0.0, (at - start).total_seconds()))
        previous[editor] = at
    return out


def _claims(post_ids, end: datetime) -> dict[tuple[int, int], list[datetime]]:
    """{(editor, post): claim times before ``end``} for these posts (the audit log's post index)."""
    out: dict[tuple[int, int], list[datetime]] = defaultdict(list)
    ids = list(post_ids)
    for i in range(0, len(ids), _CHUNK):
        for actor, post, at in (AuditEvent.objects.filter(verb=Verb.CLAIM, post_id__in=ids[i:i + _CHUNK],
                                                          created_at__lt=end)
                                .values_list("actor_id", "post_id", "created_at")):
            out[(actor, post)].append(at)
    return out


def rebuild_day(day: date) -> DeskDay:
    start, end = day_bounds(day)
    # The day before too: an editor's first decision of the day is timed from their last one.
    scanned = list(decisions_between(start - timedelta(days=1), end))
    day_rows = [r for r in scanned if r[3] >= start]
    rows = [r for r in day_rows if r[1] is not None]
    previous = {r[1]: r[3] for r in scanned if r[3] < start and r[1] is not None}
    appeals_decided, by_appeal = appeal_overturns(start, end)
    with transaction.atomic():
        desk, _ = DeskDay.objects.update_or_create(day=day, defaults=dict(
            inbound=PostEvent.objects.filter(event__in=INBOUND_EVENTS, created_at__gte=start,
                                             created_at__lt=end).count(),
            decided=len(rows), outcomes=dict(Counter(r[2] for r in day_rows)),
            decision_hist=stats.histogram((at - submitted).total_seconds() for _p, _e, _o, at, submitted, *_ in rows),
            appeals_decided=appeals_decided, appeals_upheld=sum(by_appeal.values()),
        ))
        _rebuild_editor_days(day, rows, previous, by_appeal, qc_overturns(start, end), end)
    return desk


def _rebuild_editor_days(day: date, rows, previous, by_appeal: dict, by_qc: dict, end: datetime) -> None:
    editors = ({r[1] for r in rows} | set(by_appeal) | set(by_qc)) - {None}
    handled = handling_seconds(rows, previous, _claims({r[5] for r in rows}, end))
    tz = timezone.get_default_timezone()
    hours = defaultdict(set)
    for _pk, editor, _o, at, *_ in rows:
        hours[editor].add(at.astimezone(tz).hour)
    EditorDay.objects.filter(day=day).exclude(editor__in=editors).delete()
    for editor in editors:
        EditorDay.objects.update_or_create(day=day, editor_id=editor, defaults=dict(
            decisions=len(handled.get(editor, ())), active_hours=len(hours.get(editor, ())),
            **dict(zip(HANDLE_BUCKETS, stats.histogram(handled.get(editor, ())))),
            overturned_appeal=by_appeal.get(editor, 0), overturned_qc=by_qc.get(editor, 0),
        ))


def appeal_overturns(start: datetime, end: datetime) -> tuple[int, dict[int, int]]:
    """Appeals against decisions decided in [start, end), and per editor those upheld (reversing them)."""
    appeals = Appeal.objects.filter(decision__isnull=False, decided_at__gte=start, decided_at__lt=end)
    upheld: dict[int, int] = defaultdict(int)
    for editor in appeals.filter(status=Appeal.Status.UPHELD).values_list("decision__editor_id", flat=True):
        upheld[editor] += 1
    return appeals.count(), upheld


def qc_overturns(start: datetime, end: datetime) -> dict[int, int]:
    """Per editor, their decisions a senior editor overruled in [start, end) (double review)."""
    out: dict[int, int] = defaultdict(int)
    for editor in (DoubleReview.objects.filter(resolved_at__gte=start, resolved_at__lt=end, first_overruled=True)
                   .values_list("decision__editor_id", flat=True)):
        out[editor] += 1
    return out


# ---- one week of rule precision ---------------------------------------------------------------

def _findings_by_revision(decisions) -> dict[int, dict[str, bool]]:
    """{revision: {rule: every finding of it dismissed}} for the revisions these decisions judged.
    One query, the decisions a subquery: the database joins them on its indexes (the week's
    decisions on decision_created, their findings on finding_revision_rule) instead of reading
    thousands of IDs sent in IN lists."""
    out: dict[int, dict[str, bool]] = defaultdict(dict)
    for rev, rule, dismissed in (Finding.objects.filter(revision_id__in=decisions.values("revision_id"))
                                 .values_list("revision_id", "rule", "dismissed_at")):
        out[rev][rule] = out[rev].get(rule, True) and dismissed is not None
    return out


def judge_rules(found: dict[str, bool], reasons) -> dict[str, str]:
    """How one decision treated each rule: used, dismissed, ignored (shown) or missed (not shown)."""
    reasons = set(reasons or ())
    verdicts = {}
    for rule, all_dismissed in found.items():
        verdicts[rule] = "used" if rule in reasons else ("dismissed" if all_dismissed else "ignored")
    for rule in reasons - found.keys():
        verdicts[rule] = "missed"
    return verdicts


def rebuild_week(monday: date) -> list[RuleWeek]:
    start, _ = day_bounds(monday)
    _, end = day_bounds(monday + timedelta(days=6))
    week = Decision.objects.filter(created_at__gte=start, created_at__lt=end, editor__isnull=False)
    decisions = list(week.order_by("-created_at", "-id").values_list("post_id", "revision_id", "reasons"))
    found = _findings_by_revision(week)
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    examples: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for post, rev, reasons in decisions:
        for rule, verdict in judge_rules(found.get(rev, {}), reasons).items():
            counts[rule][verdict] += 1
            if verdict != "ignored" and len(examples[rule][verdict]) < EXAMPLES_PER_KIND:
                examples[rule][verdict].append(post)
    with transaction.atomic():
        RuleWeek.objects.filter(week=monday).exclude(rule__in=list(counts)).delete()
        rows = []
        for rule, c in counts.items():
            row, _ = RuleWeek.objects.update_or_create(week=monday, rule=rule, defaults=dict(
                used=c["used"], dismissed=c["dismissed"], ignored=c["ignored"], missed=c["missed"],
                shown=c["used"] + c["dismissed"] + c["ignored"], examples=dict(examples[rule]),
            ))
            rows.append(row)
    return rows


# ---- the queue now ----------------------------------------------------------------------------

def take_snapshot(now: datetime | None = None) -> QueueSnapshot:
    """The queue now. Revisions are made in the order of their IDs, so the oldest waiting version is
    the first on the partial index post_waiting_revision, and the late posts are counted (a join
    over the queue) only when that one is late."""
    now = now or timezone.now()
    waiting = Post.objects.filter(state=State.IN_QUEUE)
    cutoff = now - timedelta(hours=settings.REVIEW_TARGET_HOURS)
    oldest = waiting.order_by("current_revision_id").values_list("current_revision__created_at", flat=True).first()
    late = waiting.filter(current_revision__created_at__lt=cutoff).count() if oldest and oldest < cutoff else 0
    snapshot, _ = QueueSnapshot.objects.update_or_create(pk=1, defaults=dict(
        waiting=waiting.count(), oldest_queued_at=oldest, late=late, taken_at=now))
    return snapshot


def refresh(now: datetime | None = None, *, days: int = 2) -> None:
    """What the periodic job does: the last ``days`` days, the weeks they fall in, the snapshot."""
    now = now or timezone.now()
    today = local_day(now)
    for back in range(days):
        rebuild_day(today - timedelta(days=back))
    for monday in sorted({week_start(today - timedelta(days=back)) for back in range(days)}):
        rebuild_week(monday)
    take_snapshot(now)
