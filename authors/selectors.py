"""Reads about authors' standing: an author's history as authors.standing's plain data, linked
accounts, and the rows behind the standing page and the admin's lists (constant query counts)."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Exists, Min, OuterRef, Q
from django.utils import timezone

from moderation.lifecycle import State
from moderation.models import Decision, Post, PostEvent, RefusedSubmission
from moderation.rulebook import UnknownRule, get_rule

from . import standing
from .standing.records import at_zh
from .models import (
    AccountLink, Appeal, Assessment, AuditSample, Author, IdentityMarker, Level2Proposal, Penalty, Whitelist,
)

VIOLATION_OUTCOMES = (Decision.Outcome.RETURN, Decision.Outcome.REJECT, Decision.Outcome.TAKE_OFFLINE)
_DECIDED_FAILED = {State.RETURNED, State.REJECTED, State.OFFLINE}


# ---- the author's history as plain data -------------------------------------------------------

def standing_decision(d: Decision) -> standing.Decision:
    # ``serious`` (5.4-IV.6) is read when the Decision model carries the editor's mark.
    return standing.Decision(d.post_id, d.created_at, d.outcome, tuple(d.reasons),
                             serious=bool(getattr(d, "serious", False)), id=d.pk)


def counted_decisions(author: Author):
    """The author's decisions that count: those not reversed on appeal, oldest first."""
    return (Decision.objects.filter(post__author=author)
            .exclude(assessment__overturned_at__isnull=False).order_by("created_at", "id"))


def submissions_by_author(authors=None) -> dict[int, list[standing.Submission]]:
    """Every submitted post (of these authors, or of all), for the week it was first submitted in; a
    post with a counted violation decision failed whatever its state now (第五章 1). One query."""
    first_submit = (PostEvent.objects.filter(post=OuterRef("pk"), event="submit")
                    .values("post").annotate(at=Min("created_at")).values("at"))
    violated = (Decision.objects.filter(post=OuterRef("pk"), outcome__in=VIOLATION_OUTCOMES)
                .exclude(assessment__overturned_at__isnull=False))
    posts = Post.objects.exclude(state=State.DRAFT)
    if authors is not None:
        posts = posts.filter(author__in=authors)
    out: dict[int, list[standing.Submission]] = defaultdict(list)
    for author_id, submitted, created, state, failed, pk in (
            posts.annotate(submitted_at=first_submit, violated=Exists(violated))
            .values_list("author_id", "submitted_at", "created_at", "state", "violated", "pk")):
        out[author_id].append(standing.Submission(pk, submitted or created, _result(state), failed))
    return out


def submissions(author: Author) -> list[standing.Submission]:
    return submissions_by_author([author]).get(author.pk, [])


def _result(state: str) -> standing.Result:
    if state == State.APPROVED:
        return standing.Result.APPROVED
    return standing.Result.REJECTED if state in _DECIDED_FAILED else standing.Result.PENDING


def author_record(author: Author, *, exclude_decision_id=None, exclude_refusal_id=None,
                  with_submissions: bool = False) -> standing.AuthorRecord:
    """The author's history before the event being assessed (that event's rows left out)."""
    decisions = counted_decisions(author).exclude(pk=exclude_decision_id)
    refusals = RefusedSubmission.objects.filter(post__author=author, unchanged=True).exclude(pk=exclude_refusal_id)
    return standing.AuthorRecord(
        decisions=[standing_decision(d) for d in decisions],
        penalties=[p.as_standing() for p in Penalty.objects.filter(author=author)],
        unchanged_resubmissions=[standing.UnchangedResubmission(r.post_id, r.created_at, r.pk)
                                 for r in refusals.order_by("created_at", "id")],
        submissions=submissions(author) if with_submissions else (),
    )


def active_penalties(author: Author | None = None, now: datetime | None = None):
    """Bans in force (of one author, or of everyone), as a query."""
    qs = Penalty.objects.filter(Penalty.active_q(now or timezone.now()))
    return qs.filter(author=author) if author is not None else qs


