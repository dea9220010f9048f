"""What the desk's other pages read from standing: the queue's badges, the review screen's author
glance and the author's home (templates/moderation/queue.html, review.html, authors/my_posts.html)."""
from datetime import timedelta


from authors import selectors
from moderation.actions import penalties, whitelist
from builders import decide


def test_badges_show_bans_warnings_and_the_whitelist(cast, submit, django_assert_num_queries):
    """第五章 1–4 at a glance: banned until when, how many warnings, whitelisted."""
    first, second = submit(), submit()
    decide(first, cast.bob, "return", ["TITLE_LENGTH"])  # 5.4-III: a warning
    decision = decide(second, cast.bob, "return", ["BODY_PROMO"])  # 5.4-II: a Level 1
    whitelist.grant_whitelist(cast.charlie.author, actor=cast.dora, reason="合作作者")
    authors = [cast.alice.author, cast.charlie.author]
    with django_assert_num_queries(3):
        selectors.standing_badges(authors)
    alice, charlie = (a.standing for a in authors)
    assert alice.banned and alice.banned_until == decision.created_at + timedelta(days=7)
    assert alice.warnings == 1 and not alice.whitelisted
    assert charlie.whitelisted and not charlie.banned and charlie.warnings == 0


def test_a_ban_with_no_end_is_banned_without_an_end(cast):
    """4.2(3) plagiarism closes posting for good: banned, banned_until None."""
    penalties.issue_penalty(cast.alice.author, actor=cast.dora, level="permanent", reason="抄袭")
    selectors.standing_badges([cast.alice.author])
    assert cast.alice.author.standing.banned and cast.alice.author.standing.banned_until is None


def test_the_author_glance(cast, submit):
    """第一章 pass rate and 第五章 standing, for the review screen."""
    approved, returned = submit(), submit()
    decide(approved, cast.bob, "approve")
    decide(returned, cast.bob, "return", ["BODY_PROMO"])
    summary = selectors.standing_summary(cast.alice.author)
    assert summary["pass_rate"] == 50 and summary["banned"] and summary["warnings"] == 0
    assert "一级处罚" in summary["penalties"][0] and "5.4-II" in summary["penalties"][0]
