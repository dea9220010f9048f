"""An editor's decision through the actions, for the author's-side tests."""
from moderation.actions import review
from moderation.lifecycle import State


def decide(post, editor, outcome, reasons=(), message=""):
    """An editor's decision through the actions (claiming a queued post first)."""
    post.refresh_from_db()
    if post.state == State.IN_QUEUE:
        post = review.claim_post(post, actor=editor)
    return review.decide_post(post, actor=editor, outcome=outcome, reasons=list(reasons), message=message,
                              version=post.version)
