"""Pre-scoring a revision: build the engine's context from the database, run the checks, and hand the
findings to the actions that store them (moderation.actions.scoring). Also the author's self-check:
the same checks on an unsaved draft, with no database write."""
from __future__ import annotations

from django.utils import timezone

from .actions.rules import live_thresholds
from .actions.scoring import finding_rows, start_scoring, store_scoring_result
from .checks import AuthorInfo, CheckContext, check_post
from .history_index import DatabaseHistory
from .lexicon_store import current_lexicons
from .models import Finding, Revision
from .postformat import validate_post
from .rule_trials import run_shadows


def author_info(author) -> AuthorInfo:
    return AuthorInfo(
        username=author.user.get_username(), display_name=author.display_name, category=author.category,
        licensed_health=author.licensed_health, licensed_adult=author.licensed_adult,
    )


def image_opener(revision: Revision):
    """open_image(ref) -> bytes for the revision's stored pictures (the engine's CheckContext hook)."""
    files = {img.ref: img for img in revision.images.all()}

    def open_image(ref: str) -> bytes:
        image = files.get(ref)
        if image is None:
            raise FileNotFoundError(ref)
        with image.file.open("rb") as fh:
            return fh.read()

    return open_image


def context_for(revision: Revision) -> CheckContext:
    return CheckContext(
        author=author_info(revision.post.author),
        lexicons=current_lexicons(),
        thresholds=live_thresholds(),
        history=DatabaseHistory(exclude_post_id=revision.post_id),
        open_image=image_opener(revision),
        now=timezone.now(),
    )


def score_post(post_id: int) -> str:
    """The pre-score job's body. Safe to run twice: a revision already scored is left alone, and a
    post edited meanwhile is skipped (its new revision has its own job)."""
    revision, skipped = start_scoring(post_id)
    if revision is None:
        return skipped
    ctx = context_for(revision)
    result = store_scoring_result(post_id, revision, check_post(revision.document, ctx), ctx)
    run_shadows(revision, ctx.author, ctx.open_image)  # issue 14: would-be findings of drafts in shadow, shown to no one
    return result


def self_check(author, document: dict, *, post_id: int | None = None) -> tuple[dict, list[Finding]]:
    """The text checks an editor would see, run on an author's unsaved draft (no database writes).
    Images are checked by the worker once the post is submitted, never in a web request."""
    document = validate_post(document)
    ctx = CheckContext(author=author_info(author), lexicons=current_lexicons(), thresholds=live_thresholds(),
                       history=DatabaseHistory(exclude_post_id=post_id), now=timezone.now())
    return document, finding_rows(check_post(document, ctx))

