"""Issue 11, the decision panel's rules and its undo window, through the actions and the desk's views:
decisions are held, undoable, then applied; the consequence sentence is the one applied; bulk approvals."""
from datetime import datetime, timedelta, timezone as dt_timezone

import pytest
from django.urls import reverse
from django.utils import timezone

from authors import standing
from authors.models import Penalty
from factories import RICE_COOKER, post_document, uploads_for
from insights.models import Notice
from insights.notices import record_notices
from moderation.actions import held as holding, review
from moderation.audit import Verb
from moderation.errors import IllegalTransition, InvalidPost
from moderation.lifecycle import State
from moderation.models import AuditEvent, Decision, HeldDecision, Post

SHANGHAI_NOON = datetime(2026, 12, 7, 4, 0, tzinfo=dt_timezone.utc)


@pytest.fixture
def competitor_post(cast, scored_post):
    document = post_document(title="淘宝同款耳机实测：降噪续航都不错的通勤之选")
    return scored_post(cast.alice.author, document=document, uploads=uploads_for(document), actor=cast.alice)


@pytest.fixture
def clear_posts(cast, scored_post):
    """Two posts without a block finding (a rice cooker, the ordinary earphone review)."""
    posts = []
    for i, document in enumerate((post_document(title="新电饭煲用了一个月：煮饭煲粥与清洗的真实体验",
                                                paragraphs=RICE_COOKER, tags=("电饭煲",)), post_document())):
        posts.append(scored_post(cast.alice.author, document=document, uploads=uploads_for(document, seed=7 * i),
                                 actor=cast.alice))
    assert all(p.block_count == 0 for p in posts)
    return posts


def claimed(post, editor):
    return review.claim_post(post, actor=editor)


def after_window():
    return timezone.now() + holding.undo_window() + timedelta(seconds=1)


# ---- the pure sentence -------------------------------------------------------------------------

def test_the_sentence_names_the_penalty_the_ladder_gives():
    empty = standing.AuthorRecord()
    assert standing.consequence(empty, "approve", [], SHANGHAI_NOON).sentence_zh == "不处罚：文章通过。"
    assert (standing.consequence(empty, "return", ["TITLE_LENGTH"], SHANGHAI_NOON, post_id=1).sentence_zh
            == "不处罚：首次警告，退回修改（本月第1次违规）。")
    earlier = standing.Decision(2, SHANGHAI_NOON - timedelta(days=2), "return", ("TITLE_LENGTH",))
    record = standing.AuthorRecord(decisions=[earlier])
    assert (standing.consequence(record, "reject", ["BODY_COMPETITOR"], SHANGHAI_NOON, post_id=1).sentence_zh
            == "将给予一级处罚：关闭发文权限7天（本月第2次违规）。")
    assert "将提议二级处罚，需管理员确认" in standing.consequence(
        empty, "reject", ["BODY_HEALTH_CLAIM"], SHANGHAI_NOON, post_id=1).sentence_zh
    # the ladder's answer inside the consequence is penalty_for_reject's, unchanged
    c = standing.consequence(record, "reject", ["BODY_COMPETITOR"], SHANGHAI_NOON, post_id=1)
    assert c.outcome == standing.penalty_for_reject(record, ["BODY_COMPETITOR"], SHANGHAI_NOON, post_id=1,
                                                    outcome="reject")


# ---- what a decision must carry ----------------------------------------------------------------

def test_return_and_reject_need_a_message_with_every_placeholder_filled(cast, competitor_post):
    post = claimed(competitor_post, cast.bob)
    hold = dict(actor=cast.bob, outcome="return", reasons=["BODY_COMPETITOR"], version=post.version)
    with pytest.raises(InvalidPost, match="留言"):
        holding.hold_decision(post, message="  ", **hold)
    with pytest.raises(InvalidPost, match=r"\{段落\}"):
        holding.hold_decision(post, message="请修改第{段落}段：删除淘宝。", **hold)
    with pytest.raises(InvalidPost, match="至少选择一条原因"):
        holding.hold_decision(post, actor=cast.bob, outcome="reject", reasons=[], message="不用", version=post.version)
    assert not HeldDecision.objects.exists() and not Decision.objects.exists()


def test_approving_over_a_block_finding_needs_a_dismissal_or_an_override(cast, competitor_post):
    post = claimed(competitor_post, cast.bob)
    with pytest.raises(InvalidPost, match="通过的决定不带原因"):
        holding.hold_decision(post, actor=cast.bob, outcome="approve", reasons=["BODY_COMPETITOR"], message="",
                             version=post.version, override="x")
    with pytest.raises(InvalidPost, match="阻断发现"):
        holding.hold_decision(post, actor=cast.bob, outcome="approve", reasons=[], message="", version=post.version)
    held = holding.hold_decision(post, actor=cast.bob, outcome="approve", reasons=[], message="",
                                version=post.version, override="只是说明同款，没有引流")
    event = AuditEvent.objects.get(verb=Verb.DECISION_HOLD, post_id=post.pk)
    assert held.override and event.data["override"] == "只是说明同款，没有引流"


def test_after_dismissing_every_block_finding_an_approval_needs_no_override(cast, competitor_post):
    post = claimed(competitor_post, cast.bob)
    for finding in review.live_block_findings(post):
        review.dismiss_finding(finding, actor=cast.bob)
    post.refresh_from_db()
    holding.hold_decision(post, actor=cast.bob, outcome="approve", reasons=[], message="", version=post.version)
    assert holding.apply_due_decisions(now=after_window()) == 1
    assert Post.objects.get(pk=post.pk).state == State.APPROVED


