"""An editor logs in, opens a pre-scored post from the queue and approves it; the author sees it."""
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from factories import post_document, uploads_for
from moderation.lifecycle import State
from moderation.models import Post
from moderation.actions import submission
from moderation.actions.held import apply_due_decisions, undo_window

pytestmark = pytest.mark.browser


def submit_and_score(cast, run_worker, **kwargs):
    document = post_document(**kwargs)
    post = submission.submit_post(cast.alice.author, document=document, uploads=uploads_for(document),
                                actor=cast.alice)
    run_worker()
    return post


def test_an_editor_approves_a_post_in_the_browser(transactional_db, cast, scoring_queue, run_worker, page,
                                                   live_server, login, shoot):
    post = submit_and_score(cast, run_worker, title="淘宝同款耳机实测：降噪续航都不错的通勤之选")
    login("bob")
    expect(page.locator("h1")).to_have_text("审核队列")
    row = page.locator("table.queue tbody tr").first
    expect(row).to_contain_text("淘宝同款耳机实测")
    expect(row.locator(".chip.sev-block").first).to_be_visible()
    shoot("editor-queue")

    row.locator("a.post-link").click()
    expect(page.locator(".reader .post-title mark.sev-block").first).to_have_text("淘宝")
    expect(page.locator(".finding").first).to_be_visible()
    expect(page.locator("#btn-approve")).to_have_count(0)  # opening it claimed nothing
    page.click("#btn-claim")
    shoot("editor-review")
    page.keyboard.press("a")  # chooses; the block finding needs a dismissal or an override to approve
    page.fill("#id_override", "“淘宝同款”只说明款式，全文没有引流")
    page.click("#btn-confirm")
    expect(page.locator(".msg-success")).to_contain_text("已通过")
    apply_due_decisions(now=timezone.now() + undo_window())  # the undo window ends
    assert Post.objects.get(pk=post.pk).state == State.APPROVED

    page.click("text=退出")
    login("alice")
    expect(page.locator("table.queue")).to_contain_text("已通过（在线）")
