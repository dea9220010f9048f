"""Fixtures for standing tests: replay an author's history, submit posts through the real worker."""
from __future__ import annotations

import pytest

from builders import OTHER_REVIEWS, OTHER_TAGS, at, make_post, record_decision
from factories import post_document, uploads_for


@pytest.fixture
def history(cast):
    """history(author, [(post_key, day, outcome, reasons), ...]): replay decisions in order; returns
    {post_key: Post} and the last Decision."""
    def build(author, steps, *, editor=None):
        posts, last = {}, None
        for key, day, outcome, reasons in steps:
            if key not in posts:
                posts[key] = make_post(author, submitted_at=at(day, 9))
            last = record_decision(posts[key], outcome=outcome, reasons=reasons, at=at(day), editor=editor)
        return posts, last
    return build


@pytest.fixture
def submit(cast, scored_post):
    """Submit one of alice's posts and pre-score it in this process."""
    counter = iter(range(1000))

    def go(author=None, user=None, *, variant=None, **kwargs):
        """``variant`` 0 or 1 picks one of OTHER_REVIEWS (not a near-duplicate of the default text)."""
        n = next(counter)
        if variant is not None:
            kwargs.setdefault("paragraphs", OTHER_REVIEWS[variant])
        user = user or cast.alice
        kwargs.setdefault("title", f"通勤耳机实测三周的第{n}篇体验笔记：降噪续航佩戴")
        document = post_document(**kwargs)
        if variant is not None:
            document["tags"] = OTHER_TAGS[variant]
        uploads = uploads_for(document, seed=10 * n)
        post = scored_post(author or user.author, document=document, uploads=uploads, actor=user)
        post.submitted = (document, uploads)  # to resubmit it unchanged
        return post
    return go

