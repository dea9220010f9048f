"""Authors' writes: submit a new post, edit a pending one, resubmit a returned one (4.2(3)).

Posting rights are checked on every write (第五章); a refused unchanged resubmission is recorded and
assessed (a 7-day closure) before the refusal is raised.
"""
from __future__ import annotations

import hashlib
import json
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from authors import records, standing
from authors.models import Author

from ..checks.engine import Wording, say
from .. import lifecycle
from ..audit import Verb, log_event
from ..checks.uploads import ImageRejected, clean_upload
from ..diffing import normalised_content, passage, reason_passages_unchanged, same_images
from ..errors import (DeskError, IdempotencyKeyReused, InvalidPost, PostingSuspended, ResubmissionRefused,
                      UnchangedResubmission)
from ..enqueue import enqueue_scoring
from ..lifecycle import Event, State
from ..models import Decision, Post, PostEvent, RefusedSubmission, Revision, RevisionImage
from ..models.posts import IdempotentRequest
from ..postformat import content_hash, image_paths, validate_post
from .core import drop_claim, locked_post, transition
from .penalties import assess_unchanged_resubmission

NEWS_CLOSED_ZH = "你的资讯发文权限已被管理员关闭（第一章：审核通过率低于50%），仍可发布其他类型的文章。"


def ensure_can_post(author: Author, *, kind: str | None = None) -> None:
    """Raise PostingSuspended (with the ban's end in 北京时间) while the author is banned from posting;
    for ``kind="news"`` also while their news posting is closed (第一章)."""
    right = records.posting_right(author, timezone.now())
    if not right.allowed:
        raise PostingSuspended(right.wording or right.reason_zh, until=right.until.isoformat() if right.until else None)
    if kind == "news" and author.news_posting_closed:
        raise PostingSuspended(NEWS_CLOSED_ZH)


def _clean_images(document: dict, uploads: dict[str, bytes]) -> dict[str, object]:
    """Validate and re-encode every image the document refers to; InvalidPost naming the image."""
    paths = image_paths(document)
    missing = [p for p in paths if p not in uploads]
    if missing:
        raise InvalidPost(say("缺少图片文件：{path}（文档引用了它，但没有上传）", path=missing[0]), field=missing[0])
    if len(paths) > settings.MAX_IMAGES_PER_POST:
        raise InvalidPost(say("图片过多：{n}张（上限{limit}张）", n=len(paths), limit=settings.MAX_IMAGES_PER_POST),
                          field="blocks")
    cleaned = {}
    for path in paths:
        try:
            cleaned[path] = clean_upload(uploads[path], name=path)
        except ImageRejected as exc:
            raise InvalidPost(exc.wording, field=path) from None
    return cleaned


def _new_revision(post: Post, document: dict, cleaned: dict, *, actor) -> Revision:
    digests = {p: hashlib.sha256(img.data).hexdigest() for p, img in cleaned.items()}
    revision = Revision.objects.create(
        post=post,
        number=post.revisions.count() + 1 if post.current_revision_id else 1,  # a new post has none yet
        title=document["title"],
        document=document,
        content_hash=content_hash(document, digests),
        submitted_by=actor,
    )
    # One INSERT for all of them; the file field still stores each file as the row is written.
    RevisionImage.objects.bulk_create(
        RevisionImage(revision=revision, ref=path, width=img.width, height=img.height, sha256=digests[path],
                      file=ContentFile(img.data, name=f"{digests[path][:16]}.{img.format.lower().replace('jpeg', 'jpg')}"))
        for path, img in cleaned.items()
    )
    post.current_revision = revision
    return revision


def _prepare(author: Author, document: dict, uploads: dict[str, bytes], *, draft: bool = False) -> tuple[dict, dict]:
    """Validate a document and its images for ``author``, who must be allowed to post (第五章);
    a draft may be saved during a ban (it is not submitted)."""
    document = validate_post(document)
    if not draft:
        ensure_can_post(author, kind=document["kind"])
    # The author is who is logged in, whatever the document says (it may come from a tool).
    document["author"] = {
        "username": author.user.username, "display_name": author.display_name, "category": author.category,
    }
    return document, _clean_images(document, uploads)


def _queue_for_scoring(post: Post, event: Event, *, actor, note: str | Wording = "") -> None:
    transition(post, event, actor=actor, note=note, revision=post.current_revision_id)
    drop_claim(post)
    post_id, revision_id = post.pk, post.current_revision_id
    transaction.on_commit(lambda: enqueue_scoring(post_id, revision_id), robust=True)


