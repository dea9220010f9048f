"""Server time of the editors' pages with 100,000 posts in PostgreSQL.

Fills a database of its own (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/reviewdesk_bench)
with 100,000 posts waiting in the queue (each with a revision and findings), then requests the queue page,
a filtered queue page and the review screen through Django's test client (server-side time: middleware,
queries and template rendering), and prints p50/p95 and query counts. A plain `SELECT 1` round trip is
the baseline measured in the same process.

    .venv/bin/python bench/pages.py [--posts 100000] [--requests 40]
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/reviewdesk_bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reviewdesk.settings")
os.environ.setdefault("STATICFILES_BACKEND", "django.contrib.staticfiles.storage.StaticFilesStorage")

PARAGRAPH = ("这款耳机我已经连续用了三周，通勤、跑步和办公室里都戴过。佩戴方面，耳翼的硅胶比较软，跑步十公里下来没有明显的"
             "压迫感。降噪在地铁里表现不错，车厢的低频轰鸣基本被压住了，但人声还能隐约听到，适合需要留意报站的人。")
RULES = [("BODY_COMPETITOR", "block", "淘宝"), ("TITLE_HALFWIDTH_PUNCT", "block", ","), ("BODY_PUNCTUATION", "info", "!!"),
         ("TITLE_CLICKBAIT", "warn", "必看"), ("BODY_PRICE", "block", "2999元"), ("IMAGE_DARK", "warn", "")]


def create_database():
    import psycopg

    url = os.environ["DATABASE_URL"]
    base, name = url.rsplit("/", 1)
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def fill(n_posts: int) -> None:
    import random
    from datetime import timedelta

    from django.contrib.auth.models import Group, User
    from django.utils import timezone

    from authors.models import Author
    from moderation.models import Finding, Post, Revision

    have = Post.objects.count()
    if have >= n_posts:
        return
    rnd = random.Random(1)
    authors = list(Author.objects.all()[:500])
    if not authors:
        group = Group.objects.get(name="author")
        users = User.objects.bulk_create(User(username=f"bench_author_{i}") for i in range(500))
        group.user_set.add(*users)
        authors = Author.objects.bulk_create(
            Author(user=u, display_name=f"作者{i}号", category="数码") for i, u in enumerate(users))
    editor, _ = User.objects.get_or_create(username="bench_editor")
    editor.groups.add(Group.objects.get(name="editor"))
    now = timezone.now()
    batch = 2000
    for start in range(have, n_posts, batch):
        count = min(batch, n_posts - start)
        posts = Post.objects.bulk_create(Post(
            author=rnd.choice(authors), kind=rnd.choice(["review", "guide", "video", "news"]), state="in_queue",
            queued_at=now - timedelta(minutes=rnd.randint(1, 60 * 24 * 14)),
            resubmissions_used=rnd.choice([0, 0, 0, 1, 2])) for _ in range(count))
        revisions = Revision.objects.bulk_create(Revision(
            post=p, number=1, title=f"通勤耳机实测第{start + i}篇：降噪、续航与佩戴体验", content_hash=f"{start + i:064d}",
            scored_at=now, document={
                "format": "reviewdesk.post/1", "author": {"username": "x"}, "kind": p.kind,
                "title": f"通勤耳机实测第{start + i}篇：降噪、续航与佩戴体验", "cover": "", "tags": ["耳机"],
                "blocks": [{"type": "paragraph", "text": PARAGRAPH} for _ in range(4)]})
            for i, p in enumerate(posts))
        findings = []
        for p, r in zip(posts, revisions):
            for rule, sev, excerpt in rnd.sample(RULES, rnd.randint(0, 4)):
                findings.append(Finding(revision=r, rule=rule, severity=sev, target="blocks[0]", start=0,
                                        end=len(excerpt), excerpt=excerpt, message="示例", clause="4.2(3)"))
            p.current_revision = r
            p.block_count = sum(f.revision_id == r.pk and f.severity == "block" for f in findings[-4:])
        Finding.objects.bulk_create(findings)
        Post.objects.bulk_update(posts, ["current_revision", "block_count"])
        print(f"  filled {start + count} posts", file=sys.stderr)


def timed(client, url, n):
    from django.db import connection

    client.get(url)  # warm-up
    times, counted = [], []

    def count(execute, sql, params, many, context):
        counted.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get(url)
    for _ in range(n):
        t0 = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))], len(counted)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=40)
    args = parser.parse_args()
    create_database()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.contrib.auth.models import User

    from moderation.models import Post

    from django.core.signals import request_finished
    from django.db import close_old_connections

    call_command("migrate", verbosity=0)
    fill(args.posts)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh statistics, as autovacuum keeps them in production
    # Keep one connection across requests, as CONN_MAX_AGE does in production.
    request_finished.disconnect(close_old_connections)
    client = Client()
    client.force_login(User.objects.get(username="bench_editor"))
    post = Post.objects.filter(state="in_queue").order_by("-block_count", "queued_at").first()

    def select_one():
        with connection.cursor() as c:
            c.execute("SELECT 1")

    base = []
    for _ in range(200):
        t0 = time.perf_counter()
        select_one()
        base.append((time.perf_counter() - t0) * 1000)
    baseline = statistics.median(base)
    rows = [
        ("queue", "/desk/"),
        ("filtered", "/desk/?rule=BODY_COMPETITOR&kind=guide&resubmitted=on"),
        ("search", "/desk/?q=第4242篇"),
        ("review", f"/desk/posts/{post.pk}/"),
    ]
    results = {}
    print(f"\n{Post.objects.count():,} posts in PostgreSQL; {args.requests} requests per page\n")
    print(f"{'page':<10}{'p50 ms':>10}{'p95 ms':>10}{'queries':>10}{'p50 / SELECT 1':>18}")
    print(f"{'SELECT 1':<10}{baseline:>10.2f}{'':>10}{1:>10}{1.0:>18.1f}")
    for name, url in rows:
        p50, p95, queries = timed(client, url, args.requests)
        results[name] = p95
        print(f"{name:<10}{p50:>10.1f}{p95:>10.1f}{queries:>10}{p50 / baseline:>18.1f}")
    print(f"pages p95 ms: queue {results['queue']:.1f}, filtered {results['filtered']:.1f}, review {results['review']:.1f}")


if __name__ == "__main__":
    main()
