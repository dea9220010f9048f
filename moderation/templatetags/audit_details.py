"""``{% for d in event|details %}``: an audit event's details as people read them — each key the
actions write (``log_event``'s keywords) under a label in the reader's language, its value in words (a
penalty's level by name, a state by name, a row as "审核决定 #2", yes/no for a flag, a time in local
time). A key not listed here shows as stored, key and value, as before."""
from __future__ import annotations

import re
from typing import Callable, NamedTuple

from django import template
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.html import format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext, pgettext, pgettext_lazy

from authors.models import Penalty
from authors.standing import clause_said, ladder_cause, unnamed_clauses
from moderation.audit import PEOPLE, Verb
from moderation.checks.engine import Wording
from moderation.models import Decision, RuleDraft
from moderation.models.posts import state_label
from moderation.wording import LIST_MARK, say_text

register = template.Library()
ISO_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d")  # how log_event stores a datetime (DjangoJSONEncoder)


class Detail(NamedTuple):
    label: str
    value: object
    wording: dict | None = None  # the system's wording of a text detail (kept under ``wordings``)
    text: bool = False  # prose a person wrote or the desk stored: shown as user content (``stored``)
    ref: bool = False  # a row's number ("#2"): read after its label with no colon


def _label(zh: str):
    return pgettext_lazy("audit detail", zh)


def _plain(value):
    """A stored detail with no formatter of its own: a time (stored as UTC ISO) in local time as the page's
    other times, a list of plain values as a list ("BODY_PROMO, BODY_NO_IMAGE"); anything else as it is."""
    if isinstance(value, str) and ISO_TIME.match(value) and (at := parse_datetime(value)):
        return f"{timezone.localtime(at):%Y-%m-%d %H:%M}"
    if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
        return ", ".join(map(str, value))
    return value


def _yes_no(value):
    return pgettext("audit detail", "是") if value else pgettext("audit detail", "否")


def _choice(labels: Callable[[str], str]):
    def said(value):
        try:
            return labels(value)
        except (KeyError, ValueError):  # a value from an older vocabulary
            return value
    return said


def _clauses(value):
    clauses = value if isinstance(value, list) else [value]
    return gettext(LIST_MARK).join(say_text(clause_said(str(c)).to_dict(), str(c)) for c in clauses)


def _thresholds(value):
    """A draft's thresholds by their engine names, as admins type them: image_sharpness = 70、…"""
    if not isinstance(value, dict):
        return _plain(value)
    return gettext(LIST_MARK).join(f"{name} = {v}" for name, v in value.items()) or pgettext("audit detail", "默认")


OPS = {"add": pgettext_lazy("audit detail", "新增"), "remove": pgettext_lazy("audit detail", "删除")}


def _changes(value) -> str | None:
    """A rule draft's lexicon changes ([op, lexicon, term] each) as 新增 promo：秒杀价、删除 … (the terms
    marked as user content: they are the admins' words, in any language); None when
    ``value`` is not such a list (a person's text under the same key)."""
    if not isinstance(value, list) or not all(isinstance(c, list) and len(c) == 3 for c in value):
        return None
    return format_html_join(gettext(LIST_MARK), '{} {}{}<span class="uc">{}</span>',
                            ((OPS.get(op, op), lexicon, gettext("："), term) for op, lexicon, term in value))


RESOURCES = {  # the import-export resources an ADMIN_IMPORT names, by what they import
    "LexiconEntryResource": _label("词库词条"), "LexiconDraftResource": _label("词库草稿改动"),
    "AuthorResource": _label("作者"), "PenaltyResource": _label("处罚"), "ViolationRecordResource": _label("违规记录"),
}


_level = _choice(lambda v: Penalty.Level(v).label)
_outcome = _choice(lambda v: gettext(Decision.Outcome(v).label))  # labels kept in Chinese, as templates translate them
_state = _choice(state_label)

# key: (label, how its value reads). Text keys are handled apart (TEXT), row references by REFS.
FORMATS: dict[str, tuple] = {
    "level": (_label("级别"), _level),
    "clause": (_label("条款"), _clauses),
    "clauses": (_label("条款"), _clauses),
    "ends_at": (_label("截止"), _plain),
    "ends_at_before": (_label("原截止"), _plain),
    "due_at": (_label("生效时间"), _plain),
    "warning": (_label("警告"), _yes_no),
    "serious": (_label("严重违规"), _yes_no),
    "unchanged": (_label("内容未改"), _yes_no),
    "matched": (_label("与标准答案一致"), _yes_no),
    "agreed": (_label("两审一致"), _yes_no),
    "overruled": (_label("初审被改判"), _yes_no),
    "applied": (_label("已生效"), _yes_no),
    "active": (_label("启用"), _yes_no),
    "created": (_label("新建"), _yes_no),
    "deleted": (_label("已删除"), _yes_no),
    "outcome": (_label("结论"), _outcome),
    "from_state": (_label("原状态"), _state),
    "to_state": (_label("新状态"), _state),
    "reasons": (_label("理由"), _plain),
    "rule": (_label("规则"), _plain),
    "rules": (_label("规则"), _plain),
    "findings": (_label("发现"), _plain),
    "blocks": (_label("阻断"), _plain),
    "warnings": (_label("提醒"), _plain),
    "count": (_label("数量"), _plain),
    "order": (_label("顺序"), _plain),
    "new_author_below": (_label("新作者门槛（通过文章数）"), _plain),
    "posts": (_label("文章数"), _plain),
    "days": (_label("天数"), _plain),
    "fix_by_days": (_label("修改期限（天）"), _plain),
    "rate": (_label("抽检比例"), _plain),
    "kinds": (_label("类型"), _plain),
    "fields": (_label("字段"), _plain),
    "language": (_label("语言"), _plain),
    "username": (_label("用户名"), _plain),
    "thresholds": (_label("阈值"), _thresholds),
    "resource": (_label("导入内容"), lambda v: RESOURCES.get(v, v)),
}
REFS = {  # a detail that names a row by its ID
    "decision": _label("审核决定"), "penalty": _label("处罚"), "proposal": _label("二级处罚提议"),
    "refusal": _label("重复提交记录"), "linked_from": _label("关联自处罚"), "revision": _label("版本"),
    "held": _label("暂缓决定"), "run": _label("复核批次"), "version": _label("规则版本"),
    "draft": _label("规则草稿"), "gold": _label("金标准"), "source": _label("来源文章"),
    "carried_from": _label("沿用自发现"), "other": _label("关联作者"), "editor": _label("编辑"),
    "group": _label("编辑组"),  # saving a stage names its group by ID; opening one, by name (TEXT)
}
TEXT = {  # prose people wrote or the desk stored: shown as written (or said from its wording)
    "reason": _label("原因"), "note": _label("备注"), "message": _label("留言"), "text": _label("内容"),
    "name": _label("名称"), "error": _label("错误"), "response": _label("答复"), "title": _label("标题"),
    "stage": _label("审核阶段"), "group": _label("编辑组"), "changes": _label("改动"),
    "consequence": _label("处理后果"), "override": _label("越过阻断的理由"), "label": _label("对象"),
    "excerpt": _label("摘录"),
}


