"""What a decision would do to its author under 第五章, in one sentence, before it is made.

``consequence`` is the one entry point for a decision's consequences: the desk's preview asks it
with the reasons the editor has ticked so far, and the decision action asks it (through
authors.records.reject_outcome) when it applies the decision, so the sentence the editor reads is
computed by the code that applies it. Pure: no Django import."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Callable, Iterable

from .penalties import BAN_DAYS, PenaltyOutcome, penalty_for_reject
from .records import SHANGHAI, AuthorRecord, Level, Outcome, PostId, require_aware

VIOLATIONS = (Outcome.RETURN, Outcome.REJECT, Outcome.TAKE_OFFLINE)


def _as_is(text: str) -> str:
    return text


@dataclass(frozen=True)
class Consequence:
    """``outcome``: the ladder's answer (None for an approval); ``sentence_zh``: what it does to the
    author, in one sentence for the editor; ``month_violation``: which violation of the author this
    calendar month (北京时间) it would be, 0 for an approval. ``sentence(gettext)`` words the same
    sentence in the UI language."""

    decision: Outcome
    outcome: PenaltyOutcome | None
    month_violation: int

    @property
    def sentence_zh(self) -> str:
        return self.sentence()

    def sentence(self, translate: Callable[[str], str] = _as_is) -> str:
        return sentence(self.decision, self.outcome, self.month_violation, translate)


def consequence(record: AuthorRecord, decision: Outcome | str, reasons: Iterable[str], now: datetime, *,
                post_id: PostId = None, serious: bool = False) -> Consequence:
    """The consequence of deciding ``decision`` with ``reasons`` now, given the author's history
    before it (``record``)."""
    decision = Outcome(decision)
    require_aware(now, "now")
    if decision not in VIOLATIONS:
        return Consequence(decision, None, 0)
    outcome = penalty_for_reject(record, reasons, now, post_id=post_id, outcome=decision, serious=serious)
    return Consequence(decision, outcome, _month_violations(record, now) + 1)


def _month_violations(record: AuthorRecord, now: datetime) -> int:
    here = now.astimezone(SHANGHAI)
    return sum(1 for d in record.decisions if d.is_violation
               and (d.at.astimezone(SHANGHAI).year, d.at.astimezone(SHANGHAI).month) == (here.year, here.month))


def sentence(decision: Outcome, outcome: PenaltyOutcome | None, month_violation: int,
             _: Callable[[str], str] = _as_is) -> str:
    """"将给予一级处罚：关闭发文权限7天（本月第2次违规）", "不处罚：首次警告，退回修改" …; ``_`` is the
    caller's gettext (the strings are in the project's catalogue; this module stays free of Django)."""
    if outcome is None:
        return _("不处罚：文章通过。")
    nth = {"nth": _("本月第%(n)d次违规") % {"n": month_violation}, "days": BAN_DAYS}
    p = outcome.penalty
    if p is None:
        plain = {Outcome.RETURN: _("退回修改"), Outcome.REJECT: _("退稿不用"), Outcome.TAKE_OFFLINE: _("下线")}
        nth["plain"] = plain[decision]
        head = _("不处罚：首次警告，%(plain)s（%(nth)s）") if outcome.warning else _("不处罚：%(plain)s（%(nth)s）")
        parts = [head % nth]
    elif p.level is Level.PERMANENT:
        parts = [_("将永久关闭发文权限（%(nth)s）") % nth]
    elif p.level is Level.LEVEL_1:
        parts = [_("将给予一级处罚：关闭发文权限%(days)d天（%(nth)s）") % nth]
    else:
        parts = [_("将关闭发文权限%(days)d天：未修改重复提交（%(nth)s）") % nth]
    if outcome.proposal is not None:
        parts.append(_("将提议二级处罚，需管理员确认"))
    return _("；").join(parts) + _("。")
