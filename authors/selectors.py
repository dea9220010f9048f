"""Reads for the standing pages: the standing page, the admin's lists, the badges beside an author's
name, the author's home (constant query counts). Built on authors.records."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils import timezone

from moderation.checks.engine import Wording
from moderation.models import Decision
from moderation.rulebook import UnknownRule, get_rule

from . import standing
from .models import Appeal, Assessment, AuditSample, Author, Level2Proposal, Penalty
from .records import (
    VIOLATION_OUTCOMES, active_penalties, author_record, linked_authors, submissions, submissions_by_author,
)
from .standing.records import at_zh


# ---- pages ------------------------------------------------------------------------------------

@dataclass
class ReasonView:
    id: str
    name_zh: str
    category: str | None


def reason_views(reasons) -> list[ReasonView]:
    out = []
    for rule_id in reasons:
        try:
            spec = get_rule(rule_id)
            out.append(ReasonView(rule_id, spec.name_zh, spec.category))
        except UnknownRule:
            out.append(ReasonView(rule_id, "未知规则", None))
    return out


@dataclass
class EvidenceView:
    clause: str
    clause_zh: str
    summary_zh: str
    decisions: list = field(default_factory=list)
    penalties: list = field(default_factory=list)
    summary: Wording | None = None  # summary_zh as template and values; None: an older row, shown as stored

    @property
    def clause_said(self) -> Wording:
        return standing.clause_said(self.clause)


def _evidence_views(proposals: list[Level2Proposal]) -> None:
    """Attach ``evidence_views`` (decisions and penalties loaded, two queries in all) to each proposal."""
    decision_ids = {i for p in proposals for e in p.evidence for i in e.get("decision_ids", []) if i}
    penalty_ids = {i for p in proposals for e in p.evidence for i in e.get("penalty_ids", []) if i}
    decisions = Decision.objects.select_related("post__current_revision", "editor").in_bulk(decision_ids)
    penalties = Penalty.objects.in_bulk(penalty_ids)
    for d in decisions.values():
        d.reason_views = reason_views(d.reasons)
    for p in proposals:
        p.evidence_views = [EvidenceView(
            e["clause"], e.get("clause_zh", e["clause"]), e["summary_zh"],
            [decisions[i] for i in e.get("decision_ids", []) if i in decisions],
            [penalties[i] for i in e.get("penalty_ids", []) if i in penalties],
            Wording.from_dict(e["summary"]) if "summary" in e else None,
        ) for e in p.evidence]


def level2_to_review(now: datetime | None = None) -> list[Penalty]:
    """Level 2 bans in force whose grounds an upheld appeal removed (issue 11): for an admin to review,
    with the lift action; nothing lifts them by itself."""
    return list(active_penalties(now=now).filter(level=Penalty.Level.LEVEL_2, linked_from__isnull=True,
                                                  proposal__basis_overturned_at__isnull=False)
                .select_related("author", "proposal").order_by("proposal__basis_overturned_at", "id"))


def standing_page(author: Author, now: datetime | None = None) -> dict:
    """Everything the standing page shows: why the author stands where they stand."""
    now = now or timezone.now()
    record = author_record(author, with_submissions=True)
    penalties = list(Penalty.objects.filter(author=author).select_related(
        "issued_by", "lifted_by", "post__current_revision", "linked_from__author", "proposal").prefetch_related("appeal"))
    proposals = list(Level2Proposal.objects.filter(author=author).select_related("decided_by"))
    _evidence_views(proposals)
    decisions = list(Decision.objects.filter(post__author=author).select_related(
        "post__current_revision", "editor", "assessment", "appeal").order_by("-created_at", "-id")[:100])
    # A decision a senior editor's ruling overruled had its consequences annulled like an upheld
    # appeal's; the page says which of the two took them away.
    overruled = set(Decision.objects.filter(post__author=author, double_review__first_overruled=True)
                    .values_list("pk", flat=True))
    for d in decisions:
        d.reason_views = reason_views(d.reasons)
        d.overruled = d.pk in overruled
    overruled_penalties = set(Assessment.objects.filter(decision_id__in=overruled, penalty__isnull=False)
                              .values_list("penalty_id", flat=True)) if overruled else set()
    for p in penalties:
        p.overruled = p.pk in overruled_penalties
    warnings = list(Assessment.objects.filter(author=author, warning=True).select_related(
        "post__current_revision", "decision"))
    for w in warnings:
        w.overruled = w.decision_id in overruled
    whitelist = getattr(author, "whitelist", None)
    links = linked_authors(author)
    linked = Author.objects.select_related("user").in_bulk(list(links))
    return {
        "author": author,
        "now": now,
        "right": standing.can_post(record, now),
        "active_bans": [p for p in penalties if p.is_active(now)],
        "penalties": penalties,
        "pending_proposals": [p for p in proposals if p.status == Level2Proposal.Status.PENDING],
        "past_proposals": [p for p in proposals if p.status != Level2Proposal.Status.PENDING],
        "warnings": warnings,
        "decisions": decisions,
        "pass_rate": standing.pass_rate(record.submissions),
        "below_news_threshold": standing.below_news_threshold(record),
        "whitelist": whitelist,
        "eligibility": standing.whitelist_eligibility(
            record.submissions, now, not_before=whitelist.revoked_at if whitelist else None),
        "progress": standing.whitelist_progress(record.submissions, now),
        "linked": [(linked[pk], reasons) for pk, reasons in links.items() if pk in linked],
        "markers": [m.get_kind_display() for m in author.identity_markers.all()],
        "appeals": list(Appeal.objects.filter(author=author).select_related("decision", "penalty", "decided_by")),
        "banned_level2": any(p.level == Penalty.Level.LEVEL_2 and p.is_active(now) for p in penalties),
    }


def appeal_queue():
    return (Appeal.objects.filter(status=Appeal.Status.PENDING)
            .select_related("author__user", "decision__post__current_revision", "penalty"))


def audit_queue():
    """Sampled auto-published posts still waiting for an editor's look (白名单抽检)."""
    return (AuditSample.objects.filter(status=AuditSample.Status.PENDING)
            .select_related("post__current_revision", "author__user"))


