"""Every page in English: what an anonymous visitor, an author, an editor and an admin see, walked in
the browser with English chosen, shows no Chinese outside what people wrote (post text and titles,
quoted passages, the editor's message, an admin's penalty reason, the language menu's own name for
Chinese). One browser for the whole walk, one login per person."""
from __future__ import annotations

from pathlib import Path

import pytest

from factories import PARAGRAPHS, post_document, returned_post, uploads_for
from moderation import backtests
from moderation.actions import appeals, penalties, quality, review, rules, stages, submission
from moderation.models import EditorGroup, ReviewStage

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screens"

# What people wrote, marked in the templates (.uc) or by its element (the post as read, quotes), and
# the review standard's own Chinese wording quoted beside a rule's English name (lang="zh-Hans"), the
# editor groups an admin named (the stage form's choice of group).
USER_CONTENT = (".uc, .reader, q, blockquote, textarea, input, select[name=language], select[name=s-group], .tags, code,"
                " [lang^=zh]")
CHINESE = r"[\u3400-\u9fff\u3000-\u303f\uff01-\uff5e]"


def chinese_outside_user_content(page) -> list[str]:
    return page.evaluate("""([skip, pattern]) => {
        const body = document.body.cloneNode(true);
        body.querySelectorAll(skip).forEach(n => n.remove());
        body.querySelectorAll("script, template").forEach(n => n.remove());
        const re = new RegExp(pattern);
        const lines = [];
        const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
        while (walker.nextNode()) {
            const text = walker.currentNode.textContent.trim();
            if (text && re.test(text)) lines.push(text.slice(0, 80));
        }
        body.querySelectorAll("[title], [placeholder], [aria-label], img[alt]").forEach(n => {
            for (const a of ["title", "placeholder", "aria-label", "alt"]) {
                const v = n.getAttribute(a);
                if (v && re.test(v)) lines.push(`@${a}=${v.slice(0, 60)}`);
            }
        });
        return lines;
    }""", [USER_CONTENT, CHINESE])


def _decided(cast, run_worker, outcome, reasons, seed, **document):
    document = post_document(**document)
    post = submission.submit_post(cast.alice.author, document=document, uploads=uploads_for(document, seed=seed),
                                  actor=cast.alice)
    run_worker()
    post.refresh_from_db()
    claimed = review.claim_post(post, actor=cast.bob)
    return review.decide_post(claimed, actor=cast.bob, outcome=outcome, reasons=reasons, message="",
                              version=claimed.version)


