"""authors.standing (第五章 penalties, bans, pass rate, whitelist) and moderation.rulebook.

Pure tests: no database, no Django settings. Each case's id names the clause it covers.
"""
import ast
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from authors.standing import (
    AuthorRecord, Decision, Level, Outcome, Penalty, Result, Submission, UnchangedResubmission,
    active_bans, below_news_threshold, can_post, level2_penalty, pass_rate, penalty_for_reject,
    penalty_for_unchanged_resubmission, term_said, unnamed_clauses, week_start, whitelist_eligibility, whitelist_progress,
)
from moderation.rulebook import (
    GROUPS, LIFECYCLE_REASONS, RULE_CATEGORY, RULE_CLAUSE, RULE_SEVERITY, RULES, RULES_BY_ID, UnknownRule,
    get_rule, reason_choices,
)

ROOT = Path(__file__).resolve().parents[2]
SH = ZoneInfo("Asia/Shanghai")


def at(day, hour=10, minute=0):
    """A moment in March 2024, Shanghai time (day 0 or less reaches back into February).
    Mondays: 4, 11, 18, 25."""
    return datetime(2024, 3, 1, hour, minute, tzinfo=SH) + timedelta(days=day - 1)


NOW = at(20)  # Wednesday


def ret(post, day, *reasons, not_revised=False):
    return Decision(post, at(day), Outcome.RETURN, reasons or ("IMAGE_INVALID",), not_revised=not_revised)


def ok(post, day):
    return Decision(post, at(day), Outcome.APPROVE)


def level1(day, **kw):
    return Penalty(Level.LEVEL_1, at(day), at(day) + timedelta(days=7), **kw)


def not_revised_posts(*posts):
    """Each post returned (for advice only) on day 1, then re-checked not revised as asked on day 2."""
    return [d for p in posts for d in (ret(p, 1), ret(p, 2, "REVISION_NOT_DONE"))]


# --- Penalties: 第五章 4 -------------------------------------------------------------------------

