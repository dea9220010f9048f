"""Querysets shared by the actions and the selectors (the queue's order, the unclaimed queue): plain
reads on the models, below both."""
from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from .lifecycle import State
from .models import Post, StageReview


def queue_order(qs):
    """Risk first (block findings, then warnings), then age."""
    return qs.order_by("-block_count", "-warn_count", "queued_at", "id")


def waiting_posts():
    """Posts in the first review's queue: waiting, and not held in a later stage (issue 14)."""
    in_stage = StageReview.objects.filter(revision=OuterRef("current_revision"), status=StageReview.Status.PENDING)
    return Post.objects.filter(state=State.IN_QUEUE).exclude(Exists(in_stage))


def unclaimed_queue(qs=None):
    qs = waiting_posts() if qs is None else qs
    return qs.filter(Q(claimed_by__isnull=True) | Q(claim_expires_at__lte=timezone.now()))


def unscored_post_ids(older_than_seconds: int | None = None) -> list[tuple[int, int]]:
    """Posts submitted (or stuck in scoring) for longer than the grace period, with their revision."""
    seconds = settings.UNSCORED_SWEEP_AFTER_SECONDS if older_than_seconds is None else older_than_seconds
    cutoff = timezone.now() - timedelta(seconds=seconds)
    return list(
        Post.objects.filter(state__in=[State.SUBMITTED, State.SCORING], updated_at__lte=cutoff)
        .values_list("pk", "current_revision_id")
    )
