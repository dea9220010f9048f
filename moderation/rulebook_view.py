"""The reject-reason taxonomy for the decision panel, built from the rule catalogue."""
from __future__ import annotations

from . import rulebook


def _specs():
    return rulebook.RULES


def reason_choices():
    return [(spec.id, f"{spec.id} {spec.name_zh}") for spec in _specs()]


def reason_groups(*, preticked: set[str]):
    """[(group, open?, [{"spec", "checked"}])]: groups holding a pre-ticked reason start open."""
    groups: dict[str, list] = {}
    for spec in _specs():
        groups.setdefault(spec.group_zh, []).append({"spec": spec, "checked": spec.id in preticked})
    return [(group, any(i["checked"] for i in items), items) for group, items in groups.items()]
