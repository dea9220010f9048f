"""The reject-reason taxonomy for the decision panel, built from the rule catalogue."""
from __future__ import annotations

from . import rulebook


def _specs():
    return rulebook.RULES


def reason_choices():
    return [(spec.id, f"{spec.id} {spec.name_zh}") for spec in _specs()]


def reason_groups(*, proposed: set[str]):
    """[(group, open?, [{"spec", "proposed"}])]: nothing is ticked for the editor (issue 11); reasons
    of live block findings are marked proposed, and their groups start open."""
    groups: dict[str, list] = {}
    for spec in _specs():
        groups.setdefault(spec.group_zh, []).append({"spec": spec, "proposed": spec.id in proposed})
    return [(group, any(i["proposed"] for i in items), items) for group, items in groups.items()]