PENALTY_CASES = [
    pytest.param({}, ["BODY_MEDICAL"], {}, Level.LEVEL_1, False, (), id="5.4-I: a category I reason is a Level 1"),
    pytest.param({}, ["BODY_PROMO"], {}, Level.LEVEL_1, False, (), id="5.4-II: a category II reason is a Level 1"),
    pytest.param({}, ["TITLE_LENGTH"], {}, None, True, (), id="5.4-III: the first category III offence is a warning"),
    pytest.param({"decisions": [ok("p1", 1)]}, ["TITLE_LENGTH"], {}, None, True, (),
                 id="5.4-III: an approved earlier post is no offence"),
    pytest.param({"decisions": [ret("p1", 1, "TITLE_LENGTH")]}, ["IMAGE_BLURRY"], {"post_id": "p2"},
                 Level.LEVEL_1, False, (), id="5.4-III: a second category III offence is a Level 1"),
    pytest.param({"decisions": [ret("p1", 1, "TITLE_LENGTH")]}, ["REVISION_NOT_DONE"], {"post_id": "p1"},
                 Level.LEVEL_1, False, (), id="5.4-III: a category III post not revised as asked is a Level 1"),
    pytest.param({}, ["TITLE_LENGTH"], {"post_id": "p1", "not_revised": True},
                 Level.LEVEL_1, False, (), id="5.4-III: the not_revised mark on a category III reject is a Level 1"),
    pytest.param({}, ["BODY_PROMO", "TITLE_LENGTH"], {}, Level.LEVEL_1, False, (),
                 id="5.4-II with a category III reason: the Level 1 stands in for the warning"),
    pytest.param({}, ["RESUBMIT_UNCHANGED", "TITLE_LENGTH"], {}, Level.SUSPENSION, True, (),
                 id="4.2(3) with a first category III reason: suspension and warning"),
    pytest.param({}, ["IMAGE_INVALID", "BODY_PUNCTUATION"], {}, None, False, (),
                 id="5.4: advice-only reasons carry no penalty"),
    pytest.param({"decisions": not_revised_posts("p1", "p2")}, ["REVISION_NOT_DONE"], {"post_id": "p9"},
                 Level.LEVEL_1, False, (), id="5.4-I.5: the 3rd failure to revise as asked is a Level 1"),
    pytest.param({"decisions": not_revised_posts("p1")}, ["REVISION_NOT_DONE"], {"post_id": "p9"},
                 None, False, (), id="5.4-I.5: the 2nd failure to revise as asked is no penalty yet"),
    pytest.param({}, ["RESUBMIT_UNCHANGED"], {}, Level.SUSPENSION, False, (),
                 id="4.2(3): resubmitting unchanged closes posting for 7 days"),
    pytest.param({"unchanged_resubmissions": [UnchangedResubmission("p1", at(1)), UnchangedResubmission("p2", at(2))]},
                 ["RESUBMIT_UNCHANGED"], {}, Level.LEVEL_1, False, (),
                 id="5.4-I.5: the 3rd unchanged resubmission is a Level 1"),
    pytest.param({}, ["BODY_PLAGIARISM"], {"post_id": "p1"}, Level.PERMANENT, False, (),
                 id="4.2(3): a first plagiarism closes posting rights for good"),
    pytest.param({"decisions": [ret("p1", 1, "BODY_PLAGIARISM")]}, ["BODY_PLAGIARISM"], {"post_id": "p2"},
                 Level.PERMANENT, False, ("5.4-IV.3",), id="5.4-IV.3: a second plagiarised post proposes Level 2"),
    pytest.param({"penalties": [level1(1)]}, ["BODY_PROMO"], {}, Level.LEVEL_1, False, ("5.4-IV.2",),
                 id="5.4-IV.2: a second Level 1 proposes Level 2"),
    pytest.param({"penalties": [level1(1, lifted_at=at(2))]}, ["BODY_PROMO"], {}, Level.LEVEL_1, False, ("5.4-IV.2",),
                 id="5.4-IV.2: a lifted Level 1 still counts"),
    pytest.param({"penalties": [level1(1, overturned=True)]}, ["BODY_PROMO"], {}, Level.LEVEL_1, False, (),
                 id="5.4-IV.2: an overturned Level 1 does not count"),
    pytest.param({"penalties": [Penalty(Level.SUSPENSION, at(1), at(8))]}, ["BODY_PROMO"], {}, Level.LEVEL_1, False, (),
                 id="5.4-IV.2: a 4.2(3) suspension is not a Level 1"),
    pytest.param({"penalties": [level1(1)]}, ["TITLE_LENGTH"], {}, None, True, (),
                 id="5.4-IV.2: a warning after a Level 1 proposes nothing"),
    pytest.param({}, ["BODY_COMPETITOR", "BODY_SOFT_AD"], {}, Level.LEVEL_1, False, ("5.4-IV.4",),
                 id="5.4-IV.4: an advertorial for a competitor proposes Level 2"),
    pytest.param({}, ["BODY_COMPETITOR"], {}, Level.LEVEL_1, False, (),
                 id="5.4-II.5: naming a competitor alone is a Level 1 only"),
    pytest.param({}, ["BODY_HEALTH_CLAIM"], {}, Level.LEVEL_1, False, ("5.4-IV.5",),
                 id="5.4-IV.5: false health claims propose Level 2, with a Level 1 meanwhile"),
    pytest.param({}, ["PRODUCT_RESTRICTED"], {}, Level.LEVEL_1, False, ("5.4-IV",),
                 id="5.4-IV: any category IV reason proposes Level 2"),
    pytest.param({}, ["BODY_ADULT"], {"serious": True}, Level.LEVEL_1, False, ("5.4-IV.6",),
                 id="5.4-IV.6: serious adult content proposes Level 2"),
    pytest.param({}, ["BODY_ADULT"], {}, Level.LEVEL_1, False, (), id="5.4-I.4: adult content not marked serious"),
    pytest.param({"decisions": not_revised_posts("p1", "p2", "p3") + [ret("p4", 3)]}, ["REVISION_NOT_DONE"],
                 {"post_id": "p4"}, Level.LEVEL_1, False, ("5.4-IV.1",),
                 id="5.4-IV.1: a 4th consecutive post not revised as asked proposes Level 2"),
    pytest.param({"decisions": not_revised_posts("p1", "p2") + [ret("p3", 3)]}, ["REVISION_NOT_DONE"],
                 {"post_id": "p3"}, Level.LEVEL_1, False, (),
                 id="5.4-IV.1: 3 consecutive posts not revised as asked propose nothing"),
    pytest.param({"decisions": [*not_revised_posts("p1", "p2"), ok("p3", 1), *not_revised_posts("p4"), ret("p5", 3)]},
                 ["REVISION_NOT_DONE"], {"post_id": "p5"}, Level.LEVEL_1, False, (),
                 id="5.4-IV.1: an approved post breaks the run"),
]


