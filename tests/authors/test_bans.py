"""Bans through the services: an unchanged resubmission, expiry on time, an admin's lift and shorten
with the audit trail, and Level 2 (proposed, confirmed by an admin) over linked accounts."""
from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from authors.errors import StandingConflict
from authors.models import Level2Proposal, Penalty
from builders import decide
from moderation.errors import PostingSuspended, ResubmissionRefused, UnchangedResubmission
from moderation.lifecycle import State
from moderation.models import Post
from moderation.audit import AuditEvent, Verb
from moderation.actions import accounts, identity, penalties, submission


def at_time(moment):
    return mock.patch("django.utils.timezone.now", return_value=moment)


def test_an_unchanged_resubmission_closes_posting_for_seven_days(cast, submit):
    """4.2(3) and 第五章 (5.4-I.5): resubmitting a returned post unchanged closes posting for 7 days."""
    post = submit()
    decide(post, cast.bob, "return", ["TITLE_LENGTH"], "标题请精简")
    document, uploads = post.submitted
    with pytest.raises(UnchangedResubmission, match="关闭发文权限7天"):  # warned first: nothing recorded
        submission.resubmit_post(post, document=document, uploads=uploads, actor=cast.alice)
    assert not Penalty.objects.filter(author=cast.alice.author).exists()
    with pytest.raises(ResubmissionRefused):
        submission.resubmit_post(post, document=document, uploads=uploads, actor=cast.alice, confirm_unchanged=True)
    penalty = Penalty.objects.get(author=cast.alice.author, level="suspension")
    assert penalty.ends_at - penalty.starts_at == timedelta(days=7) and penalty.clause == "4.2(3)"
    with pytest.raises(PostingSuspended, match="北京时间") as exc:
        submission.ensure_can_post(cast.alice.author)
    local_end = timezone.localtime(penalty.ends_at)
    assert f"{local_end.month}月{local_end.day}日 {local_end:%H:%M}" in exc.value.message


def test_a_ban_ends_exactly_seven_days_after_the_decision(cast, submit):
    """第五章 3 一级处罚: posting closed for 7 days, then open again by itself (no job)."""
    decision = decide(submit(), cast.bob, "return", ["BODY_PROMO"], "含促销信息")
    end = decision.created_at + timedelta(days=7)
    with at_time(end - timedelta(seconds=1)), pytest.raises(PostingSuspended):
        submission.ensure_can_post(cast.alice.author)
    with at_time(end):
        submission.ensure_can_post(cast.alice.author)


def test_an_admin_lifts_a_ban_with_a_reason_kept_in_the_audit_trail(cast, submit):
    """第五章 3: an admin lifts a Level 1 early; the audit log says who, when and why."""
    decide(submit(), cast.bob, "return", ["BODY_PROMO"])
    penalty = Penalty.objects.get(author=cast.alice.author)
    penalties.lift_penalty(penalty, actor=cast.dora, reason="作者已说明为品牌方要求，情节轻微")
    submission.ensure_can_post(cast.alice.author)
    issued, lifted = AuditEvent.objects.filter(target_type="penalty", target_id=penalty.pk).order_by("id")
    assert issued.verb == Verb.PENALTY_ISSUE and issued.actor is None  # the ladder's penalty
    assert lifted.verb == Verb.PENALTY_LIFT and lifted.actor == cast.dora
    assert lifted.data["reason"] == "作者已说明为品牌方要求，情节轻微" and lifted.author == cast.alice.author
    penalty.refresh_from_db()
    assert penalty.lifted_at is not None and penalty.admin_reason == "作者已说明为品牌方要求，情节轻微"
    with pytest.raises(StandingConflict, match="已经结束"):
        penalties.lift_penalty(penalty, actor=cast.dora, reason="再解除一次")


def test_an_admin_shortens_a_ban_but_not_a_level2(cast, submit):
    """第五章 3: a Level 1 may be shortened with a reason; a Level 2 can only be lifted."""
    decide(submit(), cast.bob, "return", ["BODY_PROMO"])
    penalty = Penalty.objects.get(author=cast.alice.author)
    with pytest.raises(StandingConflict):
        penalties.shorten_penalty(penalty, actor=cast.dora, ends_at=penalty.ends_at + timedelta(days=1), reason="延长")
    penalties.shorten_penalty(penalty, actor=cast.dora, ends_at=penalty.starts_at + timedelta(days=3), reason="初犯")
    penalty.refresh_from_db()
    assert penalty.ends_at - penalty.starts_at == timedelta(days=3)
    shortened = AuditEvent.objects.get(verb=Verb.PENALTY_SHORTEN, target_id=penalty.pk)
    assert shortened.actor == cast.dora and shortened.data["reason"] == "初犯"
    assert shortened.data["ends_at"][:23] == penalty.ends_at.isoformat()[:23]  # JSON keeps milliseconds


@pytest.fixture
def alias(cast):
    """Alice's second account, registered with the same phone number: a linked account."""
    identity.record_identity(cast.alice.author, actor=None, phone="138 0013 8000", email="alice@example.com")
    return accounts.register_author(username="alice2", password="pw-alice2-123", display_name="爱丽丝小号",
                                    phone="+86 13800138000", email="other@example.com")


