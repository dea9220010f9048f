"""Issue 11 in Chromium: keys open a decision and never complete it; the panel states the consequence
the ladder will apply; an undo within the window leaves no decision, penalty or notice; bulk approval
of clear posts, undone together and then applied one decision each."""
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from authors.models import Penalty
from factories import RICE_COOKER, post_document, uploads_for
from insights.models import Notice
from insights.notices import record_notices
from moderation.actions import submission
from moderation.actions.held import apply_due_decisions, undo_window
from moderation.lifecycle import State
from moderation.models import Decision, HeldDecision, MessageTemplate, Post

pytestmark = pytest.mark.browser

SHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screens"

COMPETITOR = dict(title="淘宝同款耳机实测：降噪续航都不错的通勤之选")
RICE = dict(title="新电饭煲用了一个月：煮饭煲粥与清洗的真实体验", paragraphs=RICE_COOKER, tags=("电饭煲",))


def submit(cast, run_worker, *documents):
    posts = []
    for i, kwargs in enumerate(documents):
        document = post_document(**kwargs)
        posts.append(submission.submit_post(cast.alice.author, document=document,
                                            uploads=uploads_for(document, seed=11 * i), actor=cast.alice))
    for _ in range(3):  # a job may be picked up by the next burst
        run_worker()
        if not Post.objects.filter(pk__in=[p.pk for p in posts]).exclude(state=State.IN_QUEUE).exists():
            break
    return [Post.objects.get(pk=p.pk) for p in posts]


def logged_in(login, page, username="bob"):
    login(username)
    expect(page.locator("h1")).to_have_text("审核队列")  # the login has landed before any goto


def open_claimed(page, live_server, post):
    page.goto(f"{live_server.url}/desk/posts/{post.pk}/")
    page.click("#btn-claim")
    expect(page.locator("#decision-panel")).to_be_visible()


def test_keys_alone_never_decide(transactional_db, cast, scoring_queue, run_worker, page, live_server, login):
    posts = submit(cast, run_worker, COMPETITOR, RICE, dict())
    logged_in(login, page)
    for post, key, radio in zip(posts, "rxa", ("#btn-return", "#btn-reject", "#btn-approve")):
        open_claimed(page, live_server, post)
        page.locator("body").click(position={"x": 5, "y": 300})
        page.keyboard.press(key)
        expect(page.locator(radio)).to_be_checked()
        expect(page.locator("#decision-panel")).to_be_focused()  # focus moved to the panel, nothing sent
        page.keyboard.press(key)
        page.wait_for_timeout(300)
        assert page.url.endswith(f"/desk/posts/{post.pk}/")
    # Nothing is pre-ticked: the competitor finding's reason is only marked as proposed.
    open_claimed(page, live_server, posts[0])
    proposed = page.locator("label.proposed input[value=BODY_COMPETITOR]")
    expect(proposed).to_have_count(1)
    expect(page.locator("input[name=reasons]:checked")).to_have_count(0)
    assert not HeldDecision.objects.exists() and not Decision.objects.exists() and not Penalty.objects.exists()
    assert all(p.state == State.IN_QUEUE for p in Post.objects.all())


