"""Fixtures shared by the suite: the cast of users, real Redis queues and a real RQ worker."""
from __future__ import annotations

from factories import role_group

import os

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API under live_server

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session", autouse=True)
def patient_expectations():
    """Assertions on pages wait up to 20 s (Playwright's default is 5): the self-check and the worker
    answer in well under a second on a quiet machine, but CI machines are not always quiet."""
    from playwright.sync_api import expect

    expect.set_options(timeout=20_000)


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "zh-CN", "timezone_id": "Asia/Shanghai",
            "viewport": {"width": 1440, "height": 900}}


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the default language: a request in English leaves English active in the
    thread (LocaleMiddleware activates per request and never resets), and actions word their errors
    in the active language."""
    from django.utils import translation

    yield
    translation.deactivate()


def _user(username, group, *, author=None, password=None):
    from django.contrib.auth.models import User

    from authors.models import Author

    user = User.objects.create_user(username, password=password or f"pw-{username}-123")
    user.groups.add(role_group(group))
    if author:
        Author.objects.create(user=user, display_name=author[0], category=author[1])
    return user


@pytest.fixture
def cast(db):
    """alice and charlie write, bob and erin edit, dora administers."""
    from types import SimpleNamespace

    return SimpleNamespace(
        alice=_user("alice", "author", author=("爱丽丝的数码笔记", "数码")),
        charlie=_user("charlie", "author", author=("查理美妆", "美妆")),
        bob=_user("bob", "editor"),
        erin=_user("erin", "editor"),
        dora=_user("dora", "admin"),
    )


@pytest.fixture
def scoring_queue():
    """The real scoring queue on the test Redis database, emptied before and after."""
    import django_rq

    queue = django_rq.get_queue("scoring")
    queue.connection.flushdb()
    yield queue
    queue.connection.flushdb()


@pytest.fixture
def run_worker(scoring_queue):
    """Drain the scoring queue with a real RQ worker in burst mode (in this process, so it sees
    the test database)."""
    from rq import SimpleWorker

    def run():
        worker = SimpleWorker([scoring_queue], connection=scoring_queue.connection)
        worker.work(burst=True)
        return worker

    return run


@pytest.fixture
def score_waiting(db):
    """Pre-score, in this process, every post waiting for it: the job's own body
    (moderation.scoring.score_post) without Redis or a worker. Fast set-up for tests about what comes
    after scoring; the pipeline and race tests keep the real RQ worker (scoring_queue, run_worker)."""
    from moderation.lifecycle import State
    from moderation.models import Post
    from moderation.scoring import score_post

    def run() -> int:
        waiting = list(Post.objects.filter(state__in=(State.SUBMITTED, State.SCORING)).values_list("pk", flat=True))
        for pk in waiting:
            score_post(pk)
        return len(waiting)

    return run


@pytest.fixture
def scored_post(score_waiting, django_capture_on_commit_callbacks):
    """scored_post(author, document=…, uploads=…, actor=…): submit through the action, then pre-score
    in this process (the on-commit enqueue is dropped: nothing goes to Redis)."""
    from moderation.actions import submission

    def submit(author, *, document, uploads, actor=None, **kwargs):
        with django_capture_on_commit_callbacks(execute=False):
            post = submission.submit_post(author, actor=actor or author.user, document=document, uploads=uploads,
                                          **kwargs)
        score_waiting()
        post.refresh_from_db()
        return post

    return submit
