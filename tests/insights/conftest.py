"""A desk with a few posts decided, built through the actions: alice's posts are submitted, scored
in this process (the pre-score job's body, no Redis) and decided by bob and erin."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from factories import post_document, uploads_for
from moderation.actions import review, submission
from moderation.lifecycle import State
from moderation.scoring import score_post

CLEAN_TITLE = "通勤耳机实测三周：降噪、续航与佩戴的真实体验"
# Fires TITLE_CLICKBAIT, TITLE_AD_LAW, TITLE_LENGTH and TITLE_HALFWIDTH_PUNCT.
CLICKBAIT_TITLE = "必看！通勤耳机实测三周：降噪、续航与佩戴的真实体验,全网最低"


def queued_post(author_user, *, title=None, extra_blocks=()):
    document = post_document(title=title or CLEAN_TITLE, extra_blocks=extra_blocks, with_image=False,
                             username=author_user.username)
    post = submission.submit_post(author_user.author, actor=author_user, document=document,
                                  uploads=uploads_for(document))
    score_post(post.pk)
    post.refresh_from_db()
    assert post.state == State.IN_QUEUE, post.state
    return post


def decide(post, editor, outcome, reasons=(), message="请按标准修改"):
    post = review.claim_post(post, actor=editor)
    return review.decide_post(post, actor=editor, outcome=outcome, reasons=list(reasons),
                              message=message if outcome != "approve" else "", version=post.version)


def dismiss_all(post, editor, rule):
    for finding in post.current_revision.findings.filter(rule=rule):
        review.dismiss_finding(finding, actor=editor)


@pytest.fixture
def desk(cast):
    return SimpleNamespace(cast=cast, queued=lambda author=None, **kw: queued_post(author or cast.alice, **kw), decide=decide,
                           dismiss_all=dismiss_all, clickbait=CLICKBAIT_TITLE)