def submit_post(author: Author, *, actor, document: dict, uploads: dict[str, bytes], draft: bool = False) -> Post:
    """Save a new post (and its first revision) and queue it for pre-scoring once committed."""
    return submit_or_existing(author, actor=actor, document=document, uploads=uploads, draft=draft)[0]


def _existing(author: Author, external_id) -> Post | None:
    if not external_id or not isinstance(external_id, str):
        return None
    return Post.objects.filter(author=author, external_id=external_id).first()


def submit_or_existing(author: Author, *, actor, document: dict, uploads: dict[str, bytes],
                       draft: bool = False) -> tuple[Post, bool]:
    """(post, created). A document whose ``external_id`` this author already used is a retry: the
    post made the first time is returned and nothing is written (a unique constraint settles races)."""
    existing = _existing(author, document.get("external_id"))
    if existing:
        return existing, False
    document, cleaned = _prepare(author, document, uploads, draft=draft)
    try:
        with transaction.atomic():
            post = Post.objects.create(
                author=author, kind=document["kind"], state=State.DRAFT, external_id=document.get("external_id", ""),
            )
            _new_revision(post, document, cleaned, actor=actor)
            post.save(update_fields=["current_revision"])
            PostEvent.objects.create(post=post, event=Verb.CREATE, to_state=State.DRAFT, actor=actor)
            if draft:
                log_event(actor, Verb.CREATE, post, revision=post.current_revision_id)
            else:
                _queue_for_scoring(post, Event.SUBMIT, actor=actor)
    except IntegrityError:
        existing = _existing(author, document.get("external_id"))
        if existing is None:
            raise
        return existing, False
    return post, True


IDEMPOTENCY_TTL = timedelta(days=1)


def request_fingerprint(method: str, path: str, document, uploads: dict[str, bytes]) -> str:
    """What makes two requests "the same" for an Idempotency-Key: the parsed document and the images'
    bytes (a multipart boundary differs from one try to the next)."""
    digest = hashlib.sha256(f"{method} {path}\n".encode())
    digest.update(json.dumps(document, sort_keys=True, ensure_ascii=False).encode())
    for name in sorted(uploads):
        digest.update(f"\n{name}:{hashlib.sha256(uploads[name]).hexdigest()}".encode())
    return digest.hexdigest()


def answer_once(author: Author, key: str, fingerprint: str, respond) -> tuple[int, dict]:
    """Run ``respond()`` → (status, body) once per (author, Idempotency-Key) a day: the write and the
    stored answer commit together, and a retry (even one racing the first try) gets the stored
    answer. The same key with another request raises IdempotencyKeyReused. Errors are not stored."""
    stored = _stored_answer(author, key)
    if stored is None:
        refused = None
        try:
            with transaction.atomic():
                try:
                    status, body = respond()
                except DeskError as exc:  # what the action committed before refusing stays (a refused
                    refused = exc  # resubmission is recorded); the refusal itself is not kept
                else:
                    IdempotentRequest.objects.create(author=author, key=key, fingerprint=fingerprint,
                                                     status=status, response=json.dumps(body, ensure_ascii=False))
            if refused:
                raise refused
            return status, body
        except IntegrityError:
            stored = _stored_answer(author, key)
            if stored is None:
                raise
    if stored.fingerprint != fingerprint:
        raise IdempotencyKeyReused("这个 Idempotency-Key 已用于另一个请求，请换一个新的键")
    return stored.status, json.loads(stored.response)


def _stored_answer(author: Author, key: str) -> IdempotentRequest | None:
    return IdempotentRequest.objects.filter(
        author=author, key=key, created_at__gte=timezone.now() - IDEMPOTENCY_TTL).first()


def forget_idempotency_keys() -> int:
    """Periodic: drop the answers kept past their day."""
    return IdempotentRequest.objects.filter(created_at__lt=timezone.now() - IDEMPOTENCY_TTL).delete()[0]


def edit_post(post: Post, *, actor, document: dict, uploads: dict[str, bytes], submit: bool = True) -> Post:
    """4.2(3): a draft or a post not yet reviewed may be edited freely; each edit is a new revision."""
    document, cleaned = _prepare(post.author, document, uploads, draft=post.state == State.DRAFT and not submit)
    with transaction.atomic():
        post = locked_post(post.pk)
        if post.state not in lifecycle.EDITABLE_STATES:
            lifecycle.next_state(post.state, Event.EDIT)  # raises with the reason
        if document["kind"] != post.kind:
            post.kind = document["kind"]
        _new_revision(post, document, cleaned, actor=actor)
        if post.state == State.DRAFT and submit:
            _queue_for_scoring(post, Event.SUBMIT, actor=actor)
        elif post.state == State.DRAFT:
            transition(post, Event.EDIT, actor=actor)
        else:
            _queue_for_scoring(post, Event.EDIT, actor=actor, note=say("待审核期间修改"))
    return post


