"""Rules that flag candidates for an editor to confirm (how = assist in RULES.md).

They measure and say what they measured (evidence), but an editor decides: out-of-date content,
content off the platform's position, parameter dumps, advertorials, tags the content does not support.
"""
from __future__ import annotations

import datetime as _dt
import re

from .engine import CheckContext, rule, say
from .history import post_category_of
from .normalize import normalize
from .patterns import sentence_bounds
from .products import product_cards
from . import segment
from .segment import words
from .text import (Prepared, body_length, body_text, compact, finding, lexicons, outermost, prepared, span_finding,
                   targets)

NEWS_MAX_AGE_DAYS = 180
CONSUMPTION_PER_1000 = 5.0  # fewer product/consumption words than this per 1000 characters → off position
OFF_POSITION_MIN_MARKERS = 3
SOFT_AD_MIN_PRAISE = 5
SPEC_DUMP_MIN_UNITS, SPEC_DUMP_UNITS_PER_100 = 6, 4.0
SPEC_DUMP_MIN_PAIRS = 4
COPIED_SHARE = 0.5  # half of a paragraph's 4-grams from the product description → copied
_DATE = re.compile(r"(20\d{2})\s?(?:年|-|/|\.)\s?(\d{1,2})\s?(?:月|-|/|\.)\s?(?:(\d{1,2})\s?[日号]?)?")
_SENTENCE_BREAKS = "。！？!?\n"
_SPEC_UNIT = re.compile(r"\d+(?:\.\d+)?\s?(?:mah|gb|tb|ghz|hz|w|mm|g|英寸|寸|万像素|nit|尼特|mp|核|nm)(?![a-z])")
_KEY_VALUE = re.compile(r"(?:^|[\n，；;、])\s?[\u4e00-\u9fffa-z]{2,8}\s?[:：]\s?[^，。；：:\n]{1,24}")


def _post_date(m: re.Match) -> _dt.date | None:
    year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3) or 1)
    try:
        return _dt.date(year, month, day)
    except ValueError:
        return None


def _sentence(text: str, start: int, end: int) -> str:
    left, right = sentence_bounds(text, start, end, _SENTENCE_BREAKS)
    return text[left:right]


@rule("BODY_OUTDATED")
def body_outdated(post: dict, ctx: CheckContext):
    """4.2(3) 内容需保证时效性: an event announced as coming whose date has passed; old news."""
    today = ctx.now.date()
    future = [t.term for t in lexicons(ctx).terms("future")]
    dated = []
    for prep in targets(post, ctx, tags=False):
        for m in _DATE.finditer(prep.norm.text):
            when = _post_date(m)
            if when is None:
                continue
            dated.append((when, prep, m))
            sentence = _sentence(prep.norm.text, m.start(), m.end())
            if when < today and any(word in sentence for word in future):
                yield span_finding("BODY_OUTDATED", prep, m.start(), m.end(),
                                   say("文中说“{ex}”即将发生，但这个日期已经过去，内容可能已过时", ex=m.group()),
                                   evidence={"date": when.isoformat()})
    yield from _old_news(post, ctx, dated, today)


def _old_news(post, ctx, dated, today):
    if post.get("kind") != "news" or not dated:
        return
    when, prep, m = max(dated, key=lambda d: d[0])
    age = (today - when).days
    if age > ctx.threshold("news_max_age_days", NEWS_MAX_AGE_DAYS):
        yield span_finding("BODY_OUTDATED", prep, m.start(), m.end(),
                           say("资讯中最新的日期是{age}天前，内容可能已过时", age=age), evidence={"date": when.isoformat(), "age_days": age})


def _count(preps: list[Prepared], lexicon: str) -> int:
    return sum(len(p.hits(lexicon)) for p in preps)


@rule("BODY_OFF_POSITION")
def body_off_position(post: dict, ctx: CheckContext):
    """5.4-II.2: 和产品、消费完全无关的内容 (social news, fiction, emotions)."""
    length = body_length(ctx, post)
    if length < 200 or product_cards(post):
        return
    preps = targets(post, ctx, tags=False)
    markers = _count(preps, "off_position")
    limit = ctx.threshold("consumption_per_1000", CONSUMPTION_PER_1000)
    # Enough product or consumption words, each a word of its context (灌溉盆地精华 names no serum):
    # words are checked one by one only until the post has enough of them.
    needed = limit * (2 if markers >= OFF_POSITION_MIN_MARKERS else 1) * length / 1000
    consumption = 0
    for prep in preps:
        for hit in outermost([h for h in prep.all_hits if h.term.lexicon in CONSUMPTION_LEXICONS]):
            if consumption >= needed:
                return
            if segment.stands_as_word(prep.norm.text, hit.start, hit.end, prep.lexicons):
                consumption += 1
    if consumption >= needed:
        return
    density = consumption * 1000 / length
    yield finding("BODY_OFF_POSITION", "post",
                  say("请编辑确认：内容与产品、消费关联很少（每千字{density:.1f}处），是否是社会新闻、小说或情感话题等与平台定位不符的内容",
                      density=density),
                  evidence={"per_1000": round(density, 1), "off_position_words": markers})


