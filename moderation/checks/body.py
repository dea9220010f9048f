"""Rules: the body, 4.2(3) 内容规范 — length, images, and what the text may not contain."""
from __future__ import annotations

import re
from typing import Iterable, Iterator

from . import assist  # noqa: F401  (registers the assist rules)
from .engine import WARN, CheckContext, Finding, rule, say
from .normalize import CJK
from .patterns import CLAUSE_BREAKS, Match, clause_start, contact_ids, discounts, links, paid_amounts, price_after_cue, prices
from .post import body_blocks
from .text import (Prepared, body_length, drop_overlapped, finding, lexicon_findings, lexicon_table,
                   original_span_finding, sentence_bounds, span_finding, stands_as_word, targets, text_blocks)

KIND_NAMES = {"review": "评测", "guide": "导购", "video": "视频", "news": "资讯"}
MIN_CHARS, MIN_CHARS_SHORT = 500, 300  # 4.2(3) 字数不少于500字，视频及资讯类内容不少于300字
SHORT_KINDS = ("video", "news")
QUOTE_SHARE_MAX = 0.2  # 4.2(3) 引用内容不得超过全文的20%
FULL_WIDTH = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？"}
HALFWIDTH_IN_CHINESE = re.compile(rf"(?<=[{CJK}])[,;!?](?=[{CJK}\s]|$)|(?<=[{CJK}]):(?=[{CJK}])")
PUNCT_RUN = re.compile(r"[！!？?]{2,}|。{2,}|，{2,}")


@rule("BODY_TOO_SHORT")
def body_too_short(post: dict, ctx: CheckContext):
    """4.2(3), 5.4-III.6: at least 500 characters, 300 for video and news."""
    kind = post.get("kind", "")
    short = kind in SHORT_KINDS
    minimum = ctx.threshold("body_min_short" if short else "body_min", MIN_CHARS_SHORT if short else MIN_CHARS)
    length = body_length(ctx, post)
    if length < minimum:
        yield finding("BODY_TOO_SHORT", "post",
                      say("正文字数为{length}，{kind}类文章应不少于{minimum}字，请补充内容", length=length,
                          kind=say(KIND_NAMES.get(kind, "")), minimum=minimum),
                      evidence={"length": length, "min": minimum})


@rule("BODY_NO_IMAGE")
def body_no_image(post: dict, ctx: CheckContext):
    """4.2(3) 必须配图: an image block in the body (cover and product-card images don't count);
    a video post's video counts as its picture."""
    picture_types = ("image", "video") if post.get("kind") == "video" else ("image",)
    if not any(b.get("type") in picture_types and b.get("src") for _, b in body_blocks(post)):
        yield finding("BODY_NO_IMAGE", "post", say("正文没有配图，请在正文中插入与内容相关的实拍图片（封面图和商品卡片图不算）"))


@rule("BODY_COMPETITOR")
def body_competitor(post: dict, ctx: CheckContext):
    """4.2(3), 5.4-II.5: 文内不得提及其他电商平台 (t&b, 亚马逊, 苏宁, 国美 …)."""
    yield from lexicon_findings("BODY_COMPETITOR", targets(post, ctx), "competitor",
                                lambda h, ex: say("不得提及其他电商平台：“{ex}”（{value}），请删除", ex=ex,
                                                              value=h.term.value))


@rule("BODY_PROMO")
def body_promo(post: dict, ctx: CheckContext):
    """4.2(3), 5.4-II.4: no promotion, activity or coupon information (the title has TITLE_PROMO)."""
    preps = targets(post, ctx, title=False)
    yield from lexicon_findings("BODY_PROMO", preps, "promo", lambda h, ex: say("正文不能出现促销、活动或优惠券信息：“{ex}”", ex=ex),
                                keep=lambda prep, hit: OFFER_ONLY not in hit.term.note or _offered(prep, hit.start, hit.end))
    yield from _pattern_findings("BODY_PROMO", preps, _offered_discounts, lambda ex: say("正文不能出现促销折扣信息：“{ex}”", ex=ex),
                                 with_prep=True)


OFFER_ONLY = "offer-only"  # note on a promotion word that is promotion only as an offer (降价, 特价, 秒杀)


