"""Back-catalogue re-screen (存量复核, issue 14): online posts checked again with the current rules.

A run holds one item per post. A chunk job claims its items one by one (pending, or running with a
lease that ran out), checks them and stores each result once: an item already stored is never stored
again, so a job that runs twice, or a chunk resumed after its worker was killed, checks each post
once. Posts with new block findings wait in the re-screen queue, where an editor keeps them online or
takes them offline (a decision the author is told of and may appeal). A re-screen never penalises."""
from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ..audit import Verb, log_event
from ..errors import IllegalTransition
from ..lifecycle import State
from ..models import Post, RescreenItem, RescreenRun
from .core import save_row
from .review import decide_post

LEASE = timedelta(minutes=10)  # a claimed item whose worker died is claimed again after this


def online_posts(*, kind: str = "", since=None, until=None, author: str = ""):
    posts = Post.objects.filter(state=State.APPROVED, current_revision__isnull=False)
    if kind:
        posts = posts.filter(kind=kind)
    if since:
        posts = posts.filter(created_at__gte=since)
    if until:
        posts = posts.filter(created_at__lt=until)
    if author:
        posts = posts.filter(author__user__username=author)
    return posts


def start_rescreen(*, actor, kind: str = "", since=None, until=None, author: str = "",
                   rules: list[str] | None = None, lexicon_version: str = "") -> RescreenRun:
    """A run over the online posts matching the filters; ``rules`` limits which rules' new block
    findings count (a rule group)."""
    filters = {"kind": kind, "since": since, "until": until, "author": author, "rules": list(rules or [])}
    with transaction.atomic():
        run = RescreenRun.objects.create(created_by=actor if getattr(actor, "pk", None) else None,
                                         filters={k: v for k, v in filters.items() if v},
                                         lexicon_version=lexicon_version)
        items = [RescreenItem(run=run, post_id=pk, revision_id=rev) for pk, rev in
                 online_posts(kind=kind, since=since, until=until, author=author)
                 .order_by("pk").values_list("pk", "current_revision_id")]
        RescreenItem.objects.bulk_create(items, batch_size=1000)
        run.total = len(items)
        if not items:
            run.status, run.finished_at = RescreenRun.Status.DONE, timezone.now()
        save_row(run, Verb.RESCREEN_START, actor=actor, posts=run.total, **run.filters)
    return run


def claim_item(item_id: int) -> RescreenItem | None:
    """Take one item for checking; None when it is stored already or another worker holds it."""
    now = timezone.now()
    fresh = RescreenItem.objects.filter(pk=item_id, status=RescreenItem.Status.PENDING)
    stale = RescreenItem.objects.filter(pk=item_id, status=RescreenItem.Status.RUNNING, claimed_at__lt=now - LEASE)
    if fresh.update(status=RescreenItem.Status.RUNNING, claimed_at=now) or \
            stale.update(status=RescreenItem.Status.RUNNING, claimed_at=now):
        return RescreenItem.objects.select_related("run", "revision__post__author").get(pk=item_id)
    return None


def _key(finding) -> tuple:
    return finding["rule"], finding.get("target", ""), finding.get("excerpt", "") or ""


def store_item_result(item: RescreenItem, findings: list[dict], stored: list[dict]) -> bool:
    """Store one item's result once: ``findings`` the check's, ``stored`` the revision's findings (a
    finding an editor saw, dismissed or not, is not new). False when it was stored already."""
    with transaction.atomic():
        locked = RescreenItem.objects.select_for_update().get(pk=item.pk)
        if locked.status != RescreenItem.Status.RUNNING or locked.claimed_at != item.claimed_at:
            return False
        rules = set(item.run.filters.get("rules") or [])
        known = {_key(f) for f in stored}
        new = [{"rule": f["rule"], "target": f.get("target", ""), "excerpt": f.get("excerpt", ""),
                "message": f.get("message", ""), "wording": f.get("wording")}
               for f in findings if f["severity"] == "block" and _key(f) not in known and (not rules or f["rule"] in rules)]
        locked.new_blocks = new
        locked.status = RescreenItem.Status.FLAGGED if new else RescreenItem.Status.CLEAN
        locked.checks, locked.checked_at = locked.checks + 1, timezone.now()
        locked.save(update_fields=["new_blocks", "status", "checks", "checked_at"])
        RescreenRun.objects.filter(pk=item.run_id).update(done=F("done") + 1, flagged=F("flagged") + (1 if new else 0))
        RescreenRun.objects.filter(pk=item.run_id, done__gte=F("total"), status=RescreenRun.Status.RUNNING).update(
            status=RescreenRun.Status.DONE, finished_at=timezone.now())
        if new:
            log_event(None, Verb.RESCREEN_FLAG, locked, post=item.post_id, run=item.run_id,
                      rules=sorted({f["rule"] for f in new}))
    return True


def resume_rescreen(run: RescreenRun) -> list[int]:
    """After a killed worker: its claimed items go back to pending (a late result of the dead job is
    then refused), and the items still to check are returned for new jobs."""
    RescreenItem.objects.filter(run=run, status=RescreenItem.Status.RUNNING).update(
        status=RescreenItem.Status.PENDING, claimed_at=None)
    return list(RescreenItem.objects.filter(run=run, status=RescreenItem.Status.PENDING).values_list("pk", flat=True))


def _flagged(item: RescreenItem) -> RescreenItem:
    item = RescreenItem.objects.select_for_update(of=("self",)).select_related("post").get(pk=item.pk)
    if item.status != RescreenItem.Status.FLAGGED:
        raise IllegalTransition("该复核项已处理。")
    return item


def keep_online(item: RescreenItem, *, actor, note: str = "") -> RescreenItem:
    """The editor finds the new findings no reason to take the post down."""
    with transaction.atomic():
        item = _flagged(item)
        item.status, item.decided_by, item.decided_at = RescreenItem.Status.KEPT, actor, timezone.now()
        save_row(item, Verb.RESCREEN_KEEP, actor=actor, reason=note, post=item.post_id,
                 update_fields=["status", "decided_by", "decided_at"])
    return item


def take_offline_item(item: RescreenItem, *, actor, reasons: list[str], message: str) -> RescreenItem:
    """Take a flagged post offline: a take_offline decision the author is told of and may appeal, with
    no penalty (the post passed the rules of its day)."""
    with transaction.atomic():
        item = _flagged(item)
        post = item.post
        decide_post(post, actor=actor, outcome="take_offline", reasons=reasons, message=message,
                    version=post.version, assess=False)
        item.status, item.decided_by, item.decided_at = RescreenItem.Status.TAKEN_OFFLINE, actor, timezone.now()
        item.save(update_fields=["status", "decided_by", "decided_at"])
    return item
