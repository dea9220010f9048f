"""The penalty ladder of 第五章 4: what a confirmed reject, or a refused unchanged resubmission,
brings. See the package docstring for how ambiguous clauses are read."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Iterable

from moderation.checks.engine import Wording, say
from moderation.rulebook import LIFECYCLE_REASONS, RESUBMIT_UNCHANGED, get_rule

from .records import AuthorRecord, Decision, Level, Outcome, Penalty, PostId, at, at_zh, require_aware

# An admin's penalty is stored with this reason: the template (translated where it is shown) and what
# the admin wrote, as written.
ADMIN_PENALTY_REASON = "管理员处罚：{reason}"
BAN_DAYS = 7  # 第五章 3 一级处罚, and 4.2(3) for an unchanged resubmission: 关闭发文权限7天
MAX_NOT_REVISED = 2  # 5.4-I.5: 超过2次未能按要求修改 → Level 1
MAX_UNCHANGED_RESUBMISSIONS = 2  # 5.4-I.5: 未修改文章重复提交超过2次 → Level 1
MAX_CATEGORY_III_WARNINGS = 1  # 5.4-III: 首次警告; 二次犯错 → Level 1
MAX_CONSECUTIVE_NOT_REVISED = 3  # 5.4-IV.1: 连续…超过3篇，并不按要求修改
MAX_LEVEL1_PENALTIES = 1  # 5.4-IV.2: 受到一级处罚超过1次
MAX_PLAGIARISM = 1  # 5.4-IV.3: 侵权、抄袭超过1次

CATEGORY = {  # the 第五章 4 categories, as wordings (translated where they are said)
    "I": say("发布危害信息、敏感信息"),
    "II": say("发布与定位不符或有广告嫌疑的内容"),
    "III": say("文章内容不符合发现规范"),
    "IV": say("不符合发现定位"),
}
CATEGORY_ZH = {c: str(w) for c, w in CATEGORY.items()}
_CHAPTER5 = {  # "5.4-III.2" → 第五章4-三.2: the numeral is part of the template
    "I": "第五章4-一{item}", "II": "第五章4-二{item}", "III": "第五章4-三{item}", "IV": "第五章4-四{item}",
}


@dataclass(frozen=True)
class Evidence:
    """Why a clause applies: the clause, a sentence for people, and the decisions and penalties
    (current decision included) it rests on."""

    clause: str
    summary: Wording | str
    decisions: tuple[Decision, ...] = ()
    penalties: tuple[Penalty, ...] = ()

    @property
    def summary_zh(self) -> str:
        return str(self.summary)


@dataclass(frozen=True)
class Level2Proposal:
    """二级处罚 proposed for an admin's confirmation; ``evidence`` holds one entry per trigger."""

    evidence: tuple[Evidence, ...]

    @property
    def clauses(self) -> tuple[str, ...]:
        return tuple(e.clause for e in self.evidence)

    @property
    def reason(self) -> Wording:
        return explain(self.evidence)

    @property
    def reason_zh(self) -> str:
        return str(self.reason)


@dataclass(frozen=True)
class PenaltyOutcome:
    """What a confirmed reject (or a refused unchanged resubmission) brings. ``penalty``: record and
    enforce it now (None: no ban); ``warning``: 5.4-III first offence, the post goes back for
    revision; ``proposal``: Level 2 for an admin; ``categories``: the 第五章 4 categories that applied;
    ``revokes_whitelist``: 第五章 2, a whitelisted author loses the whitelist."""

    categories: frozenset[str]
    warning: bool
    penalty: Penalty | None
    proposal: Level2Proposal | None
    reason: Wording

    @property
    def reason_zh(self) -> str:
        return str(self.reason)

    @property
    def revokes_whitelist(self) -> bool:
        return bool(self.categories) or self.penalty is not None


def clause_said(clause: str) -> Wording:
    """"5.4-III" → 第五章4-三, "5.4-IV.2" → 第五章4-四.2, "4.2(3)" → 第四章2(3), as a wording."""
    if clause.startswith("5.4-"):
        cat, dot, item = clause[4:].partition(".")
        return say(_CHAPTER5[cat], item=f"{dot}{item}")
    return say("第四章{item}", item=clause[2:]) if clause.startswith("4.") else say("{clause}", clause=clause)


def clause_zh(clause: str) -> str:
    """"5.4-III" → "第五章4-三", "5.4-IV.2" → "第五章4-四.2", "4.2(3)" → "第四章2(3)"."""
    return str(clause_said(clause))


