"""RQ jobs. Plain functions taking IDs: load, return early if the state moved on, call a service.
Enqueued after the transaction commits, through ``enqueue_scoring``; running one twice changes
nothing the second time."""
from __future__ import annotations

from .actions.review import release_stale_claims
from .enqueue import SCORING_QUEUE, enqueue_scoring  # noqa: F401 — the sweep's and the tests' entry
from .queries import unscored_post_ids
from .scoring import score_post


def score_post_job(post_id: int) -> str:
    return score_post(post_id)


def sweep_unscored(older_than_seconds: int | None = None) -> int:
    """Periodic: enqueue every post left unscored (Redis was down, or a worker died)."""
    return sum(enqueue_scoring(pk, rev) for pk, rev in unscored_post_ids(older_than_seconds))


def release_stale_claims_job() -> int:
    return release_stale_claims()
