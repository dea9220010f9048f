"""How often one post's way from submission to decision to penalty crosses between the two apps'
Django code (issue 10 asked for at most twice). Measured with a profile hook on the real actions:
a crossing is a call from one app's module into the other's, the pure libraries (the rule engine, the
lifecycle, the rulebook, the standing ladder) and the model classes being data both apps use."""
from __future__ import annotations

import sys
from contextlib import contextmanager

from authors.models import Penalty
from factories import post_document, uploads_for
from moderation.actions import review

APPS = ("moderation", "authors")
SHARED = ("moderation.checks", "moderation.lifecycle", "moderation.rulebook", "moderation.errors",
          "moderation.models", "authors.standing", "authors.models", "authors.errors")


def _counted(module: str) -> bool:
    return module.split(".")[0] in APPS and not any(module == s or module.startswith(s + ".") for s in SHARED)


@contextmanager
def crossings():
    """Yield a list that fills with "caller → callee" for every call from one app into the other."""
    seen: list[str] = []

    def hook(frame, event, arg):
        if event != "call":
            return
        callee = frame.f_globals.get("__name__", "")
        if not _counted(callee):
            return
        caller = frame.f_back
        while caller is not None and not _counted(caller.f_globals.get("__name__", "")):
            caller = caller.f_back
        if caller is None:
            return
        origin = caller.f_globals["__name__"]
        if origin.split(".")[0] != callee.split(".")[0]:
            seen.append(f"{origin}.{caller.f_code.co_name} → {callee}.{frame.f_code.co_name}")

    sys.setprofile(hook)
    try:
        yield seen
    finally:
        sys.setprofile(None)


def test_submit_and_decide_each_ask_the_authors_app_once(cast, scored_post, score_waiting,
                                                          django_capture_on_commit_callbacks):
    document = post_document()
    with crossings() as at_submit:
        post = scored_post(cast.alice.author, document=document, uploads=uploads_for(document), actor=cast.alice)
    review.claim_post(post, actor=cast.bob)
    post.refresh_from_db()
    with crossings() as at_decision:
        review.decide_post(post, actor=cast.bob, outcome="return", reasons=["BODY_PROMO"], message="删去促销信息",
                           version=post.version)
    assert Penalty.objects.filter(author=cast.alice.author).exists()  # the path did end in a penalty
    # submit: the posting right (第五章); the pre-score of a non-whitelisted author asks nothing
    assert at_submit == ["moderation.actions.submission.ensure_can_post → authors.records.posting_right"]
    # decide → penalty: one question (what this reject brings), one answer back; the rows are written here
    assert at_decision == ["moderation.actions.penalties.assess_decision → authors.records.reject_outcome"]