def unnamed_clauses(clauses: str, reason_zh: str) -> list[str]:
    """The clauses of a penalty ("5.4-II, 5.4-IV.2") that its reason does not name already: the
    ladder's reasons name theirs (…（第五章4-二）), an admin's own reason usually none."""
    return [c for c in (c.strip() for c in clauses.split(",")) if c and clause_zh(c) not in reason_zh]


LADDER_CAUSE = "原因：{why}"  # how the ladder's penalty sentences end: 一级处罚：…，至…。原因：{why}。


def ladder_cause(reason: Wording | None) -> Wording | str | None:
    """The cause alone (the ``why``) of a penalty reason the ladder wrote (一级处罚：…，至…。原因：{why}。;
    二级处罚：…原因：{why}。), for a page that says the level and the end apart and would otherwise say
    them twice ("Level-1 penalty · until … / Level-1 penalty: …, until …. Reason: …"); None for any other
    reason (an admin's own, 管理员处罚：…)."""
    if reason is None or LADDER_CAUSE not in reason.template or "why" not in reason.params:
        return None
    return reason.params["why"]


def term_said(reason_zh: str, level_zh: str, end: datetime | None) -> bool:
    """Whether a penalty's reason already says what the penalty is and until when: the ladder's
    sentences do (一级处罚：…，至2026年12月15日 05:15（北京时间）。原因：…; 二级处罚：…), an admin's own reason
    (管理员处罚：…) does not."""
    return at_zh(end) in reason_zh if end is not None else level_zh in reason_zh


def joined(parts: list[Wording], template: str) -> Wording:
    """``parts`` said one after the other, ``template`` ("{0}；{1}" style, with ``{}`` for each part)
    between them: ``joined([a, b], "{}；{}")``."""
    names = [f"p{i}" for i in range(len(parts))]
    return say(template.format(*("{%s}" % n for n in names)), **dict(zip(names, parts)))


def explain(evidence: Iterable[Evidence]) -> Wording:
    """Each piece of evidence with its clause: 摘要（条款）；摘要（条款）."""
    parts = [say("{summary}（{clause}）", summary=e.summary, clause=clause_said(e.clause)) for e in evidence]
    return joined(parts, "；".join("{}" for _ in parts))


def _names(reasons: Iterable[str], category: str) -> list[Wording]:
    rules = (get_rule(r) for r in reasons if r not in LIFECYCLE_REASONS)
    return [say(r.name_zh) for r in rules if r.category == category]


def penalty_for_reject(record: AuthorRecord, reasons: Iterable[str], now: datetime, *, post_id: PostId = None,
                       outcome: Outcome | str = Outcome.RETURN, not_revised: bool = False,
                       serious: bool = False) -> PenaltyOutcome:
    """第五章 4: the penalty a confirmed reject of ``post_id`` for ``reasons`` brings, given the
    author's history before it. ``outcome`` is the decision (return, reject or take_offline)."""
    current = Decision(post_id, require_aware(now, "now"), outcome, tuple(reasons), not_revised, serious)
    if not current.is_violation:
        raise ValueError("penalty_for_reject takes a return, reject or take_offline decision")
    return _assess(record, current, now, unchanged=RESUBMIT_UNCHANGED in current.reasons)


def penalty_for_unchanged_resubmission(record: AuthorRecord, now: datetime, *,
                                       post_id: PostId = None) -> PenaltyOutcome:
    """4.2(3) and 5.4-I.5: a resubmission refused as unchanged; the record does not hold it yet."""
    return _assess(record, None, require_aware(now, "now"), unchanged=True, post_id=post_id)


def _assess(record: AuthorRecord, current: Decision | None, now: datetime, *, unchanged: bool,
            post_id: PostId = None) -> PenaltyOutcome:
    decisions = record.decisions + ((current,) if current else ())
    level1: list[Evidence] = []
    level2: list[Evidence] = []
    permanent: Evidence | None = None
    warning = False
    if current is not None:
        level1 += _category_i_ii(current)
        warning = _category_iii(record.decisions, current, level1)
        level1 += _not_revised_count(decisions, current)
        permanent = _category_iv(decisions, current, level1, level2)
        level2 += _not_revised_run(decisions, current)
    suspension = None
    if unchanged:
        suspension = _unchanged(record, decisions, current, level1)
    prior_level1 = tuple(p for p in record.penalties if p.level is Level.LEVEL_1 and not p.overturned)
    if level1 and len(prior_level1) >= MAX_LEVEL1_PENALTIES:
        level2.append(Evidence("5.4-IV.2", say("受到一级处罚超过{max}次（本次为第{n}次）", max=MAX_LEVEL1_PENALTIES,
                                                   n=len(prior_level1) + 1),
                               (current,) if current else (), prior_level1))
    warning = warning and not (level1 or permanent)  # the heavier penalty stands in for the warning
    return _outcome(current, now, post_id, level1, level2, permanent, suspension, warning)


