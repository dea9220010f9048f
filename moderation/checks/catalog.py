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


# Rules RULES.md makes "block" whose precision measured on real material (bench/precision.py, recorded
# beside each row of the rulebook) is under 95%: a finding of theirs warns, opens with 请编辑确认 and
# says what the editor has to check, instead of blocking the post by itself.
CONFIRM: dict[str, str] = {
    "BODY_PROMO": "是否在向读者推销优惠（活动、降价、领券），而不是讲述自己的购买经历或用作比喻",
    "BODY_PRICE": "这是否是在售商品的价格（车费、小费、押金、赔偿、退款、代金券面额不算）",
    "BODY_MEDICAL": "是否在传达医疗、用药信息，而不是书中情节或个人经历",
    "BODY_HEALTH_CLAIM": "是否在宣传营养保健品的功效",
    "BODY_ADULT": "是否是色情内容或成人用品介绍，而不是投诉、转述或情节",
    "BODY_SENSITIVE": "是否在宣扬违法、迷信或低俗内容，而不是报道、情节、否定或引用",
}
MIN_BLOCK_PRECISION = 0.95
