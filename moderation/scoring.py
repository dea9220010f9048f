"""Pre-scoring a revision: build the engine's context from the database, run the checks, store
the findings and move the post into the editors' queue."""
from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone

from .checks import AuthorInfo, CheckContext, check_post
from .lifecycle import Event, State
from .models import Decision, Finding, Post, Revision

log = logging.getLogger(__name__)


def author_info(post: Post) -> AuthorInfo:
    a = post.author
    return AuthorInfo(
        username=a.user.get_username(), display_name=a.display_name, category=a.category,
        licensed_health=a.licensed_health, licensed_adult=a.licensed_adult,
    )


def context_for(revision: Revision) -> CheckContext:
    from .history_index import DatabaseHistory
    from .lexicon_store import current_lexicons

    files = {img.ref: img for img in revision.images.all()}

    def open_image(ref: str) -> bytes:
        image = files.get(ref)
        if image is None:
            raise FileNotFoundError(ref)
        with image.file.open("rb") as fh:
            return fh.read()

    return CheckContext(
        author=author_info(revision.post),
        lexicons=current_lexicons(),
        history=DatabaseHistory(exclude_post_id=revision.post_id),
        open_image=open_image,
        now=timezone.now(),
    )


def score_post(post_id: int) -> str:
    """The pre-score job's body. Safe to run twice: a revision already scored is left alone, and a
    post edited meanwhile is skipped (its new revision has its own job)."""
    from .services import _locked, _transition

    with transaction.atomic():
        post = _locked(post_id)
        if post.state not in (State.SUBMITTED, State.SCORING):
            return f"skipped: {post.state}"
        revision = post.current_revision
        if revision.scored_at:
            return "skipped: already scored"
        _transition(post, Event.START_SCORING, actor=None)
        Revision.objects.filter(pk=revision.pk).update(score_attempts=revision.score_attempts + 1)

    ctx = context_for(revision)
    findings = check_post(revision.document, ctx)

    with transaction.atomic():
        post = _locked(post_id)
        if post.state != State.SCORING or post.current_revision_id != revision.pk:
            return "skipped: edited while scoring"
        revision.findings.all().delete()
        Finding.objects.bulk_create(Finding(revision=revision, **_finding_fields(f)) for f in findings)
        Revision.objects.filter(pk=revision.pk).update(scored_at=timezone.now(), scoring_error="")
        post.block_count = sum(f.severity == "block" for f in findings)
        post.warn_count = sum(f.severity == "warn" for f in findings)
        post.queued_at = post.queued_at or timezone.now()
        _index_history(post, revision, ctx)
        _finish(post, findings)
    return f"scored: {len(findings)} findings"


def _finding_fields(f) -> dict:
    data = f.to_dict()
    data.setdefault("excerpt", "")
    data.setdefault("normalized", "")
    return data


def _index_history(post: Post, revision: Revision, ctx: CheckContext) -> None:
    from .history_index import index_revision

    index_revision(post, revision, ctx)


def _finish(post: Post, findings) -> None:
    from authors.services import auto_publish_allowed
    from .services import _transition

    if auto_publish_allowed(post, findings):
        _transition(post, Event.AUTO_PUBLISH, actor=None, note="白名单作者，无阻断问题，自动发布")
        Decision.objects.create(post=post, revision=post.current_revision, editor=None,
                                outcome=Decision.Outcome.AUTO_PUBLISH, message="白名单作者，机审无阻断问题，自动发布")
        from authors.services import on_auto_publish

        on_auto_publish(post)
    else:
        _transition(post, Event.FINISH_SCORING, actor=None)


def self_check(author, document: dict, *, post_id: int | None = None) -> tuple[dict, list[Finding]]:
    """The text checks an editor would see, run on an author's unsaved draft (no database writes).
    Images are checked by the worker once the post is submitted, never in a web request."""
    from .history_index import DatabaseHistory
    from .lexicon_store import current_lexicons
    from .postformat import validate_post

    document = validate_post(document)
    info = AuthorInfo(
        username=author.user.get_username(), display_name=author.display_name, category=author.category,
        licensed_health=author.licensed_health, licensed_adult=author.licensed_adult,
    )
    ctx = CheckContext(author=info, lexicons=current_lexicons(), history=DatabaseHistory(exclude_post_id=post_id), now=timezone.now())
    found = check_post(document, ctx)
    return document, [Finding(pk=i + 1, **_finding_fields(f)) for i, f in enumerate(found)]
