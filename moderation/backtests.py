"""Backtests of a rule draft (issue 14, part 1): the draft and the live rules over the posts editors
decided in a window (their pictures re-checked when the draft changes what the picture rules read),
in chunk jobs on the low-priority "rescreen" queue (or in process for the command), with a report
per rule and the estimated precision of the new findings against what editors decided on those posts."""
from __future__ import annotations

import time
from collections import Counter

import django_rq

from .actions import rules
from .lifecycle import VIOLATION_OUTCOMES
from .models import BacktestPost, BacktestRun, Decision
from .rule_trials import Trial
from .scoring import author_info, image_opener

TRIALS_QUEUE = "rescreen"
CHUNK = 50


def _small(f: dict) -> dict:
    return {"rule": f["rule"], "severity": f["severity"], "excerpt": f.get("excerpt", "")[:200],
            "message": f.get("message", "")[:300], "wording": f.get("wording")}


def backtest_chunk_job(run_id: int, item_ids: list[int]) -> str:
    run = BacktestRun.objects.select_related("draft").get(pk=run_id)
    trial = Trial.of(run.draft)
    items = (BacktestPost.objects.filter(pk__in=item_ids, done=False).select_related("revision", "post__author__user")
             .prefetch_related("revision__images"))
    confirmed_by_post = {}
    for post_id, outcome, reasons in Decision.objects.filter(
            post_id__in=[i.post_id for i in items], editor__isnull=False).order_by("created_at", "id").values_list(
            "post_id", "outcome", "reasons"):
        confirmed_by_post[post_id] = list(reasons) if outcome in VIOLATION_OUTCOMES else []
    stored = 0
    for item in items:
        new, lost = trial.compare(item.revision.document, author_info(item.post.author),
                                  now=item.revision.created_at, open_image=image_opener(item.revision))
        stored += rules.store_backtest_post(item, new=[_small(f) for f in new], lost=[_small(f) for f in lost],
                                           confirmed=confirmed_by_post.get(item.post_id, []))
    return f"backtest {run_id}: {stored} posts"


def enqueue_backtest(run: BacktestRun) -> int:
    ids = list(run.posts.filter(done=False).values_list("pk", flat=True))
    queue = django_rq.get_queue(TRIALS_QUEUE)
    tag = int(time.time())
    for n in range(0, len(ids), CHUNK):
        queue.enqueue("moderation.backtests.backtest_chunk_job", run.pk, ids[n:n + CHUNK],
                      job_id=f"backtest-{run.pk}-{tag}-{n // CHUNK}", job_timeout=1800, result_ttl=3600)
    return (len(ids) + CHUNK - 1) // CHUNK


def run_backtest_inline(run: BacktestRun, progress=None) -> BacktestRun:
    ids = list(run.posts.filter(done=False).values_list("pk", flat=True))
    for n in range(0, len(ids), CHUNK):
        backtest_chunk_job(run.pk, ids[n:n + CHUNK])
        if progress:
            run.refresh_from_db()
            progress(run)
    run.refresh_from_db()
    return run


def report(run: BacktestRun) -> dict:
    """Per rule: new and lost findings, and how many new ones editors confirmed (their decision gave the
    rule as a reason); the changed posts; the estimated precision of the new findings."""
    per_rule: dict[str, Counter] = {}
    changed = new_total = lost_total = confirmed_total = 0
    for item in run.posts.filter(done=True).values("new", "lost", "confirmed"):
        changed += bool(item["new"] or item["lost"])
        for f in item["new"]:
            c = per_rule.setdefault(f["rule"], Counter())
            c["new"] += 1
            hit = f["rule"] in item["confirmed"]
            c["confirmed"] += hit
            confirmed_total += hit
            new_total += 1
        for f in item["lost"]:
            per_rule.setdefault(f["rule"], Counter())["lost"] += 1
            lost_total += 1
    rows = [{"rule": r, "new": c["new"], "lost": c["lost"], "confirmed": c["confirmed"],
             "precision": c["confirmed"] / c["new"] if c["new"] else None} for r, c in sorted(per_rule.items())]
    return {"posts": run.done, "changed": changed, "new": new_total, "lost": lost_total, "rules": rows,
            "precision": confirmed_total / new_total if new_total else None}