def _offered(prep: Prepared, start: int, end: int) -> bool:
    """Is the promotion word at [start, end) an offer addressed to the reader? Its clause has an offer
    cue (现在, 下单, 活动, 大家 …) or its sentence an explicit offer (满减, 领券, 抽奖); 买完第二天就降价了,
    质量不打折扣, 秒杀市场上同类产品 and 通话不限时长 offer nothing."""
    c_left, c_right = sentence_bounds(prep.norm.text, start, end, CLAUSE_BREAKS)
    if any(h.term.lexicon == "offer_cue" and c_left <= h.start and h.end <= c_right and stands_as_word(prep, h)
           for h in prep.all_hits):
        return True  # an offer cue in the clause itself
    left, right = sentence_bounds(prep.norm.text, start, end)
    inside = [h for h in prep.all_hits if left <= h.start and h.end <= right and not (h.start == start and h.end == end)]
    if any(h.term.lexicon == "promo" and OFFER_ONLY not in h.term.note and stands_as_word(prep, h) for h in inside):
        return True
    return any(m[2].startswith("满") for m in discounts(prep.norm.text[left:right]))


def _offered_discounts(prep: Prepared) -> Iterator[Match]:
    """满300减50 always; 5折, 八折 only as an offer (对住店客人打八折 in a hotel review offers nothing)."""
    for m in discounts(prep.norm.text):
        if m[2].startswith("满") or _offered(prep, m[0], m[1]):
            yield m


@rule("BODY_LINK")
def body_link(post: dict, ctx: CheckContext):
    """4.2(3), 5.4-II.1: 文内不能放置链接, also obfuscated (www . x . com, x点com)."""
    yield from _pattern_findings("BODY_LINK", targets(post, ctx), links,
                                 lambda ex: say("文内不能放置链接：“{ex}”，请删除", ex=ex))


@rule("BODY_CONTACT")
def body_contact(post: dict, ctx: CheckContext):
    """4.2(3): 文内不能有其他平台的引导信息 — WeChat/QQ IDs, phone numbers, 公众号, 加V."""
    preps = targets(post, ctx)
    ids = list(_pattern_findings("BODY_CONTACT", preps, contact_ids, lambda ex: say("不能留下联系方式：“{ex}”，请删除", ex=ex)))
    yield from ids
    yield from drop_overlapped(ids, lexicon_findings(
        "BODY_CONTACT", preps, "contact", lambda h, ex: say("不能有站外引流信息：“{ex}”（{value}），请删除", ex=ex, value=h.term.value),
        keep=lambda prep, hit: not (prep.norm.text[hit.start:hit.end].isascii()
                                    and prep.norm.text[hit.end:hit.end + 1].isdigit())))  # VX600: a model


@rule("BODY_PRICE")
def body_price(post: dict, ctx: CheckContext):
    """4.2(3): 标题、正文内容不能描述明确的价格 — a product's price, not a sales figure or salary."""
    yield from _pattern_findings("BODY_PRICE", targets(post, ctx, tags=False), _product_prices,
                                 lambda ex: say("标题和正文不能描述明确的价格：“{ex}”，请删除", ex=ex),
                                 with_prep=True)


_FEE_AFTER = re.compile(r"[^，。；！？\n,;!?\d]{0,5}?费")


def _product_prices(prep: Prepared) -> Iterator[Match]:
    """A product's price: an amount after a price word in its clause, an amount with a currency unit,
    or what the author paid (4455买的) — unless a word before it in its clause makes it another
    amount (a fare, a tip, a deposit, an overcharge, a refund, a salary: price_not)."""
    text = prep.norm.text
    not_price = [h.end for h in prep.hits("price_not")]
    not_after = prep.hits("price_not")

    def is_price(start: int, amount_start: int, amount_end: int | None = None) -> bool:
        if amount_end is not None and (_FEE_AFTER.match(text, amount_end) or any(
                amount_end <= h.start <= amount_end + 2 for h in not_after)):
            return False  # 10元的停车过夜费, 50元的东券: a fee, a voucher
        return not any(clause_start(text, start) <= end <= amount_start for end in not_price)

    cued = []
    for hit in prep.hits("price_cue"):
        amount = price_after_cue(text, hit.end)
        if amount and is_price(hit.start, amount[1], amount[1]):
            cued.append((hit.start, amount[1], text[hit.start:amount[1]]))
    plain = [m for m in [*prices(text), *paid_amounts(text)] if is_price(m[0], m[0], m[1])]
    yield from _merge(cued + plain)


