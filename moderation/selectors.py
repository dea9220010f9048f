"""Reads for pages and jobs: the queue, the review screen, unscored posts. No N+1: every list
fetches its related rows in a constant number of queries."""
from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from .lifecycle import State
from .models import Decision, Finding, Post, Revision


def queue_order(qs):
    """Risk first (block findings, then warnings), then age."""
    return qs.order_by("-block_count", "-warn_count", "queued_at", "id")


def waiting_posts():
    return Post.objects.filter(state=State.IN_QUEUE)


def unclaimed_queue(qs=None):
    qs = waiting_posts() if qs is None else qs
    return qs.filter(Q(claimed_by__isnull=True) | Q(claim_expires_at__lte=timezone.now()))


def queue_page(*, limit: int = 50):
    """The rows of the editors' queue with their author, claimer and current revision's findings."""
    findings = Finding.objects.filter(dismissed_at__isnull=True).order_by("severity", "id")
    return list(
        queue_order(waiting_posts())
        .select_related("author__user", "claimed_by", "current_revision")
        .prefetch_related(Prefetch("current_revision__findings", queryset=findings))[:limit]
    )


def state_counts() -> dict[str, int]:
    from django.db.models import Count

    rows = Post.objects.values("state").annotate(n=Count("id"))
    return {row["state"]: row["n"] for row in rows}


def unscored_post_ids(older_than_seconds: int | None = None) -> list[tuple[int, int]]:
    """Posts submitted (or stuck in scoring) for longer than the grace period, with their revision."""
    seconds = settings.UNSCORED_SWEEP_AFTER_SECONDS if older_than_seconds is None else older_than_seconds
    cutoff = timezone.now() - timedelta(seconds=seconds)
    return list(
        Post.objects.filter(state__in=[State.SUBMITTED, State.SCORING], updated_at__lte=cutoff)
        .values_list("pk", "current_revision_id")
    )


def post_for_review(post_id: int) -> Post:
    return get_object_or_404(
        Post.objects.select_related("author__user", "claimed_by", "current_revision"), pk=post_id
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


def decisions_for(post: Post) -> list[Decision]:
    return list(post.decisions.select_related("editor", "revision"))
