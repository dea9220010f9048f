"""Every write to posts goes through here: submit, edit, resubmit, claim, decide, take offline.

Each public function takes the acting user explicitly, runs in a transaction with the post row
locked, and appends a PostEvent through ``_transition`` — the only code that changes ``Post.state``.
"""
from __future__ import annotations

import hashlib
import logging
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from authors.models import Author

from . import lifecycle
from .checks.uploads import ImageRejected, clean_upload
from .errors import AlreadyClaimed, IllegalTransition, InvalidPost, ResubmissionRefused, StaleDecision
from .lifecycle import Event, State
from .models import Decision, Post, PostEvent, RefusedSubmission, Revision, RevisionImage, ViolationRecord
from .postformat import content_hash, image_paths, validate_post

log = logging.getLogger(__name__)


# ---- the one place a post's state changes ---------------------------------------------------

def _transition(post: Post, event: Event, *, actor, note: str = "") -> Post:
    """Apply ``event`` to a post already locked by the caller, and log it."""
    old = post.state
    post.state = lifecycle.next_state(old, event)
    post.version = F("version") + 1
    post.save()
    post.refresh_from_db(fields=["version"])
    PostEvent.objects.create(post=post, event=event, from_state=old, to_state=post.state, actor=actor, note=note)
    return post


def _locked(post_id: int) -> Post:
    return Post.objects.select_for_update(of=("self",)).select_related("current_revision").get(pk=post_id)


# ---- submissions ----------------------------------------------------------------------------

def _clean_images(document: dict, uploads: dict[str, bytes]) -> dict[str, "object"]:
    """Validate and re-encode every image the document refers to; InvalidPost naming the image."""
    paths = image_paths(document)
    missing = [p for p in paths if p not in uploads]
    if missing:
        raise InvalidPost(f"缺少图片文件：{missing[0]}（文档引用了它，但没有上传）", field=missing[0])
    if len(paths) > settings.MAX_IMAGES_PER_POST:
        raise InvalidPost(f"图片过多：{len(paths)}张（上限{settings.MAX_IMAGES_PER_POST}张）", field="blocks")
    cleaned = {}
    for path in paths:
        try:
            cleaned[path] = clean_upload(uploads[path], name=path)
        except ImageRejected as exc:
            raise InvalidPost(str(exc.message if hasattr(exc, "message") else exc), field=path) from None
    return cleaned


def _new_revision(post: Post, document: dict, cleaned: dict, *, actor) -> Revision:
    digests = {p: hashlib.sha256(img.data).hexdigest() for p, img in cleaned.items()}
    revision = Revision.objects.create(
        post=post,
        number=post.revisions.count() + 1,
        title=document["title"],
        document=document,
        content_hash=content_hash(document, digests),
        submitted_by=actor,
    )
    for path, img in cleaned.items():
        name = f"{digests[path][:16]}.{img.format.lower().replace('jpeg', 'jpg')}"
        RevisionImage.objects.create(
            revision=revision, ref=path, file=ContentFile(img.data, name=name),
            width=img.width, height=img.height, sha256=digests[path],
        )
    post.current_revision = revision
    return revision


def _prepare(author: Author, document: dict, uploads: dict[str, bytes]) -> tuple[dict, dict]:
    """Validate a document and its images for ``author``, who must be allowed to post (第五章)."""
    from authors.services import ensure_can_post

    document = validate_post(document)
    ensure_can_post(author, kind=document["kind"])
    # The author is who is logged in, whatever the document says (it may come from a tool).
    document["author"] = {
        "username": author.user.username, "display_name": author.display_name, "category": author.category,
    }
    return document, _clean_images(document, uploads)


def submit_post(*, author: Author, document: dict, uploads: dict[str, bytes], actor, draft: bool = False) -> Post:
    """Save a new post (and its first revision) and queue it for pre-scoring once committed."""
    document, cleaned = _prepare(author, document, uploads)
    with transaction.atomic():
        post = Post.objects.create(
            author=author, kind=document["kind"], state=State.DRAFT, external_id=document.get("external_id", ""),
        )
        _new_revision(post, document, cleaned, actor=actor)
        post.save(update_fields=["current_revision"])
        PostEvent.objects.create(post=post, event="create", to_state=State.DRAFT, actor=actor)
        if not draft:
            _submit_locked(post, Event.SUBMIT, actor=actor)
    return post


