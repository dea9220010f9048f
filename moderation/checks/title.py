"""Rules: the title, 4.2(1) 标题规范 and 5.4-III.2."""
from __future__ import annotations

import math
import re
import unicodedata

from .engine import CheckContext, rule, say
from .normalize import CJK, normalize
from .post import body_blocks
from .segment import pieces, topic_words
from .text import (body_text, compact, lexicon_table, lexicons, original_span_finding, outermost, prepared,
                   span_finding, targets)

TITLE_MIN, TITLE_MAX = 15, 27  # 4.2(1) 标题字数15-27个字
PRODUCT_NAME_COVER = 0.6  # a title covering 60% of a card's name is that name
OFF_TOPIC_MIN_SHARE = 0.25  # under a quarter of the title's nouns in the body → off topic
OFF_TOPIC_MIN_BODY = 100
_WORDLIKE = re.compile(rf"[{CJK}]|[a-z0-9]{{2,}}")
HALFWIDTH_PUNCT = {",": "，", "!": "！", "?": "？", ":": "：", ";": "；", "(": "（", ")": "）"}
FORBIDDEN_SYMBOLS = "|｜【】"
_HALFWIDTH_PUNCT = re.compile(r"[,!?:;()]")
_BETWEEN_DIGITS = re.compile(r"(?<=\d)[,:](?=\d)")  # 16:9, 10:30, 1,000 are not sentence punctuation
_HAS_CJK = re.compile(f"[{CJK}]")
_SPACE_SEPARATOR = re.compile(rf"(?<=[{CJK}，。！？、：；”）])[ \u3000]+(?=[{CJK}“（])|\u3000+| {{2,}}")
_SPECIAL_SYMBOL = re.compile(r"[@&#*~^$`\\★☆♥❤♡※→←◆■●▲✔✘\u2600-\u27bf\U0001f000-\U0001faff]")


def _title(post: dict, ctx: CheckContext):
    return prepared(ctx, "title", post.get("title") or "")


def title_width(title: str) -> int:
    """Display width: CJK and full-width characters count 1, half-width 0.5, rounded up (4.2(1))."""
    halves = sum(1 if unicodedata.east_asian_width(ch) in ("Na", "H", "N") else 2 for ch in title.strip())
    return math.ceil(halves / 2)


@rule("TITLE_LENGTH")
def title_length(post: dict, ctx: CheckContext):
    """4.2(1): the title is 15–27 characters long."""
    title = post.get("title") or ""
    low, high = ctx.threshold("title_min", TITLE_MIN), ctx.threshold("title_max", TITLE_MAX)
    width = title_width(title)
    if not low <= width <= high:
        hint = say("请补充完整") if width < low else say("请精简")
        yield original_span_finding("TITLE_LENGTH", "title", title, 0, len(title),
                                    say("标题长度为{width}，应在{low}–{high}之间，{hint}", width=width, low=low,
                                        high=high, hint=hint),
                                    evidence={"length": width, "min": low, "max": high})


WORDING = (
    ("TITLE_PROMO", "promo", "标题不能出现活动、促销信息：“{ex}”，请删除"),
    ("TITLE_AD_LAW", "ad_law", "标题含广告法禁用的绝对化用语“{ex}”，请改为客观描述"),
    ("TITLE_CLICKBAIT", "clickbait", "标题有夸大或标题党用语“{ex}”，请如实概括文章内容"),
)


@rule("TITLE_PROMO", "TITLE_AD_LAW", "TITLE_CLICKBAIT")
def title_wording(post: dict, ctx: CheckContext):
    """4.2(1): no promotion words, no Advertising-Law absolutes, no clickbait in the title."""
    yield from lexicon_table([_title(post, ctx)], WORDING)


@rule("TITLE_HALFWIDTH_PUNCT")
def title_halfwidth_punct(post: dict, ctx: CheckContext):
    """4.2(1): a Chinese title uses full-width punctuation."""
    title = post.get("title") or ""
    if not _HAS_CJK.search(title):
        return
    skip = {m.start() for m in _BETWEEN_DIGITS.finditer(title)}
    for m in _HALFWIDTH_PUNCT.finditer(title):
        if m.start() not in skip:
            ch = m.group()
            yield original_span_finding("TITLE_HALFWIDTH_PUNCT", "title", title, m.start(), m.end(),
                                        say("标题使用了半角标点“{ch}”，请改为全角“{full}”", ch=ch, full=HALFWIDTH_PUNCT[ch]),
                                        evidence={"suggestion": HALFWIDTH_PUNCT[ch]})


