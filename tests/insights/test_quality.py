"""Reviewers' quality control: gold posts served blind and compared after the decision; double
review, blind, with a senior editor on disagreement; agreement as Cohen's kappa."""
import pytest
from django.urls import reverse

from authors.errors import StandingConflict
from insights import quality
from insights.jobs import refresh_rollups_job, seed_gold_job
from insights.models import DoubleReview, EditorDay, GoldCheck, Notice
from insights.jobs import send_notices_job
from moderation.actions import quality as actions
from moderation.actions import review as review_actions
from moderation.actions import rulings
from moderation.audit import Verb, trail
from moderation.lifecycle import State
from authors.models import Penalty
from moderation.models import ViolationRecord


@pytest.fixture
def gold(desk):
    """A post bob returned, marked by dora as gold: the right answer is return for TITLE_AD_LAW."""
    c = desk.cast
    post = desk.queued(title=desk.clickbait)
    desk.decide(post, c.bob, "return", ["TITLE_AD_LAW"])
    return actions.mark_gold(post, actor=c.dora, expected_outcome="return", expected_reasons=["TITLE_AD_LAW"],
                             note="标题含“全网最低”，违反广告法")


def test_a_gold_post_enters_the_queue_blind_at_the_set_rate(desk, gold, settings):
    for _ in range(3):
        desk.queued()
    served = seed_gold_job(rate=0.5)  # 3 real posts waiting: ceil(1.5) = 2 copies
    assert served == 2 and seed_gold_job(rate=0.5) == 0  # safe to run twice
    copy = GoldCheck.objects.first().copy
    assert copy.state == State.IN_QUEUE and copy.current_revision.title == gold.source.current_revision.title
    assert copy.author.display_name == gold.source.author.display_name and copy.author != gold.source.author
    assert set(copy.current_revision.findings.values_list("rule", flat=True)) == set(
        gold.source.current_revision.findings.values_list("rule", flat=True))


def test_a_gold_mismatch_is_recorded_and_shown_after_the_decision_never_before(client, desk, gold):
    c = desk.cast
    check = actions.serve_gold(gold)
    client.force_login(c.erin)
    review_page = client.get(reverse("review", args=[check.copy_id])).content.decode()
    for tell in ("质检", "gold", gold.note):
        assert tell not in review_page
    assert "全网最低" not in client.get(reverse("insights_my_gold")).content.decode()

    desk.decide(check.copy, c.erin, "approve")
    check.refresh_from_db()
    assert check.matched is False and check.editor == c.erin
    assert check.mismatch == {"outcome": ["return", "approve"], "missing": ["TITLE_AD_LAW"]}
    page = client.get(reverse("insights_my_gold")).content.decode()
    assert "不一致" in page and "TITLE_AD_LAW" in page and "全网最低" in page
    assert trail(post=check.copy).filter(verb=Verb.GOLD_CHECK, actor=c.erin).exists()


def test_a_gold_copy_touches_no_real_author(desk, gold):
    c = desk.cast
    check = actions.serve_gold(gold)
    desk.decide(check.copy, c.erin, "reject", ["TITLE_AD_LAW"])
    send_notices_job()
    assert not ViolationRecord.objects.filter(post=check.copy).exists()
    assert not Penalty.objects.filter(post=check.copy).exists()
    assert not Notice.objects.filter(post=check.copy).exists()


def test_a_matching_gold_decision_is_recorded_as_matched(desk, gold):
    check = actions.serve_gold(gold)
    desk.decide(check.copy, desk.cast.erin, "return", ["TITLE_AD_LAW"])
    check.refresh_from_db()
    assert check.matched is True and check.mismatch == {}


def test_only_a_decided_post_can_be_gold(desk):
    with pytest.raises(StandingConflict):
        actions.mark_gold(desk.queued(), actor=desk.cast.dora, expected_outcome="approve", expected_reasons=[])