def posting_right(author: Author, now: datetime | None = None) -> standing.PostingRight:
    penalties = [p.as_standing() for p in Penalty.objects.filter(author=author, overturned_at__isnull=True)]
    return standing.can_post(standing.AuthorRecord(penalties=penalties), now or timezone.now())


def has_active_level2(author_id: int, now: datetime | None = None) -> bool:
    return active_penalties(now=now).filter(author_id=author_id, level=Penalty.Level.LEVEL_2).exists()


def is_whitelisted(author: Author) -> bool:
    return Author.objects.filter(pk=author.pk, whitelist__active=True).exists()


# ---- linked accounts --------------------------------------------------------------------------

def linked_authors(author: Author) -> dict[int, list[str]]:
    """Accounts linked to ``author``, directly or through others: {author_id: [why, ...]}. Accounts
    sharing an identity marker's hash are linked; so are accounts an admin linked by hand."""
    why: dict[int, list[str]] = {}
    seen, frontier = {author.pk}, [author.pk]
    kinds = dict(IdentityMarker.Kind.choices)
    while frontier:
        mine = IdentityMarker.objects.filter(author_id__in=frontier).values_list("value_hash", flat=True)
        found = [(m.author_id, f"相同{kinds[m.kind]}") for m in
                 IdentityMarker.objects.filter(value_hash__in=list(mine)).exclude(author_id__in=seen)]
        for link in AccountLink.objects.filter(Q(author_id__in=frontier) | Q(other_id__in=frontier)):
            other = link.other_id if link.author_id in frontier else link.author_id
            if other not in seen:
                found.append((other, f"管理员关联：{link.reason}"))
        frontier = []
        for other, reason in found:
            why.setdefault(other, [])
            if reason not in why[other]:
                why[other].append(reason)
            if other not in seen:
                seen.add(other)
                frontier.append(other)
    return why


def banned_identity(hashes: list[str], now: datetime | None = None) -> bool:
    """Whether any of these marker hashes belongs to an account under an active Level 2 ban."""
    owners = set(IdentityMarker.objects.filter(value_hash__in=hashes).values_list("author_id", flat=True))
    return any(has_active_level2(owner, now) for owner in owners)


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
        ) for e in p.evidence]


def standing_page(author: Author, now: datetime | None = None) -> dict:
    """Everything the standing page shows: why the author stands where they stand."""
    now = now or timezone.now()
    record = author_record(author, with_submissions=True)
    penalties = list(Penalty.objects.filter(author=author).select_related(
        "issued_by", "lifted_by", "post__current_revision", "linked_from__author").prefetch_related("appeal"))
    proposals = list(Level2Proposal.objects.filter(author=author).select_related("decided_by"))
    _evidence_views(proposals)
    decisions = list(Decision.objects.filter(post__author=author).select_related(
        "post__current_revision", "editor", "assessment", "appeal").order_by("-created_at", "-id")[:100])
    for d in decisions:
        d.reason_views = reason_views(d.reasons)
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
        "warnings": list(Assessment.objects.filter(author=author, warning=True).select_related(
            "post__current_revision", "decision")),
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
    decisions = (Decision.objects.filter(post__author=author, outcome__in=VIOLATION_OUTCOMES, created_at__gte=since,
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


def author_home(author: Author, now: datetime | None = None) -> dict:
    """The standing side of the author's own home page (templates/authors/my_posts.html)."""
    now = now or timezone.now()
    subs = submissions(author)
    this_monday = standing.week_bounds(standing.week_start(now))[0]
    return {
        "right": posting_right(author, now),
        "pass_rate": standing.pass_rate(subs),
        "pass_rate_week": standing.pass_rate(subs, since=this_monday),
        "below_news_threshold": standing.below_news_threshold(standing.AuthorRecord(submissions=subs)),
        "whitelist": Whitelist.objects.filter(author=author).first(),
        "progress": standing.whitelist_progress(subs, now),
        "warnings": list(Assessment.objects.filter(author=author, warning=True, overturned_at__isnull=True)),
        "active_bans": list(active_penalties(author, now)),
    }