def low_pass_rate_authors(now: datetime | None = None) -> list[tuple[Author, float]]:
    """第一章: authors whose pass rate is below 50%, for an admin to decide on news posting."""
    rates = {pk: standing.pass_rate(subs) for pk, subs in submissions_by_author().items()}
    low = {pk: rate for pk, rate in rates.items() if rate is not None and rate < standing.NEWS_PASS_RATE_THRESHOLD}
    authors = Author.objects.select_related("user").in_bulk(list(low))
    return sorted(((authors[pk], rate) for pk, rate in low.items()), key=lambda row: row[1])


def appealable(author: Author, *, window_days: int, now: datetime | None = None):
    """The author's decisions and penalties that may still be appealed (in the window, no appeal yet)."""
    since = (now or timezone.now()) - timedelta(days=window_days)
    decisions = (Decision.objects.filter(post__author=author, outcome__in=list(VIOLATION_OUTCOMES), created_at__gte=since,
                                         appeal__isnull=True).select_related("post__current_revision"))
    penalties = Penalty.objects.filter(author=author, starts_at__gte=since, appeal__isnull=True,
                                       overturned_at__isnull=True, linked_from__isnull=True)
    return list(decisions), list(penalties)


@dataclass(frozen=True)
class Badges:
    """What the queue shows beside an author's name (templates/moderation/_standing_badges.html)."""

    banned_until: datetime | None
    banned: bool
    warnings: int
    whitelisted: bool


def standing_badges(authors, now: datetime | None = None) -> None:
    """Set ``author.standing`` (Badges) on each author, in three queries whatever their number."""
    now = now or timezone.now()
    authors = list(authors)
    ids = {a.pk for a in authors}
    bans: dict[int, list[Penalty]] = {}
    for p in active_penalties(now=now).filter(author_id__in=ids):
        bans.setdefault(p.author_id, []).append(p)
    warnings: dict[int, int] = {}
    for author_id in Assessment.objects.filter(author_id__in=ids, warning=True, overturned_at__isnull=True) \
            .values_list("author_id", flat=True):
        warnings[author_id] = warnings.get(author_id, 0) + 1
    white = set(Author.objects.filter(pk__in=ids, whitelist__active=True).values_list("pk", flat=True))
    for a in authors:
        ends = [p.effective_end for p in bans.get(a.pk, [])]
        until = None if not ends or None in ends else max(ends)
        a.standing = Badges(until, bool(ends), warnings.get(a.pk, 0), a.pk in white)


def standing_summary(author: Author, now: datetime | None = None) -> dict:
    """The standing side of the review screen's author glance (moderation.selectors.author_glance)."""
    now = now or timezone.now()
    standing_badges([author], now)
    badges = author.standing
    rate = standing.pass_rate(submissions(author))
    return {
        "whitelisted": badges.whitelisted, "banned": badges.banned, "banned_until": badges.banned_until,
        "warnings": badges.warnings, "pass_rate": None if rate is None else round(100 * rate),
        "penalties": [f"{p.get_level_display()} · {at_zh(p.starts_at)} · {p.clause}"
                      for p in Penalty.objects.filter(author=author, overturned_at__isnull=True)[:5]],
    }
