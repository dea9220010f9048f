"""Querysets shared by the actions and the selectors (the queue's order, the unclaimed queue): plain
reads on the models, below both."""
from __future__ import annotations

import operator
import re
from dataclasses import dataclass
from functools import reduce
from datetime import datetime, timedelta
from datetime import timezone as dt_timezone

from django.conf import settings
from django.db import connections
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from .lifecycle import State
from .models import Post, StageReview


EPOCH = datetime(1970, 1, 1, tzinfo=dt_timezone.utc)
QUEUE_ORDER = ("-block_count", "-warn_count", F("queued_at").asc(nulls_last=True), "id")


def queue_order(qs):
    """Risk first (block findings, then warnings), then age (a post never queued last)."""
    return qs.order_by(*QUEUE_ORDER)


@dataclass(frozen=True)
class QueueCursor:
    """A post's place in the queue order, written into the pager's links (``str``) so that the next or
    previous page starts from it through the order's index instead of skipping every post before it."""

    block: int
    warn: int
    queued_at: datetime | None
    id: int

    @classmethod
    def of(cls, post) -> QueueCursor:
        return cls(post.block_count, post.warn_count, post.queued_at, post.pk)

    @classmethod
    def parse(cls, text: str) -> QueueCursor | None:
        """None for anything but what ``str`` writes."""
        match = re.fullmatch(r"(\d{1,9})\.(\d{1,9})\.(\d{1,17}|-)\.(\d{1,18})", text or "")
        if not match:
            return None
        block, warn, micros, pk = match.groups()
        queued_at = None if micros == "-" else EPOCH + timedelta(microseconds=int(micros))
        return cls(int(block), int(warn), queued_at, int(pk))

    def __str__(self) -> str:
        micros = "-" if self.queued_at is None else str((self.queued_at - EPOCH) // timedelta(microseconds=1))
        return f"{self.block}.{self.warn}.{micros}.{self.id}"

    def ranges(self, *, after: bool) -> list[Q]:
        """The posts after (or before) this place as ranges of the queue order's index, each walked from
        its start, in order walking away from it: the same risk and age, then the same risk, then the same
        blocks with fewer (more) warnings, then fewer (more) blocks."""
        b, w, q, pk = self.block, self.warn, self.queued_at, self.id
        same = {"block_count": b, "warn_count": w}
        if after:
            if q is None:  # never queued: last of its risk
                ages = [Q(**same, queued_at__isnull=True, id__gt=pk)]
            else:
                ages = [Q(**same, queued_at=q, id__gt=pk), Q(**same, queued_at__gt=q), Q(**same, queued_at__isnull=True)]
            return [*ages, Q(block_count=b, warn_count__lt=w), Q(block_count__lt=b)]
        if q is None:
            ages = [Q(**same, queued_at__isnull=True, id__lt=pk), Q(**same, queued_at__isnull=False)]
        else:
            ages = [Q(**same, queued_at=q, id__lt=pk), Q(**same, queued_at__lt=q)]
        return [*ages, Q(block_count=b, warn_count__gt=w), Q(block_count__gt=b)]


def queue_ids_from(qs, cursor: QueueCursor, *, after: bool, count: int) -> list[int]:
    """The ids of up to ``count`` posts of ``qs`` right after (or right before) ``cursor`` in queue order,
    nearest first, in one query wherever the cursor falls: on PostgreSQL the cursor's ranges as one
    UNION ALL of short index range scans (each branch stops after ``count`` rows), whatever the depth in
    the queue; SQLite cannot limit a branch of a compound query, so there one query ORs the ranges."""
    order = QUEUE_ORDER if after else ("block_count", "warn_count", F("queued_at").desc(nulls_first=True), "-id")
    columns = ("id", "block_count", "warn_count", "queued_at")
    ranges = cursor.ranges(after=after)
    if connections[qs.db].features.supports_slicing_ordering_in_compound:
        branches = [qs.filter(part).order_by(*order).values_list(*columns)[:count] for part in ranges]
        rows = branches[0].union(*branches[1:], all=True).order_by(*order)[:count]
    else:
        rows = qs.filter(reduce(operator.or_, ranges)).order_by(*order).values_list(*columns)[:count]
    return [row[0] for row in rows]


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