def _merge(matches: list[Match]) -> list[Match]:
    """Overlapping matches joined into one (到手价1999元 and 1999元)."""
    merged: list[Match] = []
    for start, end, norm in sorted(matches):
        if merged and start < merged[-1][1]:
            prev = merged[-1]
            if end > prev[1]:
                merged[-1] = (prev[0], end, prev[2] + norm[prev[1] - start:])
            continue
        merged.append((start, end, norm))
    return merged


def _pattern_findings(rule_id: str, preps: Iterable[Prepared], find, message, *,
                      with_prep: bool = False) -> Iterator[Finding]:
    """One finding per pattern match; ``find`` takes the normalised text (or the Prepared)."""
    for prep in preps:
        for start, end, norm in find(prep if with_prep else prep.norm.text):
            yield span_finding(rule_id, prep, start, end, message, normalized=norm)


FORBIDDEN_TOPICS = (  # (rule, lexicon, message, read the clause: a plot, a report, a negation is no hit)
    ("BODY_MEDICAL", "medical", "不得出现医疗、医药相关信息：“{ex}”", True),
    ("BODY_SENSITIVE", "sensitive", "疑似敏感或违规内容（{note}）：“{ex}”", True),
    ("BODY_ATTACK", "attack", "疑似攻击、诋毁产品、品牌或他人：“{ex}”，请客观描述"),
    ("BODY_JD_STAFF", "jd_staff", "内容不得涉及京东工作人员及其家属：“{ex}”，请编辑确认"),
)


@rule("BODY_MEDICAL", "BODY_SENSITIVE", "BODY_ATTACK", "BODY_JD_STAFF")
def body_forbidden_topics(post: dict, ctx: CheckContext):
    """4.2(3) 医疗医药, 5.4-I 危害/敏感信息, 5.4-II.3 攻击诋毁, 4.2(3) 京东工作人员及其家属."""
    preps = targets(post, ctx, tags=False)
    found = list(lexicon_table(preps, FORBIDDEN_TOPICS))
    yield from found
    yield from drop_overlapped(found, (
        span_finding("BODY_JD_STAFF", prep, start, end,
                     lambda ex: say("内容不得涉及京东工作人员及其家属：“{ex}”，请编辑确认", ex=ex))
        for prep in preps for start, end in _jd_jobs(prep)))


_JD = re.compile(r"京东|(?<![a-z])jd(?![a-z])")
JD_JOB_GAP = 8  # characters between 京东 and the job (京东物流当仓储主管)


def _jd_jobs(prep: Prepared) -> Iterator[tuple[int, int]]:
    """An author, a relative or a friend working at JD, said through the job: 我在京东做采销,
    我老公在京东物流当仓储主管, 我朋友是京东的客服 (jd_role). Not 我在京东买了…, 京东客服很耐心."""
    text = prep.norm.text
    roles = [h for h in prep.hits("jd_role") if stands_as_word(prep, h)]
    for m in _JD.finditer(text):
        left, right = sentence_bounds(text, m.start(), m.end(), CLAUSE_BREAKS)
        people = [h for h in roles if h.term.canonical == "person" and left <= h.start and h.end <= m.start()]
        if not people:
            continue
        for job in roles:
            gap = text[m.end():job.start]
            if not (m.end() <= job.start and job.end <= right and len(gap) <= JD_JOB_GAP):
                continue
            before = text[people[0].end:m.start()]
            if job.term.canonical == "work" or (job.term.canonical == "job" and (
                    any(v in gap for v in "做当干的") or any(v in before for v in "是当做"))):
                yield people[0].start, job.end
                break


