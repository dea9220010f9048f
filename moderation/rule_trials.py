"""Trying a rule draft before it counts (issue 14, part 1): the draft's lexicons and thresholds, and
the shadow run on new submissions (the backtests are in moderation.backtests). Both compare the draft
with the live rules on the same post, so a difference is the draft's alone: the text rules, and the
picture rules too when the draft changes what they read (the promotion lexicon, image thresholds) —
each picture decoded and read (OCR) once for both, so the draft's check costs only the rules
themselves; the history-aware rules are left out (a draft changes nothing they use)."""
from __future__ import annotations

import dataclasses

from .actions import rules
from .checks import CheckContext, NoHistory, check_post, images
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
    """The live rules and a draft's, ready to check a post with both."""

    live: Lexicons
    live_thresholds: dict
    draft: Lexicons
    draft_thresholds: dict
    changed_lexicons: frozenset = frozenset()

    @classmethod
    def of(cls, draft: RuleDraft, thresholds: dict | None = None) -> "Trial":
        live_thresholds = rules.live_thresholds()
        return cls(current_lexicons(), live_thresholds, Lexicons.from_rows(draft_rows(draft), version=f"draft-{draft.pk}"),
                   {**live_thresholds, **(draft.thresholds if thresholds is None else thresholds)},
                   frozenset(draft.changes.values_list("lexicon", flat=True)))

    @property
    def checks_pictures(self) -> bool:
        return reads_pictures(self.changed_lexicons, self.live_thresholds, self.draft_thresholds)

    def compare(self, document: dict, info, now=None, open_image=None) -> tuple[list[dict], list[dict]]:
        """(new, lost): findings the draft adds and loses on this post (``info``: the AuthorInfo;
        ``open_image``: the revision's pictures, checked when the draft changes what they show)."""
        opener = open_image if self.checks_pictures else None
        found, shared = [], {}
        for lexicons, thresholds in ((self.live, self.live_thresholds), (self.draft, self.draft_thresholds)):
            ctx = CheckContext(author=info, lexicons=lexicons, thresholds=thresholds, history=NoHistory(),
                               open_image=opener, cache=dict(shared), **({"now": now} if now else {}))
            found.append({key(f): f for f in (x.to_dict() for x in check_post(document, ctx))})
            shared = {name: ctx.cache[name] for name in self.shared_cache if name in ctx.cache}
        live, draft = found
        return [draft[k] for k in draft if k not in live], [live[k] for k in live if k not in draft]

    @property
    def shared_cache(self) -> tuple[str, ...]:
        """What the draft's check takes over from the live one: the decoded pictures, and what OCR
        read unless the draft changes how many pictures are read."""
        same_cap = self.live_thresholds.get(images.OCR_CAP_THRESHOLD) == self.draft_thresholds.get(
            images.OCR_CAP_THRESHOLD)
        return ("pictures", "ocr_read", "ocr_skipped") if same_cap else ("pictures",)


def reads_pictures(changed_lexicons, live_thresholds: dict, draft_thresholds: dict) -> bool:
    """Whether a draft changes anything the picture rules read; otherwise their findings are the same
    under both rules, and a trial leaves the pictures unopened (decoding and OCR cost about a second
    a post, the text rules milliseconds)."""
    changed = {k for k in {*live_thresholds, *draft_thresholds} if live_thresholds.get(k) != draft_thresholds.get(k)}
    return (bool(changed & {*images.DEFAULTS, images.OCR_CAP_THRESHOLD})
            or any(lexicon in images.LEXICONS_READ for lexicon in changed_lexicons))


def draft_reads_pictures(draft: RuleDraft) -> bool:
    live = rules.live_thresholds()
    return reads_pictures(set(draft.changes.values_list("lexicon", flat=True)), live, {**live, **draft.thresholds})


def key(finding: dict) -> tuple:
    return finding["rule"], finding.get("target", ""), finding.get("start"), finding.get("excerpt", "")


# ---- shadow runs --------------------------------------------------------------------------------

def run_shadows(revision, info, open_image=None) -> int:
    """Check a newly scored revision with every shadow version too and record the would-be findings
    (nothing else is written: the post's findings, risk, queue place and standing are untouched)."""
    versions = list(RuleVersion.objects.filter(mode=RuleVersion.Mode.SHADOW, ended_at__isnull=True)
                    .select_related("draft"))
    for version in versions:
        new, lost = Trial.of(version.draft, version.thresholds).compare(revision.document, info,
                                                                       open_image=open_image)
        rules.record_shadow(version, revision, new=new, lost=lost)
    return len(versions)
