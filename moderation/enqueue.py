"""Putting the pre-score job on its RQ queue, after the submitting transaction commits. The job is
named by its dotted path, so the actions that enqueue it do not import the pipeline it runs."""
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


def enqueue_scoring(post_id: int, revision_id: int) -> bool:
    """Queue the pre-score job for a post's revision; a Redis outage is logged and left to the sweep.

    One job ID per revision: an edit while the old revision is being scored gets its own job."""
    queue = django_rq.get_queue(SCORING_QUEUE)
    job_id = f"score-post-{post_id}-rev-{revision_id}"
    try:
        queue.enqueue(
            "moderation.jobs.score_post_job", post_id, job_id=job_id, unique=True,
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
