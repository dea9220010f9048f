"""Rollups equal a direct count of the rows they summarise, and rebuilding them changes nothing."""
from collections import Counter
from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from insights import rollups, stats
from insights.jobs import refresh_rollups_job
from insights.models import HANDLE_BUCKETS, DeskDay, EditorDay, QueueSnapshot, RuleWeek
from moderation.actions import appeals, review
from moderation.lifecycle import State
from moderation.models import Decision, Post, PostEvent


@pytest.fixture
def busy_day(desk):
    """Five of alice's posts: bob approves two and returns one, erin rejects one (overturned on
    appeal), one waits."""
    c = desk.cast
    posts = [desk.queued(title=f"通勤耳机实测第{i}周：降噪、续航与佩戴的真实体验") for i in range(5)]
    desk.decide(posts[0], c.bob, "approve")
    desk.decide(posts[1], c.bob, "approve")
    desk.decide(posts[2], c.bob, "return", ["BODY_NO_IMAGE"])
    rejected = desk.decide(posts[3], c.erin, "reject", ["BODY_DUPLICATE"])
    appeal = appeals.file_appeal(c.alice.author, actor=c.alice, text="这篇是我原创的，请再看一下。", decision=rejected)
    appeals.decide_appeal(appeal, actor=c.dora, upheld=True, response="复核确认原创，撤销退稿。")
    return posts


def test_rollups_equal_a_direct_count(busy_day, cast):
    refresh_rollups_job()
    today = rollups.local_day(timezone.now())
    day = DeskDay.objects.get(day=today)
    decisions = Decision.objects.all()
    assert day.outcomes == dict(Counter(decisions.values_list("outcome", flat=True)))
    assert day.decided == decisions.filter(editor__isnull=False).count() == 4
    assert day.inbound == PostEvent.objects.filter(event__in=["submit", "resubmit"]).count() == 5
    assert sum(day.decision_hist) == day.decided
    assert (day.appeals_decided, day.appeals_upheld) == (1, 1)
    per_editor = {e.editor.username: e for e in EditorDay.objects.filter(day=today).select_related("editor")}
    assert {name: e.decisions for name, e in per_editor.items()} == dict(
        Counter(decisions.filter(editor__isnull=False).values_list("editor__username", flat=True)))
    assert per_editor["erin"].overturned_appeal == 1 and per_editor["bob"].overturned_appeal == 0
    assert sum(per_editor["bob"].handle_hist) == 3
    snapshot = QueueSnapshot.objects.get()
    assert snapshot.waiting == Post.objects.filter(state=State.IN_QUEUE).count() == 2  # one waits, one reinstated


def test_rebuilding_twice_changes_nothing(busy_day):
    refresh_rollups_job()
    fields = ("day", "editor", "decisions", "overturned_appeal", *HANDLE_BUCKETS)
    before = list(DeskDay.objects.values()), list(EditorDay.objects.values(*fields))
    refresh_rollups_job()
    after = list(DeskDay.objects.values()), list(EditorDay.objects.values(*fields))
    assert [{k: v for k, v in r.items() if k != "updated_at"} for r in before[0]] == \
        [{k: v for k, v in r.items() if k != "updated_at"} for r in after[0]]
    assert before[1] == after[1]


def test_a_rule_week_counts_used_dismissed_ignored_and_missed(desk):
    c = desk.cast
    post = desk.queued(title=desk.clickbait)
    fired = set(post.current_revision.findings.values_list("rule", flat=True))
    assert {"TITLE_CLICKBAIT", "TITLE_AD_LAW"} <= fired and "BODY_PRICE" not in fired
    desk.dismiss_all(post, c.bob, "TITLE_CLICKBAIT")
    desk.decide(post, c.bob, "return", ["TITLE_AD_LAW", "BODY_PRICE"])
    refresh_rollups_job()
    weeks = {w.rule: w for w in RuleWeek.objects.all()}
    assert (weeks["TITLE_AD_LAW"].shown, weeks["TITLE_AD_LAW"].used) == (1, 1)
    assert (weeks["TITLE_CLICKBAIT"].dismissed, weeks["TITLE_CLICKBAIT"].examples) == (1, {"dismissed": [post.pk]})
    assert (weeks["BODY_PRICE"].shown, weeks["BODY_PRICE"].missed) == (0, 1)
    for rule in fired - {"TITLE_CLICKBAIT", "TITLE_AD_LAW"}:
        assert (weeks[rule].shown, weeks[rule].ignored) == (1, 1), rule
    assert set(weeks) == fired | {"BODY_PRICE"}


def test_judging_a_decision_rule_by_rule():
    found = {"TITLE_CLICKBAIT": True, "TITLE_AD_LAW": False, "BODY_NO_IMAGE": False}
    assert rollups.judge_rules(found, ["TITLE_AD_LAW", "BODY_PRICE", "TITLE_CLICKBAIT"]) == {
        "TITLE_CLICKBAIT": "used",  # dismissed but given as a reason all the same: the editor used it
        "TITLE_AD_LAW": "used", "BODY_NO_IMAGE": "ignored", "BODY_PRICE": "missed"}
    assert rollups.judge_rules({"TITLE_CLICKBAIT": True}, []) == {"TITLE_CLICKBAIT": "dismissed"}


def test_deskstats_prints_the_dashboard_figures(busy_day):
    out = StringIO()
    call_command("deskstats", "--days", "7", "--refresh", stdout=out)
    figures = {}
    for line in out.getvalue().splitlines():
        parts = line.split()
        if parts and parts[0] in {"inbound", "decided", "waiting", "outcome_approve", "outcome_reject",
                                  "appeals_upheld", "overturn_rate"}:
            figures[parts[0]] = parts[-1]
    assert figures == {"inbound": "5", "decided": "4", "waiting": "2", "outcome_approve": "2",
                       "outcome_reject": "1", "appeals_upheld": "1", "overturn_rate": "100.0%"}
    assert "bob" in out.getvalue() and "erin" in out.getvalue()


def test_deskstats_refuses_a_silly_range(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("deskstats", "--days", "0", stdout=StringIO())


def test_handling_time_runs_from_the_claim_to_the_decision(desk):
    post = desk.queued()
    start = timezone.now()
    with time_machine.travel(start + timedelta(hours=1)):
        claimed = review.claim_post(post, actor=desk.cast.bob)
    with time_machine.travel(start + timedelta(hours=1, minutes=7)):
        review.decide_post(claimed, actor=desk.cast.bob, outcome="approve", reasons=[], message="",
                           version=claimed.version)
        refresh_rollups_job()
    hist = EditorDay.objects.get(editor=desk.cast.bob).handle_hist
    assert hist[stats.bucket_of(7 * 60)] == 1 and sum(hist) == 1  # 7 minutes, not the hour it waited
