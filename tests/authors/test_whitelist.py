"""The whitelist (第五章 1–2) through the services: recomputation over built weeks, auto-publish on
the real worker, the post-publication audit sample, and revocation on a violation."""
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from authors import records, standing
from authors.errors import StandingConflict
from authors.models import AuditSample, Penalty, Whitelist
from builders import decide, make_post, record_decision
from moderation.errors import PostingSuspended
from moderation.lifecycle import State
from moderation.audit import AuditEvent, Verb
from moderation.actions import penalties, submission, whitelist


def two_past_weeks(author, *, per_week=(10, 10), fail=None, hook=True):
    """Posts submitted over the last two complete calendar weeks (Asia/Shanghai), all approved except
    ``fail`` = (week, index, outcome) — week 0 the older one."""
    monday = standing.week_bounds(standing.week_start(timezone.now()) - timedelta(weeks=2))[0]
    posts = []
    for week, count in enumerate(per_week):
        for i in range(count):
            submitted = monday + timedelta(weeks=week, hours=9 + i)
            post = make_post(author, submitted_at=submitted)
            outcome = fail[2] if fail and fail[:2] == (week, i) else "approve"
            record_decision(post, outcome=outcome, reasons=["TITLE_LENGTH"] if outcome != "approve" else [],
                            at=submitted + timedelta(hours=1), hook=hook)
            posts.append(post)
    return posts


WEEKS = [
    pytest.param((10, 10), None, True, id="第五章1: 10 posts in each of two weeks, all passed"),
    pytest.param((10, 9), None, False, id="第五章1: 9 posts in the second week is not enough"),
    pytest.param((12, 10), (0, 3, "return"), False, id="第五章1: a post returned at any point is a failure"),
    pytest.param((10, 10), (1, 9, "take_offline"), False, id="第五章1: a post taken offline is a failure"),
]


@pytest.mark.parametrize("per_week,fail,eligible", WEEKS)
def test_the_daily_recomputation_whitelists_who_qualified(cast, per_week, fail, eligible):
    """第五章 1: the daily recomputation grants the whitelist to authors who qualified."""
    two_past_weeks(cast.alice.author, per_week=per_week, fail=fail)
    granted = whitelist.recompute_whitelist()
    assert (granted == [cast.alice.author]) is eligible
    assert Whitelist.objects.filter(author=cast.alice.author, active=True).exists() is eligible


def test_a_post_counts_for_the_week_it_was_submitted_in(cast):
    """第五章 1: weeks are Monday–Sunday in Asia/Shanghai; Sunday 23:30 belongs to the older week."""
    posts = two_past_weeks(cast.alice.author, per_week=(9, 10))
    last_monday = standing.week_bounds(standing.week_start(timezone.now()) - timedelta(weeks=1))[0]
    sunday_night = last_monday - timedelta(minutes=30)
    record_decision(make_post(cast.alice.author, submitted_at=sunday_night), outcome="approve", at=sunday_night)
    assert len(posts) == 19 and whitelist.recompute_whitelist() == [cast.alice.author]


def test_recomputing_twice_changes_nothing(cast):
    """第五章 1: the daily job is safe to run twice (one grant, one audit event, by the system)."""
    two_past_weeks(cast.alice.author)
    whitelist.recompute_whitelist()
    assert whitelist.recompute_whitelist() == []
    grant = AuditEvent.objects.get(verb=Verb.WHITELIST_GRANT)
    assert grant.author == cast.alice.author and grant.actor is None


def test_the_management_command_recomputes(cast):
    """第五章 1: the same recomputation on demand, as a management command."""
    from django.core.management import call_command
    from io import StringIO

    two_past_weeks(cast.alice.author)
    out = StringIO()
    call_command("recompute_whitelist", stdout=out)
    call_command("recompute_whitelist", stdout=out)
    assert out.getvalue().splitlines() == ["whitelisted 1 author(s): alice", "whitelisted 0 author(s): none"]


