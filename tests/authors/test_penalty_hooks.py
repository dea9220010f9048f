"""第五章 4 through the hooks: histories built as real rows (posts, decisions), the on_decision hook
applied in order, and what it stored (penalty, warning, Level 2 proposal with its evidence)."""
import threading
from datetime import timedelta

import pytest
from django.db import connection

from authors.models import Assessment, Level2Proposal, Penalty
from moderation.actions import appeals, penalties
from builders import at, decide, make_post, record_decision

NR = "REVISION_NOT_DONE"

CASES = [
    pytest.param([("p1", 1, "return", ["BODY_MEDICAL"])], "level1", False, set(),
                 id="5.4-I: a category I reason is a Level 1"),
    pytest.param([("p1", 1, "take_offline", ["BODY_PROMO"])], "level1", False, set(),
                 id="5.4-II: a category II reason is a Level 1"),
    pytest.param([("p1", 1, "return", ["TITLE_LENGTH"])], None, True, set(),
                 id="5.4-III: a first category III offence is a warning"),
    pytest.param([("p1", 1, "return", ["TITLE_LENGTH"]), ("p2", 2, "return", ["IMAGE_BLURRY"])], "level1", False, set(),
                 id="5.4-III: a second category III offence is a Level 1"),
    pytest.param([("p1", 1, "return", ["TITLE_LENGTH"]), ("p1", 2, "return", [NR])], "level1", False, set(),
                 id="5.4-III: a category III post not revised as asked is a Level 1"),
    pytest.param([("p1", 1, "approve", []), ("p2", 2, "return", ["TITLE_LENGTH"])], None, True, set(),
                 id="5.4-III: an approved earlier post is no offence"),
    pytest.param([("p1", 1, "return", ["IMAGE_INVALID"]), ("p1", 2, "return", [NR]),
                  ("p2", 3, "return", ["IMAGE_INVALID"]), ("p2", 4, "return", [NR]),
                  ("p3", 5, "return", ["IMAGE_INVALID"]), ("p3", 6, "return", [NR])], "level1", False, set(),
                 id="5.4-I.5: failing to revise as asked a 3rd time is a Level 1"),
    pytest.param([("p1", 1, "return", ["BODY_PROMO"]), ("p2", 20, "return", ["BODY_LINK"])], "level1", False,
                 {"5.4-IV.2"}, id="5.4-IV.2: a second Level 1 proposes Level 2"),
    pytest.param([("p1", 1, "reject", ["BODY_HEALTH_CLAIM"])], "level1", False, {"5.4-IV.5"},
                 id="5.4-IV.5: false health claims: Level 1 now, Level 2 proposed"),
    pytest.param([("p1", 1, "reject", ["BODY_COMPETITOR", "BODY_SOFT_AD"])], "level1", False, {"5.4-IV.4"},
                 id="5.4-IV.4: a competitor advertorial proposes Level 2"),
    pytest.param([("p1", 1, "reject", ["BODY_PLAGIARISM"])], "permanent", False, set(),
                 id="4.2(3): plagiarism closes posting for good"),
    pytest.param([("p1", 1, "reject", ["BODY_PLAGIARISM"]), ("p2", 2, "reject", ["BODY_PLAGIARISM"])], "permanent",
                 False, {"5.4-IV.3"}, id="5.4-IV.3: plagiarism a second time proposes Level 2"),
    pytest.param([(f"p{i}", 2 * i + 1, "return", ["IMAGE_INVALID"]) for i in range(4)]
                 + [(f"p{i}", 2 * i + 2, "return", [NR]) for i in range(4)], "level1", False, {"5.4-IV.1"},
                 id="5.4-IV.1: more than 3 consecutive posts not revised as asked propose Level 2"),
    pytest.param([("p1", 1, "return", ["IMAGE_INVALID", "BODY_PUNCTUATION"])], None, False, set(),
                 id="5.4: advice-only reasons carry no penalty"),
]