def test_double_review_is_blind_and_a_disagreement_goes_to_a_senior_editor(client, desk, settings):
    settings.DOUBLE_REVIEW_RATE = 1.0
    c = desk.cast
    decision = desk.decide(desk.queued(), c.bob, "approve")
    review = DoubleReview.objects.get(decision=decision)
    client.force_login(c.bob)
    assert f'href="{reverse("insights_second_review", args=[review.pk])}"' not in client.get(
        reverse("insights_second_list")).content.decode()  # not their own
    client.force_login(c.erin)
    page = client.get(reverse("insights_second_review", args=[review.pk])).content.decode()
    assert decision.revision.title in page and "bob" not in page and "审核通过" not in page
    client.post(reverse("insights_second_review", args=[review.pk]), {"outcome": "return", "reasons": ["BODY_NO_IMAGE"]})
    review.refresh_from_db()
    assert review.status == DoubleReview.Status.DISPUTED and review.second_editor == c.erin
    with pytest.raises(StandingConflict):
        rulings.resolve_double_review(review, actor=c.erin, outcome="return", reasons=["BODY_NO_IMAGE"],
                                      note="我自己裁定")
    client.force_login(c.dora)
    client.post(reverse("insights_ruling", args=[review.pk]),
                {"outcome": "return", "reasons": ["BODY_NO_IMAGE"], "note": "正文确实没有配图"})
    review.refresh_from_db()
    assert review.status == DoubleReview.Status.RESOLVED and review.first_overruled and review.senior == c.dora
    refresh_rollups_job()
    assert EditorDay.objects.get(editor=c.bob).overturned_qc == 1


def test_no_double_review_is_drawn_at_rate_zero(desk, settings):
    settings.DOUBLE_REVIEW_RATE = 0.0
    desk.decide(desk.queued(), desk.cast.bob, "approve")
    assert not DoubleReview.objects.exists()


def test_agreement_per_editor_and_per_rule_is_cohens_kappa(desk, settings):
    """Four double reviews between bob (first) and erin (second): outcomes agree on 3 of 4."""
    settings.DOUBLE_REVIEW_RATE = 1.0
    c = desk.cast
    plan = [("approve", [], "approve", []), ("return", ["BODY_NO_IMAGE"], "return", ["BODY_NO_IMAGE"]),
            ("approve", [], "return", ["BODY_NO_IMAGE"]), ("return", ["BODY_NO_IMAGE"], "return", ["BODY_DUPLICATE"])]
    for first, first_reasons, second, second_reasons in plan:
        decision = desk.decide(desk.queued(), c.bob, first, first_reasons)
        actions.record_second_review(decision.double_review, actor=c.erin, outcome=second, reasons=second_reasons)
    editors = {a.label: a for a in quality.agreement_by_editor()}
    # pairs (approve, approve), (return, return), (approve, return), (return, return): p_o 0.75,
    # bob 2×approve 2×return, erin 1×approve 3×return: p_e (2·1 + 2·3) / 16 = 0.5, κ = 0.5
    assert editors["bob"].kappa == pytest.approx(0.5) and editors["erin"].kappa == pytest.approx(0.5)
    assert editors["bob"].n == 4 and editors["bob"].agreed == 3
    rules = {a.label: a for a in quality.agreement_by_rule()}
    # BODY_NO_IMAGE: bob (F, T, F, T), erin (F, T, T, F): p_o 0.5, p_e 0.5, κ 0
    assert rules["BODY_NO_IMAGE"].kappa == pytest.approx(0.0)


# ---- the senior editor's ruling moves the post ----------------------------------------------------

def _disputed(desk, settings, first, first_reasons, second, second_reasons):
    """bob decides alice's post, erin disagrees in the second review: a dispute for dora."""
    settings.DOUBLE_REVIEW_RATE = 1.0
    c = desk.cast
    decision = desk.decide(desk.queued(), c.bob, first, first_reasons)
    review = actions.record_second_review(decision.double_review, actor=c.erin, outcome=second,
                                          reasons=second_reasons)
    assert review.status == DoubleReview.Status.DISPUTED
    return decision, review