def test_level2_is_proposed_then_confirmed_by_an_admin(cast, submit, alias, client):
    """第五章 3 二级处罚 (5.4-IV.5): proposed by the system, confirmed by an admin — all the author's posts
    offline, the account and its linked account banned, no login, no re-registration."""
    online = submit()
    decide(online, cast.bob, "approve")
    waiting = submit()
    bad = submit()
    decide(bad, cast.erin, "reject", ["BODY_HEALTH_CLAIM"], "夸大保健品功效")
    proposal = Level2Proposal.objects.get(author=cast.alice.author, status="pending")
    assert Post.objects.get(pk=online.pk).state == State.APPROVED  # nothing happens until an admin confirms
    penalty = penalties.confirm_level2(proposal, actor=cast.dora, note="证据确凿")
    assert {p.state for p in Post.objects.filter(author=cast.alice.author)} == {State.OFFLINE, State.REJECTED}
    assert set(penalty.taken_offline.all()) == {Post.objects.get(pk=online.pk), Post.objects.get(pk=waiting.pk)}
    alias.user.refresh_from_db()
    cast.alice.refresh_from_db()
    assert not cast.alice.is_active and not alias.user.is_active
    assert Penalty.objects.get(author=alias, level="level2").linked_from == penalty
    with pytest.raises(PostingSuspended, match="二级处罚"):
        submission.ensure_can_post(alias)
    response = client.post(reverse("login"), {"username": "alice2", "password": "pw-alice2-123"})
    assert response.status_code == 403 and not response.wsgi_request.user.is_authenticated
    assert "你的账号已被关闭" in response.content.decode()  # told so, not "wrong password" (issue 12)
    response = client.post(reverse("register"), {
        "username": "alice3", "password": "a-Long-pass-2026", "password2": "a-Long-pass-2026",
        "display_name": "新账号", "phone": "13800138000", "email": "new@example.com"})
    assert "不允许再次注册" in response.content.decode()
    assert not Post.objects.filter(author__user__username="alice3").exists()
    assert not User.objects.filter(username="alice3").exists()


def test_a_dismissed_level2_changes_nothing(cast, submit):
    """第五章 3: Level 2 needs an admin's confirmation; a dismissal leaves the account as it was."""
    decide(submit(), cast.bob, "reject", ["BODY_COMPETITOR", "BODY_SOFT_AD"])
    proposal = Level2Proposal.objects.get(author=cast.alice.author)
    with pytest.raises(StandingConflict, match="原因"):
        penalties.dismiss_level2(proposal, actor=cast.dora, note="")
    penalties.dismiss_level2(proposal, actor=cast.dora, note="软文证据不足")
    cast.alice.refresh_from_db()
    assert cast.alice.is_active and not Penalty.objects.filter(level="level2").exists()
    with pytest.raises(StandingConflict):
        penalties.confirm_level2(proposal, actor=cast.dora)


def test_lifting_a_level2_lets_the_accounts_back_in(cast, submit, alias):
    """第五章 3: an admin lifts a Level 2 with a reason; the linked ban goes with it."""
    penalty = penalties.issue_penalty(cast.alice.author, actor=cast.dora, level="level2", reason="发布严重软色情内容",
                                     clause="5.4-IV.6")
    penalties.lift_penalty(penalty, actor=cast.dora, reason="复核后改判")
    cast.alice.refresh_from_db()
    alias.user.refresh_from_db()
    assert cast.alice.is_active and alias.user.is_active
    submission.ensure_can_post(alias)


def test_the_ban_bookkeeping_withdraws_a_post_scored_after_the_ban_and_is_idempotent(cast):
    """第五章 3 二级处罚 所有文章下线: a post that reached the queue after the ban is withdrawn by the job."""
    penalties.issue_penalty(cast.alice.author, actor=cast.dora, level="level2", reason="二级处罚", clause="5.4-IV")
    post = Post.objects.create(author=cast.alice.author, kind="review", state=State.IN_QUEUE)
    assert penalties.enforce_level2_bans() >= 1
    post.refresh_from_db()
    assert post.state == State.REJECTED
    assert penalties.enforce_level2_bans() == 0


def test_the_active_query_agrees_with_the_ladders_bans(cast):
    """第五章 3: a ban ends by itself at its end, at its lift, or when annulled — the list query and the
    pure rule (authors.standing) agree on every case."""
    now = timezone.now()
    day = timedelta(days=1)
    author = cast.alice.author
    cases = [dict(starts_at=now - day, ends_at=now + day), dict(starts_at=now - 8 * day, ends_at=now - day),
             dict(starts_at=now - day, ends_at=None),
             dict(starts_at=now - day, ends_at=now + day, lifted_at=now - day / 2),
             dict(starts_at=now - day, ends_at=now + day, overturned_at=now), dict(starts_at=now + day, ends_at=None),
             dict(starts_at=now - day, ends_at=now)]
    for fields in cases:
        Penalty.objects.create(author=author, level="level1", reason="测试", **fields)
    expected = {p.pk for p in Penalty.objects.all() if p.is_active(now)}
    assert set(Penalty.objects.filter(Penalty.active_q(now)).values_list("pk", flat=True)) == expected
    assert len(expected) == 2
