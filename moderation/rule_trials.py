"""Trying a rule draft before it counts (issue 14, part 1): the draft's lexicons and thresholds, and
the shadow run on new submissions (the backtests are in moderation.backtests). Both compare the draft
with the live rules on the same text, so a difference is the draft's alone: text rules, without the history-aware ones (the lexicons and thresholds a draft
changes are the text rules')."""
from __future__ import annotations

import dataclasses

from .actions import rules
from .checks import CheckContext, NoHistory, check_post
from .checks.lexicons import Lexicons
from .lexicon_store import current_lexicons
from .models import DraftChange, LexiconEntry, RuleDraft, RuleVersion


def draft_rows(draft: RuleDraft) -> list[dict]:
    """The live active rows with the draft's changes applied."""
    rows = list(LexiconEntry.objects.filter(active=True).order_by("pk").values("lexicon", "term", "canonical", "note"))
    for change in draft.changes.all():
        key = (change.lexicon, change.term, change.canonical)
        if change.op == DraftChange.Op.REMOVE:
            rows = [r for r in rows if (r["lexicon"], r["term"], r["canonical"]) != key]
        elif not any((r["lexicon"], r["term"], r["canonical"]) == key for r in rows):
            rows.append({"lexicon": change.lexicon, "term": change.term, "canonical": change.canonical,
                         "note": change.note})
    return rows


@dataclasses.dataclass
class Trial:
    """The live rules and a draft's, ready to check text with both."""

    live: Lexicons
    live_thresholds: dict
    draft: Lexicons
    draft_thresholds: dict

    @classmethod
    def of(cls, draft: RuleDraft, thresholds: dict | None = None) -> "Trial":
        live_thresholds = rules.live_thresholds()
        return cls(current_lexicons(), live_thresholds, Lexicons.from_rows(draft_rows(draft), version=f"draft-{draft.pk}"),
                   {**live_thresholds, **(draft.thresholds if thresholds is None else thresholds)})

    def compare(self, document: dict, info, now=None) -> tuple[list[dict], list[dict]]:
        """(new, lost): findings the draft adds and loses on this text (``info``: the AuthorInfo)."""
        found = []
        for lexicons, thresholds in ((self.live, self.live_thresholds), (self.draft, self.draft_thresholds)):
            ctx = CheckContext(author=info, lexicons=lexicons, thresholds=thresholds, history=NoHistory(),
                               **({"now": now} if now else {}))
            found.append({key(f): f for f in (x.to_dict() for x in check_post(document, ctx))})
        live, draft = found
        return [draft[k] for k in draft if k not in live], [live[k] for k in live if k not in draft]


def key(finding: dict) -> tuple:
    return finding["rule"], finding.get("target", ""), finding.get("start"), finding.get("excerpt", "")


# ---- shadow runs --------------------------------------------------------------------------------

def run_shadows(revision, info) -> int:
    """Check a newly scored revision with every shadow version too and record the would-be findings
    (nothing else is written: the post's findings, risk, queue place and standing are untouched)."""
    versions = list(RuleVersion.objects.filter(mode=RuleVersion.Mode.SHADOW, ended_at__isnull=True)
                    .select_related("draft"))
    for version in versions:
        new, lost = Trial.of(version.draft, version.thresholds).compare(revision.document, info)
        rules.record_shadow(version, revision, new=new, lost=lost)
    return len(versions)
