"""The rule catalogue as people read it: reasons for the decision panel and rule choices for filters,
with each rule's name in the page's language (the catalogue's Chinese names are the message IDs)."""
from __future__ import annotations

from django.utils.translation import gettext

from . import rulebook


def _specs():
    return rulebook.RULES


def rule_label(spec: rulebook.RuleSpec) -> str:
    """TITLE_LENGTH 标题字数不符 / TITLE_LENGTH Title length out of range."""
    return f"{spec.id} {gettext(spec.name_zh)}"


def reason_choices():
    return [(spec.id, rule_label(spec)) for spec in _specs()]


def rule_filter_choices():
    """A filter's rule choices: every rule, after an empty "all rules"."""
    return [("", gettext("全部规则")), *reason_choices()]


def grouped_reason_choices(*, include_advice: bool = False):
    """rulebook.reason_choices with its groups and labels in the page's language."""
    return [(gettext(group), [(rule_id, rule_label(rulebook.RULES_BY_ID[rule_id])) for rule_id, _ in items])
            for group, items in rulebook.reason_choices(include_advice=include_advice)]


def reason_groups(*, proposed: set[str]):
    """[(group, open?, [{"spec", "proposed"}])]: nothing is ticked for the editor (issue 11); reasons
    of live block findings are marked proposed, and their groups start open."""
    groups: dict[str, list] = {}
    for spec in _specs():
        groups.setdefault(spec.group_zh, []).append({"spec": spec, "proposed": spec.id in proposed})
    return [(group, any(i["proposed"] for i in items), items) for group, items in groups.items()]
