"""Fixtures for the author's side: a scored post of alice's."""
from __future__ import annotations

import itertools

import pytest

from factories import post_document, uploads_for


@pytest.fixture
def submit(cast, scored_post):
    """submit(**post_document kwargs): one of alice's posts, submitted and pre-scored."""
    counter = itertools.count()

    def go(**kwargs):
        n = next(counter)
        kwargs.setdefault("title", f"通勤耳机实测三周的第{n}篇体验笔记：降噪续航佩戴")
        document = post_document(**kwargs)
        return scored_post(cast.alice.author, document=document, uploads=uploads_for(document, seed=10 * n))

    return go
