"""RQ jobs. Plain functions taking IDs: load, return early if the state moved on, call a service.
Enqueued after the transaction commits, through ``enqueue_scoring``; running one twice changes
nothing the second time."""
from __future__ import annotations

import logging

import django_rq
from redis.exceptions import RedisError
from rq import Retry
from rq.exceptions import DuplicateJobError
from rq.job import Job, JobStatus
from rq.registry import FailedJobRegistry

log = logging.getLogger(__name__)

SCORING_QUEUE = "scoring"


def score_post_job(post_id: int) -> str:
    from .scoring import score_post

    return score_post(post_id)


def enqueue_scoring(post_id: int, revision_id: int) -> bool:
    """Queue the pre-score job for a post's revision; a Redis outage is logged and left to the sweep.

    One job ID per revision: an edit while the old revision is being scored gets its own job."""
    queue = django_rq.get_queue(SCORING_QUEUE)
    job_id = f"score-post-{post_id}-rev-{revision_id}"
    try:
        queue.enqueue(
            score_post_job, post_id, job_id=job_id, unique=True,
            retry=Retry(max=3, interval=[10, 60, 300]), job_timeout=300, result_ttl=0,
            failure_ttl=7 * 24 * 3600,
        )
        return True
    except DuplicateJobError:
        # Already queued or running: nothing to do, unless it failed for good — then run it again.
        job = Job.fetch(job_id, connection=queue.connection)
        if job.get_status() == JobStatus.FAILED:
            FailedJobRegistry(queue=queue).requeue(job_id)
        return True
    except RedisError:
        log.warning("could not enqueue scoring for post %s; the sweep will retry", post_id, exc_info=True)
        return False


def sweep_unscored(older_than_seconds: int | None = None) -> int:
    """Periodic: enqueue every post left unscored (Redis was down, or a worker died)."""
    from .selectors import unscored_post_ids

    return sum(enqueue_scoring(pk, rev) for pk, rev in unscored_post_ids(older_than_seconds))


def release_stale_claims_job() -> int:
    from .services import release_stale_claims

    return release_stale_claims()
