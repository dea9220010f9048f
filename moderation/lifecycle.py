"""The post lifecycle: states, events and the one transition table. Pure Python, no Django.

    draft ─submit→ submitted ─start_scoring→ scoring ─finish_scoring→ in_queue
    in_queue ─approve→ approved (online) ─take_offline→ offline
    in_queue ─return→ returned ─resubmit→ submitted   (at most 2 times, never unchanged)
    in_queue ─reject→ rejected (for good, 退稿不用)
    scoring ─auto_publish→ approved                     (whitelisted author, no block finding)
    submitted / scoring / in_queue ─edit→ submitted    (pending posts may be edited freely)
    returned / rejected / offline ─reinstate→ in_queue (an appeal upheld: the decision is reversed)
    approved / returned / rejected ─overrule→ in_queue (a senior editor overruled the decision in a
                                                       double review, and decides it again at once)
    returned ─expire→ closed                           (not resubmitted by its fix-by date; no penalty)

Exactly one function (moderation.actions.core.transition) applies these, with the row locked.
"""
from __future__ import annotations

from enum import StrEnum

from .checks.engine import Wording, say
from .errors import IllegalTransition, ResubmissionRefused

# 4.2(3): a returned post may be edited and resubmitted at most 2 times.
MAX_RESUBMISSIONS = 2


class Outcome(StrEnum):
    """An editor's decision (or the system's auto-publish). The one definition: Decision.Outcome and
    authors.standing read these values."""

    APPROVE = "approve"
    RETURN = "return"
    REJECT = "reject"
    TAKE_OFFLINE = "take_offline"
    AUTO_PUBLISH = "auto_publish"


OUTCOME_LABELS_ZH = {
    Outcome.APPROVE: "通过",
    Outcome.RETURN: "退回修改",
    Outcome.REJECT: "退稿不用",
    Outcome.TAKE_OFFLINE: "下线",
    Outcome.AUTO_PUBLISH: "白名单自动发布",
}

# 第五章 4: a confirmed reject — every outcome that finds a violation.
VIOLATION_OUTCOMES = frozenset({Outcome.RETURN, Outcome.REJECT, Outcome.TAKE_OFFLINE})


class State(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    SCORING = "scoring"
    IN_QUEUE = "in_queue"
    APPROVED = "approved"
    RETURNED = "returned"
    REJECTED = "rejected"
    OFFLINE = "offline"
    CLOSED = "closed"


class Event(StrEnum):
    SUBMIT = "submit"
    EDIT = "edit"
    START_SCORING = "start_scoring"
    FINISH_SCORING = "finish_scoring"
    AUTO_PUBLISH = "auto_publish"
    APPROVE = "approve"
    RETURN = "return"
    REJECT = "reject"
    RESUBMIT = "resubmit"
    TAKE_OFFLINE = "take_offline"
    REINSTATE = "reinstate"
    EXPIRE = "expire"
    OVERRULE = "overrule"


S, E = State, Event
TRANSITIONS: dict[tuple[State, Event], State] = {
    (S.DRAFT, E.EDIT): S.DRAFT,
    (S.DRAFT, E.SUBMIT): S.SUBMITTED,
    (S.SUBMITTED, E.EDIT): S.SUBMITTED,
    (S.SUBMITTED, E.START_SCORING): S.SCORING,
    (S.SCORING, E.EDIT): S.SUBMITTED,
    (S.SCORING, E.START_SCORING): S.SCORING,  # a re-run after a worker died mid-job
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

# The event an editor's decision applies.
DECISION_EVENTS = {
    Outcome.APPROVE: Event.APPROVE,
    Outcome.RETURN: Event.RETURN,
    Outcome.REJECT: Event.REJECT,
    Outcome.TAKE_OFFLINE: Event.TAKE_OFFLINE,
}

PENDING_STATES = frozenset({S.SUBMITTED, S.SCORING, S.IN_QUEUE})
EDITABLE_STATES = frozenset({S.DRAFT, *PENDING_STATES})
DECIDABLE_STATES = frozenset({S.IN_QUEUE})

STATE_LABELS_ZH = {
    S.DRAFT: "草稿",
    S.SUBMITTED: "已提交",
    S.SCORING: "机审中",
    S.IN_QUEUE: "待审核",
    S.APPROVED: "已通过（在线）",
    S.RETURNED: "退回修改",
    S.REJECTED: "退稿不用",
    S.OFFLINE: "已下线",
    S.CLOSED: "逾期关闭",
}

_WHY_NOT_ZH = {
    S.APPROVED: "文章已审核通过，不能再修改或重复提交。",
    S.REJECTED: "文章已被退稿不用，不能再修改或提交。",
    S.OFFLINE: "文章已下线。",
    S.RETURNED: "文章已退回修改，请修改后重新提交。",
    S.CLOSED: "文章退回后逾期未重新提交，已关闭。",
}


def next_state(state: State | str, event: Event | str) -> State:
    """The state after ``event``; IllegalTransition (with a message the user can read) otherwise."""
    state, event = State(state), Event(event)
    try:
        return TRANSITIONS[(state, event)]
    except KeyError:
        reason = say(_WHY_NOT_ZH[state]) if state in _WHY_NOT_ZH else \
            say("当前状态（{state}）不允许此操作。", state=say(STATE_LABELS_ZH[state]))
        raise IllegalTransition(reason, state=state.value, event=event.value) from None


def check_resubmission(*, resubmissions_used: int, new_hash: str, returned_hash: str) -> None:
    """4.2(3): at most 2 resubmissions after a return, and never the unchanged returned version.

    Raises ResubmissionRefused with ``details["unchanged"]`` set when the content did not change,
    so the caller records it (RESUBMIT_UNCHANGED carries a 7-day ban, 第五章).
    """
    if resubmissions_used >= MAX_RESUBMISSIONS:
        raise ResubmissionRefused(
            say("退回的文章最多可修改后重新提交{n}次，本文已用完，不能再提交。", n=MAX_RESUBMISSIONS), unchanged=False
        )
    if new_hash == returned_hash:
        raise ResubmissionRefused(
            "内容与被退回的版本完全相同。请按编辑的意见修改后再提交；未修改重复提交将被关闭发文权限7天。",
            unchanged=True,
        )


def resubmissions_left(resubmissions_used: int) -> int:
    return max(0, MAX_RESUBMISSIONS - resubmissions_used)


def why_not_editable(state: State | str) -> Wording:
    """The reason an author cannot edit a post in ``state`` (said in the UI language by the interface)."""
    state = State(state)
    return say(_WHY_NOT_ZH[state]) if state in _WHY_NOT_ZH else \
        say("当前状态（{state}）不能修改。", state=say(STATE_LABELS_ZH[state]))
