"""Reads for pages and jobs: the queue, the review screen, unscored posts. No N+1: every list
fetches its related rows in a constant number of queries."""
from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from authors.selectors import standing_badges, standing_summary

from .checks.engine import SEVERITY_ORDER
from .counts import state_counts  # noqa: F401 — part of the selectors' API
from .diffing import fixed_status, revision_diff
from .ids import parse_id
from .lifecycle import State
from .models import Decision, Finding, Post, RefusedSubmission, Revision
from .rulebook import RULES_BY_ID
from .queries import QueueCursor, queue_ids_from, queue_order, unclaimed_queue, waiting_posts  # noqa: F401 — part of the selectors' API


QUEUE_PAGE_SIZE = 50
# A page asked for by its number alone (typed into the address, an old link) is found by skipping the
# posts before it, which grows with the queue (page 200 of a million waiting posts skips 9,950); the
# pager's own links start from a post instead (``after``/``before``). So a number alone goes this far.
QUEUE_MAX_TYPED_PAGE = 20


def filtered_queue(filters: dict):
    """Waiting posts matching the queue's filters (all optional): kind, rule, severity, author,
    min_age_hours, resubmitted, audit (whitelisted authors' sampled posts), q (title or post ID)."""
    qs = waiting_posts()
    if filters.get("audit"):
        # 白名单抽检: whitelisted authors' auto-published posts drawn for a post-publication look.
        qs = Post.objects.filter(audit_sample__status="pending")
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    if filters.get("rule") or filters.get("severity"):
        found = Finding.objects.filter(revision=OuterRef("current_revision"), dismissed_at__isnull=True)
        if filters.get("rule"):
            found = found.filter(rule=filters["rule"])
        if filters.get("severity"):
            found = found.filter(severity=filters["severity"])
        qs = qs.filter(Exists(found))
    if filters.get("author"):
        term = filters["author"]
        qs = qs.filter(Q(author__display_name__icontains=term) | Q(author__user__username=term))
    if filters.get("min_age_hours"):
        qs = qs.filter(queued_at__lte=timezone.now() - timedelta(hours=filters["min_age_hours"]))
    if filters.get("resubmitted"):
        qs = qs.filter(resubmissions_used__gt=0)
    if filters.get("q"):
        term = filters["q"].strip().lstrip("#")
        post_id = parse_id(term)
        qs = qs.filter(pk=post_id) if post_id is not None else qs.filter(current_revision__title__icontains=term)
    return qs


def queue_page(filters: dict | None = None, *, page: int = 1, size: int = QUEUE_PAGE_SIZE,
               after: QueueCursor | None = None, before: QueueCursor | None = None):
    """One page of the editors' queue, with author, claimer and the current revision's findings
    fetched in a constant number of queries (the revision's title, not its whole document). The page
    right after (or before) a cursor is found through the queue order's index however deep it is;
    ``page`` alone skips the posts before it (the first pages, and typed or old links), so it is
    capped at QUEUE_MAX_TYPED_PAGE (the view says so)."""
    findings = Finding.objects.filter(dismissed_at__isnull=True).order_by("severity", "id")
    base = filtered_queue(filters or {})
    qs = (queue_order(base).select_related("author__user", "claimed_by", "current_revision")
          .defer("current_revision__document").prefetch_related(Prefetch("current_revision__findings", queryset=findings)))
    if after or before:
        ids = queue_ids_from(base, after or before, after=after is not None, count=size + 1)
        rows = list(qs.filter(pk__in=ids if after else ids[:size]))
        has_next = len(rows) > size if after else True  # before a post: that post comes next
    else:
        page = min(page, QUEUE_MAX_TYPED_PAGE)
        rows = list(qs[(page - 1) * size: page * size + 1])
        has_next = len(rows) > size
    standing_badges({post.author for post in rows})
    for post in rows:
        post.top_findings = sorted(post.current_revision.findings.all(), key=lambda f: SEVERITY_ORDER[f.severity])[:4]
    return rows[:size], has_next


# ---- search over every state (issue 11): editors find any post but authors' unsubmitted drafts ----

SEARCHABLE_STATES = tuple(s for s in State if s != State.DRAFT)


def _search_filters(filters: dict, editor):
    """Everything but the state: the search box (post ID, title, author), kind, rule, author,
    flagged (an unchanged resubmission refused), mine (posts ``editor`` decided)."""
    qs = Post.objects.exclude(state=State.DRAFT)
    if filters.get("q"):
        term = filters["q"].strip().lstrip("#")
        post_id = parse_id(term)
        qs = qs.filter(Q(pk=post_id) if post_id is not None else Q(current_revision__title__icontains=term)
                       | Q(author__display_name__icontains=term) | Q(author__user__username=term))
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    if filters.get("rule"):
        qs = qs.filter(Exists(Finding.objects.filter(revision=OuterRef("current_revision"), rule=filters["rule"],
                                                     dismissed_at__isnull=True)))
    if filters.get("author"):
        term = filters["author"]
        qs = qs.filter(Q(author__display_name__icontains=term) | Q(author__user__username=term))
    if filters.get("flagged"):
        qs = qs.filter(Exists(RefusedSubmission.objects.filter(post=OuterRef("pk"), unchanged=True)))
    if filters.get("mine") and editor is not None:
        qs = qs.filter(Exists(Decision.objects.filter(post=OuterRef("pk"), editor=editor)))
    return qs


