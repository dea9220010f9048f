"""Reads of reviewers' quality control: agreement between editors (Cohen's kappa, per editor and per
rule) from double reviews, and each editor's gold-post results."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from . import stats
from .models import DoubleReview, GoldCheck

WINDOW_DAYS = 90


@dataclass
class Agreement:
    label: str
    n: int
    agreed: int
    kappa: float | None

    @property
    def share(self) -> float | None:
        return self.agreed / self.n if self.n else None


def _finished(days: int):
    since = timezone.now() - timedelta(days=days)
    return (DoubleReview.objects.filter(second_at__gte=since).exclude(status=DoubleReview.Status.WAITING)
            .select_related("decision__editor", "second_editor"))


def agreement_by_editor(days: int = WINDOW_DAYS, *, only_editor=None) -> list[Agreement]:
    """Each editor's outcomes against the other editor's on the same posts, as first or second."""
    pairs: dict[object, list[tuple[str, str]]] = defaultdict(list)
    for r in _finished(days):
        first, second = r.decision.outcome, r.second_outcome
        pairs[r.decision.editor].append((first, second))
        pairs[r.second_editor].append((second, first))
    rows = [Agreement(editor.get_username(), len(p), sum(a == b for a, b in p), stats.cohen_kappa(p))
            for editor, p in pairs.items() if editor is not None and (only_editor is None or editor == only_editor)]
    return sorted(rows, key=lambda a: (a.kappa is None, a.kappa if a.kappa is not None else 0, a.label))


def agreement_by_rule(days: int = WINDOW_DAYS) -> list[Agreement]:
    """Per rule: did both editors give it as a reason? Kappa over every double-reviewed post, for the
    rules either editor gave at least once."""
    reviews = [(set(r.decision.reasons or ()), set(r.second_reasons or ())) for r in _finished(days)]
    rules = set().union(*(a | b for a, b in reviews)) if reviews else set()
    rows = []
    for rule in rules:
        p = [(rule in a, rule in b) for a, b in reviews]
        rows.append(Agreement(rule, len(p), sum(x == y for x, y in p), stats.cohen_kappa(p)))
    return sorted(rows, key=lambda a: (a.kappa if a.kappa is not None else 1, a.label))


@dataclass
class GoldRow:
    label: str
    checked: int
    matched: int

    @property
    def accuracy(self) -> float | None:
        return self.matched / self.checked if self.checked else None


def gold_by_editor(days: int = WINDOW_DAYS, *, only_editor=None) -> list[GoldRow]:
    checks = GoldCheck.objects.filter(checked_at__gte=timezone.now() - timedelta(days=days)).select_related("editor")
    if only_editor is not None:
        checks = checks.filter(editor=only_editor)
    rows: dict[str, GoldRow] = {}
    for c in checks:
        name = c.editor.get_username() if c.editor else "?"
        row = rows.setdefault(name, GoldRow(name, 0, 0))
        row.checked += 1
        row.matched += bool(c.matched)
    return sorted(rows.values(), key=lambda r: (r.accuracy if r.accuracy is not None else 1, r.label))


def my_gold_results(editor, limit: int = 50):
    """An editor's decided gold copies, newest first: shown only after the decision exists."""
    return list(GoldCheck.objects.filter(editor=editor, decision__isnull=False)
                .select_related("gold", "copy__current_revision", "decision").order_by("-checked_at")[:limit])


def second_reviews_for(editor, limit: int = 50):
    """Decisions waiting for a second review that ``editor`` did not make, oldest first."""
    return list(DoubleReview.objects.filter(status=DoubleReview.Status.WAITING).exclude(decision__editor=editor)
                .select_related("decision__post__current_revision", "decision__revision")[:limit])


def disputes(limit: int = 50):
    return list(DoubleReview.objects.filter(status=DoubleReview.Status.DISPUTED)
                .select_related("decision__editor", "decision__revision", "second_editor")[:limit])