# ---- the undo window ---------------------------------------------------------------------------

def test_within_the_window_nothing_has_happened_and_undo_leaves_nothing(cast, competitor_post):
    post = claimed(competitor_post, cast.bob)
    held = holding.hold_decision(post, actor=cast.bob, outcome="reject", reasons=["BODY_COMPETITOR"],
                                message="请删除淘宝。", version=post.version)
    assert held.consequence.startswith("将给予一级处罚")
    record_notices()
    assert holding.apply_due_decisions() == 0  # the window is still open
    assert not Decision.objects.exists() and not Penalty.objects.exists() and not Notice.objects.exists()
    assert Post.objects.get(pk=post.pk).state == State.IN_QUEUE
    with pytest.raises(IllegalTransition, match="只有做出决定的编辑"):
        holding.undo_decision(held, actor=cast.erin)
    holding.undo_decision(held, actor=cast.bob)
    assert holding.apply_due_decisions(now=after_window()) == 0
    record_notices(now=after_window())
    assert not Decision.objects.exists() and not Penalty.objects.exists() and not Notice.objects.exists()
    post = Post.objects.get(pk=post.pk)
    assert post.state == State.IN_QUEUE and post.claimed_by == cast.bob  # still Bob's to decide again
    assert AuditEvent.objects.filter(verb=Verb.DECISION_UNDO, post_id=post.pk).count() == 1


def test_after_the_window_the_decision_applies_with_the_previewed_consequence_and_cannot_be_undone(
        cast, competitor_post):
    post = claimed(competitor_post, cast.bob)
    held = holding.hold_decision(post, actor=cast.bob, outcome="reject", reasons=["BODY_COMPETITOR"],
                                message="请删除淘宝。", version=post.version)
    assert holding.apply_due_decisions(now=after_window()) == 1
    held.refresh_from_db()
    assert held.status == HeldDecision.Status.APPLIED and held.applied_consequence == held.consequence
    penalty = Penalty.objects.get(author=cast.alice.author)
    assert penalty.level == Penalty.Level.LEVEL_1 and (penalty.ends_at - penalty.starts_at).days == 7
    record_notices()
    assert set(Notice.objects.values_list("kind", flat=True)) == {"decision", "penalty"}
    with pytest.raises(IllegalTransition, match="申诉"):
        holding.undo_decision(held, actor=cast.bob)


def test_the_desk_views_hold_preview_and_undo(client, cast, competitor_post):
    client.force_login(cast.bob)
    client.post(reverse("claim", args=[competitor_post.pk]))
    post = Post.objects.get(pk=competitor_post.pk)
    preview = client.get(reverse("decision_preview", args=[post.pk]),
                         {"outcome": "return", "reasons": ["BODY_COMPETITOR"]}).json()
    assert preview["sentence"] == "将给予一级处罚：关闭发文权限7天（本月第1次违规）。"
    response = client.post(reverse("decide", args=[post.pk]), {
        "outcome": "return", "reasons": ["BODY_COMPETITOR"], "message": "请删除淘宝。", "version": post.version},
        follow=True)
    html = response.content.decode()
    assert "已退回修改" in html and preview["sentence"] in html and 'id="btn-undo"' in html
    held = HeldDecision.objects.get(post=post)
    client.force_login(cast.erin)
    assert client.post(reverse("undo_decision", args=[held.pk]), follow=True).status_code == 200
    assert HeldDecision.objects.get(pk=held.pk).status == HeldDecision.Status.HELD  # not Erin's to undo
    client.force_login(cast.bob)
    html = client.post(reverse("undo_decision", args=[held.pk]), follow=True).content.decode()
    assert "已撤销" in html and 'id="btn-confirm"' in html  # back on the review screen, free to decide again
    assert HeldDecision.objects.get(pk=held.pk).status == HeldDecision.Status.UNDONE


# ---- bulk approvals ----------------------------------------------------------------------------

def test_bulk_approval_holds_one_decision_each_and_undoes_together(client, cast, clear_posts, competitor_post):
    client.force_login(cast.bob)
    page = client.get(reverse("bulk_approve"), {"all_warn": "1"}).content.decode()
    assert all(f'value="{p.pk}"' in page for p in clear_posts) and f'value="{competitor_post.pk}"' not in page
    ids = [p.pk for p in clear_posts] + [competitor_post.pk]  # a post with a block finding is refused
    client.post(reverse("bulk_approve"), {"posts": ids})
    held = list(HeldDecision.objects.order_by("post_id"))
    assert [h.post_id for h in held] == ids[:2] and len({h.batch for h in held}) == 1
    assert AuditEvent.objects.filter(verb=Verb.DECISION_HOLD).count() == 2
    client.post(reverse("bulk_approve"), {"undo_batch": held[0].batch})
    assert not HeldDecision.objects.filter(status=HeldDecision.Status.HELD).exists()
    holding.apply_due_decisions(now=after_window())
    assert not Decision.objects.exists()

    client.post(reverse("bulk_approve"), {"posts": ids[:2]})
    assert holding.apply_due_decisions(now=after_window()) == 2
    assert list(Decision.objects.order_by("post_id").values_list("post_id", "outcome")) == [
        (ids[0], "approve"), (ids[1], "approve")]
    assert AuditEvent.objects.filter(verb=Verb.APPROVE).count() == 2  # each logged as its own decision