def _category_i_ii(current: Decision) -> list[Evidence]:
    """5.4-I and 5.4-II: a reason of category I or II is a Level 1 at once."""
    return [Evidence(f"5.4-{c}", say("{category}（{rules}）", category=CATEGORY[c],
                                       rules=_names(current.reasons, c)), (current,))
            for c in ("I", "II") if c in current.categories]


def _category_iii(history: tuple[Decision, ...], current: Decision, level1: list[Evidence]) -> bool:
    """5.4-III: first offence a warning; not revised as asked, or a second offence, a Level 1.
    Returns whether this is the warning."""
    on_post = [d for d in history if d.post_id == current.post_id and "III" in d.categories]
    if current.not_revised_as_asked and ("III" in current.categories or on_post):
        level1.append(Evidence("5.4-III", say("{category}，且未按要求修改", category=CATEGORY["III"]),
                               (*on_post, current)))
        return False
    if "III" not in current.categories:
        return False
    prior = tuple(d for d in history if "III" in d.categories)
    if len(prior) < MAX_CATEGORY_III_WARNINGS:
        return True
    level1.append(Evidence("5.4-III", say("{category}，二次犯错（{rules}）", category=CATEGORY["III"],
                                               rules=_names(current.reasons, "III")),
                           (*prior, current)))
    return False


def _not_revised_count(decisions: tuple[Decision, ...], current: Decision) -> list[Evidence]:
    """5.4-I.5: failing to revise as asked more than 2 times."""
    failures = tuple(d for d in decisions if d.not_revised_as_asked)
    if not current.not_revised_as_asked or len(failures) <= MAX_NOT_REVISED:
        return []
    return [Evidence("5.4-I.5", say("文章超过{max}次未能按要求修改（第{n}次）", max=MAX_NOT_REVISED,
                                         n=len(failures)), failures)]


def _category_iv(decisions: tuple[Decision, ...], current: Decision, level1: list[Evidence],
                 level2: list[Evidence]) -> Evidence | None:
    """5.4-IV.3–6 and category IV reasons; returns the permanent closure a plagiarism brings."""
    reasons = set(current.reasons)
    permanent = None
    if "BODY_PLAGIARISM" in reasons:  # 4.2(3): 一经发现永久关停发布权限, every time
        permanent = Evidence("4.2(3)", say("发现抄袭，内容需原创"), (current,))
        plagiarised = tuple(d for d in decisions if d.is_violation and "BODY_PLAGIARISM" in d.reasons)
        if len({d.post_id for d in plagiarised}) > MAX_PLAGIARISM:
            level2.append(Evidence("5.4-IV.3", say("侵权、抄袭超过{max}次", max=MAX_PLAGIARISM), plagiarised))
    for reason in sorted(reasons - {"BODY_PLAGIARISM"}):
        if get_rule(reason).category == "IV":
            clause = "5.4-IV.5" if reason == "BODY_HEALTH_CLAIM" else "5.4-IV"
            level2.append(Evidence(clause, say("{category}（{rules}）", category=CATEGORY["IV"],
                                                    rules=[say(get_rule(reason).name_zh)]), (current,)))
            level1.append(Evidence(clause, say("{rule}，二级处罚待管理员确认", rule=say(get_rule(reason).name_zh)),
                                   (current,)))
    if {"BODY_COMPETITOR", "BODY_SOFT_AD"} <= reasons:
        level2.append(Evidence("5.4-IV.4", say("竞品电商及其旗下产品的软文"), (current,)))
    if "BODY_ADULT" in reasons and current.serious:
        level2.append(Evidence("5.4-IV.6", say("发布成人用品或软色情内容，并严重违规"), (current,)))
    return permanent