def _submit_locked(post: Post, event: Event, *, actor, note: str = "") -> None:
    from .jobs import enqueue_scoring

    _transition(post, event, actor=actor, note=note)
    post.claimed_by, post.claim_expires_at = None, None
    post.save(update_fields=["claimed_by", "claim_expires_at"])
    revision_id = post.current_revision_id
    transaction.on_commit(lambda: enqueue_scoring(post.pk, revision_id), robust=True)


def edit_post(post: Post, *, document: dict, uploads: dict[str, bytes], actor, submit: bool = True) -> Post:
    """4.2(3): a draft or a post not yet reviewed may be edited freely; each edit is a new revision."""
    document, cleaned = _prepare(post.author, document, uploads)
    with transaction.atomic():
        post = _locked(post.pk)
        if post.state not in lifecycle.EDITABLE_STATES:
            lifecycle.next_state(post.state, Event.EDIT)  # raises with the reason
        if document["kind"] != post.kind:
            post.kind = document["kind"]
        _new_revision(post, document, cleaned, actor=actor)
        if post.state == State.DRAFT and submit:
            _submit_locked(post, Event.SUBMIT, actor=actor)
        elif post.state == State.DRAFT:
            _transition(post, Event.EDIT, actor=actor)
        else:
            _submit_locked(post, Event.EDIT, actor=actor, note="待审核期间修改")
    return post


def resubmit_post(post: Post, *, document: dict, uploads: dict[str, bytes], actor) -> Post:
    """Resubmit a returned post: at most 2 times, and never unchanged. A refusal is recorded (it
    carries a 7-day ban when unchanged, 第五章) and committed before the refusal is raised."""
    document, cleaned = _prepare(post.author, document, uploads)
    digests = {p: hashlib.sha256(img.data).hexdigest() for p, img in cleaned.items()}
    new_hash = content_hash(document, digests)
    refused = None
    with transaction.atomic():
        post = _locked(post.pk)
        lifecycle.next_state(post.state, Event.RESUBMIT)
        try:
            lifecycle.check_resubmission(
                resubmissions_used=post.resubmissions_used,
                new_hash=new_hash,
                returned_hash=post.current_revision.content_hash,
            )
        except ResubmissionRefused as refusal:
            _record_refusal(post, refusal, new_hash, actor=actor)
            refused = refusal
        else:
            post.resubmissions_used += 1
            _new_revision(post, document, cleaned, actor=actor)
            _submit_locked(post, Event.RESUBMIT, actor=actor, note=f"第{post.resubmissions_used}次修改后重新提交")
    if refused:
        raise refused
    return post


def _record_refusal(post: Post, refusal: ResubmissionRefused, new_hash: str, *, actor) -> None:
    from authors.services import on_unchanged_resubmission

    unchanged = refusal.details.get("unchanged", False)
    RefusedSubmission.objects.create(
        post=post, actor=actor, unchanged=unchanged, content_hash=new_hash, message=refusal.message
    )
    PostEvent.objects.create(
        post=post, event="resubmit_refused", from_state=post.state, to_state=post.state, actor=actor,
        note=refusal.message,
    )
    if unchanged:
        on_unchanged_resubmission(post.author, post=post, actor=actor)


# ---- claims ---------------------------------------------------------------------------------

def _lease_end():
    return timezone.now() + timedelta(minutes=settings.CLAIM_LEASE_MINUTES)


def claim_post(post: Post, *, editor, renew: bool = True) -> Post:
    """Claim a queued post for ``editor`` (compare-and-set: two editors never hold the same post).

    Opening a post one already holds renews the lease; ``renew=False`` treats it as taken (so "next"
    in two tabs of one editor never hands out the same post twice)."""
    now = timezone.now()
    claimable = Post.objects.filter(pk=post.pk, state=State.IN_QUEUE).exclude(
        claimed_by__isnull=False, claim_expires_at__gt=now
    )
    taken = claimable.exclude(claimed_by=editor).update(claimed_by=editor, claim_expires_at=_lease_end())
    if not taken:
        post = Post.objects.select_related("claimed_by").get(pk=post.pk)
        if post.claimed_by_id == editor.pk and post.state == State.IN_QUEUE and renew:
            Post.objects.filter(pk=post.pk).update(claim_expires_at=_lease_end())  # renew own lease
        elif post.claimed_by_id and (post.claimed_by_id == editor.pk or post.claim_expires_at > now):
            raise AlreadyClaimed(f"该文章正由编辑 {post.claimed_by.get_username()} 审核中。", holder=post.claimed_by_id)
        elif post.state != State.IN_QUEUE:
            raise IllegalTransition(f"该文章当前状态为“{post.state_label}”，不在待审核队列中。")
    return Post.objects.select_related("claimed_by", "current_revision").get(pk=post.pk)