@pytest.mark.parametrize("steps,level,warning,clauses", CASES)
def test_the_last_reject_carries_the_ladders_penalty(cast, history, steps, level, warning, clauses):
    """第五章 4 (the clause is the case's id): the hook records the penalty of the last reject."""
    _, last = history(cast.alice.author, steps, editor=cast.bob)
    assessment = Assessment.objects.get(decision=last)
    assert (assessment.penalty.level if assessment.penalty else None) == level
    assert assessment.warning is warning
    proposal = Level2Proposal.objects.filter(author=cast.alice.author, status="pending").first()
    found = {e["clause"] for e in proposal.evidence} if proposal else set()
    assert clauses <= found and bool(clauses) == bool(proposal)


def test_a_level1_bans_for_seven_days_from_the_decision(cast, history):
    """第五章 3 一级处罚: the author cannot post for 7 days from the confirmed reject."""
    _, decision = history(cast.alice.author, [("p1", 1, "return", ["BODY_PROMO"])])
    penalty = Penalty.objects.get(author=cast.alice.author)
    assert penalty.starts_at == decision.created_at
    assert penalty.ends_at - penalty.starts_at == timedelta(days=7)
    assert penalty.clause == "5.4-II" and "促销" in penalty.reason
    assert penalty.issued_by is None and penalty.decision == decision


def test_level2_evidence_names_the_decisions_it_rests_on(cast, history):
    """5.4-IV.2: the proposal shows the admin both Level 1 penalties and the decision behind them."""
    posts, last = history(cast.alice.author, [("p1", 1, "return", ["BODY_PROMO"]), ("p2", 20, "return", ["BODY_LINK"])])
    proposal = Level2Proposal.objects.get(author=cast.alice.author)
    evidence = next(e for e in proposal.evidence if e["clause"] == "5.4-IV.2")
    assert evidence["decision_ids"] == [last.pk]
    first = Penalty.objects.get(post=posts["p1"])
    assert evidence["penalty_ids"] == [first.pk]
    assert "一级处罚超过1次" in proposal.reason and proposal.decision == last


def test_the_hook_assesses_a_decision_once(cast, history):
    """第五章 4: a hook run twice (a retried job) does not punish twice."""
    _, decision = history(cast.alice.author, [("p1", 1, "return", ["BODY_PROMO"])])
    penalties.assess_decision(decision)
    assert Assessment.objects.filter(decision=decision).count() == 1
    assert Penalty.objects.filter(author=cast.alice.author).count() == 1


def test_a_reversed_decision_no_longer_counts_towards_the_ladder(cast, history):
    """5.4-IV.2 reading: penalties annulled on appeal count for nothing; a later Level 1 is the first."""
    posts, first = history(cast.alice.author, [("p1", 1, "return", ["BODY_PROMO"])])
    appeals.reverse_decision(first, actor=cast.dora, note="误判")
    later = make_post(cast.alice.author, submitted_at=at(19))
    record_decision(later, outcome="return", reasons=["BODY_LINK"], at=at(20))
    assert not Level2Proposal.objects.filter(author=cast.alice.author).exists()
    assert Penalty.objects.filter(author=cast.alice.author, overturned_at__isnull=True).count() == 1


def test_approvals_carry_nothing(cast, history):
    """第五章 4: only a confirmed reject is assessed."""
    history(cast.alice.author, [("p1", 1, "approve", [])])
    assert not Assessment.objects.exists() and not Penalty.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_rejects_decided_at_once_see_each_other(cast, submit):
    """5.4-IV.2 under a race: two editors reject two of alice's posts at the same moment; the second
    Level 1 still proposes Level 2 (the author row serialises the assessments)."""
    posts = [submit(), submit()]
    barrier, errors = threading.Barrier(2), []

    def work(post, editor):
        try:
            barrier.wait()
            decide(post, editor, "return", ["BODY_PROMO"])
        except Exception as exc:  # noqa: BLE001 — reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=pe) for pe in zip(posts, (cast.bob, cast.erin))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert Penalty.objects.filter(author=cast.alice.author, level="level1").count() == 2
    proposal = Level2Proposal.objects.get(author=cast.alice.author)
    assert [e["clause"] for e in proposal.evidence] == ["5.4-IV.2"]
