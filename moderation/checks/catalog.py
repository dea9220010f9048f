"""Default severity and clause of each text rule, read from the one rule catalogue
(moderation/rulebook.py, transcribed from RULES.md), so the engine and the review screen agree."""
from __future__ import annotations

from ..rulebook import RULES

TEXT_PREFIXES = ("TITLE_", "BODY_", "TAG_", "PRODUCT_", "GUIDE_")


def _default(severity: str) -> str:
    """Rules whose severity the finding decides ("block/warn") start from the first named."""
    return severity.split("/")[0]


# rule id → (default severity, clause of review-standard.zh.txt); human-only rules have no check.
TEXT_RULES: dict[str, tuple[str, str]] = {
    r.id: (_default(r.severity), r.clause) for r in RULES if r.id.startswith(TEXT_PREFIXES) and r.how != "human"
}
