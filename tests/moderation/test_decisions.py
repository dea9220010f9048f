"""Claims, decisions, stale decisions and the resubmission rules, through the actions."""
import threading

import pytest

from factories import PARAGRAPHS, post_document, uploads_for
from moderation.errors import AlreadyClaimed, IllegalTransition, InvalidPost, ResubmissionRefused, StaleDecision
from moderation.lifecycle import State
from moderation.models import Decision, Post, RefusedSubmission, ViolationRecord
from moderation.actions import review, submission


@pytest.fixture
def queued(cast, scored_post):
    """A factory of alice's posts, scored (in process) and waiting in the queue."""
    def make(**kwargs):
        document = post_document(**kwargs)
        post = scored_post(cast.alice.author, document=document, uploads=uploads_for(document), actor=cast.alice)
        assert post.state == State.IN_QUEUE
        return post
    return make


def decide(post, editor, outcome, reasons=(), message=""):
    post.refresh_from_db()
    return review.decide_post(post, actor=editor, outcome=outcome, reasons=list(reasons), message=message,
                           version=post.version)


def test_an_editor_approves_a_claimed_post(cast, queued):
    post = review.claim_post(queued(), actor=cast.bob)
    decide(post, cast.bob, "approve")
    post.refresh_from_db()
    assert post.state == State.APPROVED and post.claimed_by is None
    assert post.decisions.get().editor == cast.bob


def test_a_second_editor_cannot_claim_or_decide_a_claimed_post(cast, queued):
    post = review.claim_post(queued(), actor=cast.bob)
    with pytest.raises(AlreadyClaimed, match="bob"):
        review.claim_post(post, actor=cast.erin)
    with pytest.raises(AlreadyClaimed):
        decide(post, cast.erin, "approve")
    assert Post.objects.get(pk=post.pk).state == State.IN_QUEUE


def test_a_stale_decision_is_refused(cast, queued, django_capture_on_commit_callbacks):
    post = review.claim_post(queued(), actor=cast.bob)
    seen_version = post.version
    document = post_document(title="通勤耳机实测三周：作者在审核前又改了一版标题")
    with django_capture_on_commit_callbacks(execute=False):  # not scored again: the edit alone makes it stale
        submission.edit_post(post, document=document, uploads=uploads_for(document), actor=cast.alice)
    with pytest.raises(StaleDecision, match="刷新"):
        review.decide_post(post, actor=cast.bob, outcome="approve", reasons=[], message="", version=seen_version)


def test_return_needs_a_reason_and_records_a_violation(cast, queued):
    post = review.claim_post(queued(), actor=cast.bob)
    with pytest.raises(InvalidPost, match="原因"):
        decide(post, cast.bob, "return")
    decide(post, cast.bob, "return", ["TITLE_LENGTH"], "标题太长，请精简到27字以内")
    record = ViolationRecord.objects.get(post=post)
    assert record.reasons == ["TITLE_LENGTH"] and record.editor == cast.bob
    assert record.title == post.current_revision.title and record.author == cast.alice.author


def test_a_returned_post_can_be_resubmitted_twice_then_no_more(
        cast, queued, score_waiting, django_capture_on_commit_callbacks):
    """4.2(3); the reason is advice-only (no penalty), so only the lifecycle limit applies."""
    post = queued()
    for attempt in (1, 2):
        decide(review.claim_post(post, actor=cast.bob), cast.bob, "return", ["BODY_PUNCTUATION"], "标点再规范一些")
        document = post_document(paragraphs=PARAGRAPHS + [f"第{attempt}次补充：补上了在办公室使用的体验。" * 3])
        with django_capture_on_commit_callbacks(execute=False):
            submission.resubmit_post(post, document=document, uploads=uploads_for(document), actor=cast.alice)
        score_waiting()
    decide(review.claim_post(post, actor=cast.bob), cast.bob, "return", ["BODY_PUNCTUATION"])
    document = post_document(paragraphs=PARAGRAPHS + ["第三次补充。" * 5])
    with pytest.raises(ResubmissionRefused, match="2次"):
        submission.resubmit_post(post, document=document, uploads=uploads_for(document), actor=cast.alice)
    post.refresh_from_db()
    assert post.state == State.RETURNED and post.revisions.count() == 3
    assert RefusedSubmission.objects.filter(post=post, unchanged=False).count() == 1


def test_an_unchanged_resubmission_is_refused_and_recorded(cast, queued):
    post = queued()
    decide(review.claim_post(post, actor=cast.bob), cast.bob, "return", ["TITLE_LENGTH"])
    document = post_document()
    with pytest.raises(ResubmissionRefused, match="完全相同"):
        submission.resubmit_post(post, document=document, uploads=uploads_for(document), actor=cast.alice,
                                 confirm_unchanged=True)
    refusal = RefusedSubmission.objects.get(post=post)
    assert refusal.unchanged and refusal.actor == cast.alice
    post.refresh_from_db()
    assert post.state == State.RETURNED and post.resubmissions_used == 0
    assert post.events.filter(event="resubmit_refused").exists()


def test_rejected_for_good_cannot_be_resubmitted(cast, queued):
    post = queued()
    decide(review.claim_post(post, actor=cast.bob), cast.bob, "reject", ["TITLE_TYPO"], "标题错别字太多，没有修改空间")
    document = post_document(title="换了个标题再试一次：通勤耳机三周实测体验")
    with pytest.raises(IllegalTransition, match="退稿不用"):
        submission.resubmit_post(post, document=document, uploads=uploads_for(document), actor=cast.alice)


def test_approved_posts_are_locked_and_can_be_taken_offline(cast, queued):
    post = queued()
    decide(review.claim_post(post, actor=cast.bob), cast.bob, "approve")
    document = post_document(title="通过之后还想再改一下标题的通勤耳机评测")
    with pytest.raises(IllegalTransition, match="已审核通过"):
        submission.edit_post(post, document=document, uploads=uploads_for(document), actor=cast.alice)
    decide(post, cast.erin, "take_offline", ["BODY_SOFT_AD"], "读者举报为软文")
    post.refresh_from_db()
    assert post.state == State.OFFLINE
    assert ViolationRecord.objects.filter(post=post, decision__outcome=Decision.Outcome.TAKE_OFFLINE).exists()




@pytest.mark.django_db(transaction=True)
def test_two_editors_racing_for_the_queue_never_share_a_post(scoring_queue, run_worker):
    """8 threads, 2 editors, 5 posts: every post claimed once, by one editor."""
    from django.contrib.auth.models import User
    from django.db import connection

    from authors.models import Author

    from factories import role_group

    alice = User.objects.create_user("alice")
    alice.groups.add(role_group("author"))
    author = Author.objects.create(user=alice, display_name="爱丽丝", category="数码")
    editors = []
    for name in ("bob", "erin"):
        user = User.objects.create_user(name)
        user.groups.add(role_group("editor"))
        editors.append(user)
    for i in range(5):
        document = post_document(title=f"通勤耳机实测三周的第{i}篇体验笔记：降噪续航佩戴")
        submission.submit_post(author, document=document, uploads=uploads_for(document), actor=alice)
    run_worker()
    assert Post.objects.filter(state=State.IN_QUEUE).count() == 5

    barrier, claims, errors = threading.Barrier(8), [], []

    def work(editor):
        try:
            barrier.wait()
            while (post := review.claim_next_post(actor=editor)) is not None:
                claims.append((post.pk, editor.username))
        except Exception as exc:  # noqa: BLE001 — reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(editors[i % 2],)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(pk for pk, _ in claims) == sorted(Post.objects.values_list("pk", flat=True))
