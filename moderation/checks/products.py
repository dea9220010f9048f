"""Rules: product cards, 4.3 and 4.4 选品."""
from __future__ import annotations

import math
import re

from .engine import WARN, CheckContext, Wording, rule, say
from .lexicons import Lexicons
from .normalize import CJK, normalize
from .post import body_blocks
from .text import body_text, compact, finding, lexicons, outermost, prepared, span_finding, targets

GUIDE_MIN_ITEMS, GUIDE_MAX_ITEMS = 5, 10  # 4.3(4) 建议以5-10个为准
NEWS_EXTRA_MAX = 2  # 4.3(2) 相关产品不得超过2个
SUGGEST_MIN_MENTIONS = 2
_SPEC = re.compile(r"^spf\d+|^pa\++$|^\d+(?:\.\d+)?(?:gb|tb|mah|w|ml|g|kg|mm|cm|寸|英寸|hz|l|升|克|片|粒|支|瓶)?(?:\+.*)?$")
_HAS_DIGIT = re.compile(r"\d")
_CJK_RUN = re.compile(f"[{CJK}]+")
_CJK_CHARS = "".join(chr(c) for c in range(0x4E00, 0xA000))
_BAND = [  # budget themes in a title → (low, high) price range
    (re.compile(r"(\d+)\s?(?:-|~|到|至)\s?(\d+)\s?元"), lambda a, b: (float(a), float(b))),
    (re.compile(r"(\d+)\s?元(?:左右|上下|价位|档)"), lambda a: (0.75 * float(a), 1.25 * float(a))),
    (re.compile(r"(\d+)\s?元(?:以内|以下|内)"), lambda a: (0.0, float(a))),
    (re.compile(r"(\d+)\s?元以上"), lambda a: (float(a), math.inf)),
    (re.compile(r"([一两二三四五六七八九])千元"), lambda a: _thousands(a)),
    (re.compile(r"千元机|千元档|千元价位"), lambda: (700.0, 2000.0)),
]


def product_cards(post: dict) -> list[tuple[int, dict]]:
    return [(i, b) for i, b in body_blocks(post) if b.get("type") == "product"]


def _card_target(i: int) -> str:
    return f"blocks[{i}]"


@rule("PRODUCT_UNAVAILABLE")
def product_unavailable(post: dict, ctx: CheckContext):
    """4.4: 禁止推荐暂无报价的商品、下架商品."""
    for i, card in product_cards(post):
        problem = say("暂无报价") if card.get("price") is None else say("已下架") if card.get("on_shelf") is False else None
        if problem:
            yield finding("PRODUCT_UNAVAILABLE", _card_target(i),
                          say("商品“{name}”{problem}，请更换为在售商品", name=card.get("name", ""), problem=problem))


@rule("PRODUCT_RESTRICTED")
def product_restricted(post: dict, ctx: CheckContext):
    """4.4: 禁止推荐药品、医疗器械、化学制剂、营养保健品、成人用品 (unless the author is licensed)."""
    lex = lexicons(ctx)
    exempt = {"health"} if ctx.author.licensed_health else set()
    exempt |= {"adult"} if ctx.author.licensed_adult else set()
    for i, card in product_cards(post):
        text = normalize(" ".join(str(card.get(k) or "") for k in ("name", "category", "brand"))).text
        classes = {h.term.canonical for h in lex.find(text) if h.term.lexicon == "restricted"} - exempt
        if classes:
            yield finding("PRODUCT_RESTRICTED", _card_target(i),
                          say("不能推荐{classes}类商品：“{name}”", classes=[say(RESTRICTED_NAMES[c]) for c in sorted(classes)],
                              name=card.get("name", "")), evidence={"classes": sorted(classes)})


RESTRICTED_NAMES = {"drug": "药品", "device": "医疗器械", "chemical": "化学制剂", "health": "营养保健",
                    "adult": "成人用品"}


@rule("PRODUCT_CARD_MODE")
def product_card_mode(post: dict, ctx: CheckContext):
    """4.3(4): 导购所插商品卡片必须只能是小图模式."""
    if post.get("kind") != "guide":
        return
    for i, card in product_cards(post):
        if card.get("display", "small") != "small":
            yield finding("PRODUCT_CARD_MODE", _card_target(i), say("导购文章的商品卡片必须使用小图模式"))