@pytest.mark.parametrize("history, reasons, kwargs, level, warning, proposed", PENALTY_CASES)
def test_penalty_for_reject(history, reasons, kwargs, level, warning, proposed):
    outcome = penalty_for_reject(AuthorRecord(**history), reasons, NOW, **kwargs)
    assert (outcome.penalty.level if outcome.penalty else None) == level
    assert outcome.warning is warning
    assert (outcome.proposal.clauses if outcome.proposal else ()) == proposed
    assert outcome.reason_zh or level is None and not warning


def test_a_level1_bans_for_exactly_7_days_from_the_decision():
    """第五章 3 一级处罚: 关闭发文权限7天."""
    penalty = penalty_for_reject(AuthorRecord(), ["BODY_LINK"], NOW, post_id="p1").penalty
    assert (penalty.start, penalty.end) == (NOW, NOW + timedelta(days=7))
    assert (penalty.post_id, penalty.clause) == ("p1", "5.4-II")
    assert "2024年3月27日 10:00（北京时间）" in penalty.reason_zh and "文内链接" in penalty.reason_zh


def test_a_category_iii_warning_names_the_problem_in_chinese():
    """5.4-III: 首次警告并退回修改."""
    outcome = penalty_for_reject(AuthorRecord(), ["TITLE_LENGTH", "IMAGE_BLURRY"], NOW)
    assert outcome.categories == {"III"} and outcome.penalty is None
    assert outcome.reason_zh.startswith("首次警告") and "标题字数不符、图片模糊" in outcome.reason_zh


def test_level2_evidence_names_the_prior_penalties_and_the_decision():
    """5.4-IV.2: the proposal carries the Level 1 penalties it rests on."""
    prior = level1(1, id=41)
    outcome = penalty_for_reject(AuthorRecord(penalties=[prior]), ["BODY_PROMO"], NOW, post_id="p7")
    (evidence,) = outcome.proposal.evidence
    assert evidence.penalties == (prior,)
    assert [(d.post_id, d.at, d.reasons) for d in evidence.decisions] == [("p7", NOW, ("BODY_PROMO",))]
    assert "IV" in outcome.categories and "已提请管理员确认二级处罚" in outcome.reason_zh


def test_level2_evidence_for_consecutive_unrevised_posts_lists_each_post():
    """5.4-IV.1: the evidence is the not-revised re-check of every post in the run."""
    record = AuthorRecord(decisions=not_revised_posts("p1", "p2", "p3") + [ret("p4", 3)])
    outcome = penalty_for_reject(record, ["REVISION_NOT_DONE"], NOW, post_id="p4")
    (evidence,) = outcome.proposal.evidence
    assert [d.post_id for d in evidence.decisions] == ["p1", "p2", "p3", "p4"]
    assert "4篇" in evidence.summary_zh


def test_level2_evidence_for_plagiarism_lists_both_posts():
    """5.4-IV.3: 侵权、抄袭超过1次."""
    record = AuthorRecord(decisions=[ret("p1", 1, "BODY_PLAGIARISM")])
    outcome = penalty_for_reject(record, ["BODY_PLAGIARISM"], NOW, post_id="p2", outcome="take_offline")
    assert [d.post_id for d in outcome.proposal.evidence[0].decisions] == ["p1", "p2"]
    assert outcome.penalty.end is None


def test_several_triggers_make_one_proposal_with_all_the_evidence():
    """5.4-IV.2 and IV.5 together."""
    outcome = penalty_for_reject(AuthorRecord(penalties=[level1(1)]), ["BODY_HEALTH_CLAIM"], NOW)
    assert outcome.proposal.clauses == ("5.4-IV.5", "5.4-IV.2")
    confirmed = level2_penalty(outcome.proposal, at(21))
    assert confirmed.level is Level.LEVEL_2 and confirmed.end is None and "5.4-IV.5" in confirmed.clause


