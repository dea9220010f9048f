"""Fixtures of the rules tests (issue 14): queued posts of alice's, editor groups and stages."""
from __future__ import annotations

import pytest

from factories import PARAGRAPHS, post_document, uploads_for
from moderation.lifecycle import State

HEALTH = "这款按摩仪对颈椎病有很好的疗效，坚持用可以根治。每天一粒，增强免疫力，还能延缓衰老。"


@pytest.fixture
def queued(cast, scored_post):
    """queued(extra=…, title=…): alice's post, scored in process and waiting in the first review."""
    def make(extra: str = "", **kwargs):
        paragraphs = [*PARAGRAPHS[:3], extra, *PARAGRAPHS[3:]] if extra else None
        document = post_document(paragraphs=paragraphs, **kwargs)
        post = scored_post(cast.alice.author, document=document, uploads=uploads_for(document), actor=cast.alice)
        assert post.state == State.IN_QUEUE
        return post
    return make


@pytest.fixture
def online(queued, cast):
    """online(**kwargs): a post approved by bob."""
    from moderation.actions import review

    def make(**kwargs):
        post = review.claim_post(queued(**kwargs), actor=cast.bob)
        review.decide_post(post, actor=cast.bob, outcome="approve", reasons=[], message="", version=post.version)
        post.refresh_from_db()
        assert post.state == State.APPROVED
        return post
    return make


@pytest.fixture
def rescreen_queue(db):
    """The real rescreen queue on the test Redis database, emptied before and after."""
    import django_rq

    queue = django_rq.get_queue("rescreen")
    queue.connection.flushdb()
    yield queue
    queue.connection.flushdb()