@rule("PRODUCT_GUIDE_COUNT")
def product_guide_count(post: dict, ctx: CheckContext):
    """4.3(4): 严禁只放一款商品 (block); 建议以5-10个为准 (warn)."""
    count = len(product_cards(post))
    if post.get("kind") != "guide" or count == 0:
        return  # no product at all is GUIDE_STRUCTURE's
    low, high = ctx.threshold("guide_min_items", GUIDE_MIN_ITEMS), ctx.threshold("guide_max_items", GUIDE_MAX_ITEMS)
    if count == 1:
        yield finding("PRODUCT_GUIDE_COUNT", "post", say("导购文章严禁只推荐一款商品，请围绕主题推荐多款商品"),
                      evidence={"count": 1})
    elif not low <= count <= high:
        yield finding("PRODUCT_GUIDE_COUNT", "post", say("导购文章推荐了{count}款商品，建议为{low}–{high}款", count=count, low=low, high=high),
                      severity=WARN, evidence={"count": count, "min": low, "max": high})


def _mention_text(post: dict, ctx: CheckContext) -> str:
    return prepared(ctx, "title", post.get("title") or "").norm.text + "\n" + body_text(ctx, post)


def model_tokens(name: str) -> list[str]:
    """Model names among a card name's words, normalised: words with a digit that are not specs (p60, 小米14)."""
    return [t for t in (normalize(w).text for w in name.split()) if _is_model(t)]


def _is_model(token: str) -> bool:
    rest = token.lstrip(_CJK_CHARS)
    if not _HAS_DIGIT.search(rest):
        return False
    return not _SPEC.match(rest) or (rest.isdigit() and rest != token)  # 小米14 is a model, 约500g a weight


def brand_key(brand: str, lex: Lexicons) -> str:
    """The brand a name stands for, lower case (华为 → huawei)."""
    norm = normalize(brand).text.strip()
    return lex.canonical_map("brand_alias").get(norm, norm).lower()


_LATIN_WORD = re.compile(r"^(?:[a-z]+|\d+)$")


def model_phrases(card: dict, lex: Lexicons) -> list[str]:
    """Series names spread over several words of a long JD name, compacted: HUAWEI Mate 60 Pro →
    mate60pro, Redmi K70 至尊版 → redmik70 (brand words left out, specs such as 12GB+512GB are no part)."""
    brand = brand_key(card.get("brand") or "", lex)
    phrases, run = [], []
    for word in [normalize(w).text for w in (card.get("name") or "").split()] + [""]:
        if _LATIN_WORD.match(word) and brand_key(word, lex) != brand:
            run.append(word)
            continue
        if len(run) >= 2 and any(w.isdigit() for w in run):
            phrases.append("".join(run))
        run = []
    return phrases


def _phrase_in(phrase: str, compacted: str) -> bool:
    """The phrase as a whole name: mate60 is not in mate60pro."""
    at = compacted.find(phrase)
    while at >= 0:
        after = compacted[at + len(phrase):at + len(phrase) + 1]
        if not (after.isascii() and after.isalnum()):
            return True
        at = compacted.find(phrase, at + 1)
    return False


def mentioned(card: dict, text: str, lex: Lexicons, *, strong: bool) -> bool:
    """Does the text talk about this card? Strong: its model (or most of its name); weak: also its brand."""
    models = model_tokens(card.get("name") or "")
    if any(m in text for m in models):
        return True
    phrases = model_phrases(card, lex)
    if phrases:
        compacted = compact(text)
        if any(_phrase_in(p, compacted) for p in phrases):
            return True
    brand = brand_key(card.get("brand") or "", lex)
    if not strong and brand and _brand_in(brand, text, lex):
        return True
    if models or phrases:
        return False  # a model that is not mentioned: another product (小米6 in a 华为P10 review)
    name = normalize(card.get("name") or "").text.replace(normalize(card.get("brand") or "").text or "\0", "")
    bigrams = {run[k:k + 2] for run in _CJK_RUN.findall(name) for k in range(len(run) - 1)}
    share = sum(b in text for b in bigrams) / len(bigrams) if bigrams else 0.0
    return share >= (0.5 if strong else 0.25)