@pytest.mark.parametrize("prior_events, level", [
    pytest.param([], Level.SUSPENSION, id="4.2(3): a first unchanged resubmission is a 7-day suspension"),
    pytest.param([UnchangedResubmission("p1", at(1))], Level.SUSPENSION, id="4.2(3): so is the second"),
    pytest.param([UnchangedResubmission("p1", at(1)), UnchangedResubmission("p1", at(2))], Level.LEVEL_1,
                 id="5.4-I.5: the third is a Level 1"),
])
def test_penalty_for_unchanged_resubmission(prior_events, level):
    outcome = penalty_for_unchanged_resubmission(AuthorRecord(unchanged_resubmissions=prior_events), NOW, post_id="p1")
    assert outcome.penalty.level is level
    assert outcome.penalty.end == NOW + timedelta(days=7) and outcome.revokes_whitelist


def test_unchanged_resubmissions_count_both_refusals_and_editor_rejects():
    """5.4-I.5: one refused resubmission and one RESUBMIT_UNCHANGED reject, then a third."""
    record = AuthorRecord(unchanged_resubmissions=[UnchangedResubmission("p1", at(1))],
                          decisions=[ret("p2", 2, "RESUBMIT_UNCHANGED")])
    assert penalty_for_unchanged_resubmission(record, NOW).penalty.level is Level.LEVEL_1


@pytest.mark.parametrize("reasons, revokes", [
    pytest.param(["TITLE_LENGTH"], True, id="第五章2: even a warning revokes the whitelist"),
    pytest.param(["BODY_PROMO"], True, id="第五章2: a Level 1 revokes the whitelist"),
    pytest.param(["IMAGE_INVALID"], False, id="第五章2: advice only keeps it"),
])
def test_violations_revoke_the_whitelist(reasons, revokes):
    assert penalty_for_reject(AuthorRecord(), reasons, NOW).revokes_whitelist is revokes


@pytest.mark.parametrize("call, error", [
    pytest.param(lambda: penalty_for_reject(AuthorRecord(), ["NO_SUCH_RULE"], NOW), UnknownRule, id="unknown rule"),
    pytest.param(lambda: penalty_for_reject(AuthorRecord(), ["BODY_PROMO"], NOW.replace(tzinfo=None)), ValueError,
                 id="naive now"),
    pytest.param(lambda: penalty_for_reject(AuthorRecord(), [], NOW, outcome="approve"), ValueError, id="approval"),
    pytest.param(lambda: Submission("p1", datetime(2024, 3, 4)), ValueError, id="naive submission time"),
])
def test_bad_input_is_refused_clearly(call, error):
    with pytest.raises(error):
        call()


# --- Bans ---------------------------------------------------------------------------------------

START = at(4)
BAN = level1(4)
BAN_CASES = [
    pytest.param([BAN], START + timedelta(days=1), False, BAN.end, id="第五章3: a Level 1 bans for 7 days"),
    pytest.param([BAN], START + timedelta(days=7, seconds=-1), False, BAN.end, id="第五章3: banned 1s before 7 days"),
    pytest.param([BAN], START + timedelta(days=7), True, None, id="第五章3: the ban expires exactly at 7 days"),
    pytest.param([level1(4, lifted_at=at(6))], at(6), True, None, id="lifted: allowed from the lift"),
    pytest.param([level1(4, lifted_at=at(6))], at(5), False, at(6), id="lifted: banned until the lift"),
    pytest.param([Penalty(Level.LEVEL_1, START, at(7))], at(7), True, None, id="shortened: allowed from the new end"),
    pytest.param([level1(4, overturned=True)], at(5), True, None, id="overturned: no ban at all"),
    pytest.param([level1(25)], at(20), True, None, id="a ban that has not started"),
    pytest.param([Penalty(Level.PERMANENT, START, None)], at(30), False, None, id="4.2(3): plagiarism, for good"),
    pytest.param([Penalty(Level.LEVEL_2, START, None)], at(30), False, None, id="第五章3: Level 2 bans the account"),
    pytest.param([BAN, Penalty(Level.SUSPENSION, at(6), at(13))], at(8), False, at(13),
                 id="4.2(3): overlapping bans, the latest end wins"),
]


@pytest.mark.parametrize("penalties, now, allowed, until", BAN_CASES)
def test_can_post(penalties, now, allowed, until):
    right = can_post(AuthorRecord(penalties=penalties), now)
    assert (right.allowed, right.until) == (allowed, until)
    assert bool(right.reason_zh) is not allowed


