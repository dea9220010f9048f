"""Submission through the real Redis queue, drained by a real RQ worker."""
import pytest
from redis.exceptions import ConnectionError as RedisConnectionError

from factories import post_document, uploads_for
from moderation import jobs
from moderation.lifecycle import State
from moderation.models import Post, PostEvent
from moderation.actions import submission


def submit(cast, django_capture_on_commit_callbacks, **doc_kwargs):
    document = post_document(**doc_kwargs)
    with django_capture_on_commit_callbacks(execute=True):
        return submission.submit_post(
            author=cast.alice.author, document=document, uploads=uploads_for(document), actor=cast.alice
        )


def test_a_submission_is_scored_by_the_worker_and_enters_the_queue(
        cast, scoring_queue, run_worker, django_capture_on_commit_callbacks):
    post = submit(cast, django_capture_on_commit_callbacks, title="淘宝同款耳机实测,降噪续航都不错")
    assert post.state == State.SUBMITTED
    assert scoring_queue.count == 1

    run_worker()

    post.refresh_from_db()
    assert post.state == State.IN_QUEUE
    rules = {f.rule for f in post.current_revision.findings.all()}
    assert {"BODY_COMPETITOR", "TITLE_HALFWIDTH_PUNCT"} <= rules
    competitor = post.current_revision.findings.get(rule="BODY_COMPETITOR", target="title")
    assert post.current_revision.title[competitor.start:competitor.end] == "淘宝"
    assert post.block_count >= 2
    events = list(PostEvent.objects.filter(post=post).values_list("event", flat=True))
    assert events == ["create", "submit", "start_scoring", "finish_scoring"]


def test_nothing_is_enqueued_before_commit(cast, scoring_queue, django_capture_on_commit_callbacks):
    document = post_document()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        submission.submit_post(cast.alice.author, document=document, uploads=uploads_for(document), actor=cast.alice)
        assert scoring_queue.count == 0
    assert len(callbacks) == 1


def test_the_queue_orders_block_findings_first_then_age(
        cast, scoring_queue, run_worker, django_capture_on_commit_callbacks):
    from moderation.selectors import queue_page

    clean = submit(cast, django_capture_on_commit_callbacks)
    risky = submit(cast, django_capture_on_commit_callbacks, title="京东美妆7周年庆,超级大满减力度太大!")
    run_worker()
    assert [p.pk for p in queue_page()[0]] == [risky.pk, clean.pk]


def test_redis_down_at_submit_keeps_the_post_and_the_sweep_enqueues_it(
        cast, scoring_queue, run_worker, django_capture_on_commit_callbacks, monkeypatch, settings):
    import django_rq.queues

    def refuse(*args, **kwargs):
        raise RedisConnectionError("Error 111 connecting to 127.0.0.1:6399. Connection refused.")

    monkeypatch.setattr(django_rq.queues.DjangoRQ, "enqueue_call", refuse)
    post = submit(cast, django_capture_on_commit_callbacks)
    assert Post.objects.get(pk=post.pk).state == State.SUBMITTED
    assert scoring_queue.count == 0
    monkeypatch.undo()

    assert jobs.sweep_unscored(older_than_seconds=0) == 1
    assert jobs.sweep_unscored(older_than_seconds=0) == 0  # still queued: left alone, no duplicate job
    assert scoring_queue.count == 1
    run_worker()
    assert Post.objects.get(pk=post.pk).state == State.IN_QUEUE


def test_running_the_job_twice_changes_nothing(cast, scoring_queue, run_worker, django_capture_on_commit_callbacks):
    post = submit(cast, django_capture_on_commit_callbacks)
    run_worker()
    revision = Post.objects.get(pk=post.pk).current_revision
    count = revision.findings.count()
    assert jobs.score_post_job(post.pk).startswith("skipped")
    revision.refresh_from_db()
    assert revision.findings.count() == count and revision.score_attempts == 1


def test_editing_a_pending_post_makes_a_new_revision_and_rescored(
        cast, scoring_queue, run_worker, django_capture_on_commit_callbacks):
    post = submit(cast, django_capture_on_commit_callbacks, title="淘宝同款耳机实测：降噪续航都不错的通勤之选")
    run_worker()
    document = post_document(title="通勤耳机实测三周：降噪续航都不错的通勤之选")
    with django_capture_on_commit_callbacks(execute=True):
        submission.edit_post(post, document=document, uploads=uploads_for(document), actor=cast.alice)
    run_worker()
    post.refresh_from_db()
    assert post.state == State.IN_QUEUE and post.revisions.count() == 2
    assert "BODY_COMPETITOR" not in {f.rule for f in post.current_revision.findings.all()}
    assert post.revisions.get(number=1).findings.filter(rule="BODY_COMPETITOR").exists()  # kept