def _not_revised_run(decisions: tuple[Decision, ...], current: Decision) -> list[Evidence]:
    """5.4-IV.1: more than 3 consecutive posts not revised as asked, the current one among them."""
    if not current.not_revised_as_asked:
        return []
    by_post: dict[PostId, list[Decision]] = {}
    for d in sorted(decisions, key=lambda d: d.at):  # posts in the order of their first decision
        by_post.setdefault(d.post_id, []).append(d)
    posts = list(by_post)
    flagged = [ds[-1].is_violation and any(d.not_revised_as_asked for d in ds) for ds in by_post.values()]
    lo = hi = posts.index(current.post_id)
    while lo > 0 and flagged[lo - 1]:
        lo -= 1
    while hi + 1 < len(posts) and flagged[hi + 1]:
        hi += 1
    run = posts[lo:hi + 1]
    if len(run) <= MAX_CONSECUTIVE_NOT_REVISED:
        return []
    evidence = tuple(d for pid in run for d in by_post[pid] if d.not_revised_as_asked)
    return [Evidence("5.4-IV.1", say("连续发布不符合审核规范的文章超过{max}篇，并不按要求修改（{n}篇）",
                                     max=MAX_CONSECUTIVE_NOT_REVISED, n=len(run)), evidence)]


def _unchanged(record: AuthorRecord, decisions: tuple[Decision, ...], current: Decision | None,
               level1: list[Evidence]) -> Evidence | None:
    """4.2(3) and 5.4-I.5: the 7-day closure, or a Level 1 past 2 unchanged resubmissions."""
    events = len(record.unchanged_resubmissions) + sum(
        d.is_violation and RESUBMIT_UNCHANGED in d.reasons for d in decisions) + (current is None)
    if events > MAX_UNCHANGED_RESUBMISSIONS:
        level1.append(Evidence("5.4-I.5", say("未修改文章重复提交超过{max}次（第{n}次）",
                                                   max=MAX_UNCHANGED_RESUBMISSIONS, n=events),
                               (current,) if current else ()))
        return None
    return Evidence("4.2(3)", say("退回的文章未按要求修改就再次提交"), (current,) if current else ())


def _outcome(current, now, post_id, level1, level2, permanent, suspension, warning) -> PenaltyOutcome:
    post_id = current.post_id if current else post_id
    proposal = Level2Proposal(tuple(level2)) if level2 else None
    if permanent:
        reason = say("{summary}，永久关闭发文权限（{clause}）。", summary=permanent.summary,
                     clause=clause_said(permanent.clause))
        penalty = Penalty(Level.PERMANENT, now, None, clause=permanent.clause, post_id=post_id,
                          reason_zh=str(reason), reason=reason)
    elif level1 or suspension:
        chosen = [*level1, *([suspension] if suspension else [])]
        end = now + timedelta(days=BAN_DAYS)
        reason = say("一级处罚：文章不通过（下线），关闭发文权限{days}天，至{at}。原因：{why}。" if level1 else
                     "关闭发文权限{days}天，至{at}。原因：{why}。", days=BAN_DAYS, at=at(end), why=explain(chosen))
        penalty = Penalty(Level.LEVEL_1 if level1 else Level.SUSPENSION, now, end, post_id=post_id,
                          clause=", ".join(dict.fromkeys(e.clause for e in chosen)),
                          reason_zh=str(reason), reason=reason)
    else:
        penalty = None
    texts = [penalty.reason] if penalty else []
    if warning:
        texts.append(say("首次警告：{category}（{rules}），文章退回修改；如不按要求修改或再次违规，将给予一级处罚（第五章4-三）。",
                         category=CATEGORY["III"], rules=_names(current.reasons, "III")))
    if proposal:
        texts.append(say("已提请管理员确认二级处罚：{why}。", why=proposal.reason))
    cats = set(current.categories if current else ())
    cats.update(e.clause[4:].split(".")[0] for e in (*level1, *level2) if e.clause.startswith("5.4-"))
    return PenaltyOutcome(frozenset(cats), warning, penalty, proposal, joined(texts, "{}" * len(texts)))


def level2_penalty(proposal: Level2Proposal, now: datetime, *, post_id: PostId = None) -> Penalty:
    """The Penalty to record once an admin confirms a Level 2 proposal: the account is banned for good."""
    reason = say("二级处罚：所有文章下线，封停账号及其关联账号。原因：{why}。", why=proposal.reason)
    return Penalty(Level.LEVEL_2, require_aware(now, "now"), None, clause=", ".join(dict.fromkeys(proposal.clauses)),
                   post_id=post_id, reason_zh=str(reason), reason=reason)
