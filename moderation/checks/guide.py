"""Rules: the shopping guide's structure, 4.3(4) 导购类内容: 导语 + 商品推荐 + 总结.

A guide's structure comes from its blocks: text before the first product item is the intro, each
item is an image, then a product card, then its paragraphs, and the text after the last item's
recommendation is the conclusion (from a heading, a paragraph opening like 总结/最后, or else the
last paragraph when there are several).
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from .engine import CheckContext, rule, say
from .post import TEXT_BLOCK_TYPES
from .text import finding, lexicon_findings, prepared

INTRO, ITEMS, CONCLUSION = say("导语"), say("商品推荐"), say("总结")  # the three parts of a guide
INTRO_MIN, INTRO_MAX = 150, 200  # 4.3(4) 导语、结论建议150-200字
BLURB_MIN = 100  # 4.3(4) 商品推荐语不少于100字
CONCLUSION_OPENING = re.compile(r"^\s*(?:总结|总的来说|综上|总而言之|最后|以上就是|写在最后|结语|小结)")


@dataclass
class GuideItem:
    card: int
    image: int | None = None
    blurb: list[int] = field(default_factory=list)


@dataclass
class GuideLayout:
    intro: list[int] = field(default_factory=list)
    items: list[GuideItem] = field(default_factory=list)
    conclusion: list[int] = field(default_factory=list)


def _is_text(block: dict) -> bool:
    return block.get("type") in TEXT_BLOCK_TYPES


def guide_layout(blocks: list[dict]) -> GuideLayout:
    """Split a guide's blocks into intro, product items and conclusion (block indices)."""
    cards = [i for i, b in enumerate(blocks) if b.get("type") == "product"]
    starts = [c - 1 if c > 0 and blocks[c - 1].get("type") == "image" else c for c in cards]
    layout = GuideLayout(intro=[i for i in range(starts[0] if cards else len(blocks)) if _is_text(blocks[i])])
    for k, card in enumerate(cards):
        end = starts[k + 1] if k + 1 < len(cards) else len(blocks)
        layout.items.append(GuideItem(card, starts[k] if starts[k] < card else None,
                                      [i for i in range(card + 1, end) if _is_text(blocks[i])]))
    if layout.items:
        last = layout.items[-1]
        split = _conclusion_start(blocks, last.blurb)
        last.blurb, layout.conclusion = last.blurb[:split], last.blurb[split:]
    return layout


def _conclusion_start(blocks: list[dict], tail: list[int]) -> int:
    """Where the conclusion begins among the text blocks after the last card."""
    for k, i in enumerate(tail):
        if k and (blocks[i].get("type") == "heading" or CONCLUSION_OPENING.match(blocks[i].get("text", ""))):
            return k
    return len(tail) - 1 if len(tail) >= 2 else len(tail)


def _chars(blocks: list[dict], indices: list[int]) -> int:
    """Non-space characters of the paragraphs among ``indices`` (headings are not text to read)."""
    return sum(len("".join(blocks[i].get("text", "").split())) for i in indices if blocks[i]["type"] != "heading")


def guide_rule(*rule_ids: str):
    """Register a rule over a guide's blocks and layout; other kinds of post are skipped."""
    def register(func):
        @rule(*rule_ids)
        @functools.wraps(func)
        def run_on_guide(post: dict, ctx: CheckContext):
            if post.get("kind") != "guide":
                return ()
            blocks = post.get("blocks") or []
            if "guide_layout" not in ctx.cache:
                ctx.cache["guide_layout"] = guide_layout(blocks)
            return func(blocks, ctx.cache["guide_layout"], ctx)
        return func
    return register


@guide_rule("GUIDE_STRUCTURE", "GUIDE_INTRO_LENGTH")
def guide_structure(blocks: list[dict], layout: GuideLayout, ctx: CheckContext):
    """4.3(4): 导语+商品推荐+总结，此三部分必须包含；导语、结论建议150-200字."""
    # Without product items, intro and conclusion cannot be told apart: only the items are missing.
    missing = [part for part, indices in ((INTRO, layout.intro), (CONCLUSION, layout.conclusion)) if not indices] \
        if layout.items else [ITEMS]
    for part in missing:
        yield finding("GUIDE_STRUCTURE", "post", say("导购文章缺少{part}：需包含导语、商品推荐和总结三部分", part=part))
    low, high = ctx.threshold("guide_intro_min", INTRO_MIN), ctx.threshold("guide_intro_max", INTRO_MAX)
    for part, indices in ((INTRO, layout.intro), (CONCLUSION, layout.conclusion)):
        length = _chars(blocks, indices)
        if indices and not low <= length <= high:
            yield finding("GUIDE_INTRO_LENGTH", f"blocks[{indices[0]}]",
                          say("{part}为{length}字，建议在{low}–{high}字之间", part=part, length=length, low=low, high=high),
                          evidence={"length": length, "min": low, "max": high})


@guide_rule("GUIDE_BLURB_SHORT", "GUIDE_ITEM_ORDER")
def guide_items(blocks: list[dict], layout: GuideLayout, ctx: CheckContext):
    """4.3(4): 商品推荐语不少于100字；严格遵循商品图、商品卡片、推荐语的顺序."""
    minimum = ctx.threshold("guide_blurb_min", BLURB_MIN)
    for n, item in enumerate(layout.items, 1):
        name = blocks[item.card].get("name", "")
        target = f"blocks[{item.card}]"
        after = blocks[item.card + 1] if item.card + 1 < len(blocks) else {}
        if item.image is None or (item.blurb and not _is_text(after)):
            yield finding("GUIDE_ITEM_ORDER", target,
                          say("第{n}款商品“{name}”未按“商品图→商品卡片→推荐语”的顺序排列", n=n, name=name))
        length = _chars(blocks, item.blurb)
        if length < minimum:
            yield finding("GUIDE_BLURB_SHORT", target, say("第{n}款商品“{name}”的推荐语为{length}字，应不少于{minimum}字", n=n, name=name,
                                                  length=length, minimum=minimum),
                          evidence={"length": length, "min": minimum})


@guide_rule("GUIDE_TIME_WORDS")
def guide_time_words(blocks: list[dict], layout: GuideLayout, ctx: CheckContext):
    """4.3(4): 推荐语禁止明显具备时效性的描述 (今天, 今晚, 限时, 双十一当天 …)."""
    preps = [prepared(ctx, f"blocks[{i}]", blocks[i].get("text", "")) for item in layout.items for i in item.blurb]
    yield from lexicon_findings("GUIDE_TIME_WORDS", preps, "time_words",
                                lambda h, ex: say("推荐语不能使用有时效性的描述：“{ex}”，文章发布后会很快过时", ex=ex))
