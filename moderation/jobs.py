"""RQ jobs. Plain functions taking IDs: load, return early if the state moved on, call a service.
Enqueued after the transaction commits, through ``enqueue_scoring``; running one twice changes
nothing the second time."""
from __future__ import annotations

from .actions import kept_images
from . import counts
from .actions.held import apply_due_decisions
from .actions.review import release_stale_claims
from .actions.submission import forget_idempotency_keys
from .enqueue import SCORING_QUEUE, enqueue_scoring, recover_scoring  # noqa: F401 — the tests' entry
from .models import Revision
from .queries import unscored_post_ids
from .scoring import score_post


def score_post_job(post_id: int) -> str:
    return score_post(post_id)


def _score_attempts(revision_ids) -> dict[int, int]:
    return dict(Revision.objects.filter(pk__in=revision_ids).values_list("pk", "score_attempts"))


def sweep_unscored(older_than_seconds: int | None = None) -> int:
    """Periodic (each worker's maintenance, every few seconds, and rqcron): give every post left
    unscored a job that will really run — Redis was down at submit, or a worker died mid-job.
    Returns how many posts were really (re)queued; posts whose job is alive are left alone.
    Cheap: one indexed query and a few pipelined Redis reads."""
    return recover_scoring(unscored_post_ids(older_than_seconds), _score_attempts)


def release_stale_claims_job() -> int:
    return release_stale_claims()


def apply_due_decisions_job() -> int:
    """Issue 11: decisions whose undo window has ended are applied (their notices and penalties follow)."""
    return apply_due_decisions()


def forget_stale_kept_images_job() -> int:
    return kept_images.forget_stale()


def forget_idempotency_keys_job() -> int:
    return forget_idempotency_keys()


def compact_state_counts_job() -> int:
    """Fold the rows of the posts-per-state counter into one a state (issue 15)."""
    return counts.compact()
