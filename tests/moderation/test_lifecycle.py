"""The lifecycle table, exhaustively: every state × every event (no database)."""
import ast
import pathlib

import pytest

from moderation import lifecycle
from moderation.errors import IllegalTransition, ResubmissionRefused
from moderation.lifecycle import Event, State

S, E = State, Event
EXPECTED = {
    (S.DRAFT, E.EDIT): S.DRAFT,
    (S.DRAFT, E.SUBMIT): S.SUBMITTED,
    (S.SUBMITTED, E.EDIT): S.SUBMITTED,
    (S.SUBMITTED, E.START_SCORING): S.SCORING,
    (S.SCORING, E.EDIT): S.SUBMITTED,
    (S.SCORING, E.START_SCORING): S.SCORING,
    (S.SCORING, E.FINISH_SCORING): S.IN_QUEUE,
    (S.SCORING, E.AUTO_PUBLISH): S.APPROVED,
    (S.IN_QUEUE, E.EDIT): S.SUBMITTED,
    (S.IN_QUEUE, E.APPROVE): S.APPROVED,
    (S.IN_QUEUE, E.RETURN): S.RETURNED,
    (S.IN_QUEUE, E.REJECT): S.REJECTED,
    (S.RETURNED, E.RESUBMIT): S.SUBMITTED,
    (S.APPROVED, E.TAKE_OFFLINE): S.OFFLINE,
    (S.RETURNED, E.REINSTATE): S.IN_QUEUE,
    (S.REJECTED, E.REINSTATE): S.IN_QUEUE,
    (S.OFFLINE, E.REINSTATE): S.IN_QUEUE,
    (S.RETURNED, E.EXPIRE): S.CLOSED,
    (S.APPROVED, E.OVERRULE): S.IN_QUEUE,
    (S.RETURNED, E.OVERRULE): S.IN_QUEUE,
    (S.REJECTED, E.OVERRULE): S.IN_QUEUE,
}


@pytest.mark.parametrize("state", list(State))
@pytest.mark.parametrize("event", list(Event))
def test_every_state_and_event(state, event):
    if (state, event) in EXPECTED:
        assert lifecycle.next_state(state, event) == EXPECTED[(state, event)]
    else:
        with pytest.raises(IllegalTransition) as exc:
            lifecycle.next_state(state, event)
        assert exc.value.message  # a sentence the user can read, in Chinese
        assert exc.value.status == 409


def test_approved_posts_are_locked_with_a_reason():
    with pytest.raises(IllegalTransition, match="已审核通过"):
        lifecycle.next_state(S.APPROVED, E.EDIT)


def test_rejected_for_good_cannot_be_resubmitted():
    with pytest.raises(IllegalTransition, match="退稿不用"):
        lifecycle.next_state(S.REJECTED, E.RESUBMIT)


@pytest.mark.parametrize("used,same,refused,unchanged", [
    (0, False, False, None), (1, False, False, None), (2, False, True, False),
    (0, True, True, True), (1, True, True, True),
])
def test_resubmission_limits(used, same, refused, unchanged):
    kwargs = dict(resubmissions_used=used, new_hash="b" if not same else "a", returned_hash="a")
    if not refused:
        lifecycle.check_resubmission(**kwargs)
        return
    with pytest.raises(ResubmissionRefused) as exc:
        lifecycle.check_resubmission(**kwargs)
    assert exc.value.details["unchanged"] is unchanged


def test_resubmissions_left_counts_down():
    assert [lifecycle.resubmissions_left(n) for n in range(4)] == [2, 1, 0, 0]


@pytest.mark.parametrize("module", ["moderation/lifecycle.py", "moderation/errors.py", "moderation/postformat.py"])
def test_pure_modules_do_not_import_django(module):
    tree = ast.parse(pathlib.Path(module).read_text())
    names = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    names += [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    assert not [n for n in names if n.split(".")[0] == "django"]