def _brand_in(brand: str, text: str, lex: Lexicons) -> bool:
    return brand in text or any(h.term.value.lower() == brand for h in lex.find(text) if h.term.lexicon == "brand_alias")


@rule("PRODUCT_UNRELATED")
def product_unrelated(post: dict, ctx: CheckContext):
    """4.3(1), 5.4-III.5: 所推荐商品与内容毫无关联 (a 华为P10 review with a card for 小米6)."""
    text, lex = _mention_text(post, ctx), lexicons(ctx)
    for i, card in product_cards(post):
        if not mentioned(card, text, lex, strong=False):
            yield finding("PRODUCT_UNRELATED", _card_target(i),
                          say("商品“{name}”与文章内容没有关联，请确认或删除", name=card.get("name", "")))


@rule("PRODUCT_NEWS_EXTRA")
def product_news_extra(post: dict, ctx: CheckContext):
    """4.3(2), 5.4-III.7: news — at most 2 cards beyond the products the news is about."""
    if post.get("kind") != "news":
        return
    text, lex = _mention_text(post, ctx), lexicons(ctx)
    extra = [card.get("name", "") for _, card in product_cards(post) if not mentioned(card, text, lex, strong=True)]
    limit = ctx.threshold("news_extra_max", NEWS_EXTRA_MAX)
    if len(extra) > limit:
        yield finding("PRODUCT_NEWS_EXTRA", "post",
                      say("资讯文章除报道的商品外另插入了{count}个商品卡片，最多{limit}个：{names}", count=len(extra), limit=limit,
                          names=extra),
                      evidence={"extra": extra, "max": limit})


@rule("PRODUCT_THEME_MISMATCH")
def product_theme_mismatch(post: dict, ctx: CheckContext):
    """4.4: 选品需匹配文章主题 (title 2000元左右手机, cards around 1000元)."""
    title = prepared(ctx, "title", post.get("title") or "").norm.text
    band = price_band(title)
    if band is None:
        return
    low, high = band
    for i, card in product_cards(post):
        price = card.get("price")
        if price is not None and not low <= float(price) <= high:
            yield finding("PRODUCT_THEME_MISMATCH", _card_target(i),
                          say("商品“{name}”价格为{price:g}元，与标题的价位主题（{band}）不符", name=card.get("name", ""),
                              price=price, band=_band_text(band)),
                          evidence={"price": price, "low": low, "high": None if math.isinf(high) else high})


def price_band(title: str) -> tuple[float, float] | None:
    """The price range a normalised title promises (2000元左右 → 1500–2500), or None."""
    for pattern, band in _BAND:
        m = pattern.search(title)
        if m:
            return band(*m.groups())
    return None


def _thousands(digit: str) -> tuple[float, float]:
    value = 1000.0 * {"一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}[digit]
    return 0.75 * value, 1.25 * value


def _band_text(band: tuple[float, float]) -> Wording:
    low, high = band
    return say("{low:g}元以上", low=low) if math.isinf(high) else say("{low:g}–{high:g}元", low=low, high=high)


@rule("PRODUCT_SUGGEST_CARD")
def product_suggest_card(post: dict, ctx: CheckContext):
    """第三章: 所涉及商品如果京东有售，均建议加上相关商品卡片 — a brand discussed with no card of it."""
    lex = lexicons(ctx)
    carded = {brand_key(c.get("brand") or "", lex) for _, c in product_cards(post)}
    carded |= {h.term.value.lower() for _, c in product_cards(post)
               for h in lex.find(normalize(c.get("name") or "").text) if h.term.lexicon == "brand_alias"}
    mentions: dict[str, list] = {}
    for prep in targets(post, ctx, title=False, tags=False):
        for hit in outermost(prep.hits("brand_alias")):
            mentions.setdefault(hit.term.value.lower(), []).append((prep, hit))
    for brand, places in mentions.items():
        if brand not in carded and len(places) >= SUGGEST_MIN_MENTIONS:
            prep, hit = places[0]
            yield span_finding("PRODUCT_SUGGEST_CARD", prep, hit.start, hit.end,
                               say("文中多次提到{brand}的商品，如京东有售，建议插入相关商品卡片", brand=hit.term.value))
