"""Server time of the editors' and admins' pages with 100,000 posts in PostgreSQL.

Fills a database of its own (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/reviewdesk_bench)
with 100,000 posts waiting in the queue (``--posts``; each with a revision and findings, filled in SQL: a
million takes minutes), then requests the queue page, a filtered queue page, a search, a filter no post matches,
the queue's 200th page (by the pager's link, and by number alone: capped at page 20) and the review screen through Django's test client (server-side time: middleware,
queries and template rendering), and prints p50/p95 and query counts. A plain `SELECT 1` round trip is
the baseline measured in the same process.

``--decided N`` adds N posts already decided over the past year (revision, findings, some dismissed,
a submit event and an editor's decision each; filled in SQL), builds the insights rollups of that year
(timed: the backfill, then one periodic refresh) and adds the operations dashboard, its CSV, the
per-rule precision page and the late list to the pages measured, as an admin.

    .venv/bin/python bench/pages.py [--posts 100000] [--decided 900000] [--requests 40]
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


WAITING_SQL = """
WITH authors AS (SELECT array_agg(id ORDER BY id) AS ids FROM authors_author),
s AS (
  SELECT g, nextval(pg_get_serial_sequence('moderation_post', 'id')) AS post_id,
         nextval(pg_get_serial_sequence('moderation_revision', 'id')) AS revision_id,
         (ARRAY['review','guide','video','news'])[1 + floor(random() * 4)::int] AS kind,
         authors.ids[1 + floor(random() * array_length(authors.ids, 1))::int] AS author_id,
         now() - (1 + floor(random() * 60 * 24 * 14)) * interval '1 minute' AS queued_at,
         (ARRAY[0, 0, 0, 1, 2])[1 + floor(random() * 5)::int] AS resubmissions_used,
         floor(random() * 5)::int AS n_findings, floor(random() * 6)::int AS first_rule,
         '通勤耳机实测第' || g || '篇：降噪、续航与佩戴体验' AS title
  FROM generate_series(%(start)s, %(stop)s) g, authors),
f AS (
  SELECT s.revision_id, (%(rules)s::text[])[1 + (s.first_rule + k) %% 6] AS rule,
         (%(severities)s::text[])[1 + (s.first_rule + k) %% 6] AS severity,
         (%(excerpts)s::text[])[1 + (s.first_rule + k) %% 6] AS excerpt
  FROM s, generate_series(0, s.n_findings - 1) k),
p AS (
  INSERT INTO moderation_post (id, author_id, kind, state, external_id, current_revision_id, resubmissions_used,
                               block_count, warn_count, queued_at, version, created_at, updated_at)
  SELECT post_id, author_id, kind, 'in_queue', '', revision_id, resubmissions_used,
         (SELECT count(*) FROM generate_series(0, n_findings - 1) k
          WHERE (%(severities)s::text[])[1 + (first_rule + k) %% 6] = 'block'),
         (SELECT count(*) FROM generate_series(0, n_findings - 1) k
          WHERE (%(severities)s::text[])[1 + (first_rule + k) %% 6] = 'warn'), queued_at, 1, queued_at, queued_at
  FROM s),
r AS (
  INSERT INTO moderation_revision (id, post_id, number, title, document, content_hash, created_at, scored_at,
                                   score_attempts, scoring_error)
  SELECT revision_id, post_id, 1, title,
         jsonb_build_object('format', 'reviewdesk.post/1', 'author', jsonb_build_object('username', 'x'),
                            'kind', kind, 'title', title, 'cover', '', 'tags', jsonb_build_array('耳机'),
                            'blocks', %(blocks)s::jsonb),
         lpad(g::text, 64, '0'), queued_at, now(), 1, '' FROM s)
