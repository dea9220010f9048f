"""The one audit vocabulary and the one way to write it.

    log_event(actor, Verb.PENALTY_LIFT, penalty, reason="…")

``actor`` is the user acting, or None for the system (the pre-score job, the periodic jobs, the
consequences the standard draws by itself). ``target`` is the row the write is about; the post and
the author it concerns are found from it (or passed), so the admin's audit-trail page can show the
whole trail of a post or of an author. Called inside the write's transaction: if the write rolls
back, so does its event.
"""
from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.serializers.json import DjangoJSONEncoder

from authors.models import Author

from .models.audit import AuditEvent, Verb
from .models.posts import Post

__all__ = ["AuditEvent", "Verb", "log_event", "trail"]

_ENCODER = DjangoJSONEncoder()


def _concerns(target) -> tuple[int | None, int | None]:
    """(post_id, author_id) a target row is about."""
    if isinstance(target, Post):
        return target.pk, target.author_id
    if isinstance(target, Author):
        return None, target.pk
    post_id = getattr(target, "post_id", None)
    author_id = getattr(target, "author_id", None)
    if author_id is None and post_id is not None:
        author_id = Post.objects.filter(pk=post_id).values_list("author_id", flat=True).first()
    return post_id, author_id


def _plain(value):
    """JSON-ready data: rows become their IDs, datetimes ISO strings."""
    if hasattr(value, "pk") and hasattr(value, "_meta"):
        return value.pk
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return _ENCODER.default(value)


def log_event(actor, verb: Verb | str, target, /, *, post=None, author=None, **data) -> AuditEvent:
    """Record one write. ``verb`` must be a Verb (a free string is refused); ``post``/``author``
    override what is found from ``target``; any other keyword (``target`` included) goes into data."""
    verb = Verb(verb)
    post_id, author_id = _concerns(target) if target is not None else (None, None)
    if post is not None:
        post_id = getattr(post, "pk", post)
    if author is not None:
        author_id = getattr(author, "pk", author)
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        verb=verb,
        target_type=target._meta.model_name if target is not None else "",
        target_id=getattr(target, "pk", None),
        post_id=post_id,
        author_id=author_id,
        data=_plain({k: v for k, v in data.items() if v not in (None, "", [], {})}),
    )


PEOPLE = ("editor", "other")  # details that name a person by ID (a user, an author)


def people_named(events) -> dict[str, dict[int, str]]:
    """The usernames of the people the events' details name by ID (``PEOPLE``), in two queries for
    a page of events: the audit page passes the result to its ``details`` filter."""
    wanted = {key: {e.data[key] for e in events if isinstance(e.data.get(key), int)} for key in PEOPLE}
    users = get_user_model().objects.filter(pk__in=wanted["editor"]).values_list("pk", "username")
    authors = Author.objects.filter(pk__in=wanted["other"]).values_list("pk", "user__username")
    return {"editor": dict(users) if wanted["editor"] else {}, "other": dict(authors) if wanted["other"] else {}}


def trail(*, post=None, author=None, actor=None, verb=None):
    """The audit events of a post or an author (or all), newest first, optionally by actor and verb."""
    events = AuditEvent.objects.select_related("actor")
    if post is not None:
        events = events.filter(post=post)
    if author is not None:
        events = events.filter(author=author)
    if actor is not None:
        events = events.filter(actor=actor)
    if verb:
        events = events.filter(verb=verb)
    return events.order_by("-created_at", "-id")
