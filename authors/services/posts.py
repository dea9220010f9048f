"""Moves of posts that standing brings (Level 2 takes posts offline, an upheld appeal puts one back in
the queue), through moderation's one transition function with the row locked."""
from __future__ import annotations

from django.db import transaction

from moderation import lifecycle
from moderation.lifecycle import Event, State
from moderation.models import Post


def move_post(post_id: int, event: Event, *, actor, note: str) -> Post | None:
    """Apply ``event`` if the post's current state allows it; None (nothing done) otherwise, so a
    job or a service run twice moves each post once."""
    from moderation.services import _locked, _transition

    with transaction.atomic():
        post = _locked(post_id)
        if (State(post.state), event) not in lifecycle.TRANSITIONS:
            return None
        _transition(post, event, actor=actor, note=note)
        if post.claimed_by_id:
            post.claimed_by, post.claim_expires_at = None, None
            post.save(update_fields=["claimed_by", "claim_expires_at"])
    return post


# 第五章 3 二级处罚 "所有文章下线": online posts go offline; posts waiting for an editor are refused.
WITHDRAW_EVENTS = {State.APPROVED: Event.TAKE_OFFLINE, State.IN_QUEUE: Event.REJECT}


def withdraw_all_posts(author, *, actor, note: str) -> list[Post]:
    """Take every online post of the author offline and refuse those waiting in the queue."""
    moved = []
    for pk, state in Post.objects.filter(author=author, state__in=list(WITHDRAW_EVENTS)).values_list("pk", "state"):
        post = move_post(pk, WITHDRAW_EVENTS[State(state)], actor=actor, note=note)
        if post is not None:
            moved.append(post)
    return moved
