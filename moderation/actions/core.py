"""What every action shares: the post row lock, the one state change, the actor's reason.

``transition`` is the only code in the project that assigns ``Post.state``; the architecture test
(tests/architecture) fails on an assignment anywhere outside ``moderation.actions``. It writes the
post's PostEvent (the author-visible history) and the action's audit event (moderation.audit).
"""
from __future__ import annotations

from authors.errors import StandingConflict

from .. import lifecycle
from ..checks.engine import Wording
from ..audit import Verb, log_event
from ..lifecycle import Event
from ..models import Post, PostEvent

# Actions take ``actor``: the user acting, or SYSTEM (None) for the pre-score job, the periodic jobs
# and the consequences the standard draws by itself (a penalty the ladder gives, a whitelist grant).
SYSTEM = None


def locked_post(post_id: int, *related: str, **annotations) -> Post:
    """The post row, locked until the end of the caller's transaction; its current revision, the
    ``related`` rows and the ``annotations`` come in the same query (only the post's row is locked)."""
    posts = Post.objects.select_for_update(of=("self",)).select_related("current_revision", *related)
    return posts.annotate(**annotations).get(pk=post_id)


def transition(post: Post, event: Event, *, actor, note: str | Wording = "", **data) -> Post:
    """Apply ``event`` (lifecycle table) to a post already locked by the caller, or created in the
    caller's transaction (so its ``version`` is the stored one, bumped here without reading it back);
    append its PostEvent and log the action's one audit event (verb = the event; ``data`` goes with
    it). ``note``: a person's own words (a string), or the system's (a Wording, kept to say it in the
    reader's language)."""
    note, wording = said(note)
    old = post.state
    post.state = lifecycle.next_state(old, event)
    post.version += 1
    post.save()
    PostEvent.objects.create(post=post, event=event, from_state=old, to_state=post.state, actor=actor, note=note,
                             wording=wording)
    log_event(actor, Verb(event.value), post, from_state=old, to_state=post.state, note=note, **data,
              wordings={"note": wording} if wording else None)
    return post


def said(text: str | Wording) -> tuple[str, dict | None]:
    """A note or a reason to store: its Chinese, and its template and values when the system composed
    it (a Wording; a person's own words inside it are quoted values), None for a person's own text."""
    return (str(text), text.to_dict()) if isinstance(text, Wording) else (text, None)


def drop_claim(post: Post) -> None:
    """Forget the editor's lease on a post that left the queue."""
    if post.claimed_by_id or post.claim_expires_at:
        post.claimed_by, post.claim_expires_at = None, None
        post.save(update_fields=["claimed_by", "claim_expires_at"])


def save_row(obj, verb: Verb, *, actor, reason: str = "", reason_wording: dict | None = None, update_fields=None,
             **data):
    """Save a row and log its audit event (the reason, its wording when the system composed it, and
    ``data`` go with it)."""
    obj.save(update_fields=update_fields)
    log_event(actor, verb, obj, reason=reason, **data, wordings={"reason": reason_wording} if reason_wording else None)
    return obj


def require_reason(reason: str | Wording) -> str | Wording:
    if isinstance(reason, Wording):  # the system's words
        return reason
    if not reason or not reason.strip():
        raise StandingConflict("请填写原因，它会记入审计记录。")
    return reason.strip()