@rule("TITLE_FORBIDDEN_SYMBOL")
def title_forbidden_symbol(post: dict, ctx: CheckContext):
    """4.2(1): 标题上禁止使用“|”“【】”."""
    title = post.get("title") or ""
    for i, ch in enumerate(title):
        if ch in FORBIDDEN_SYMBOLS:
            yield original_span_finding("TITLE_FORBIDDEN_SYMBOL", "title", title, i, i + 1,
                                        say("标题禁止使用符号“{ch}”，请改用中文全角标点（如“：”“，”）", ch=ch))


@rule("TITLE_SPECIAL_SYMBOL")
def title_special_symbol(post: dict, ctx: CheckContext):
    """4.2(1): “@”“&”等特殊符号视情况而定 — the editor decides."""
    title = post.get("title") or ""
    for m in _SPECIAL_SYMBOL.finditer(title):
        yield original_span_finding("TITLE_SPECIAL_SYMBOL", "title", title, m.start(), m.end(),
                                    say("标题含特殊符号“{ch}”，如非品牌名的一部分请删除", ch=m.group()))


@rule("TITLE_SPACE_SEPARATOR")
def title_space_separator(post: dict, ctx: CheckContext):
    """4.2(1): 采用标点符号进行间隔，不要使用空格作为间隔."""
    title = post.get("title") or ""
    inner = (len(title) - len(title.lstrip()), len(title.rstrip()))  # leading/trailing spaces separate nothing
    for m in _SPACE_SEPARATOR.finditer(title, *inner):
        yield original_span_finding("TITLE_SPACE_SEPARATOR", "title", title, m.start(), m.end(),
                                    say("标题用空格分隔两部分，请改用标点（如“：”“，”）"))


@rule("TITLE_BRAND_CASE")
def title_brand_case(post: dict, ctx: CheckContext):
    """4.2(1): 品牌、品名需正确书写 (iphone → iPhone)."""
    prep = _title(post, ctx)
    for hit in outermost(prep.hits("brand")):
        start, end = prep.span(hit.start, hit.end)
        correct = hit.term.value
        if prep.original[start:end] != correct:
            yield span_finding("TITLE_BRAND_CASE", prep, hit.start, hit.end,
                               lambda ex, correct=correct: say("品牌/品名书写不规范：“{ex}”应写作“{correct}”", ex=ex,
                                                              correct=correct),
                               evidence={"suggestion": correct})


@rule("TITLE_IS_PRODUCT_NAME")
def title_is_product_name(post: dict, ctx: CheckContext):
    """5.4-III.2: 直接使用商品名字作为标题."""
    prep = _title(post, ctx)
    title = compact(prep.norm.text)
    for i, block in body_blocks(post):
        name = compact(normalize(block.get("name") or "").text) if block.get("type") == "product" else ""
        if name and title and _same_name(title, name):
            yield original_span_finding("TITLE_IS_PRODUCT_NAME", "title", prep.original, 0, len(prep.original),
                                        say("标题直接使用了商品名称（{name}），请概括文章的看点", name=block["name"]),
                                        evidence={"product": f"blocks[{i}]"})
            return


def _same_name(title: str, name: str) -> bool:
    """The title is the name, most of the name, or the name plus a word or two."""
    if title in name:
        return len(title) >= PRODUCT_NAME_COVER * len(name)
    return name in title and len(title) - len(name) <= 3


@rule("TITLE_OFF_TOPIC")
def title_off_topic(post: dict, ctx: CheckContext):
    """4.2(1): 内容需与文章内容相关 — the title's key words should appear in the body."""
    prep = _title(post, ctx)
    body = body_text(ctx, post)
    if len(body) < OFF_TOPIC_MIN_BODY:
        return  # too little body to judge; BODY_TOO_SHORT speaks
    lex = lexicons(ctx)
    keywords = title_keywords(prep.norm.text, lex)
    # A category word is present when the body names that category in other words (笔记本 ~ 电脑).
    named = {h.term.value for p in targets(post, ctx, title=False, tags=False) for h in p.hits("category")}
    categories = lex.canonical_map("category")
    missing = [w for w in keywords if w not in body and not any(p in body for p in pieces(w))
               and categories.get(w) not in named]
    if len(keywords) >= 2 and len(keywords) - len(missing) < OFF_TOPIC_MIN_SHARE * len(keywords):
        quoted = "”“".join(missing)
        yield original_span_finding("TITLE_OFF_TOPIC", "title", prep.original, 0, len(prep.original),
                                    say("标题关键词“{words}”在正文中几乎没有出现，请确认标题与内容相关", words=quoted),
                                    evidence={"keywords": keywords, "missing": missing})


def title_keywords(text: str, lex) -> list[str]:
    """Distinct topic words of a normalised title: nouns of two characters or more, not too general
    (a verb, an adverb or a measure word says nothing about what the post is about)."""
    general = {t.term for t in lex.terms("stopword")}
    found = []
    for word in topic_words(text, lex):
        if word not in general and word not in found and _WORDLIKE.search(word):
            found.append(word)
    return found
