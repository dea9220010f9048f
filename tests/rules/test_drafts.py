"""Rule drafts, backtests, shadow mode and rollback (issue 14, part 1)."""
from __future__ import annotations

import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from authors.models import Penalty
from moderation import backtests
from moderation.actions import review, rules
from moderation.checks import AuthorInfo, CheckContext, NoHistory, check_post
from moderation.checks.lexicons import Lexicons
from moderation.lexicon_store import current_lexicons
from moderation.models import Finding, LexiconEntry, Post, ShadowFinding
from moderation.rule_trials import Trial
from moderation.scoring import image_opener
from moderation.selectors import queue_page
from factories import post_document, uploads_for

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "checks"))
import imagegen  # noqa: E402

WORD = "充电盒"  # in every test post; a competitor platform's name in the drafts below


@pytest.fixture
def decided(queued, cast):
    """Three decided posts: two returned for BODY_COMPETITOR, one approved."""
    posts = [queued(title=f"耳机第{n + 1}篇：地铁通勤一个月的降噪与续航") for n in range(3)]
    for post, outcome in zip(posts, ("return", "return", "approve")):
        post = review.claim_post(post, actor=cast.bob)
        review.decide_post(post, actor=cast.bob, outcome=outcome,
                           reasons=["BODY_COMPETITOR"] if outcome == "return" else [], message="", version=post.version)
    return posts


def draft_adding(cast, term=WORD, lexicon="competitor"):
    draft = rules.create_draft("竞品词补充", actor=cast.dora)
    rules.add_changes(draft, [{"op": "add", "lexicon": lexicon, "term": term}], actor=cast.dora)
    return draft


def direct_count(posts, rows) -> int:
    """New findings of the draft's rows against the live ones, checked directly with the engine."""
    live_rows = list(LexiconEntry.objects.filter(active=True).order_by("pk").values("lexicon", "term", "canonical", "note"))
    total = 0
    for post in posts:
        info = AuthorInfo(username="alice", display_name=post.author.display_name, category=post.author.category)
        doc = post.current_revision.document
        live = {(f.rule, f.start) for f in check_post(doc, CheckContext(author=info, lexicons=Lexicons.from_rows(live_rows), history=NoHistory()))}
        new = {(f.rule, f.start) for f in check_post(doc, CheckContext(author=info, lexicons=Lexicons.from_rows(live_rows + rows), history=NoHistory()))}
        total += len(new - live)
    return total


def test_a_backtests_counts_equal_a_direct_recheck_and_the_live_rules_stay(cast, decided):
    version_before = current_lexicons().version
    draft = draft_adding(cast)
    assert current_lexicons().version == version_before  # a draft changes nothing live
    run = backtests.run_backtest_inline(rules.start_backtest(draft, actor=cast.dora, days=30))
    result = backtests.report(run)
    expected = direct_count(decided, [{"lexicon": "competitor", "term": WORD, "canonical": "", "note": ""}])
    assert expected > 0
    assert result["posts"] == 3 and result["new"] == expected and result["lost"] == 0
    competitor = next(r for r in result["rules"] if r["rule"] == "BODY_COMPETITOR")
    assert competitor["new"] == expected
    # two of the three posts were returned for exactly this rule
    assert result["precision"] == pytest.approx(competitor["confirmed"] / expected) and competitor["confirmed"] > 0

    out = StringIO()
    call_command("backtest", "--draft", str(draft.pk), "--days", "30", stdout=out)
    last = out.getvalue().strip().splitlines()[-1]
    assert last == (f"backtest: 3 posts, +{expected} new findings, -0 lost, "
                    f"estimated precision {result['precision']:.2f}")


def test_publish_then_rollback_restores_the_previous_behaviour_on_the_next_check(cast, queued):
    info = AuthorInfo(username="alice", display_name="a", category="数码")
    post = queued()
    doc = post.current_revision.document

    def rules_found():
        return {f.rule for f in check_post(doc, CheckContext(author=info, lexicons=current_lexicons(),
                                                             thresholds=rules.live_thresholds(), history=NoHistory()))}

    before = rules_found()
    draft = draft_adding(cast)
    rules.set_thresholds(draft, {"title_min": 99}, actor=cast.dora)
    version = rules.publish_draft(draft, actor=cast.dora)
    after = rules_found()
    assert {"BODY_COMPETITOR", "TITLE_LENGTH"} <= after - before  # the new term, and the stricter title length
    assert rules.live_thresholds() == {"title_min": 99}
    rules.rollback_version(version, actor=cast.dora, reason="误伤")
    assert rules_found() == before and rules.live_thresholds() == {}