# The order a person reads them in (PostgreSQL's jsonb keeps keys by length, so "to_state" came before
# "from_state"); the keys not listed follow in stored order.
ORDER = ("from_state", "to_state", "outcome", "level", "clause", "clauses", "reason", "consequence", "note", "reasons",
         "ends_at_before", "ends_at", "warning", "serious")


def _rank(key: str) -> int:
    return ORDER.index(key) if key in ORDER else len(ORDER)


def _cause(value, wording: dict | None, data: dict) -> tuple[object, dict | None]:
    """A penalty's reason as the ladder wrote it says the penalty's level and end before its own
    "原因：", which the event says in details of their own: under "Reason:" it read "Reason: Level-1
    penalty: … Reason: …". It reads as its cause alone (``standing.ladder_cause``)."""
    cause = ladder_cause(Wording.from_dict(wording)) if wording and "template" in wording else None
    if cause is None or not {"level", "ends_at"} & data.keys():
        return value, wording
    return str(cause), cause.to_dict() if isinstance(cause, Wording) else None


def _read(key: str, value, wording: dict | None, names: dict) -> Detail:
    if key in PEOPLE and isinstance(value, int) and value in names.get(key, {}):
        return Detail(REFS[key], names[key][value], text=True)
    if key in REFS and isinstance(value, int) and not isinstance(value, bool):
        return Detail(REFS[key], f"#{value}", ref=True)
    if key == "changes" and (changes := _changes(value)) is not None:
        return Detail(TEXT[key], changes)
    if key == "title" and value in (RuleDraft.DEFAULT_TITLE, RuleDraft.ADMIN_TITLE):  # the desk's own titles
        return Detail(TEXT[key], pgettext("draft title", value))
    if key in TEXT:
        return Detail(TEXT[key], _plain(value), wording, text=True)
    label, said = FORMATS.get(key, (key, _plain))
    return Detail(label, said(value))


def _model(kind: str):
    return next((m for m in apps.get_models() if m._meta.model_name == kind), None)


@register.filter
def target_label(event) -> str:
    """The 对象 column: the target's kind by its model's name in the reader's language, and its ID
    (文章 #2 / Post #2), as the admin names it; a model since removed by its stored name."""
    model = _model(event.target_type)
    name = capfirst(model._meta.verbose_name) if model is not None else event.target_type
    return f"{name} #{event.target_id}" if event.target_id else name


def _field_names(kind: str, fields) -> str:
    """The fields an admin changed by their labels on the admin's form (显示名称、擅长领域), not by
    their attribute names (display_name, category); a name the model no longer has as stored."""
    model = _model(kind)

    def label(name):
        try:
            return str(model._meta.get_field(name).verbose_name) if model is not None else name
        except FieldDoesNotExist:  # a field removed since
            return name
    return gettext(LIST_MARK).join(label(f) for f in fields) if isinstance(fields, list) else _plain(fields)


@register.filter
def details(event, names: dict | None = None) -> list[Detail]:
    """An audit event's details in reading order, each labelled and said in words; ``names``
    (``people_named``) gives the people named by ID their usernames. A ladder's penalty reason is
    said as its cause (``_cause``), and its clause is not repeated when that cause names it."""
    data, wordings = event.data, event.data.get("wordings") or {}
    shown, said = dict(data), dict(wordings)
    if event.verb == Verb.ASSESS and "reason" in data:  # an assessment's "reason" is its outcome:
        shown["consequence"], said["consequence"] = shown.pop("reason"), said.pop("reason", None)  # 首次警告：…
    elif "reason" in data:
        shown["reason"], said["reason"] = _cause(data["reason"], wordings.get("reason"), data)
        if shown["reason"] is not data["reason"] and isinstance(data.get("clause"), str) \
                and not unnamed_clauses(data["clause"], str(shown["reason"])):
            del shown["clause"]  # the cause ends with its clause: （第五章4-一）
    if event.verb == Verb.ADMIN_CHANGE and "fields" in shown:
        shown["fields"] = _field_names(event.target_type, shown["fields"])
    keys = sorted((k for k in shown if k != "wordings"), key=_rank)
    return [_read(k, shown[k], said.get(k), names or {}) for k in keys]