def test_an_admin_grants_and_revokes_with_a_reason_in_the_audit_trail(cast):
    """第五章 1–2: an admin grants or revokes the whitelist; the audit log keeps who, when and why."""
    wl = whitelist.grant_whitelist(cast.charlie.author, actor=cast.dora, reason="合作作者，试用白名单")
    with pytest.raises(StandingConflict):
        whitelist.grant_whitelist(cast.charlie.author, actor=cast.dora, reason="再开一次")
    whitelist.revoke_whitelist(cast.charlie.author, actor=cast.dora, reason="试用期结束")
    granted, revoked = AuditEvent.objects.filter(author=cast.charlie.author).order_by("id")
    assert (granted.verb, revoked.verb) == (Verb.WHITELIST_GRANT, Verb.WHITELIST_REVOKE)
    assert granted.actor == revoked.actor == cast.dora
    assert (granted.data["reason"], revoked.data["reason"]) == ("合作作者，试用白名单", "试用期结束")
    wl.refresh_from_db()
    assert not wl.active and wl.granted_by == cast.dora and wl.revoke_reason == "试用期结束"


def test_revoked_authors_need_two_new_weeks(cast):
    """第五章 2: after a revocation the author must qualify again with weeks after it."""
    two_past_weeks(cast.alice.author)
    whitelist.recompute_whitelist()
    whitelist.revoke_whitelist(cast.alice.author, actor=cast.dora, reason="抽检发现问题")
    assert whitelist.recompute_whitelist() == []


def test_whitelist_end_to_end(cast, submit, client, settings):
    """第五章 1 and 2: an author reaches the whitelist, auto-publishes, is sampled for the audit, is found
    in violation on an online post, loses the whitelist and is banned."""
    settings.WHITELIST_AUDIT_SAMPLE_RATE = 1.0
    author = cast.alice.author
    two_past_weeks(author)
    assert whitelist.recompute_whitelist() == [author]

    online = submit()
    assert online.state == State.APPROVED  # no block finding: online at once
    flagged = submit(title="淘宝同款耳机实测：降噪续航都不错的通勤之选")
    assert flagged.state == State.IN_QUEUE  # a block finding: the editors' queue
    sample = AuditSample.objects.get()
    assert sample.post == online and sample.status == "pending"

    client.force_login(cast.bob)
    page = client.get(reverse("audit_queue")).content.decode()
    assert reverse("review", args=[online.pk]) in page and "白名单抽检" in page

    decide(online, cast.bob, "take_offline", ["BODY_SOFT_AD"], "读者举报为软文")
    online.refresh_from_db()
    sample.refresh_from_db()
    assert online.state == State.OFFLINE and sample.status == "taken_offline" and sample.checked_by == cast.bob
    row = Whitelist.objects.get(author=author)
    assert not row.active and "第五章2" in row.revoke_reason
    assert Penalty.objects.get(author=author).level == "level1"
    with pytest.raises(PostingSuspended):
        submission.ensure_can_post(author)


def test_no_audit_sample_at_a_zero_rate_and_editors_can_clear_one(cast, submit, client, settings):
    """第五章 1: the sample rate is a setting; an editor marks a sampled post as fine."""
    settings.WHITELIST_AUDIT_SAMPLE_RATE = 0.0
    whitelist.grant_whitelist(cast.alice.author, actor=cast.dora, reason="测试")
    assert submit().state == State.APPROVED and not AuditSample.objects.exists()
    settings.WHITELIST_AUDIT_SAMPLE_RATE = 1.0
    sample = AuditSample.objects.get(post=submit(variant=0, title="机械键盘办公一个月：手感、连接与续航的真实体验"))
    client.force_login(cast.erin)
    client.post(reverse("audit_pass", args=[sample.pk]))
    sample.refresh_from_db()
    assert sample.status == "passed" and sample.checked_by == cast.erin
    assert "没有待抽检的文章" in client.get(reverse("audit_queue")).content.decode()


def test_a_banned_whitelisted_author_does_not_auto_publish(cast, submit):
    """第五章 1 and 3: a ban wins over the whitelist."""
    whitelist.grant_whitelist(cast.alice.author, actor=cast.dora, reason="测试")
    post = submit()
    penalties.issue_penalty(cast.alice.author, actor=cast.dora, level="level1", reason="测试禁言")
    assert not records.auto_publish_allowed(post.author, [])
