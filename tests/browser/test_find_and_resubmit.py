"""Issue 11 in Chromium: an unchanged resubmission through the web editor (the same photos uploaded
again) is warned, then closes posting for 7 days and is flagged to editors; search finds an online post
and it is taken offline from its page; the image diff shows unchanged images; a Level 2 proposal is
withdrawn after the appeal that removes its basis."""
import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from authors.models import Level2Proposal, Penalty
from factories import PARAGRAPHS, RICE_COOKER, post_document, uploads_for
from moderation.actions import appeals, submission
from moderation.actions.held import apply_due_decisions, undo_window
from moderation.lifecycle import State
from moderation.models import Post, RefusedSubmission
from tests.authors.builders import decide
from tests.desk.test_resubmission import with_comment

pytestmark = pytest.mark.browser


def submitted(cast, run_worker, seed=1, **kwargs):
    document = post_document(**kwargs)
    uploads = uploads_for(document, seed=seed)
    post = submission.submit_post(cast.alice.author, document=document, uploads=uploads, actor=cast.alice)
    run_worker()
    return Post.objects.get(pk=post.pk), document, uploads


def test_an_unchanged_resubmission_in_the_web_editor_is_warned_then_closes_posting(
        transactional_db, cast, scoring_queue, run_worker, page, live_server, login, shoot, tmp_path):
    post, document, uploads = submitted(cast, run_worker)
    decide(post, cast.bob, "return", ["TITLE_LENGTH"], "请按编辑意见修改后再提交")
    login("alice")
    page.goto(f"{live_server.url}/me/posts/{post.pk}/edit/")
    # The same photos, uploaded again from the phone: other bytes, the same pixels.
    inputs = page.locator(".block-card[data-type=image] input[type=file]")
    refs = [ref for ref in uploads if any(b.get("src") == ref for b in document["blocks"])]
    for i, ref in enumerate(refs):
        path = tmp_path / f"again{i}.jpg"
        path.write_bytes(with_comment(uploads[ref]))
        inputs.nth(i).set_input_files(str(path))
    paragraph = page.locator(".block-card[data-type=paragraph] textarea").first
    paragraph.fill(paragraph.input_value().replace("，", ", ") + "  ")  # punctuation retyped: still unchanged
    page.click("#btn-submit")
    error = page.locator("#form-error")
    expect(error).to_contain_text("内容与被退回的版本完全相同")
    expect(error).to_contain_text("如果仍然提交")
    expect(error).to_contain_text("关闭发文权限7天")
    shoot("unchanged-resubmission-warning")
    assert not RefusedSubmission.objects.exists() and not Penalty.objects.exists()
    page.click("#btn-confirm-unchanged")
    expect(page.locator("#form-error")).to_contain_text("完全相同")
    penalty = Penalty.objects.get(author=cast.alice.author)
    assert penalty.clause == "4.2(3)" and (penalty.ends_at - penalty.starts_at).days == 7
    assert RefusedSubmission.objects.get(post=post).unchanged
    page.goto(f"{live_server.url}/me/posts/new/")
    expect(page.locator("#btn-submit")).to_have_count(0)  # posting closed
    shoot("unchanged-resubmission-closed")
    page.context.clear_cookies()
    login("bob")
    page.goto(f"{live_server.url}/desk/posts/{post.pk}/")
    expect(page.locator(".unchanged-flag")).to_contain_text("未修改即重新提交")
    page.goto(f"{live_server.url}/desk/search/?flagged=on")
    expect(page.locator(f"tr[data-post='{post.pk}']")).to_contain_text("未修改重复提交")
    shoot("unchanged-resubmission-flagged")


