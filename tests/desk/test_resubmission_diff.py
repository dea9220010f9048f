"""Issue 11 item 8: a resubmission's diff compares content. The same photos uploaded again show as
unchanged (not "1 added, 1 removed"), and a false alarm the editor dismissed stays dismissed on the
next revision where the same finding sits on unchanged text."""
import pytest
from django.urls import reverse

from factories import PARAGRAPHS, post_document, uploads_for
from moderation.actions import review, submission
from moderation.diffing import revision_diff
from tests.authors.builders import decide
from tests.desk.test_resubmission import visibly_edited, with_comment

HALF_WIDTH = "这副耳机戴久了耳朵也不累,地铁里的降噪足够用,通话时对方能听清."


@pytest.fixture
def resubmit(score_waiting, django_capture_on_commit_callbacks, cast):
    def go(post, document, uploads):
        with django_capture_on_commit_callbacks(execute=False):
            submission.resubmit_post(post, actor=cast.alice, document=document, uploads=uploads)
        score_waiting()
        post.refresh_from_db()
        return post
    return go


@pytest.fixture
def returned(cast, scored_post):
    document = post_document(paragraphs=[HALF_WIDTH, *PARAGRAPHS[1:]])
    uploads = uploads_for(document)
    post = scored_post(cast.alice.author, document=document, uploads=uploads, actor=cast.alice)
    return post, document, uploads


def test_the_same_photo_uploaded_again_is_unchanged(cast, client, returned, resubmit):
    post, document, uploads = returned
    decide(post, cast.bob, "return", ["TITLE_LENGTH"], "标题请精简")
    document["title"] = "通勤耳机实测：降噪续航佩戴"
    post = resubmit(post, document, {ref: with_comment(data) for ref, data in uploads.items()})
    first, second = post.revisions.order_by("number")
    n = len(uploads)
    assert n >= 1 and second.images.count() == n
    diff = revision_diff(first, second)
    assert (len(diff["images_unchanged"]), len(diff["images_added"]), len(diff["images_removed"])) == (n, 0, 0)
    client.force_login(cast.bob)
    page = client.get(reverse("review", args=[post.pk])).content.decode()
    assert f"图片：未变 {n} 张，新增 0 张，移除 0 张" in page


def test_an_edited_photo_is_added_and_the_old_one_removed(cast, returned, resubmit):
    post, document, uploads = returned
    decide(post, cast.bob, "return", ["TITLE_LENGTH"], "标题请精简")
    document["title"] = "通勤耳机实测：降噪续航佩戴"
    post = resubmit(post, document, {ref: visibly_edited(data) for ref, data in uploads.items()})
    first, second = post.revisions.order_by("number")
    diff = revision_diff(first, second)
    n = len(uploads)
    assert (len(diff["images_unchanged"]), len(diff["images_added"]), len(diff["images_removed"])) == (0, n, n)


def test_a_false_alarm_stays_dismissed_on_unchanged_text(cast, returned, resubmit):
    post, document, uploads = returned
    first = post.current_revision
    alarms = list(first.findings.filter(target="blocks[0]", start__isnull=False))
    assert alarms, [f.rule for f in first.findings.all()]
    for f in alarms:
        review.dismiss_finding(f, actor=cast.bob)
    decide(post, cast.bob, "return", ["TITLE_LENGTH"], "标题请精简")
    document["title"] = "通勤耳机实测：降噪续航佩戴"
    document["blocks"].append({"type": "paragraph", "text": "补充：又用了一周，续航依旧稳定。"})
    post = resubmit(post, document, uploads)
    again = post.current_revision.findings.filter(target="blocks[0]", start__isnull=False)
    assert again and all(f.dismissed_by == cast.bob for f in again)
    assert post.block_count == post.current_revision.findings.filter(severity="block", dismissed_at__isnull=True).count()


def test_a_finding_on_rewritten_text_is_shown_again(cast, returned, resubmit):
    post, document, uploads = returned
    for f in post.current_revision.findings.filter(target="blocks[0]", start__isnull=False):
        review.dismiss_finding(f, actor=cast.bob)
    decide(post, cast.bob, "return", ["TITLE_LENGTH"], "标题请精简")
    document["title"] = "通勤耳机实测：降噪续航佩戴"
    document["blocks"][0]["text"] = "这副耳机戴久了也不累,地铁里降噪够用,通话清楚."
    post = resubmit(post, document, uploads)
    again = post.current_revision.findings.filter(target="blocks[0]", start__isnull=False)
    assert again and all(f.dismissed_at is None for f in again)
