"""The history indexes at 100,000 indexed posts on PostgreSQL: median and p95 ms of each lookup the
history-aware rules make, beside a plain ``SELECT 1`` in the same process (the round trip itself).

Run from the repository root:  .venv/bin/python bench/history.py [--posts 100000] [--queries 300]
DATABASE_URL defaults to postgres://postgres@127.0.0.1:5432/reviewdesk_bench_history; the database is
created and migrated when missing, and the fill is kept for the next run (``--refill`` starts over).

The fill: 1,000 authors, one scored revision per post, each with a random MinHash signature and a
random cover pHash (for unrelated documents statistically the same as real ones,
../shared/notes/performance.md §3), plus planted near-copies: signatures with 15% of their hash
values replaced (Jaccard estimate about 0.85) and covers with 6 bits flipped. A query for a planted
original must find its copy; a query for a fresh random value finds nothing.
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/reviewdesk_bench_history"
AUTHORS, PLANTED, BATCH = 1000, 200, 5000


def ensure_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
            print(f"created database {name}")


def random_signature(rng: np.random.Generator):
    from datasketch import LeanMinHash

    from moderation.checks.history import NUM_PERM, SCHEME, SEED

    return LeanMinHash(seed=SEED, hashvalues=rng.integers(0, 2**32 - 1, NUM_PERM, dtype=np.uint64), scheme=SCHEME)


def near_copy(signature, rng: np.random.Generator, share: float = 0.15):
    from datasketch import LeanMinHash

    values = signature.hashvalues.copy()
    changed = rng.choice(len(values), int(len(values) * share), replace=False)
    values[changed] = rng.integers(0, 2**32 - 1, len(changed), dtype=np.uint64)
    return LeanMinHash(seed=signature.seed, hashvalues=values, scheme=signature.scheme)


def random_phash(rng: np.random.Generator) -> str:
    return f"{int(rng.integers(0, 2**64, dtype=np.uint64)):016x}"


def flipped(phash: str, bits: list[int]) -> str:
    value = int(phash, 16)
    for bit in bits:
        value ^= 1 << bit
    return f"{value:016x}"


def copy_rows(table: str, columns: str, rows) -> None:
    """COPY is about 20× faster than INSERT for the millions of band rows."""
    from django.db import connection

    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def fill(posts: int, rng: np.random.Generator) -> dict:
    """Index ``posts`` posts; returns the planted originals: {"signatures": [...], "covers": [...]}."""
    from django.contrib.auth.models import User
    from django.db import connection, transaction
    from django.utils import timezone

    from authors.models import Author
    from moderation.checks.history import lsh_band_keys, signature_to_bytes
    from moderation.checks.phash import phash_band_keys
    from moderation.models import CoverHash, Post, PostSignature, Revision

    users = User.objects.bulk_create(User(username=f"bench{i}") for i in range(AUTHORS))
    authors = Author.objects.bulk_create(Author(user=u, display_name=f"作者{i}", category="数码")
                                         for i, u in enumerate(users))
    planted = {"signatures": [], "covers": []}
    now = timezone.now()
    started = time.perf_counter()
    for start in range(0, posts, BATCH):
        n = min(BATCH, posts - start)
        with transaction.atomic():
            by = [authors[int(i)] for i in rng.integers(0, AUTHORS, n)]
            batch = Post.objects.bulk_create(Post(author=a, kind="review", state="in_queue") for a in by)
            revisions = Revision.objects.bulk_create(
                Revision(post=p, number=1, title=f"bench {p.pk}", document={}, content_hash=f"{p.pk:064x}", scored_at=now)
                for p in batch)
            signatures, covers = [], []
            for k, post in enumerate(batch):
                if start + k < PLANTED:  # a planted copy; the query uses the original
                    original, cover = random_signature(rng), random_phash(rng)
                    planted["signatures"].append(signature_to_bytes(original).hex())
                    planted["covers"].append(cover)
                    signatures.append(near_copy(original, rng))
                    covers.append(flipped(cover, random.Random(k).sample(range(64), 6)))
                else:
                    signatures.append(random_signature(rng))
                    covers.append(random_phash(rng))
            rows = PostSignature.objects.bulk_create(
                PostSignature(revision=r, post=p, author=p.author, signature=signature_to_bytes(s), category="数码")
                for r, p, s in zip(revisions, batch, signatures))
            copy_rows("moderation_signatureband", "band_key, signature_id",
                      ((key, row.pk) for row, s in zip(rows, signatures) for key in lsh_band_keys(s)))
            cover_rows = CoverHash.objects.bulk_create(
                CoverHash(revision=r, post=p, author=p.author, phash=c) for r, p, c in zip(revisions, batch, covers))
            copy_rows("moderation_coverhashband", "band_key, cover_id, phash",
                      ((key, row.pk, c) for row, c in zip(cover_rows, covers) for key in phash_band_keys(c)))
        print(f"\r  indexed {start + n:,} / {posts:,} posts ({time.perf_counter() - started:.0f} s)", end="", flush=True)
    print()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # what autovacuum does after a bulk load: index-only scans
    return planted


def timed(fn, queries: int) -> list[float]:
    fn()  # warm the plan and the caches
    runs = []
    for _ in range(queries):
        t = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - t) * 1000)
    return runs


def p95(runs: list[float]) -> float:
    return statistics.quantiles(runs, n=20)[-1]


def plan_of(sql_fn) -> str:
    """The index the band lookup uses, from EXPLAIN (a scan of the band table would show here)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        sql_fn()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + captured.captured_queries[0]["sql"])
        lines = [row[0] for row in cursor.fetchall()]
    return "; ".join(line.strip().removeprefix("->").strip().split("  (")[0] for line in lines if "Scan" in line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--refill", action="store_true")
    args = parser.parse_args()

    url = os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reviewdesk.settings")
    if not url.startswith("postgres"):
        sys.exit("bench/history.py measures PostgreSQL: set DATABASE_URL=postgres://…")
    ensure_database(url)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count

    from moderation.checks.history import signature_from_bytes
    from moderation.history_index import DatabaseHistory
    from moderation.models import PostSignature

    call_command("migrate", verbosity=0)
    rng = np.random.default_rng(7)  # the fill's values; queries draw from another seed (below)
    state = Path(f"/tmp/bench-history-{urlsplit(url).path.lstrip('/')}-{args.posts}.npy")
    if args.refill or PostSignature.objects.count() != args.posts or not state.exists():
        call_command("flush", interactive=False, verbosity=0)
        print(f"filling {args.posts:,} posts into {urlsplit(url).path.lstrip('/')} …")
        np.save(state, fill(args.posts, rng), allow_pickle=True)
    planted = np.load(state, allow_pickle=True).item()
    originals = [signature_from_bytes(bytes.fromhex(h)) for h in planted["signatures"]]
    covers = planted["covers"]

    history = DatabaseHistory(exclude_post_id=-1)  # as in a check: a post id to leave out
    rng = np.random.default_rng(8)
    misses = [random_signature(rng) for _ in range(args.queries + 1)]
    cover_misses = [random_phash(rng) for _ in range(args.queries + 1)]
    i = {"n": 0}

    def cycle(items):
        i["n"] += 1
        return items[i["n"] % len(items)]

    def select_1():
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()

    found = {
        "posts": sum(bool(history.similar_posts(s, threshold=0.7)) for s in originals),
        "covers": sum(bool(history.similar_covers(c, max_distance=10)) for c in covers),
        "false posts": sum(bool(history.similar_posts(s, threshold=0.7)) for s in misses),
        "false covers": sum(bool(history.similar_covers(c, max_distance=10)) for c in cover_misses),
    }
    busiest = PostSignature.objects.values("author__user__username").order_by().annotate(
        n=Count("id")).order_by("-n").first()
    cases = [
        ("SELECT 1 (baseline)", select_1, ""),
        ("similar_posts, no near copy", lambda: history.similar_posts(cycle(misses), threshold=0.7),
         f"{found['false posts']} false hits in {len(misses)}"),
        ("similar_posts, near copy", lambda: history.similar_posts(cycle(originals), threshold=0.7),
         f"{found['posts']} / {len(originals)} found"),
        ("similar_covers ≤ 10 bits, no copy", lambda: history.similar_covers(cycle(cover_misses), max_distance=10),
         f"{found['false covers']} false hits in {len(cover_misses)}"),
        ("similar_covers ≤ 10 bits, copy at 6", lambda: history.similar_covers(cycle(covers), max_distance=10),
         f"{found['covers']} / {len(covers)} found"),
        (f"author_posts_categories ({busiest['n']} posts)",
         lambda: history.author_posts_categories(busiest["author__user__username"]), ""),
    ]
    print(f"\n{args.posts:,} indexed posts, PostgreSQL {connection.pg_version // 10000}, {args.queries} queries each\n")
    print("| query | median ms | p95 ms | × SELECT 1 (median) | result |")
    print("|---|---|---|---|---|")
    baseline = None
    for name, fn, note in cases:
        runs = timed(fn, args.queries)
        median = statistics.median(runs)
        baseline = baseline or median
        print(f"| {name} | {median:.2f} | {p95(runs):.2f} | {median / baseline:.1f} | {note} |")
    print(f"\nplans: posts → {plan_of(lambda: history.similar_posts(misses[0], threshold=0.7))}")
    print(f"       covers → {plan_of(lambda: history.similar_covers(cover_misses[0], max_distance=10))}")


if __name__ == "__main__":
    main()