def test_a_ruling_against_an_approval_rejects_the_post_with_the_ladders_penalty(client, desk, settings):
    c = desk.cast
    first, review = _disputed(desk, settings, "approve", [], "reject", ["BODY_PROMO"])
    client.force_login(c.dora)
    response = client.post(reverse("insights_ruling", args=[review.pk]),
                           {"outcome": "reject", "reasons": ["BODY_PROMO"], "note": "正文第三段是促销软文"}, follow=True)
    assert "已裁定。" in response.content.decode()
    post = first.post
    post.refresh_from_db()
    assert post.state == State.REJECTED
    ruling = post.decisions.order_by("-id").first()
    assert (ruling.editor, ruling.outcome, ruling.reasons) == (c.dora, "reject", ["BODY_PROMO"])
    assert not DoubleReview.objects.filter(decision=ruling).exists()  # a ruling is not drawn again
    assert ViolationRecord.objects.filter(decision=ruling).exists()
    penalty = Penalty.objects.get(author=c.alice.author, decision=ruling)  # 5.4-II: a Level 1
    assert penalty.level == "level1" and penalty.overturned_at is None
    events = list(post.events.values_list("event", flat=True))
    assert events[-2:] == ["overrule", "reject"]
    assert trail(post=post).filter(verb=Verb.DOUBLE_REVIEW_RULE, actor=c.dora, data__applied=ruling.pk).exists()
    send_notices_job()
    notice = Notice.objects.get(key=f"decision:{ruling.pk}")
    assert notice.author == c.alice.author and "正文第三段是促销软文" in notice.body


def test_a_ruling_against_a_reject_annuls_its_penalty_and_publishes_the_post(desk, settings):
    c = desk.cast
    first, review = _disputed(desk, settings, "reject", ["BODY_PROMO"], "approve", [])
    penalty = Penalty.objects.get(author=c.alice.author, decision=first)
    _, ruling = rulings.resolve_double_review(review, actor=c.dora, outcome="approve", reasons=[],
                                              note="所谓促销只是提到了价格，不算软文")
    first.post.refresh_from_db()
    penalty.refresh_from_db()
    assert first.post.state == State.APPROVED and ruling.outcome == "approve" and ruling.editor == c.dora
    assert penalty.overturned_at is not None
    assert not Penalty.objects.filter(author=c.alice.author, overturned_at__isnull=True).exists()
    send_notices_job()
    assert Notice.objects.filter(key=f"decision:{ruling.pk}", author=c.alice.author).exists()


def test_a_ruling_agreeing_with_the_first_decision_leaves_the_post(desk, settings):
    c = desk.cast
    first, review = _disputed(desk, settings, "return", ["BODY_PROMO"], "approve", [])
    _, ruling = rulings.resolve_double_review(review, actor=c.dora, outcome="return", reasons=["BODY_PROMO"],
                                              note="维持原决定")
    first.post.refresh_from_db()
    assert ruling is None and first.post.state == State.RETURNED and first.post.decisions.count() == 1


def test_a_ruling_on_a_post_that_moved_on_is_recorded_but_moves_nothing(client, desk, settings):
    """bob approved, erin would return; meanwhile erin took the post offline: dora's ruling counts
    against bob's approval but leaves the post where it now is, and she is told so."""
    c = desk.cast
    first, review = _disputed(desk, settings, "approve", [], "return", ["BODY_PROMO"])
    post = first.post
    post.refresh_from_db()
    review_actions.decide_post(post, actor=c.erin, outcome="take_offline", reasons=["BODY_PROMO"], message="下线",
                               version=post.version)
    client.force_login(c.dora)
    page = client.post(reverse("insights_ruling", args=[review.pk]),
                       {"outcome": "return", "reasons": ["BODY_PROMO"], "note": "应退回修改"}, follow=True)
    assert "未按裁定改动" in page.content.decode()
    post.refresh_from_db()
    review.refresh_from_db()
    assert post.state == State.OFFLINE and post.decisions.count() == 2 and review.first_overruled
