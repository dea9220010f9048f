"""What a decision would do to its author under 第五章, in one sentence, before it is made.

``consequence`` is the one entry point for a decision's consequences: the desk's preview asks it
with the reasons the editor has ticked so far, and the decision action asks it (through
authors.records.reject_outcome) when it applies the decision, so the sentence the editor reads is
computed by the code that applies it. Pure: no Django import."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Iterable

from .penalties import BAN_DAYS, PenaltyOutcome, penalty_for_reject
from .records import SHANGHAI, AuthorRecord, Level, Outcome, PostId, require_aware

_PLAIN_ZH = {Outcome.RETURN: "退回修改", Outcome.REJECT: "退稿不用", Outcome.TAKE_OFFLINE: "下线"}


@dataclass(frozen=True)
class Consequence:
    """``outcome``: the ladder's answer (None for an approval); ``sentence_zh``: what it does to the
    author, in one sentence for the editor; ``month_violation``: which violation of the author this
    calendar month (北京时间) it would be, 0 for an approval."""

    decision: Outcome
    outcome: PenaltyOutcome | None
    month_violation: int
    sentence_zh: str


def consequence(record: AuthorRecord, decision: Outcome | str, reasons: Iterable[str], now: datetime, *,
                post_id: PostId = None, serious: bool = False) -> Consequence:
    """The consequence of deciding ``decision`` with ``reasons`` now, given the author's history
    before it (``record``)."""
    decision = Outcome(decision)
    require_aware(now, "now")
    if decision not in _PLAIN_ZH:
        return Consequence(decision, None, 0, "不处罚：文章通过。")
    outcome = penalty_for_reject(record, reasons, now, post_id=post_id, outcome=decision, serious=serious)
    month = _month_violations(record, now) + 1
    return Consequence(decision, outcome, month, sentence_zh(decision, outcome, month))


def _month_violations(record: AuthorRecord, now: datetime) -> int:
    here = now.astimezone(SHANGHAI)
    return sum(1 for d in record.decisions if d.is_violation
               and (d.at.astimezone(SHANGHAI).year, d.at.astimezone(SHANGHAI).month) == (here.year, here.month))


def sentence_zh(decision: Outcome, outcome: PenaltyOutcome, month_violation: int) -> str:
    """"将给予一级处罚：关闭发文权限7天（本月第2次违规）", "不处罚：首次警告，退回修改" …"""
    nth = f"本月第{month_violation}次违规"
    parts = []
    p = outcome.penalty
    if p is None:
        head = "不处罚：首次警告，" if outcome.warning else "不处罚："
        parts.append(f"{head}{_PLAIN_ZH[decision]}（{nth}）")
    elif p.level is Level.PERMANENT:
        parts.append(f"将永久关闭发文权限（{nth}）")
    elif p.level is Level.LEVEL_1:
        parts.append(f"将给予一级处罚：关闭发文权限{BAN_DAYS}天（{nth}）")
    else:
        parts.append(f"将关闭发文权限{BAN_DAYS}天：未修改重复提交（{nth}）")
    if outcome.proposal is not None:
        parts.append("将提议二级处罚，需管理员确认")
    return "；".join(parts) + "。"
