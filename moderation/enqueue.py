"""Putting the pre-score job on its RQ queue, after the submitting transaction commits, and finding the
jobs that were lost (Redis down at submit, a worker killed mid-job, Redis restarted empty). The job is
named by its dotted path, so the actions that enqueue it do not import the pipeline it runs."""
from __future__ import annotations

import logging
import time

import django_rq
from django.conf import settings
from redis.exceptions import RedisError
from rq import Retry
from rq.exceptions import DuplicateJobError
from rq.job import Job, JobStatus
from rq.registry import FailedJobRegistry, ScheduledJobRegistry, StartedJobRegistry

log = logging.getLogger(__name__)

SCORING_QUEUE = "scoring"
# A job that failed this many times (its revision's score_attempts) is left in the failed registry for
# a person to look at, instead of being re-run by every sweep.
MAX_SCORE_ATTEMPTS = 6
# A retry the scheduler should have moved to the queue this long ago is moved by the sweep (a
# deployment whose workers run without --with-scheduler would otherwise keep it forever).
OVERDUE_SECONDS = 10
RETRY = dict(max=3, interval=[2, 30, 120])
# A real post's job takes a fifth of a second (issue 15: bench/pipeline.py --profile); one that runs a
# minute is stuck, and is failed (then retried) rather than holding its worker, which runs it in process.
SCORING_TIMEOUT = 60


def scoring_job_id(post_id: int, revision_id: int) -> str:
    return f"score-post-{post_id}-rev-{revision_id}"


# (the queue's settings, the Queue) per process: see scoring_queue
_queue: tuple[str, object] | None = None


def scoring_queue():
    """The scoring queue, one per process. django_rq builds a new Redis client, connection pool and
    connection on every ``get_queue`` (and RQ asks the new one for the server's version): with one per
    submit that was a fresh TCP connection and two round trips in every web request (issue 15,
    bench/pipeline.py). Keyed by the queue's settings, which tests point at other servers."""
    global _queue
    key = repr(settings.RQ_QUEUES[SCORING_QUEUE])
    cached = _queue
    if cached is None or cached[0] != key:
        cached = _queue = (key, django_rq.get_queue(SCORING_QUEUE))
    return cached[1]


def _enqueue(queue, post_id: int, revision_id: int) -> None:
    queue.enqueue(
        "moderation.jobs.score_post_job", post_id, job_id=scoring_job_id(post_id, revision_id), unique=True,
        retry=Retry(**RETRY), job_timeout=SCORING_TIMEOUT, result_ttl=0, failure_ttl=7 * 24 * 3600,
    )


def enqueue_scoring(post_id: int, revision_id: int) -> bool:
    """Queue the pre-score job for a post's revision (True), or leave it to the sweep (False): Redis
    is down, or a job with this ID exists already (queued, running, or kept after failing).

    One job ID per revision: an edit while the old revision is being scored gets its own job."""
    try:
        _enqueue(scoring_queue(), post_id, revision_id)
        return True
    except DuplicateJobError:
        return False
    except RedisError:
        log.warning("could not enqueue scoring for post %s; the sweep will retry", post_id, exc_info=True)
        return False


def _live_job_ids(queue) -> tuple[set[str], set[str], dict[str, float]]:
    """(waiting in the queue or just taken by a worker, running with a live heartbeat, scheduled → when)."""
    conn = queue.connection
    waiting = set(queue.get_job_ids()) | set(queue.intermediate_queue.get_job_ids())
    started = StartedJobRegistry(queue=queue)
    running = {started.parse_job_id(e) for e in conn.zrangebyscore(started.key, time.time(), "+inf")}
    scheduled = ScheduledJobRegistry(queue=queue)
    at = {scheduled.parse_job_id(e): score for e, score in conn.zrange(scheduled.key, 0, -1, withscores=True)}
    return waiting, running, at


def recover_scoring(candidates, attempts_of) -> int:
    """Make sure every (post_id, revision_id) in ``candidates`` has a job that will run; return how
    many were really (re)queued. ``attempts_of(revision_ids)`` gives {revision_id: score_attempts} for
    revisions whose job failed (poison jobs are not re-run forever).

    A job counts as alive only when it is waiting in the queue, running under a worker that still
    heartbeats (RQ's StartedJobRegistry score is the heartbeat's expiry), or scheduled for a retry
    that is not overdue. Anything else — no job (Redis was down, or restarted empty), a job whose
    worker died (abandoned), a failed or stopped one, a "queued" job that is in no queue — is
    replaced by a fresh job with the same ID."""
    candidates = list(candidates)
    if not candidates:
        return 0
    queue = scoring_queue()
    try:
        # RQ's own abandoned-job handling first: a job whose heartbeat expired is retried or failed.
        StartedJobRegistry(queue=queue).cleanup()
        waiting, running, scheduled_at = _live_job_ids(queue)  # read before the statuses: see below
        with queue.connection.pipeline(transaction=False) as pipe:
            for post_id, revision_id in candidates:
                pipe.hget(Job.key_for(scoring_job_id(post_id, revision_id)), "status")
            statuses = [s.decode() if isinstance(s, bytes) else s for s in pipe.execute()]
        # A job taken by a worker after the lists were read shows "started" here, so is alive.
        dead, failed = [], []
        now = time.time()
        for (post_id, revision_id), status in zip(candidates, statuses):
            job_id = scoring_job_id(post_id, revision_id)
            if status is None:
                dead.append((post_id, revision_id))
            elif status == JobStatus.QUEUED and job_id not in waiting:
                dead.append((post_id, revision_id))
            elif status == JobStatus.STARTED and job_id not in running and job_id not in waiting:
                dead.append((post_id, revision_id))
            elif status == JobStatus.SCHEDULED and scheduled_at.get(job_id, 0) < now - OVERDUE_SECONDS:
                dead.append((post_id, revision_id))
            elif status in (JobStatus.FAILED, JobStatus.STOPPED, JobStatus.CANCELED, JobStatus.FINISHED):
                failed.append((post_id, revision_id))
        if failed:
            attempts = attempts_of([r for _, r in failed])
            dead += [(p, r) for p, r in failed if attempts.get(r, 0) < MAX_SCORE_ATTEMPTS]
        for post_id, revision_id in dead:
            _replace(queue, post_id, revision_id)
        if dead:
            log.warning("re-queued scoring for %d post(s) whose job was lost: %s", len(dead),
                        ", ".join(str(p) for p, _ in dead[:20]))
        return len(dead)
    except RedisError:
        log.warning("scoring sweep: Redis unavailable; will try again", exc_info=True)
        return 0


def _replace(queue, post_id: int, revision_id: int) -> None:
    """Drop what is left of a dead job (its hash, registry entries, a stale queue entry) and enqueue
    a fresh one under the same ID. Plain key and set operations: a job whose worker died mid-run can
    be missing parts (its execution record) that RQ's own Job.delete() insists on."""
    job_id = scoring_job_id(post_id, revision_id)
    conn = queue.connection
    started = StartedJobRegistry(queue=queue)
    stale = [e for e in conn.zrange(started.key, 0, -1) if started.parse_job_id(e) == job_id]
    with conn.pipeline() as pipe:
        if stale:
            pipe.zrem(started.key, *stale)
        pipe.zrem(ScheduledJobRegistry(queue=queue).key, job_id)
        pipe.zrem(FailedJobRegistry(queue=queue).key, job_id)
        pipe.lrem(queue.key, 0, job_id)
        pipe.delete(Job.key_for(job_id))
        pipe.execute()
    try:
        _enqueue(queue, post_id, revision_id)
    except DuplicateJobError:  # another sweep got there first
        pass