def search_posts(filters: dict, *, editor=None, page: int = 1, size: int = QUEUE_PAGE_SIZE):
    """(rows, has_next, counts): one page of posts in any state but draft matching ``filters``
    (``state`` too), newest activity first — or, with ``mine``, by the editor's latest decision —
    each with its latest decision; ``counts`` per state for the same filters without the state."""
    base = _search_filters(filters, editor)
    if any(v for k, v in filters.items() if k != "state"):
        counts = {row["state"]: row["n"] for row in base.values("state").annotate(n=Count("id"))}
    else:  # the whole desk: the counts the database keeps, not a count of every post
        counts = {state: n for state, n in state_counts().items() if state != State.DRAFT}
    qs = base.filter(state=filters["state"]) if filters.get("state") else base
    if filters.get("mine") and editor is not None:
        qs = qs.annotate(my_last=Max("decisions__created_at", filter=Q(decisions__editor=editor))).order_by("-my_last", "-pk")
    else:
        qs = qs.order_by("-updated_at", "-pk")
    rows = list(qs.select_related("author__user", "current_revision").defer("current_revision__document")
                [(page - 1) * size: page * size + 1])
    latest: dict[int, Decision] = {}
    for d in Decision.objects.filter(post__in=rows).select_related("editor").order_by("created_at", "id"):
        latest[d.post_id] = d
    flagged = set(RefusedSubmission.objects.filter(post__in=rows, unchanged=True).values_list("post_id", flat=True))
    for post in rows:
        post.latest_decision = latest.get(post.pk)
        post.unchanged_flag = post.pk in flagged
    standing_badges({post.author for post in rows})
    return rows[:size], len(rows) > size, counts


def unchanged_refusals(post: Post) -> list[RefusedSubmission]:
    """The author's refused unchanged resubmissions of ``post`` (4.2(3)), newest first: flagged to editors."""
    return list(post.refused_submissions.filter(unchanged=True).order_by("-created_at", "-id"))




def by_severity(findings) -> list[tuple[str, list]]:
    """[(severity, findings)] in the engine's severity order (block, warn, info)."""
    return [(sev, [f for f in findings if f.severity == sev]) for sev in SEVERITY_ORDER]


def post_for_review(post_id: int) -> Post:
    """A post as editors may open it: submitted ones only (an author's unsubmitted draft is a 404)."""
    return get_object_or_404(
        Post.objects.exclude(state=State.DRAFT).select_related("author__user", "claimed_by", "current_revision"),
        pk=post_id,
    )


def review_findings(revision: Revision) -> list[Finding]:
    return list(revision.findings.select_related("dismissed_by").order_by("id"))


def author_post(user, post_id: int) -> Post:
    """An author reaches only their own posts: anything else is a 404, like a missing post."""
    return get_object_or_404(
        Post.objects.select_related("current_revision", "author__user"), pk=post_id, author__user=user
    )


def author_posts(user):
    return Post.objects.filter(author__user=user).select_related("current_revision").order_by("-updated_at")


def author_posts_with_reviews(user):
    """An author's posts with each current revision's findings and each post's decisions (the API's
    view of a post), read in a fixed number of queries however many posts there are."""
    return author_posts(user).prefetch_related(
        Prefetch("current_revision__findings", queryset=Finding.objects.order_by("id")),
        Prefetch("decisions", queryset=Decision.objects.select_related("revision")),
    )


def decisions_for(post: Post) -> list[Decision]:
    return list(post.decisions.select_related("editor", "revision"))


def review_context(post: Post) -> dict:
    """Everything the review screen shows besides the post itself: findings grouped by severity,
    the diff against the previous revision, the previous decision and which earlier findings were
    fixed, and the author's record at a glance."""
    revision = post.current_revision
    findings = review_findings(revision)
    previous = (
        post.revisions.filter(number__lt=revision.number).prefetch_related("images", "findings").order_by("-number").first()
    )
    decisions = decisions_for(post)
    earlier = next((d for d in decisions if d.revision_id != revision.pk), None)
    return {
        "findings": findings,
        "findings_by_severity": by_severity(findings),
        "previous": previous,
        "diff": revision_diff(previous, revision) if previous else None,
        "earlier_decision": earlier,
        "fixed": fixed_status(list(previous.findings.all()), findings) if previous else [],
        "decisions": decisions,
        "author_glance": author_glance(post.author),
        "unchanged_refusals": unchanged_refusals(post),
    }


def author_glance(author) -> dict:
    """Pass rate, recent decisions, bans, warnings and whitelist state of an author."""
    recent = list(
        Decision.objects.filter(post__author=author).select_related("post__current_revision", "editor")
        .order_by("-created_at")[:5]
    )
    return {"posts": Post.objects.filter(author=author).count(), "recent": recent, **standing_summary(author)}


def explained_reasons(decision: Decision) -> list:
    """A decision's reasons with the rule's name, clause and the standard's words, for the author."""
    return [RULES_BY_ID[r] for r in decision.reasons if r in RULES_BY_ID]
