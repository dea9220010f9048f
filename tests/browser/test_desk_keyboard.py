"""Editors work a queue with the keyboard; highlights sit exactly on the flagged text; two editors
in two browser contexts race for the same post."""
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from factories import PARAGRAPHS, RICE_COOKER, post_document, uploads_for
from moderation.lifecycle import State
from moderation.actions.held import apply_due_decisions, undo_window
from moderation.models import Decision, HeldDecision, Post
from moderation.actions import submission

pytestmark = pytest.mark.browser

POSTS = [
    dict(title="淘宝同款耳机实测：降噪续航都不错的通勤之选"),
    dict(title="通勤耳机实测三周：降噪、续航与佩戴的真实体验",
         paragraphs=PARAGRAPHS[:2] + ["想了解更多可以加我微信 erji_2026 ，或者访问 www.example.com 查看。"] + PARAGRAPHS[2:]),
    dict(title="【测评】这副耳机|到底值不值得买"),
    dict(title="新电饭煲用了一个月：煮饭煲粥与清洗的真实体验", paragraphs=RICE_COOKER, tags=("电饭煲",)),
]


def queue_posts(cast, run_worker):
    posts = []
    for i, kwargs in enumerate(POSTS):
        document = post_document(**kwargs)
        posts.append(submission.submit_post(cast.alice.author, document=document,
                                          uploads=uploads_for(document, seed=10 * i), actor=cast.alice))
    run_worker()
    return posts


def login_in(context, live_server, username):
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", f"pw-{username}-123")
    page.click("button[type=submit]")
    return page


def test_an_editor_works_the_queue_with_the_keyboard(transactional_db, cast, scoring_queue, run_worker, page,
                                                     live_server, login, shoot):
    posts = queue_posts(cast, run_worker)
    login("bob")
    shoot("desk-queue")
    page.keyboard.press("n")  # claims the riskiest post
    expect(page.locator(".reader")).to_be_visible()

    worked = []
    for _ in range(len(posts)):
        post = Post.objects.get(pk=int(page.url.rstrip("/").rsplit("/", 1)[-1]))
        worked.append(post.pk)
        # Every highlight sits exactly on the text its finding flagged.
        for mark in page.locator(".reader mark.hl").all():
            finding = post.current_revision.findings.get(pk=int(mark.get_attribute("data-finding")))
            assert finding.excerpt.startswith(mark.inner_text()) or mark.inner_text() in finding.excerpt
        findings = page.locator(".finding")
        if findings.count():
            page.keyboard.press("j")
            expect(page.locator(".finding.current")).to_have_count(1)
            assert "current" in findings.first.get_attribute("class")
            page.keyboard.press("j")
            page.keyboard.press("k")
            expect(page.locator(".finding.current")).to_have_count(1)
        if len(worked) == 1:
            shoot("desk-review")
            page.keyboard.press("?")
            expect(page.locator("#help")).to_be_visible()
            page.keyboard.press("?")
        if post.block_count:
            page.keyboard.press("r")  # chooses "return" and moves to the panel; decides nothing
            expect(page.locator("#decision-panel")).to_be_focused()
            page.locator("body").click(position={"x": 5, "y": 300})
            page.keyboard.press("u")  # the current finding becomes a reason
            page.fill("#id_message", "请按标出的问题修改后再提交。")
        else:
            page.keyboard.press("a")
        assert not HeldDecision.objects.filter(post=post).exists()  # keys alone never decide
        page.focus("#decision-panel")
        page.keyboard.press("Enter")  # the explicit confirmation
        expect(page.locator(".msg-success")).to_be_visible()
        if len(worked) < len(posts):
            page.keyboard.press("n")
            expect(page.locator(".reader")).to_be_visible()

    assert sorted(worked) == sorted(p.pk for p in posts)
    assert not Decision.objects.exists()  # held for the undo window
    apply_due_decisions(now=timezone.now() + undo_window())
    outcomes = {d.post_id: d.outcome for d in Decision.objects.all()}
    assert outcomes[posts[0].pk] == "return" and outcomes[posts[3].pk] == "approve"
    returned = Decision.objects.get(post=posts[0])
    assert "BODY_COMPETITOR" in returned.reasons  # the finding the editor used as a reason (u)

    page.click("text=退出")
    login("alice")
    page.goto(f"{live_server.url}/me/posts/{posts[0].pk}/")
    expect(page.locator("#feedback")).to_contain_text("请按标出的问题修改后再提交。")
    expect(page.locator("#feedback")).to_contain_text("不得提及其他电商平台")


def test_two_editors_race_for_the_same_post(transactional_db, cast, scoring_queue, run_worker, browser, live_server):
    post = queue_posts(cast, run_worker)[3]
    bob_ctx, erin_ctx = browser.new_context(locale="zh-CN"), browser.new_context(locale="zh-CN")
    bob, erin = login_in(bob_ctx, live_server, "bob"), login_in(erin_ctx, live_server, "erin")
    bob.goto(f"{live_server.url}/desk/posts/{post.pk}/")
    erin.goto(f"{live_server.url}/desk/posts/{post.pk}/")
    # Opening a post claims nothing: both see it read-only with a claim button; Bob claims first.
    expect(bob.locator("#btn-approve")).to_have_count(0)
    assert Post.objects.get(pk=post.pk).claimed_by is None
    bob.click("#btn-claim")
    expect(bob.locator("#btn-approve")).to_be_visible()
    erin.click("#btn-claim")
    expect(erin.locator("#claim-error")).to_contain_text("正由编辑 bob 审核中")
    expect(erin.locator("#btn-approve")).to_have_count(0)

    # Bob's lease runs out and Erin takes the post over; Bob's old screen can no longer decide.
    Post.objects.filter(pk=post.pk).update(claim_expires_at="2000-01-01T00:00:00Z")
    erin.reload()
    erin.click("#btn-claim")
    expect(erin.locator("#btn-approve")).to_be_visible()
    bob.click("#btn-approve")
    bob.click("#btn-confirm")
    expect(bob.locator(".messages .msg-error")).to_contain_text("其他编辑")
    expect(bob.locator("#claim-error")).to_contain_text("正由编辑 erin 审核中")
    erin.click("#btn-approve")
    erin.click("#btn-confirm")
    expect(erin.locator(".msg-success")).to_be_visible()
    apply_due_decisions(now=timezone.now() + undo_window())
    assert Post.objects.get(pk=post.pk).state == State.APPROVED
    assert Decision.objects.get(post=post).editor == cast.erin
    bob_ctx.close()
    erin_ctx.close()