def test_ban_messages_say_when_posting_reopens():
    right = can_post(AuthorRecord(penalties=[BAN]), at(5))
    assert right.reason_zh == "发文权限已关闭，2024年3月11日 10:00（北京时间）后恢复。"
    assert "封停" in can_post(AuthorRecord(penalties=[Penalty(Level.LEVEL_2, START, None)]), at(5)).reason_zh


def test_active_bans_lists_the_bans_in_force_soonest_end_first():
    forever, short = Penalty(Level.PERMANENT, at(5), None), Penalty(Level.SUSPENSION, at(5), at(9))
    assert active_bans([forever, BAN, short, level1(1, lifted_at=at(2))], at(6)) == (short, BAN, forever)


# --- Pass rate: 第一章 ---------------------------------------------------------------------------

def sub(post, when, result=Result.APPROVED, ever_rejected=False):
    return Submission(post, when, result, ever_rejected)


@pytest.mark.parametrize("subs, since, rate", [
    pytest.param([], None, None, id="no posts: no rate"),
    pytest.param([sub("p1", at(1), Result.PENDING)], None, None, id="pending posts do not count"),
    pytest.param([sub("p1", at(1)), sub("p2", at(1), Result.REJECTED)], None, 0.5, id="one of two passed"),
    pytest.param([sub("p1", at(1)), sub("p2", at(1), Result.APPROVED, ever_rejected=True)], None, 0.5,
                 id="rejected once then approved is a failure"),
    pytest.param([sub("p1", at(1), Result.REJECTED), sub("p2", at(5))], at(3), 1.0, id="since leaves older posts out"),
])
def test_pass_rate(subs, since, rate):
    assert pass_rate(subs, since) == rate


@pytest.mark.parametrize("passed, failed, flagged", [
    pytest.param(0, 0, False, id="第一章: no decided post, no flag"),
    pytest.param(1, 1, False, id="第一章: exactly 50% is not below"),
    pytest.param(49, 51, True, id="第一章: 49% is below 50%"),
])
def test_below_news_threshold(passed, failed, flagged):
    subs = [sub(f"a{i}", at(1)) for i in range(passed)] + [sub(f"b{i}", at(1), Result.REJECTED) for i in range(failed)]
    assert below_news_threshold(AuthorRecord(submissions=subs)) is flagged


# --- Whitelist: 第五章 1 --------------------------------------------------------------------------

W1, W2, W3 = 4, 11, 18  # March 2024 Mondays; NOW is in W3, so W1 and W2 are the last complete weeks


