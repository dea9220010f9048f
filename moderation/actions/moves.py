"""Moves of posts that consequences bring (a Level 2 takes an author's posts offline, an upheld
appeal puts a post back in the queue), through the one transition with the row locked."""
from __future__ import annotations

from django.db import transaction

from .. import lifecycle
from ..checks.engine import Wording
from ..lifecycle import Event, State
from ..models import Post
from .core import drop_claim, locked_post, transition


def move_post(post_id: int, event: Event, *, actor, note: str | Wording) -> Post | None:
    """Apply ``event`` if the post's current state allows it; None (nothing done) otherwise, so a
    job or an action run twice moves each post once."""
    with transaction.atomic():
        post = locked_post(post_id)
        if (State(post.state), event) not in lifecycle.TRANSITIONS:
            return None
        transition(post, event, actor=actor, note=note)
        drop_claim(post)
    return post


# 第五章 3 二级处罚 "所有文章下线": online posts go offline; posts waiting for an editor are refused.
WITHDRAW_EVENTS = {State.APPROVED: Event.TAKE_OFFLINE, State.IN_QUEUE: Event.REJECT}


def withdraw_all_posts(author, *, actor, note: str | Wording) -> list[Post]:
    """Take every online post of the author offline and refuse those waiting in the queue."""
    moved = []
    for pk, state in Post.objects.filter(author=author, state__in=list(WITHDRAW_EVENTS)).values_list("pk", "state"):
        post = move_post(pk, WITHDRAW_EVENTS[State(state)], actor=actor, note=note)
        if post is not None:
            moved.append(post)
    return moved