def test_the_consequence_sentence_is_what_is_applied(transactional_db, cast, scoring_queue, run_worker, page,
                                                     live_server, login, shoot):
    post, = submit(cast, run_worker, COMPETITOR)
    MessageTemplate.objects.get_or_create(  # as migration 0015 adds it (transactional tests empty the table)
        title="指定段落修改", defaults={"body": "请修改《{标题}》第{段落}段：{说明}。修改后可重新提交。"})
    logged_in(login, page)
    open_claimed(page, live_server, post)
    page.keyboard.press("x")
    expect(page.locator("#consequence")).to_contain_text("请选择原因")
    page.locator(".finding.sev-block .use-reason").first.click()  # one click: the finding becomes a reason
    expect(page.locator("input[name=reasons][value=BODY_COMPETITOR]")).to_be_checked()
    expect(page.locator("#btn-reject")).to_be_checked()
    sentence = "将给予一级处罚：关闭发文权限7天（本月第1次违规）。"
    expect(page.locator("#consequence")).to_have_text(sentence)
    # A template's placeholders must be filled: {标题} is filled in, {段落} and {说明} are the editor's.
    page.select_option("#message-template", label="指定段落修改")
    assert post.current_revision.title in page.input_value("#id_message")
    page.click("#btn-confirm")
    expect(page.locator("#decision-error")).to_contain_text("{段落}")
    assert not HeldDecision.objects.exists()
    page.fill("#id_message", "请修改第1段：删除“淘宝”等其他电商平台的名称。")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("#decision-panel").screenshot(path=str(SHOTS / "decision-panel.png"))
    shoot("decision-panel-page")
    page.focus("#decision-panel")
    page.keyboard.press("Enter")
    expect(page.locator(".msg-success")).to_contain_text(sentence)
    held = HeldDecision.objects.get(post=post)
    assert held.consequence == sentence and not Penalty.objects.exists()  # not before the window ends

    apply_due_decisions(now=timezone.now() + undo_window())
    held.refresh_from_db()
    assert held.applied_consequence == sentence
    penalty = Penalty.objects.get(author=cast.alice.author)
    assert penalty.level == Penalty.Level.LEVEL_1 and (penalty.ends_at - penalty.starts_at).days == 7
    assert Decision.objects.get(post=post).outcome == "reject"


def test_undo_within_the_window_leaves_no_decision_penalty_or_notice(transactional_db, cast, scoring_queue,
                                                                     run_worker, page, live_server, login):
    post, = submit(cast, run_worker, COMPETITOR)
    logged_in(login, page)
    open_claimed(page, live_server, post)
    page.keyboard.press("r")
    page.check("input[name=reasons][value=BODY_COMPETITOR]")
    expect(page.locator("#consequence")).to_contain_text("一级处罚")
    page.fill("#id_message", "请删除其他电商平台的名称。")
    page.click("#btn-confirm")
    expect(page.locator(".msg-success #btn-undo")).to_be_visible()
    record_notices()
    page.click(".msg-success #btn-undo")
    expect(page.locator(".msg-success")).to_contain_text("已撤销")
    expect(page.locator("#btn-confirm")).to_be_visible()  # still Bob's to decide
    apply_due_decisions(now=timezone.now() + undo_window())
    record_notices(now=timezone.now() + undo_window())
    assert not Decision.objects.exists() and not Penalty.objects.exists() and not Notice.objects.exists()
    assert Post.objects.get(pk=post.pk).state == State.IN_QUEUE
    assert HeldDecision.objects.get(post=post).status == HeldDecision.Status.UNDONE


def test_bulk_approve_then_undo_then_approve(transactional_db, cast, scoring_queue, run_worker, page,
                                             live_server, login):
    clear = submit(cast, run_worker, RICE, dict())
    logged_in(login, page)
    page.click("#bulk-link")
    page.check("input[name=all_warn]")
    page.click("#bulk-filters button[type=submit]")
    page.check("#bulk-all")
    page.click("#btn-bulk-approve")
    expect(page.locator(".msg-success")).to_contain_text("已通过 2 篇")
    assert HeldDecision.objects.filter(status="held").count() == 2 and not Decision.objects.exists()
    page.click("#btn-undo-batch")
    expect(page.locator(".msg-success")).to_contain_text("已撤销批量通过的 2 篇")
    assert not HeldDecision.objects.filter(status="held").exists()
    page.reload()
    page.check("#bulk-all")
    page.click("#btn-bulk-approve")
    expect(page.locator(".msg-success")).to_contain_text("已通过 2 篇")
    assert apply_due_decisions(now=timezone.now() + undo_window()) == 2
    assert sorted(Decision.objects.values_list("post_id", flat=True)) == sorted(p.pk for p in clear)
    assert all(p.state == State.APPROVED for p in Post.objects.all())

