"""What the system wrote into rows, read in English in the browser: an auto-published post's decision
message and history (the author), a whitelist revoked for a violation (the admin's standing page), a
senior editor's ruling in the post's history (the author). Nothing Chinese outside user content."""
from __future__ import annotations

import pytest

from factories import post_document, uploads_for
from moderation.actions import quality, review, rulings, submission, whitelist
from test_english_walk import SHOTS, chinese_outside_user_content
from tests.authors.builders import OTHER_REVIEWS, OTHER_TAGS

pytestmark = pytest.mark.browser


def _submitted(cast, run_worker, seed, tags=None, **document):
    document = post_document(**document)
    document["tags"] = tags or document["tags"]
    post = submission.submit_post(cast.alice.author, document=document, uploads=uploads_for(document, seed=seed),
                                  actor=cast.alice)
    run_worker()
    post.refresh_from_db()
    return post


def _decide(post, editor, outcome, reasons, message):
    post.refresh_from_db()
    if post.state == "in_queue":
        post = review.claim_post(post, actor=editor)
    return review.decide_post(post, actor=editor, outcome=outcome, reasons=reasons, message=message,
                              version=post.version)


def test_system_texts_read_in_english(transactional_db, cast, scoring_queue, run_worker, settings, browser,
                                      live_server):
    settings.DOUBLE_REVIEW_RATE = 1.0
    settings.WHITELIST_AUDIT_SAMPLE_RATE = 0.0
    whitelist.grant_whitelist(cast.alice.author, actor=cast.dora, reason="合作作者")
    online = _submitted(cast, run_worker, 5)
    assert online.state == "approved"  # auto-published
    # the same text again, with a promotional title: the editors' queue; a reject the senior editor overrules
    ruled = _submitted(cast, run_worker, 3, title="必看！通勤耳机实测三周：降噪、续航与佩戴的真实体验,全网最低")
    first = _decide(ruled, cast.bob, "reject", ["BODY_PROMO"], "正文是促销软文")
    disputed = quality.record_second_review(first.double_review, actor=cast.erin, outcome="approve", reasons=[])
    rulings.resolve_double_review(disputed, actor=cast.dora, outcome="approve", reasons=[],
                                  note="所谓促销只是提到了价格，不算软文")
    # another post of hers, online at once too, taken offline: the whitelist goes (第五章2)
    victim = _submitted(cast, run_worker, 7, tags=OTHER_TAGS[0], paragraphs=OTHER_REVIEWS[0],
                        title="机械键盘办公一个月：手感、连接与续航的真实体验")
    assert victim.state == "approved"
    _decide(victim, cast.bob, "take_offline", ["BODY_SOFT_AD"], "读者举报为软文")

    seen = {
        "alice": [(f"/me/posts/{online.pk}/", "Whitelisted author and the automatic check found no blocking issue: "
                                              "published automatically."),
                  (f"/me/posts/{online.pk}/", "Whitelisted author, no blocking issue: published automatically"),
                  (f"/me/posts/{ruled.pk}/", f"Overruled by a senior editor: review decision #{first.pk} (Reject for "
                                             "good) changed to “Approve” after the double review: 所谓促销只是提到"
                                             "了价格，不算软文")],
        "dora": [(f"/desk/manage/authors/{cast.alice.author.pk}/",
                  f"Ch. 5.2: a post by a whitelisted author was found in violation (post #{victim.pk}). Level-1 "
                  "penalty: the post does not pass (taken offline); posting closed for 7 days")],
    }
    found = {}
    for who, pages in seen.items():
        context = browser.new_context(locale="en-US", timezone_id="Asia/Shanghai",
                                      viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.goto(f"{live_server.url}/accounts/login/")
        with page.expect_navigation():
            page.select_option("select[name=language]", "en")
        page.fill("#id_username", who)
        page.fill("#id_password", f"pw-{who}-123")
        page.click("button[type=submit]")
        page.wait_for_load_state()
        for url, sentence in pages:
            page.goto(live_server.url + url)
            page.wait_for_load_state()
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / f"en-system-{who}-{url.strip('/').replace('/', '-')}.png"),
                            full_page=True)
            assert sentence in page.inner_text("main"), (url, sentence)
            if lines := chinese_outside_user_content(page):
                found[url] = lines
        context.close()
    assert not found, found