def test_search_finds_an_online_post_and_takes_it_offline(transactional_db, cast, scoring_queue, run_worker, page,
                                                          live_server, login, shoot):
    online, _, _ = submitted(cast, run_worker, title="新电饭煲用了一个月：煮饭煲粥与清洗的真实体验",
                             paragraphs=RICE_COOKER, tags=("电饭煲",))
    decide(online, cast.erin, "approve")
    other, _, _ = submitted(cast, run_worker, seed=9)
    login("bob")
    page.goto(f"{live_server.url}/desk/")
    page.click("ul.counts a[data-state=approved]")
    expect(page.locator("#search-results tbody tr[data-post]")).to_have_count(1)
    page.fill("#id_q", "电饭煲")
    page.click("#search-submit")
    expect(page.locator("#search-results tbody tr[data-post]")).to_have_count(1)
    shoot("search-online-post")
    page.click(f"tr[data-post='{online.pk}'] a.post-link")
    page.check("#btn-offline")
    reason = page.locator("input[name=reasons][value=BODY_PROMO]")
    reason.evaluate("e => { const d = e.closest('details'); if (d) d.open = true; }")  # its rule group, opened
    reason.check()
    page.fill("#id_message", "正文含满减促销信息，已下线。")
    page.click("#btn-confirm")
    expect(page.locator(".msg-success")).to_contain_text("下线")
    apply_due_decisions(now=timezone.now() + undo_window())
    assert Post.objects.get(pk=online.pk).state == State.OFFLINE
    page.goto(f"{live_server.url}/desk/search/?state=offline")
    expect(page.locator(f"tr[data-post='{online.pk}']")).to_contain_text("已下线")
    page.goto(f"{live_server.url}/desk/search/?mine=on")
    expect(page.locator(f"tr[data-post='{online.pk}']")).to_be_visible()
    assert not page.locator(f"tr[data-post='{other.pk}']").count()
    shoot("search-my-decisions")


def test_the_image_diff_shows_unchanged_images(transactional_db, cast, scoring_queue, run_worker, page, live_server,
                                               login, shoot):
    post, document, uploads = submitted(cast, run_worker)
    decide(post, cast.bob, "return", ["TITLE_LENGTH"], "标题请精简")
    document["title"] = "通勤耳机实测：降噪续航佩戴"
    submission.resubmit_post(Post.objects.get(pk=post.pk), actor=cast.alice, document=document,
                             uploads={ref: with_comment(data) for ref, data in uploads.items()})
    run_worker()
    login("bob")
    page.goto(f"{live_server.url}/desk/posts/{post.pk}/")
    n = len(uploads)
    expect(page.locator("#image-diff")).to_have_text(f"图片：未变 {n} 张，新增 0 张，移除 0 张")
    expect(page.locator(".thumb.unchanged")).to_have_count(n)
    shoot("image-diff-unchanged")


def test_a_level2_proposal_is_withdrawn_after_the_appeal_that_removes_its_basis(
        transactional_db, cast, scoring_queue, run_worker, page, live_server, login, shoot):
    first, _, _ = submitted(cast, run_worker, seed=2, title="第一篇：通勤耳机实测三周的降噪续航与佩戴体验",
                            paragraphs=[f"（一）{p}" for p in PARAGRAPHS])
    second, _, _ = submitted(cast, run_worker, seed=4, title="第二篇：通勤耳机实测三周的降噪续航与佩戴体验",
                             paragraphs=[f"（二）{p}" for p in PARAGRAPHS])
    earlier = decide(first, cast.bob, "reject", ["BODY_PLAGIARISM"], "整段搬运他人测评")
    decide(second, cast.erin, "reject", ["BODY_PLAGIARISM"], "图文均为转载")
    proposal = Level2Proposal.objects.get(author=cast.alice.author, status="pending")
    appeal = appeals.file_appeal(cast.alice.author, actor=cast.alice, decision=earlier, text="第一篇是我本人原创，附原稿。")
    login("dora")
    page.goto(live_server.url + reverse("appeal_decide", args=[appeal.pk]))
    page.check("input[name=verdict][value=uphold]")
    page.fill("textarea[name=response]", "核实为原创，撤销退稿。")
    page.click("form button[type=submit].primary")
    expect(page.locator(".msg-success")).to_contain_text("申诉已处理")
    proposal.refresh_from_db()
    assert proposal.status == "dismissed" and "不再满足二级处罚条件" in proposal.note
    page.goto(live_server.url + reverse("author_standing", args=[cast.alice.author.pk]))
    shoot("level2-withdrawn-after-appeal")
