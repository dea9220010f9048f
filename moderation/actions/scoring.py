"""The pre-score job's writes: start scoring a post's current revision, store the findings and move
the post on — into the editors' queue, or online at once for a whitelisted author with no block
finding (第五章 1, recorded as an auto_publish decision). The actor is always SYSTEM."""
from __future__ import annotations

from dataclasses import fields

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from authors import records
from authors.models import Whitelist

from ..audit import Verb, log_event
from ..checks.engine import say
from ..diffing import carried_dismissals
from ..history_index import index_revision
from ..lifecycle import Event, State
from ..models import Decision, Finding, Post, Revision
from .core import SYSTEM, locked_post, transition
from .whitelist import sample_for_audit


def start_scoring(post_id: int) -> tuple[Revision | None, str]:
    """Move a submitted post into scoring; (revision to score, "") or (None, why it was skipped).
    Safe to run twice: a revision already scored is left alone."""
    with transaction.atomic():
        # The job reads the post's author next (the checks' context): read with the locked row.
        post = locked_post(post_id, "author__user")
        if post.state not in (State.SUBMITTED, State.SCORING):
            return None, f"skipped: {post.state}"
        revision = post.current_revision
        if revision.scored_at:
            return None, "skipped: already scored"
        transition(post, Event.START_SCORING, actor=SYSTEM)
        Revision.objects.filter(pk=revision.pk).update(score_attempts=revision.score_attempts + 1)
    revision.post = post
    return revision, ""


def _finding_fields(f) -> dict:
    """The engine finding's fields as the row's (its dicts shared, not deep-copied as to_dict does:
    the row only writes them)."""
    data = {field.name: getattr(f, field.name) for field in fields(f)}
    data["excerpt"] = data["excerpt"] or ""
    data["normalized"] = data["normalized"] or ""
    return data


def finding_rows(findings) -> list[Finding]:
    """Unsaved Finding rows for the engine's findings (the self-check shows them without saving)."""
    return [Finding(pk=i + 1, **_finding_fields(f)) for i, f in enumerate(findings)]


def store_scoring_result(post_id: int, revision: Revision, findings, ctx) -> str:
    """Store the findings of ``revision`` and move its post on; a post edited meanwhile is skipped
    (its new revision has its own job)."""
    with transaction.atomic():
        # Only a whitelisted author's post may go online at once (第五章 1): asked with the lock.
        listed = Whitelist.objects.filter(author_id=OuterRef("author_id"), active=True)
        post = locked_post(post_id, whitelisted=Exists(listed))
        if post.state != State.SCORING or post.current_revision_id != revision.pk:
            return "skipped: edited while scoring"
        # Findings and index rows are written only in the transaction that sets the revision's
        # scored_at (this one): a revision never scored has none to replace.
        rescoring = post.current_revision.scored_at is not None
        if rescoring:
            revision.findings.all().delete()
        rows = Finding.objects.bulk_create(Finding(revision=revision, **_finding_fields(f)) for f in findings)
        _carry_dismissals(post, revision, rows)
        Revision.objects.filter(pk=revision.pk).update(scored_at=timezone.now(), scoring_error="")
        post.block_count = sum(f.severity == "block" and f.dismissed_at is None for f in rows)
        post.warn_count = sum(f.severity == "warn" and f.dismissed_at is None for f in rows)
        post.queued_at = post.queued_at or timezone.now()
        index_revision(post, revision, ctx, replace=rescoring)
        _finish(post, findings)
    return f"scored: {len(findings)} findings"


def _carry_dismissals(post: Post, revision: Revision, rows: list[Finding]) -> None:
    """Issue 11: a false alarm an editor dismissed stays dismissed on the next revision where the
    same finding sits on unchanged text (one audit event each, in the dismissing editor's name)."""
    if revision.number == 1:
        return
    previous = post.revisions.filter(number__lt=revision.number).order_by("-number").first()
    if previous is None:
        return
    carried = carried_dismissals(previous.findings.all(), previous.document, rows, revision.document)
    now = timezone.now()
    for new, old in carried:
        new.dismissed_by_id, new.dismissed_at = old.dismissed_by_id, now
    Finding.objects.bulk_update([new for new, _ in carried], ["dismissed_by", "dismissed_at"])
    for new, old in carried:
        log_event(old.dismissed_by, Verb.DISMISS_FINDING, new, post=post, author=post.author_id, rule=new.rule,
                  target=new.target, excerpt=new.excerpt[:200], carried_from=old.pk)


# What the author reads on an auto-published post: the decision's message and the history's note.
AUTO_PUBLISH_MESSAGE = "白名单作者，机审无阻断问题，自动发布"
AUTO_PUBLISH_NOTE = "白名单作者，无阻断问题，自动发布"


def _finish(post: Post, findings) -> None:
    # The standing question (may they post now?) is asked of authors.records only for a whitelisted
    # author (``post.whitelisted``, read with the post's lock).
    if post.whitelisted and records.auto_publish_allowed(post.author, findings):
        message = say(AUTO_PUBLISH_MESSAGE)
        decision = Decision.objects.create(
            post=post, revision=post.current_revision, editor=SYSTEM, outcome=Decision.Outcome.AUTO_PUBLISH,
            message=str(message), wording=message.to_dict())
        transition(post, Event.AUTO_PUBLISH, actor=SYSTEM, note=say(AUTO_PUBLISH_NOTE),
                   decision=decision, findings=len(findings))
        sample_for_audit(post)
    else:
        transition(post, Event.FINISH_SCORING, actor=SYSTEM, findings=len(findings), blocks=post.block_count,
                   warnings=post.warn_count)