def test_shadow_findings_never_reach_an_author_the_queue_order_or_a_penalty(cast, queued, client):
    draft = draft_adding(cast)
    live = current_lexicons().version
    version = rules.publish_draft(draft, actor=cast.dora, shadow=True)
    assert current_lexicons().version == live
    post = queued()  # scored through the pipeline's score_post, shadows included
    shadow = list(ShadowFinding.objects.filter(version=version, revision=post.current_revision))
    assert shadow and {s.rule for s in shadow} == {"BODY_COMPETITOR"}
    assert not Finding.objects.filter(revision=post.current_revision, rule="BODY_COMPETITOR").exists()
    post.refresh_from_db()
    live_blocks = Finding.objects.filter(revision=post.current_revision, severity="block").count()
    assert post.block_count == live_blocks  # the queue order reads only live findings
    assert post.pk in [p.pk for p in queue_page()[0]]
    review.claim_post(post, actor=cast.bob)
    review.decide_post(post, actor=cast.bob, outcome="approve", reasons=[], message="", version=Post.objects.get(pk=post.pk).version)
    assert not Penalty.objects.exists()
    client.force_login(cast.alice)
    page = client.get(f"/me/posts/{post.pk}/").content.decode()
    assert "BODY_COMPETITOR" not in page and "竞品" not in page


def test_a_backtest_rechecks_pictures_when_the_draft_changes_what_the_picture_rules_read(cast, scored_post, client):
    """A promotion term added to the draft is found in a product picture's text (OCR) on a decided post,
    as a direct check of the stored pictures with the draft's lexicons finds it; a draft that changes
    nothing the picture rules read leaves the pictures unopened."""
    card = {"type": "product", "sku": "100001", "name": "降噪耳机 Pro 曜石黑", "price": 899.0, "on_shelf": True,
            "image": "images/p1.jpg", "display": "small"}
    document = post_document(extra_blocks=[card])
    picture = imagegen.with_text(imagegen.product_on_white(seed=7), ["会员日好礼相送"], xy=(60, 60), size=46,
                                 fill=(230, 30, 30), stroke=None)
    post = scored_post(cast.alice.author, document=document, actor=cast.alice,
                       uploads={**uploads_for(document), "images/p1.jpg": imagegen.jpeg(picture)})
    post = review.claim_post(post, actor=cast.bob)
    review.decide_post(post, actor=cast.bob, outcome="return", reasons=["IMAGE_PROMO_TEXT"], message="",
                       version=post.version)
    draft = draft_adding(cast, term="好礼相送", lexicon="promo")
    assert Trial.of(draft).checks_pictures and not Trial.of(draft_adding(cast)).checks_pictures

    run = backtests.run_backtest_inline(rules.start_backtest(draft, actor=cast.dora, days=30))
    result = backtests.report(run)
    assert [(r["rule"], r["new"], r["confirmed"]) for r in result["rules"]] == [("IMAGE_PROMO_TEXT", 1, 1)]
    client.force_login(cast.dora)
    assert "图片已重新检查" in client.get(f"/desk/manage/rules/backtests/{run.pk}/").content.decode()

    revision = post.current_revision
    live_rows = list(LexiconEntry.objects.filter(active=True).values("lexicon", "term", "canonical", "note"))
    info = AuthorInfo(username="alice", display_name=post.author.display_name, category=post.author.category)
    direct = [{f.rule for f in check_post(revision.document, CheckContext(
        author=info, lexicons=Lexicons.from_rows(rows), history=NoHistory(), open_image=image_opener(revision)))
        if f.rule == "IMAGE_PROMO_TEXT"} for rows in (live_rows, live_rows + [{"lexicon": "promo", "term": "好礼相送"}])]
    assert direct == [set(), {"IMAGE_PROMO_TEXT"}]