CONSUMPTION_LEXICONS = ("consumption", "category", "brand_alias")


@rule("BODY_SOFT_AD")
def body_soft_ad(post: dict, ctx: CheckContext):
    """4.3(1), 5.4-II.1: 一昧的描述或夸大商品的优点 — praise piled up with no criticism at all."""
    preps = targets(post, ctx, tags=False)
    praise, critique = _count(preps, "praise"), _count(preps, "critique")
    if praise >= ctx.threshold("soft_ad_min_praise", SOFT_AD_MIN_PRAISE) and critique == 0:
        yield finding("BODY_SOFT_AD", "post",
                      say("全文有{praise}处夸赞、没有任何客观评价或不足，读起来像软文，请补充真实、客观的使用感受", praise=praise),
                      evidence={"praise": praise, "critique": critique})


@rule("BODY_SPEC_DUMP")
def body_spec_dump(post: dict, ctx: CheckContext):
    """4.2(3), 4.3(1): 禁止简单介绍商品、照搬商品信息、堆砌产品参数."""
    descriptions = [_grams(compact(normalize(c.get("description") or "").text))
                    for _, c in product_cards(post) if len(c.get("description") or "") >= 30]
    for prep in targets(post, ctx, title=False, tags=False):
        text = prep.norm.text
        units, pairs = len(_SPEC_UNIT.findall(text)), len(_KEY_VALUE.findall(text))
        dump = (units >= SPEC_DUMP_MIN_UNITS and units * 100 / max(len(text), 1) >= SPEC_DUMP_UNITS_PER_100) \
            or pairs >= SPEC_DUMP_MIN_PAIRS
        copied = _copied_share(compact(text), descriptions)
        if dump or copied >= COPIED_SHARE:
            why = say("照搬了商品详情页的介绍") if copied >= COPIED_SHARE else say("堆砌了产品参数")
            yield span_finding("BODY_SPEC_DUMP", prep, 0, len(text), say("这段{why}，请用自己的话描述使用感受", why=why),
                               evidence={"spec_units": units, "key_values": pairs, "copied": round(copied, 2)})


def _grams(text: str, n: int = 4) -> set[str]:
    return {text[i:i + n] for i in range(len(text) - n + 1)}


def _copied_share(text: str, descriptions: list[set[str]]) -> float:
    grams = _grams(text)
    if len(grams) < 30 or not descriptions:
        return 0.0
    return max(len(grams & d) / len(grams) for d in descriptions)


@rule("TAG_IRRELEVANT")
def tag_irrelevant(post: dict, ctx: CheckContext):
    """4.2(3), 5.4-III.8: 请合理使用标签 — a tag the content does not support."""
    lex = lexicons(ctx)
    content = prepared(ctx, "title", post.get("title") or "").norm.text + "\n" + body_text(ctx, post)
    for prep in targets(post, ctx, title=False, blocks=False):
        conflict = _tag_conflict(compact(prep.norm.text), content, lex)
        if conflict:
            yield span_finding("TAG_IRRELEVANT", prep, 0, len(prep.norm.text),
                               say("标签“{tag}”与内容不符：文中介绍的是{conflict}", tag=prep.original, conflict=conflict))
        elif not _tag_supported(prep, content, ctx, post):
            yield span_finding("TAG_IRRELEVANT", prep, 0, len(prep.norm.text),
                               say("标签“{tag}”指向的品类与文章内容（{category}）不符，请编辑确认并使用与内容相关的标签",
                                   tag=prep.original, category=post_category_of(post, ctx)))


def _tag_conflict(tag: str, content: str, lex) -> str | None:
    """What the content is about instead, when a tag names its opposite (旗舰 tag, 千元机 content)."""
    for term in lex.terms("tag_conflict"):
        if term.term in tag and content.count(term.canonical) > content.count(term.term):
            return term.canonical
    return None


def _tag_supported(prep: Prepared, content: str, ctx: CheckContext, post: dict) -> bool:
    """A tag is judged by what it names, not by its words appearing verbatim: a tag that names a
    category (数码, 图书, 出行, 母婴好物) is unsupported only when the post is clearly about another
    category and never names this one; other tags (新品, 亲子, 摄影) are the author's to choose."""
    named = {h.term.value for h in prep.hits("category")}
    if not named:
        return True
    category = post_category_of(post, ctx)
    if category is None or category in named:
        return True
    lex = lexicons(ctx)
    return any(value in named and normalize(term).text in content
               for term, value in lex.canonical_map("category").items())
