"""Issue 11 on a review stage's page (issue 14), in Chromium: the same decision panel as the review
screen — a key chooses and never decides, the consequence sentence is shown, Enter confirms, and the
decision is held for its undo window."""
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from factories import PARAGRAPHS, post_document, uploads_for
from moderation.actions import review, stages, submission
from moderation.actions.held import apply_due_decisions, undo_window
from moderation.lifecycle import State
from moderation.models import EditorGroup, HeldDecision, Post, ReviewStage, StageReview

pytestmark = pytest.mark.browser

SHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screens"
HEALTH = "这款按摩仪对颈椎病有很好的疗效，坚持用可以根治。每天一粒，增强免疫力，还能延缓衰老。"


def test_a_stage_decision_goes_through_the_panel_and_its_undo_window(transactional_db, cast, scoring_queue,
                                                                    run_worker, page, live_server, login):
    group = stages.save_editor_group(EditorGroup(name="合规"), actor=cast.dora, members=[cast.erin])
    stages.save_stage(ReviewStage(name="合规复审", order=1, group=group,
                                  rules=["BODY_MEDICAL", "BODY_HEALTH_CLAIM"]), actor=cast.dora)
    document = post_document(paragraphs=[*PARAGRAPHS[:3], HEALTH, *PARAGRAPHS[3:]])
    post = submission.submit_post(cast.alice.author, document=document, uploads=uploads_for(document),
                                  actor=cast.alice)
    for _ in range(3):
        run_worker()
        if Post.objects.get(pk=post.pk).state == State.IN_QUEUE:
            break
    post = review.claim_post(post, actor=cast.bob)
    at_stage = review.decide_post(post, actor=cast.bob, outcome="approve", reasons=[], message="",
                                  version=post.version)
    assert isinstance(at_stage, StageReview)

    login("erin")
    expect(page.locator("h1")).to_have_text("审核队列")
    page.goto(f"{live_server.url}/desk/stages/reviews/{at_stage.pk}/")
    expect(page.locator("#decision-panel")).to_be_visible()
    page.locator("body").click(position={"x": 5, "y": 300})
    page.keyboard.press("x")
    expect(page.locator("#btn-reject")).to_be_checked()
    expect(page.locator("#decision-panel")).to_be_focused()
    page.keyboard.press("x")
    expect(page.locator("#consequence")).to_contain_text("请选择原因")
    assert not HeldDecision.objects.exists()  # the key chose, nothing was sent
    page.locator("details.reason-group:has(input[value=BODY_HEALTH_CLAIM])").evaluate("d => d.open = true")
    page.check("input[name=reasons][value=BODY_HEALTH_CLAIM]")
    expect(page.locator("#consequence")).to_contain_text("本月第1次违规")
    sentence = page.locator("#consequence").inner_text()
    page.fill("#id_message", "请删去保健功效和疗效的说法。")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("#decision-panel").screenshot(path=str(SHOTS / "stage-decision-panel.png"))
    page.focus("#decision-panel")
    page.keyboard.press("Enter")
    expect(page.locator(".msg-success")).to_contain_text(sentence)
    expect(page.locator(".msg-success #btn-undo")).to_be_visible()
    held = HeldDecision.objects.get(post=post)
    assert held.stage_review_id == at_stage.pk and held.consequence == sentence
    assert Post.objects.get(pk=post.pk).state == State.IN_QUEUE and not post.decisions.exists()

    apply_due_decisions(now=timezone.now() + undo_window())
    held.refresh_from_db()
    assert held.applied_consequence == sentence
    assert Post.objects.get(pk=post.pk).state == State.REJECTED
