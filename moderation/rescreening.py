"""The re-screen pipeline (issue 14): chunk jobs on their own low-priority RQ queue ("rescreen"), each
checking its items with the current rules (the pre-score's context: lexicons, thresholds and images)
and storing each result once through moderation.actions.rescreen. The history-aware rules
(near-duplicates, reused covers) are left out: against the posts published since, an older post would
look like a copy of its own copies."""
from __future__ import annotations

import dataclasses
import time

import django_rq

from .actions import rescreen
from .checks import NoHistory, check_post
from .models import RescreenItem, RescreenRun
from .scoring import context_for

RESCREEN_QUEUE = "rescreen"
CHUNK = 10  # small enough that a few workers share even a short run


def chunks(ids: list[int], size: int = CHUNK) -> list[list[int]]:
    return [ids[i:i + size] for i in range(0, len(ids), size)]


def check_item(item_id: int) -> bool:
    """Claim, check and store one item; False when another job has it or stored it already."""
    item = rescreen.claim_item(item_id)
    if item is None:
        return False
    revision = item.revision
    ctx = dataclasses.replace(context_for(revision), history=NoHistory())
    findings = [f.to_dict() for f in check_post(revision.document, ctx)]
    stored = list(revision.findings.values("rule", "target", "excerpt"))
    return rescreen.store_item_result(item, findings, stored)


def rescreen_chunk_job(run_id: int, item_ids: list[int]) -> str:
    checked = sum(check_item(pk) for pk in item_ids)
    return f"run {run_id}: {checked} of {len(item_ids)} checked"


def enqueue_run(run: RescreenRun, item_ids: list[int] | None = None, *, tag: str = "") -> int:
    """Queue the run's chunk jobs (all its pending items unless ``item_ids``); returns the job count."""
    ids = item_ids if item_ids is not None else list(
        RescreenItem.objects.filter(run=run, status=RescreenItem.Status.PENDING).values_list("pk", flat=True))
    queue = django_rq.get_queue(RESCREEN_QUEUE)
    tag = tag or str(int(time.time()))
    for n, chunk in enumerate(chunks(ids)):
        queue.enqueue("moderation.rescreening.rescreen_chunk_job", run.pk, chunk, job_id=f"rescreen-{run.pk}-{tag}-{n}",
                      job_timeout=1800, result_ttl=3600, failure_ttl=7 * 24 * 3600)
    return len(chunks(ids))


def resume(run: RescreenRun) -> int:
    """Requeue what a killed worker left (its claimed items and the items never reached)."""
    return enqueue_run(run, rescreen.resume_rescreen(run), tag=f"resume{int(time.time())}")


def run_inline(run: RescreenRun, progress=None) -> RescreenRun:
    """Check every pending item in this process (the management command), calling ``progress(run)``
    after each chunk."""
    ids = list(RescreenItem.objects.filter(run=run, status=RescreenItem.Status.PENDING).values_list("pk", flat=True))
    for chunk in chunks(ids):
        rescreen_chunk_job(run.pk, chunk)
        run.refresh_from_db()
        if progress:
            progress(run)
    run.refresh_from_db()
    return run
