"""A killed worker and a Redis outage cost seconds: the post is scored within 60 s, once. Real RQ
worker processes (the desk's PreloadWorker) on a private redis-server that these tests stop and start."""
import time

import pytest
from rq import Worker
from rq.worker import WorkerStatus
from rq.job import Job, JobStatus

from factories import post_document, uploads_for
from faults import wait_until
from moderation.actions import submission
from moderation.enqueue import scoring_job_id
from moderation.lifecycle import State
from moderation.models import Post, PostEvent

pytestmark = pytest.mark.django_db(transaction=True)

FIVE_PHOTOS = [{"type": "image", "src": f"images/{n}.jpg", "caption": f"细节{n}"} for n in range(2, 5)]


def submit(author, n: int) -> Post:
    document = post_document(title=f"通勤耳机实测三周的第{n}篇体验：降噪续航与佩戴", extra_blocks=FIVE_PHOTOS)
    return submission.submit_post(author.author, actor=author, document=document,
                                  uploads=uploads_for(document, seed=10 * n))


def scored_once(post: Post) -> bool:
    post.refresh_from_db()
    return (post.state == State.IN_QUEUE
            and PostEvent.objects.filter(post=post, event="finish_scoring").count() == 1)


def job_status(connection, job_id):
    try:
        return Job.fetch(job_id, connection=connection).get_status()
    except Exception:  # noqa: BLE001 — not created yet, or already gone
        return None


def test_a_worker_killed_mid_job_is_replaced_within_a_minute_and_the_post_scored_once(
        cast, workers, private_redis):
    import django_rq

    connection = django_rq.get_queue("scoring").connection
    first = workers.start()
    post = submit(cast.alice, 1)
    job_id = scoring_job_id(post.pk, post.current_revision_id)
    assert wait_until(lambda: Post.objects.filter(pk=post.pk, state=State.SCORING).exists(), timeout=90, step=0.01)
    assert job_status(connection, job_id) == JobStatus.STARTED
    workers.kill_hard(first)  # the worker and its work horse, mid-job
    killed_at = time.monotonic()
    post.refresh_from_db()
    assert post.state == State.SCORING and post.current_revision.scored_at is None  # really mid-job

    workers.start()
    assert wait_until(lambda: scored_once(post), timeout=60), workers.output()
    elapsed = time.monotonic() - killed_at
    post.current_revision.refresh_from_db()
    assert post.current_revision.score_attempts == 2  # the killed run and the one that finished
    assert elapsed < 60
    time.sleep(1)
    assert scored_once(post)  # nothing ran it a third time
    assert PostEvent.objects.filter(post=post, event="start_scoring").count() == 2


def test_posts_saved_while_redis_is_down_are_scored_within_a_minute_of_its_return(
        cast, workers, private_redis):
    import django_rq

    connection = django_rq.get_queue("scoring").connection
    workers.start()
    # warmed up, its scheduler started and waiting for jobs (registered is not enough: the start-up
    # that follows registration is what this test once stopped Redis in the middle of)
    assert wait_until(lambda: any(w.get_state() == WorkerStatus.IDLE for w in Worker.all(connection=connection)),
                      timeout=90)
    private_redis.stop()

    posts = [submit(cast.alice, n) for n in range(3)]  # Redis refuses: the on-commit enqueue fails
    assert all(Post.objects.get(pk=p.pk).state == State.SUBMITTED for p in posts)  # kept

    time.sleep(2)
    private_redis.start()  # empty: a Redis without persistence comes back with no jobs
    back_at = time.monotonic()
    assert wait_until(lambda: all(scored_once(p) for p in posts), timeout=60), \
        workers.output()
    assert time.monotonic() - back_at < 60


def test_a_job_running_longer_than_the_heartbeat_grace_is_not_taken_for_abandoned(workers, private_redis):
    """The worker runs jobs in its own process; a thread keeps beating while a long job (a re-screen, a
    backtest) runs, so RQ's registry cleanup does not fail it and the sweep does not run it twice."""
    import django_rq
    from rq.registry import FailedJobRegistry, StartedJobRegistry

    from moderation.worker import HEARTBEAT_GRACE, HEARTBEAT_SECONDS

    queue = django_rq.get_queue("default")
    workers.start()
    job = queue.enqueue("time.sleep", HEARTBEAT_SECONDS + HEARTBEAT_GRACE + 6, job_timeout=120)
    assert wait_until(lambda: job.get_status(refresh=True) == JobStatus.STARTED, timeout=90, step=0.05)
    time.sleep(HEARTBEAT_SECONDS + HEARTBEAT_GRACE + 2)  # past the first beat's expiry
    started = StartedJobRegistry(queue=queue)
    started.cleanup()  # what every worker's maintenance runs
    assert job.get_status(refresh=True) == JobStatus.STARTED, workers.output()
    assert job.id in started.get_job_ids()
    assert wait_until(lambda: job.get_status(refresh=True) == JobStatus.FINISHED, timeout=30), workers.output()
    assert job.id not in FailedJobRegistry(queue=queue).get_job_ids()