@rule("BODY_HEALTH_CLAIM")
def body_health_claim(post: dict, ctx: CheckContext):
    """4.2(3), 5.4-IV.5: no efficacy claims for health products; only licensed authors write about them."""
    preps = targets(post, ctx, tags=False)
    yield from lexicon_findings("BODY_HEALTH_CLAIM", preps, "health_claim",
                                lambda h, ex: say("不得宣传或夸大营养保健品功效：“{ex}”", ex=ex), context=True)
    if not ctx.author.licensed_health:
        mentions = lexicon_findings("BODY_HEALTH_CLAIM", preps, "health_product",
                                    lambda h, ex: say("非授权作者不得发布营养保健品相关内容：“{ex}”", ex=ex))
        if len(mentions) >= ctx.threshold("health_product_mentions", 2):  # a passing mention is not a topic
            yield from mentions


@rule("BODY_ADULT")
def body_adult(post: dict, ctx: CheckContext):
    """4.2(3), 5.4-I.4, IV.6: no sexual content; adult products only by licensed authors."""
    preps = targets(post, ctx, tags=False)
    yield from lexicon_findings("BODY_ADULT", preps, "adult", lambda h, ex: say("不得发布色情低俗内容：“{ex}”", ex=ex),
                                context=True)
    if not ctx.author.licensed_adult:
        mentions = lexicon_findings("BODY_ADULT", preps, "adult_product",
                                    lambda h, ex: say("非授权作者不得发布成人用品相关内容：“{ex}”", ex=ex), context=True)
        # Content about adult products: several mentions, or one that is reviewed or bought (测评, 入手);
        # a hotel guest's complaint that names one in passing is not.
        if len(mentions) >= ctx.threshold("adult_product_mentions", 2):
            yield from mentions
        else:
            yield from (f for f in mentions if _consumed(preps, f))


def _consumed(preps: list[Prepared], found: Finding) -> bool:
    """Does the sentence of a finding talk about buying or using the thing (consumption lexicon)?"""
    for prep in preps:
        if prep.target == found.target:
            start = prep.norm.from_original(found.start)
            left, right = sentence_bounds(prep.norm.text, start, start + 1)
            return any(h.term.lexicon == "consumption" and left <= h.start < right for h in prep.all_hits)
    return False


@rule("BODY_QUOTE_SHARE")
def body_quote_share(post: dict, ctx: CheckContext):
    """4.2(3): 引用内容需注明出处，且不得超过全文的20%."""
    quotes = [(i, b) for i, b in body_blocks(post) if b.get("type") == "quote"]
    total = body_length(ctx, post)
    quoted = sum(len("".join(b.get("text", "").split())) for _, b in quotes)
    limit = ctx.threshold("quote_share_max", QUOTE_SHARE_MAX)
    if total and quoted / total > limit:
        yield finding("BODY_QUOTE_SHARE", "post",
                      say("引用内容占全文的{share:.0%}，不得超过{limit:.0%}，请改用自己的文字", share=quoted / total,
                          limit=limit),
                      evidence={"quoted": quoted, "total": total, "max": limit})
    for i, block in quotes:
        if not (block.get("source") or "").strip():
            text = block.get("text", "")
            yield finding("BODY_QUOTE_SHARE", f"blocks[{i}]", say("引用内容需注明出处"), severity=WARN,
                          start=0, end=len(text), excerpt=text)


@rule("BODY_PUNCTUATION")
def body_punctuation(post: dict, ctx: CheckContext):
    """4.2(3) 正确使用标点: half-width punctuation inside Chinese sentences, runs like ！！！."""
    found = []
    for i, block in text_blocks(post):
        text = block.get("text", "")
        for m in HALFWIDTH_IN_CHINESE.finditer(text):
            found.append(original_span_finding("BODY_PUNCTUATION", f"blocks[{i}]", text, m.start(), m.end(),
                                               say("中文句子中请使用全角标点，“{ch}”应为“{full}”", ch=m.group(),
                                                   full=FULL_WIDTH[m.group()])))
        for m in PUNCT_RUN.finditer(text):
            found.append(original_span_finding("BODY_PUNCTUATION", f"blocks[{i}]", text, m.start(), m.end(),
                                               say("标点“{run}”连用，请只保留一个（省略号请用“……”）", run=m.group())))
    yield from found[:ctx.threshold("punctuation_max_findings", 10)]