@pytest.fixture
def pages(transactional_db, cast, scoring_queue, run_worker, settings):
    settings.DOUBLE_REVIEW_RATE = 1.0  # every decision is drawn for a blind second review
    returned = returned_post(cast, run_worker)
    post = returned.post
    appeal = appeals.file_appeal(cast.alice.author, actor=cast.alice, text="标题长度没有超出限制", decision=returned)
    disputed = quality.record_second_review(returned.double_review, actor=cast.erin, outcome="approve", reasons=[])
    quality.mark_gold(returned.post, actor=cast.dora, expected_outcome="return", expected_reasons=["TITLE_LENGTH"])
    waiting = _decided(cast, run_worker, "approve", [], 11, title="通勤降噪耳机三周实测").double_review
    draft = rules.create_draft("竞品词补充", actor=cast.dora)
    rules.add_changes(draft, [{"op": "add", "lexicon": "competitor", "term": "拼多多"}], actor=cast.dora)
    backtest = backtests.run_backtest_inline(rules.start_backtest(draft, actor=cast.dora, days=30))
    # bob stays in the groups chosen for the rule queue and the re-screens he walks
    group = stages.save_editor_group(EditorGroup(name="合规", rules=["BODY_LINK"], rescreen=True), actor=cast.dora,
                                     members=[cast.erin, cast.bob])
    stages.save_stage(ReviewStage(name="合规复审", order=1, group=group, rules=["BODY_MEDICAL", "BODY_HEALTH_CLAIM"]),
                      actor=cast.dora)
    at_stage = _decided(cast, run_worker, "approve", [], 13, title="颈椎按摩仪一个月体验", paragraphs=[
        *PARAGRAPHS[:3], "这款按摩仪对颈椎病有很好的疗效，坚持用可以根治。每天一粒，增强免疫力，还能延缓衰老。"])
    # charlie: the ladder's Level 1 (a promotion) and a Level 2 proposed (a health claim), with its evidence
    charlies = [submission.submit_post(cast.charlie.author, document=doc, uploads=uploads_for(doc), actor=cast.charlie)
                for doc in (post_document(title="降噪耳机通勤三周的真实体验与细节"),
                            post_document(title="一款台灯用了一个月的真实体验与细节"))]
    run_worker()
    for theirs, outcome, reason in zip(charlies, ("return", "reject"), ("BODY_PROMO", "BODY_HEALTH_CLAIM")):
        theirs = review.claim_post(theirs, actor=cast.bob)
        review.decide_post(theirs, actor=cast.bob, outcome=outcome, reasons=[reason], message="请按意见修改",
                           version=theirs.version)
    penalties.issue_penalty(cast.charlie.author, actor=cast.dora, level="suspension", reason="repeated unchanged resubmission",
                            clause="5.4-I.5")
    # A post full of findings waiting in the queue: promotion and a competitor in the title, a price,
    # a link and a contact in the body (the English walk reads every finding's message).
    flagged_doc = post_document(title="淘宝同款耳机限时特价包邮，全网最低价！！", paragraphs=[
        "这款耳机在京东卖299元，比淘宝便宜，加微信abc12345领券，详情见 https://example.com/x 。" * 3,
        "通勤三周下来降噪稳定，续航也够用，佩戴不压耳朵。" * 12])
    flagged = submission.submit_post(cast.alice.author, document=flagged_doc, uploads=uploads_for(flagged_doc, seed=7),
                                     actor=cast.alice)
    run_worker()
    review.claim_post(flagged, actor=cast.bob)  # bob sees the decision panel with every reason
    return {
        None: ["/accounts/login/", "/register/", "/appeal/closed-account/", "/no-such-page/"],
        "alice": ["/me/", "/me/posts/new/", f"/me/posts/{post.pk}/", f"/me/posts/{post.pk}/edit/",
                  "/me/appeals/", "/me/api-tokens/"],
        "charlie": ["/me/", "/me/posts/new/"],
        "bob": ["/desk/", f"/desk/posts/{flagged.pk}/", f"/desk/posts/{post.pk}/", "/desk/audit/", "/desk/search/?q=耳机",
                "/desk/stages/", "/desk/rules/BODY_LINK/", "/desk/rescreen/", "/desk/bulk/",
                "/desk/manage/insights/quality/gold/mine/"],
        "erin": [f"/desk/manage/insights/quality/second/{waiting.pk}/", f"/desk/stages/reviews/{at_stage.pk}/"],
        "dora": ["/desk/manage/", "/desk/manage/authors/", "/desk/manage/appeals/", "/desk/manage/low-pass-rate/",
                 "/desk/manage/thresholds/", "/desk/manage/audit/", f"/desk/manage/authors/{cast.alice.author.pk}/",
                 f"/desk/manage/authors/{cast.charlie.author.pk}/",
                 "/desk/manage/workflow/", "/desk/manage/rescreen/", "/desk/manage/rules/",
                 "/desk/manage/insights/", "/desk/manage/insights/rules/", "/desk/manage/insights/rules/BODY_LINK/",
                 "/desk/manage/insights/late/", "/desk/manage/insights/quality/",
                 f"/desk/manage/appeals/{appeal.pk}/", f"/desk/manage/rules/drafts/{draft.pk}/",
                 f"/desk/manage/rules/backtests/{backtest.pk}/", "/desk/manage/insights/quality/second/",
                 f"/desk/manage/insights/quality/rulings/{disputed.pk}/"],
    }


def test_every_page_in_english_shows_no_chinese_outside_user_content(pages, browser, live_server):
    found = {}
    for who, urls in pages.items():
        context = browser.new_context(locale="en-US", timezone_id="Asia/Shanghai", viewport={"width": 1440, "height": 900})
        page = context.new_page()
        page.goto(f"{live_server.url}/accounts/login/")
        with page.expect_navigation():  # the menu submits its form on change: wait for that page, not a race
            page.select_option("select[name=language]", "en")
        if who:
            page.fill("#id_username", who)
            page.fill("#id_password", f"pw-{who}-123")
            page.click("button[type=submit]")
            page.wait_for_load_state()
        for url in urls:
            page.goto(live_server.url + url)
            page.wait_for_load_state()
            SHOTS.mkdir(parents=True, exist_ok=True)
            name = f"en-{who or 'anon'}-" + (url.strip("/").replace("/", "-").split("?")[0] or "home")
            page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
            lines = chinese_outside_user_content(page)
            if lines:
                found[f"{who or 'anonymous'} {url}"] = lines
        context.close()
    assert not found, "\n".join(f"{where}: {lines}" for where, lines in found.items())