def week(monday, n, result=Result.APPROVED, prefix=None, **kw):
    """n posts spread over the week starting on March ``monday``."""
    return [sub(f"{prefix or monday}-{i}", at(monday + i % 7, 9 + i // 7), result, **kw) for i in range(n)]


UTC = timezone.utc
SUNDAY_2359 = datetime(2024, 3, 10, 15, 59, tzinfo=UTC)  # Sunday 23:59 in Shanghai
MONDAY_0000 = datetime(2024, 3, 10, 16, 0, tzinfo=UTC)  # Monday 00:00 in Shanghai, still Sunday in UTC

WHITELIST_CASES = [
    pytest.param(week(W1, 10) + week(W2, 10), NOW, True, id="第五章1: exactly 10 posts in each of two weeks"),
    pytest.param(week(W1, 9) + week(W2, 10), NOW, False, id="第五章1: 9 posts in the first week"),
    pytest.param(week(W1, 10) + week(W2, 9), NOW, False, id="第五章1: 9 posts in the second week"),
    pytest.param(week(W1, 12) + week(W2, 10) + week(W2, 1, Result.REJECTED, "x"), NOW, False,
                 id="第五章1: one rejection spoils the week"),
    pytest.param(week(W1, 10) + week(W2, 9) + week(W2, 1, ever_rejected=True, prefix="x"), NOW, False,
                 id="第五章1: rejected at any point is a failure"),
    pytest.param(week(W1, 10) + week(W2, 10) + week(W2, 1, Result.PENDING, "x"), NOW, False,
                 id="第五章1: a post pending over the week's end holds the week open"),
    pytest.param(week(W1, 10) + week(W2, 10) + week(W3, 2, Result.REJECTED), NOW, True,
                 id="第五章1: the current week does not count yet"),
    pytest.param(week(W2, 10) + week(W3, 10), NOW, False, id="第五章1: the current week is not complete"),
    pytest.param(week(W1 - 7, 10) + week(W1, 10), NOW, False, id="第五章1: older weeks are not the last two"),
    pytest.param(week(W1, 9) + [sub("late", SUNDAY_2359)] + week(W2, 10), NOW, True,
                 id="第五章1: Sunday 23:59 Shanghai belongs to that week"),
    pytest.param(week(W1, 9) + [sub("late", MONDAY_0000)] + week(W2, 10), NOW, False,
                 id="第五章1: Monday 00:00 Shanghai is the next week, though UTC says Sunday"),
    pytest.param(week(W1, 10) + week(W2, 10), datetime(2024, 3, 17, 16, 30, tzinfo=UTC), True,
                 id="第五章1: now in UTC on Sunday is Monday in Shanghai, so W2 is complete"),
    pytest.param(week(W1, 10) + week(W2, 10), datetime(2024, 3, 17, 15, 30, tzinfo=UTC), False,
                 id="第五章1: Sunday 23:30 in Shanghai, W2 is not complete"),
]


@pytest.mark.parametrize("subs, now, eligible", WHITELIST_CASES)
def test_whitelist_eligibility(subs, now, eligible):
    result = whitelist_eligibility(subs, now)
    assert result.eligible is eligible
    assert len(result.weeks) == 2 and result.weeks[0].week_start < result.weeks[1].week_start
    assert result.reason_zh


def test_whitelist_weeks_report_their_counts_and_why_not():
    """第五章 1: a pending post is counted apart, and the reason says to wait for it."""
    subs = week(W1, 10) + week(W2, 9) + week(W2, 1, Result.PENDING, "x") + week(W2, 1, Result.REJECTED, "y")
    result = whitelist_eligibility(subs, NOW)
    older, newer = result.weeks
    assert (older.posts, older.passed, older.failed, older.pending) == (10, 10, 0, 0)
    assert (newer.posts, newer.passed, newer.failed, newer.pending) == (11, 9, 1, 1)
    assert result.reason_zh == "3月11日–3月17日有1篇文章未通过审核；3月11日–3月17日还有1篇文章待审核，审核完成后才能判断。"


def test_a_pending_post_decided_later_makes_the_author_eligible():
    """第五章 1: the week is complete once its last post is decided."""
    pending = week(W1, 10) + week(W2, 9) + [sub("x", at(17, 23), Result.PENDING)]
    decided = pending[:-1] + [sub("x", at(17, 23), Result.APPROVED)]
    assert not whitelist_eligibility(pending, NOW).eligible
    assert whitelist_eligibility(decided, at(21)).eligible


@pytest.mark.parametrize("revoked_at, eligible", [
    pytest.param(at(3), True, id="第五章2: revoked before both weeks, eligible again"),
    pytest.param(at(6), False, id="第五章2: revoked within the first week, not yet"),
])
def test_whitelist_after_revocation(revoked_at, eligible):
    result = whitelist_eligibility(week(W1, 10) + week(W2, 10), NOW, not_before=revoked_at)
    assert result.eligible is eligible


@pytest.mark.parametrize("subs, summary", [
    pytest.param(week(W3, 7) + week(W2, 10), "本周发文7/10篇，通过率100%；上周发文10/10篇，通过率100%",
                 id="第五章1: this week 7/10, last week 10/10"),
    pytest.param(week(W3, 2, Result.PENDING) + week(W2, 3) + week(W2, 1, Result.REJECTED, "x"),
                 "本周发文2/10篇，暂无审核结果，2篇待审核；上周发文4/10篇，通过率75%",
                 id="第五章1: pending and failed posts"),
])
def test_whitelist_progress(subs, summary):
    progress = whitelist_progress(subs, NOW)
    assert progress.summary_zh == summary
    assert (progress.this_week.week_start.day, progress.last_week.week_start.day) == (W3, W2)


def test_week_start_is_the_shanghai_monday():
    assert week_start(SUNDAY_2359).day == W1 and week_start(MONDAY_0000).day == W2


# --- The rulebook: RULES.md as data -----------------------------------------------------------

def rules_md_rows():
    path = ROOT.parent / "shared" / "spec" / "RULES.md"
    if not path.exists():
        pytest.skip(f"{path} is not beside the repository")
    # The "what" cell may itself hold "|" (TITLE_FORBIDDEN_SYMBOL): take the first two and last three cells.
    rows = re.findall(r"^\| ([A-Z_]+) \| ([^|]*) \| .* \| ([^|]*) \| ([^|]*) \| ([^|]*) \|$",
                      path.read_text(encoding="utf-8"), re.M)
    return {rid: (clause.strip(), sev.strip(), None if cat.strip() == "-" else cat.strip(), how.strip())
            for rid, clause, sev, cat, how in rows}


def test_the_rulebook_transcribes_every_rule_of_rules_md():
    rows = rules_md_rows()
    assert len(rows) > 60
    assert set(RULES_BY_ID) - LIFECYCLE_REASONS == set(rows)
    for rid, (clause, sev, cat, how) in rows.items():
        transcribed = (RULE_CLAUSE[rid], RULE_SEVERITY[rid], RULE_CATEGORY[rid], get_rule(rid).how)
        assert transcribed == (clause, sev, cat, how), rid


def test_every_rule_has_a_chinese_name_and_a_known_group():
    assert len(RULES) == len(RULES_BY_ID)
    for rule in RULES:
        assert rule.group_zh in GROUPS and rule.name_zh and rule.description_zh.endswith("。"), rule.id
    assert {"RESUBMIT_UNCHANGED", "REVISION_NOT_DONE"} <= set(RULES_BY_ID)


def test_reason_choices_group_the_reasons_and_leave_advice_out():
    choices = dict(reason_choices())
    assert list(choices) == list(GROUPS)
    assert ("TITLE_LENGTH", "标题字数不符（TITLE_LENGTH）") in choices["标题"]
    assert "BODY_PUNCTUATION" not in {value for value, _ in choices["内容"]}
    assert "BODY_PUNCTUATION" in {value for value, _ in dict(reason_choices(include_advice=True))["内容"]}


def test_an_unknown_rule_id_is_a_clear_error():
    with pytest.raises(UnknownRule, match="TITLE_LENGHT"):
        get_rule("TITLE_LENGHT")


PURE_MODULES = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "authors" / "standing").glob("*.py"))


@pytest.mark.parametrize("module", [*PURE_MODULES, "moderation/rulebook.py"])
def test_pure_modules_import_nothing_from_django(module):
    """STYLE 1: standing and the rulebook are plain Python."""
    tree = ast.parse((ROOT / module).read_text(encoding="utf-8"))
    imported = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    imported += [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    assert not [m for m in imported if m == "django" or m.startswith("django.")]


@pytest.mark.parametrize("clauses, reason, unnamed", [
    ("5.4-II", "一级处罚：文章不通过（下线），关闭发文权限7天，至2026年12月15日 04:49（北京时间）。"
               "原因：发布与定位不符或有广告嫌疑的内容（正文含促销信息）（第五章4-二）。", []),
    ("5.4-II", "管理员处罚：促销软文", ["5.4-II"]),
    ("5.4-IV.5, 5.4-IV.2", "二级处罚：所有文章下线，封停账号及其关联账号。原因：不符合发现定位（夸大保健品功效）（第五章4-四.5）。",
     ["5.4-IV.2"]),
    ("4.2(3)", "发现抄袭，内容需原创，永久关闭发文权限（第四章2(3)）。", []),
    ("", "管理员处罚：多次抄袭", []),
])
def test_a_penalty_names_only_the_clauses_its_reason_does_not(clauses, reason, unnamed):
    assert unnamed_clauses(clauses, reason) == unnamed


END = datetime(2026, 12, 14, 21, 17, tzinfo=timezone.utc)  # 2026年12月15日 05:17（北京时间）


@pytest.mark.parametrize("reason, level, end, said", [
    ("一级处罚：文章不通过（下线），关闭发文权限7天，至2026年12月15日 05:17（北京时间）。原因：…", "一级处罚", END, True),
    ("关闭发文权限7天，至2026年12月15日 05:17（北京时间）。原因：…", "关闭发文7天", END, True),
    ("管理员处罚：促销软文", "一级处罚", END, False),
    ("管理员处罚：一级处罚", "一级处罚", END, False),  # the level, but not the end
    ("二级处罚：所有文章下线，封停账号及其关联账号。原因：…", "二级处罚", None, True),
    ("管理员处罚：多次抄袭", "永久关闭发文", None, False),
])
def test_a_penalty_notice_says_the_level_and_end_only_where_the_reason_does_not(reason, level, end, said):
    assert term_said(reason, level, end) is said
