"""Issue 11 item 6: an unchanged resubmission is the system's to detect (4.2(3)). Text is compared
without whitespace and punctuation, images by their pixels, and "every passage the editor named is
still there" is unchanged too; the author is warned first, and only a confirmed one closes posting."""
import io
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from authors.models import ApiToken, Penalty
from factories import PARAGRAPHS, post_document, uploads_for
from moderation.actions import submission
from moderation.errors import ResubmissionRefused, UnchangedResubmission
from moderation.lifecycle import State
from moderation.models import Finding, RefusedSubmission
from tests.authors.builders import decide


def with_comment(jpeg: bytes) -> bytes:
    """The same photo in other bytes: a JPEG comment segment after SOI (the pixels do not change)."""
    comment = b"re-uploaded from the phone"
    return jpeg[:2] + b"\xff\xfe" + (len(comment) + 2).to_bytes(2, "big") + comment + jpeg[2:]


def visibly_edited(jpeg: bytes) -> bytes:
    """The photo with a corner painted over (as when a watermark is covered): a change one can see."""
    im = Image.open(io.BytesIO(jpeg)).convert("RGB")
    im.paste((200, 30, 30), (0, 0, im.width // 8, im.height // 8))
    out = io.BytesIO()
    im.save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def returned(cast, scored_post):
    def go(reasons=("TITLE_LENGTH",)):
        document = post_document()
        uploads = uploads_for(document)
        post = scored_post(cast.alice.author, document=document, uploads=uploads, actor=cast.alice)
        decide(post, cast.bob, "return", list(reasons), "请按意见修改")
        post.refresh_from_db()
        assert post.state == State.RETURNED
        return post, document, uploads
    return go


def test_same_photos_uploaded_again_and_retyped_punctuation_are_unchanged(cast, returned):
    post, document, uploads = returned()
    document["blocks"][0]["text"] = document["blocks"][0]["text"].replace("，", ", ") + "  "
    again = {ref: with_comment(data) for ref, data in uploads.items()}
    assert again != uploads
    with pytest.raises(UnchangedResubmission, match="如果仍然提交.*关闭发文权限7天") as warned:
        submission.resubmit_post(post, actor=cast.alice, document=document, uploads=again)
    assert warned.value.code == "unchanged_resubmission"
    assert not RefusedSubmission.objects.exists() and not Penalty.objects.exists()  # a warning records nothing


def test_an_edited_photo_is_a_change(cast, returned, django_capture_on_commit_callbacks):
    post, document, uploads = returned()
    edited = {ref: visibly_edited(data) for ref, data in uploads.items()}
    with django_capture_on_commit_callbacks(execute=False):
        post = submission.resubmit_post(post, actor=cast.alice, document=document, uploads=edited)
    assert post.state == State.SUBMITTED and post.resubmissions_used == 1


def test_untouched_reason_passages_are_unchanged(cast, returned, django_capture_on_commit_callbacks):
    post, document, uploads = returned(reasons=["BODY_PUNCTUATION"])
    Finding.objects.create(revision=post.current_revision, rule="BODY_PUNCTUATION", severity="block", target="blocks[0]",
                           start=2, end=6, excerpt=PARAGRAPHS[0][2:6], message="标点不规范")
    document["blocks"].append({"type": "paragraph", "text": "补充：又用了一周，续航依旧稳定，通勤路上没有掉线。"})
    with pytest.raises(UnchangedResubmission, match="编辑指出的问题段落都没有修改"):
        submission.resubmit_post(post, actor=cast.alice, document=document, uploads=uploads)
    document["blocks"][0]["text"] = "改写后的第一段：只讲实际体验，不再提价格和购买渠道。"
    with django_capture_on_commit_callbacks(execute=False):
        post = submission.resubmit_post(post, actor=cast.alice, document=document, uploads=uploads)
    assert post.state == State.SUBMITTED


def test_a_dismissed_finding_is_not_a_reason_passage(cast, returned, django_capture_on_commit_callbacks):
    post, document, uploads = returned(reasons=["BODY_PUNCTUATION"])
    Finding.objects.create(revision=post.current_revision, rule="BODY_PUNCTUATION", severity="block", target="blocks[0]",
                           start=2, end=6, excerpt=PARAGRAPHS[0][2:6], message="标点不规范",
                           dismissed_by=cast.bob, dismissed_at=post.updated_at)  # a false alarm
    document["blocks"].append({"type": "paragraph", "text": "补充：又用了一周，续航依旧稳定，通勤路上没有掉线。"})
    with django_capture_on_commit_callbacks(execute=False):
        post = submission.resubmit_post(post, actor=cast.alice, document=document, uploads=uploads)
    assert post.state == State.SUBMITTED


def test_going_on_after_the_warning_closes_posting_for_seven_days(cast, returned):
    post, document, uploads = returned()
    with pytest.raises(ResubmissionRefused) as refused:
        submission.resubmit_post(post, actor=cast.alice, document=document, uploads=uploads, confirm_unchanged=True)
    assert not isinstance(refused.value, UnchangedResubmission)
    refusal = RefusedSubmission.objects.get(post=post)
    assert refusal.unchanged
    penalty = Penalty.objects.get(author=cast.alice.author)
    assert penalty.clause == "4.2(3)" and (penalty.ends_at - penalty.starts_at).days == 7
    post.refresh_from_db()
    assert post.state == State.RETURNED and post.resubmissions_used == 0


def test_a_picture_is_the_same_after_re_encoding_and_not_after_a_visible_edit():
    from factories import photo_jpeg
    from moderation.diffing import picture

    original = photo_jpeg(3, size=(900, 600))
    im = Image.open(io.BytesIO(original)).convert("RGB")
    re_encoded, png = io.BytesIO(), io.BytesIO()
    im.save(re_encoded, "JPEG", quality=80)
    im.save(png, "PNG")
    one_pixel = im.copy()
    one_pixel.putpixel((5, 5), (255, 255, 255))
    nudged = io.BytesIO()
    one_pixel.save(nudged, "PNG")
    base = picture(original)
    assert base.same_as(picture(re_encoded.getvalue())) and base.same_as(picture(png.getvalue()))
    assert base.same_as(picture(nudged.getvalue()))  # one pixel is no revision (nor a way round 4.2(3))
    assert not base.same_as(picture(visibly_edited(original)))
    assert not base.same_as(picture(photo_jpeg(4, size=(900, 600))))


def test_the_unchanged_warning_reads_in_the_authors_language_and_its_chinese_is_as_before(client, cast, returned):
    """The API's 409 unchanged_resubmission: why, and what sending it anyway brings (the 7-day closure),
    in English for an English reader; the Chinese text as it always was."""
    post, document, uploads = returned()
    data = {"document": json.dumps(document, ensure_ascii=False)}
    auth = {"HTTP_AUTHORIZATION": f"Token {ApiToken.issue(cast.alice)}"}

    def warning(language):
        files = {ref: SimpleUploadedFile(ref.rsplit("/", 1)[-1], b, content_type="image/jpeg") for ref, b in uploads.items()}
        response = client.post(f"/api/v1/posts/{post.pk}/resubmit", {**data, **files}, HTTP_ACCEPT_LANGUAGE=language, **auth)
        assert response.status_code == 409 and response.json()["error"]["code"] == "unchanged_resubmission"
        return response.json()["error"]["message"]

    assert re.fullmatch(
        r"内容与被退回的版本完全相同。请按编辑的意见修改后再提交；未修改重复提交将被关闭发文权限7天。 如果仍然提交："
        r"关闭发文权限7天，至\d{4}年\d+月\d+日 \d\d:\d\d（北京时间）。原因：退回的文章未按要求修改就再次提交（第四章2\(3\)）。",
        warning("zh-hans"))
    assert re.fullmatch(
        r"The content is identical to the returned version\. .* If you submit it anyway: Posting closed for 7 days, "
        r"until .+\. Reason: A returned post was submitted again without the changes asked for \(Ch\. 4\.2\(3\)\)\.",
        warning("en"))
    assert not re.search(r"[\u3400-\u9fff\u3000-\u303f\uff01-\uff5e]", warning("en"))
    assert not RefusedSubmission.objects.exists() and not Penalty.objects.exists()