def release_claim(post: Post, *, editor) -> None:
    Post.objects.filter(pk=post.pk, claimed_by=editor).update(claimed_by=None, claim_expires_at=None)


def release_stale_claims() -> int:
    """Periodic: forget leases that ran out (safe to run twice)."""
    return Post.objects.filter(claimed_by__isnull=False, claim_expires_at__lte=timezone.now()).update(
        claimed_by=None, claim_expires_at=None
    )


def claim_next(*, editor, queryset=None) -> Post | None:
    """Claim the next unclaimed post in queue order; retries when another editor wins a race."""
    from .selectors import queue_order, unclaimed_queue

    for _ in range(10):
        candidate = queue_order(unclaimed_queue(queryset)).values_list("pk", flat=True).first()
        if candidate is None:
            return None
        try:
            return claim_post(Post(pk=candidate), editor=editor, renew=False)
        except (AlreadyClaimed, IllegalTransition):
            continue
    return None


# ---- decisions ------------------------------------------------------------------------------

_OUTCOME_EVENTS = {
    Decision.Outcome.APPROVE: Event.APPROVE,
    Decision.Outcome.RETURN: Event.RETURN,
    Decision.Outcome.REJECT: Event.REJECT,
    Decision.Outcome.TAKE_OFFLINE: Event.TAKE_OFFLINE,
}


def decide(post: Post, *, editor, outcome: str, reasons: list[str], message: str, version: int,
           serious: bool = False) -> Decision:
    """Record an editor's decision on the revision they saw; stale or unclaimed decisions are refused.

    ``serious`` marks a violation as serious (5.4-IV.6: serious adult content escalates to Level 2)."""
    outcome = Decision.Outcome(outcome)
    if outcome != Decision.Outcome.APPROVE and not reasons:
        raise InvalidPost("退回、退稿或下线时请至少选择一条原因。", field="reasons")
    with transaction.atomic():
        post = _locked(post.pk)
        _ensure_fresh(post, editor=editor, version=version, outcome=outcome)
        _transition(post, _OUTCOME_EVENTS[outcome], actor=editor, note=message)
        post.claimed_by, post.claim_expires_at = None, None
        post.save(update_fields=["claimed_by", "claim_expires_at"])
        decision = Decision.objects.create(
            post=post, revision=post.current_revision, editor=editor, outcome=outcome,
            reasons=list(dict.fromkeys(reasons)), message=message, serious=serious and outcome != "approve",
        )
        if outcome != Decision.Outcome.APPROVE:
            ViolationRecord.objects.create(
                post=post, decision=decision, title=post.current_revision.title, author=post.author,
                reasons=decision.reasons, editor=editor,
            )
        from authors.services import on_decision

        on_decision(decision)
    return decision


def _ensure_fresh(post: Post, *, editor, version: int, outcome) -> None:
    if post.version != version:
        raise StaleDecision("文章在你打开后已发生变化（作者修改或他人已处理），请刷新后重新审核。")
    if outcome == Decision.Outcome.TAKE_OFFLINE:
        return
    now = timezone.now()
    if post.claimed_by_id and post.claimed_by_id != editor.pk and post.claim_expires_at and post.claim_expires_at > now:
        raise AlreadyClaimed("该文章已被其他编辑认领，你的决定未被记录。")


# ---- findings -------------------------------------------------------------------------------

def dismiss_finding(finding, *, editor, dismissed: bool = True):
    """Mark a finding as a false alarm (or restore it); recorded with who and when, and the post's
    risk counts follow so the queue order stays honest."""
    from .models import Finding

    with transaction.atomic():
        post = _locked(finding.revision.post_id)
        finding = Finding.objects.select_for_update().get(pk=finding.pk)
        finding.dismissed_by, finding.dismissed_at = (editor, timezone.now()) if dismissed else (None, None)
        finding.save(update_fields=["dismissed_by", "dismissed_at"])
        if finding.revision_id == post.current_revision_id:
            live = Finding.objects.filter(revision_id=finding.revision_id, dismissed_at__isnull=True)
            post.block_count = live.filter(severity="block").count()
            post.warn_count = live.filter(severity="warn").count()
            post.save(update_fields=["block_count", "warn_count"])
        PostEvent.objects.create(
            post=post, event="dismiss_finding" if dismissed else "restore_finding", from_state=post.state,
            to_state=post.state, actor=editor, note=f"{finding.rule} {finding.target} {finding.excerpt}"[:500],
        )
    return finding