def resubmit_post(post: Post, *, actor, document: dict, uploads: dict[str, bytes],
                  confirm_unchanged: bool = False) -> Post:
    """Resubmit a returned post: at most MAX_RESUBMISSIONS times, and never unchanged (4.2(3)).

    Unchanged is the system's to judge: the normalised content (text without whitespace and
    punctuation, images by their pixels) equals the returned version's, or every passage the editor
    gave as a reason is still there as it was. An unchanged resubmission is first refused with
    UnchangedResubmission (nothing recorded: the author is warned, with the consequence); sent again
    with ``confirm_unchanged`` it is refused and recorded, and carries the 7-day closure (第五章),
    committed before the refusal is raised."""
    document, cleaned = _prepare(post.author, document, uploads)
    digests = {p: hashlib.sha256(img.data).hexdigest() for p, img in cleaned.items()}
    new_hash = content_hash(document, digests)
    refused = None
    with transaction.atomic():
        post = locked_post(post.pk)
        lifecycle.next_state(post.state, Event.RESUBMIT)
        try:
            returned = post.current_revision
            # Pictures as uploaded: a kept image comes back as its stored (re-encoded) bytes
            new_names, old_names = same_images({p: uploads[p] for p in cleaned}, returned.images.all())
            lifecycle.check_resubmission(
                resubmissions_used=post.resubmissions_used,
                new_hash=normalised_content(document, new_names),
                returned_hash=normalised_content(returned.document, old_names),
            )
            if reason_passages_unchanged(reason_passages(post), document):
                raise ResubmissionRefused(UNCHANGED_PASSAGES_ZH, unchanged=True, passages=True)
        except ResubmissionRefused as refusal:
            if refusal.details.get("unchanged") and not confirm_unchanged:
                raise UnchangedResubmission(unchanged_warning(post, refusal.wording), **refusal.details) from None
            _record_refusal(post, refusal, new_hash, actor=actor)
            refused = refusal
        else:
            post.resubmissions_used += 1
            _new_revision(post, document, cleaned, actor=actor)
            _queue_for_scoring(post, Event.RESUBMIT, actor=actor, note=say("第{n}次修改后重新提交", n=post.resubmissions_used))
    if refused:
        raise refused
    return post


UNCHANGED_PASSAGES_ZH = "编辑指出的问题段落都没有修改。请按编辑的意见修改后再提交；未修改重复提交将被关闭发文权限7天。"


def reason_passages(post: Post) -> list[str]:
    """The sentences of the returned version that the editor gave as reasons: the findings of the
    return decision's rules on that version, false alarms (dismissed) left out."""
    decision = (Decision.objects.filter(post=post, revision=post.current_revision_id, outcome=lifecycle.Outcome.RETURN)
                .order_by("-created_at", "-id").first())
    if decision is None or not decision.reasons:
        return []
    document = post.current_revision.document
    findings = post.current_revision.findings.filter(rule__in=decision.reasons, dismissed_at__isnull=True)
    return [p for p in (passage(f, document) for f in findings) if p]


def unchanged_warning(post: Post, why: Wording) -> Wording:
    """The warning an author reads before an unchanged resubmission: why it counts as unchanged and
    what sending it anyway does (the same standing code that will apply it), as template and values."""
    outcome = standing.penalty_for_unchanged_resubmission(records.author_record(post.author), timezone.now(),
                                                          post_id=post.pk)
    return say("{why} 如果仍然提交：{outcome}", why=why, outcome=outcome.reason)


def _record_refusal(post: Post, refusal: ResubmissionRefused, new_hash: str, *, actor) -> None:
    unchanged = refusal.details.get("unchanged", False)
    RefusedSubmission.objects.create(
        post=post, actor=actor, unchanged=unchanged, content_hash=new_hash, message=refusal.message
    )
    PostEvent.objects.create(
        post=post, event=Verb.RESUBMIT_REFUSED, from_state=post.state, to_state=post.state, actor=actor,
        note=refusal.message, wording=refusal.wording.to_dict(),
    )
    log_event(actor, Verb.RESUBMIT_REFUSED, post, note=refusal.message, unchanged=unchanged)
    if unchanged:
        assess_unchanged_resubmission(post.author, post=post)