INSERT INTO moderation_finding (revision_id, rule, severity, target, start, "end", excerpt, normalized, message, clause)
SELECT revision_id, rule, severity, 'blocks[0]', 0, char_length(excerpt), excerpt, '', '示例', '4.2(3)' FROM f
"""


def fill(n_posts: int) -> None:
    """Posts waiting in the queue, each with a revision and 0-4 findings (in SQL, 50,000 a statement;
    the post and its revision point at each other: Django's foreign keys are checked at commit)."""
    import json

    from django.contrib.auth.models import Group, User
    from django.db import connection, transaction

    from authors.models import Author
    from moderation.models import Post

    have = Post.objects.exclude(external_id__startswith="bench-decided-").count()
    if have >= n_posts:
        return
    if not Author.objects.exists():
        group = Group.objects.get(name="author")
        users = User.objects.bulk_create(User(username=f"bench_author_{i}") for i in range(500))
        group.user_set.add(*users)
        Author.objects.bulk_create(Author(user=u, display_name=f"作者{i}号", category="数码") for i, u in enumerate(users))
    editor, _ = User.objects.get_or_create(username="bench_editor")
    editor.groups.add(Group.objects.get(name="editor"))
    blocks = json.dumps([{"type": "paragraph", "text": PARAGRAPH}] * 4, ensure_ascii=False)
    rules, severities, excerpts = (list(column) for column in zip(*RULES))
    for start in range(have, n_posts, 50_000):
        stop = min(start + 50_000, n_posts)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(WAITING_SQL, {"start": start, "stop": stop - 1, "blocks": blocks, "rules": rules,
                                         "severities": severities, "excerpts": excerpts})
        print(f"  filled {stop} posts", file=sys.stderr)


DECIDED_SQL = """
WITH editors AS (SELECT array_agg(id ORDER BY id) AS ids FROM auth_user WHERE username LIKE 'bench_editor%%'),
authors AS (SELECT array_agg(id ORDER BY id) AS ids FROM authors_author),
p AS (
  INSERT INTO moderation_post (author_id, kind, state, external_id, resubmissions_used, block_count, warn_count,
                               queued_at, version, created_at, updated_at)
  SELECT (SELECT ids[1 + (g %% array_length(ids, 1))] FROM authors), (ARRAY['review','guide','video','news'])[1 + g %% 4],
         (ARRAY['approved','approved','approved','returned','rejected'])[1 + g %% 5], 'bench-decided-' || g,
         0, 0, 0, ts, 3, ts, ts
  FROM (SELECT g, now() - (random() * 365) * interval '1 day' AS ts FROM generate_series(%(start)s, %(stop)s) g) s
  RETURNING id, created_at, state),
r AS (
  INSERT INTO moderation_revision (post_id, number, title, document, content_hash, created_at, scored_at,
                                   score_attempts, scoring_error)
  SELECT id, 1, '已审核的耳机实测第' || id || '篇', '{"format": "reviewdesk.post/1"}'::jsonb, md5(id::text),
         created_at, created_at, 1, '' FROM p
  RETURNING id, post_id, created_at),
e AS (
  INSERT INTO moderation_postevent (post_id, event, from_state, to_state, note, created_at)
  SELECT post_id, 'submit', 'draft', 'submitted', '', created_at FROM r),
f AS (
  INSERT INTO moderation_finding (revision_id, rule, severity, target, excerpt, normalized, message, clause,
                                  dismissed_at)
  SELECT r.id, (ARRAY['BODY_COMPETITOR','TITLE_HALFWIDTH_PUNCT','TITLE_CLICKBAIT','BODY_PRICE','IMAGE_DARK',
                      'TITLE_AD_LAW'])[1 + ((r.id + k) %% 6)], 'warn', 'blocks[0]', '', '', '示例', '4.2(3)',
         CASE WHEN random() < 0.3 THEN r.created_at END
  FROM r, generate_series(0, (r.id %% 3)) k)
INSERT INTO moderation_decision (post_id, revision_id, editor_id, outcome, reasons, message, serious, created_at)
SELECT r.post_id, r.id, (SELECT ids[1 + (r.id %% array_length(ids, 1))] FROM editors),
       CASE p.state WHEN 'approved' THEN 'approve' WHEN 'returned' THEN 'return' ELSE 'reject' END,
       CASE WHEN p.state = 'approved' THEN '[]'::jsonb
            ELSE jsonb_build_array((ARRAY['BODY_COMPETITOR','TITLE_AD_LAW','BODY_PRICE','IMAGE_BLUR'])[1 + r.id %% 4]) END,
       '', false, r.created_at + (random() * 6) * interval '1 hour'
FROM r JOIN p ON p.id = r.post_id
"""


def fill_decided(n_decided: int) -> float | None:
    """Add posts decided over the past year (in SQL, 50,000 a statement) and build their rollups;
    returns the seconds the year's backfill took (None when they were there already)."""
    from django.contrib.auth.models import Group, User
    from django.db import connection

    from insights import rollups
    from moderation.models import Post

    have = Post.objects.filter(external_id__startswith="bench-decided-").count()
    if have >= n_decided:
        return None
    group = Group.objects.get(name="editor")
    for i in range(20):
        editor, _ = User.objects.get_or_create(username=f"bench_editor_{i}")
        editor.groups.add(group)
    with connection.cursor() as cursor:
        for start in range(have, n_decided, 50_000):
            cursor.execute(DECIDED_SQL, {"start": start, "stop": min(start + 50_000, n_decided) - 1})
            print(f"  decided {min(start + 50_000, n_decided)} posts", file=sys.stderr)
        cursor.execute("UPDATE moderation_post p SET current_revision_id = r.id FROM moderation_revision r "
                       "WHERE r.post_id = p.id AND p.current_revision_id IS NULL")
        cursor.execute("ANALYZE")
    t0 = time.perf_counter()
    rollups.refresh(days=366)
    return time.perf_counter() - t0


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
    parser.add_argument("--decided", type=int, default=0, help="posts already decided over the past year")
    parser.add_argument("--only", default="", help="comma-separated page names to measure (default: all)")
    args = parser.parse_args()
    create_database()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.contrib.auth.models import User

    from moderation.models import Post
    from moderation.queries import QueueCursor, queue_order, waiting_posts

    from django.core.signals import request_finished
    from django.db import close_old_connections

    call_command("migrate", verbosity=0)
    fill(args.posts)
    backfill = fill_decided(args.decided) if args.decided else None
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh statistics, as autovacuum keeps them in production
    # Keep one connection across requests, as CONN_MAX_AGE does in production.
    request_finished.disconnect(close_old_connections)
    client = Client()
    client.force_login(User.objects.get(username="bench_editor"))
    post = Post.objects.filter(state="in_queue").order_by("-block_count", "queued_at").first()
    page200_after = QueueCursor.of(queue_order(waiting_posts())[199 * 50 - 1])

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
        ("nomatch", "/desk/?rule=IMAGE_DARK&severity=info"),  # a rule with a severity it never has: no post
        # The pager's link to page 200 (the 9,951st waiting post on: after the 9,950th), and page 200 asked
        # for by number alone (typed, old links): numbers alone go to page 20 (QUEUE_MAX_TYPED_PAGE), which
        # skips the 950 posts before it and says so.
        ("page200", f"/desk/?page=200&after={page200_after}"),
        ("offset200", "/desk/?page=200"),
        ("review", f"/desk/posts/{post.pk}/"),
    ]
    if args.decided:
        from insights import rollups

        if backfill is not None:
            print(f"insights backfill of a year of rollups: {backfill:.1f} s")
        t0 = time.perf_counter()
        rollups.refresh()
        print(f"insights periodic refresh (2 days, their weeks, the queue snapshot): {time.perf_counter() - t0:.2f} s")
        admin, _ = User.objects.get_or_create(username="bench_admin", defaults={"is_superuser": True})
        admin_client = Client()
        admin_client.force_login(admin)
        rows += [("dashboard", "/desk/manage/insights/?days=30", admin_client),
                 ("dash-90d", "/desk/manage/insights/?days=90", admin_client),
                 ("csv", "/desk/manage/insights/export.csv?days=30", admin_client),
                 ("rules", "/desk/manage/insights/rules/?weeks=13", admin_client),
                 ("late", "/desk/manage/insights/late/", admin_client)]
    results = {}
    print(f"\n{Post.objects.count():,} posts in PostgreSQL; {args.requests} requests per page\n")
    print(f"{'page':<10}{'p50 ms':>10}{'p95 ms':>10}{'queries':>10}{'p50 / SELECT 1':>18}")
    print(f"{'SELECT 1':<10}{baseline:>10.2f}{'':>10}{1:>10}{1.0:>18.1f}")
    only = set(filter(None, args.only.split(",")))
    for name, url, *who in rows:
        if only and name not in only:
            continue
        p50, p95, queries = timed(who[0] if who else client, url, args.requests)
        results[name] = p95
        print(f"{name:<10}{p50:>10.1f}{p95:>10.1f}{queries:>10}{p50 / baseline:>18.1f}")
    print("p95 ms: " + ", ".join(f"{k} {v:.1f}" for k, v in results.items()))


if __name__ == "__main__":
    main()
