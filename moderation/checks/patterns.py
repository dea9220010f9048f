"""Patterns that words alone cannot catch: links, contact IDs, phone numbers, prices, discounts.

Every pattern runs on the normalised text (normalize.py): lower case, half-width, simplified,
decorative symbols between CJK characters removed. Each function yields (start, end, normal form)
in normalised offsets; the rules map them back to the original text.
"""
from __future__ import annotations

import re
from typing import Iterator

from .normalize import CHINESE_DIGITS

Match = tuple[int, int, str]

_DOT = r"\s{0,2}(?:\.|点|。|dot)\s{0,2}"
_PATH = r"(?:[/?#][a-z0-9./?=&%#_~+-]*)?"  # ASCII only: the text after a link may be glued to it
_TLD = r"(?:com|cn|net|org|cc|top|xyz|vip|shop|info|io|tv|me)"
LINK = re.compile(
    rf"(?:https?|ftp)\s?[:：]\s?//[a-z0-9.-]+{_PATH}"
    rf"|www{_DOT}[a-z0-9-]+(?:{_DOT}[a-z0-9-]+)*{_PATH}"
    rf"|(?<![a-z0-9@._-])[a-z0-9][a-z0-9-]*(?:{_DOT}[a-z0-9-]+)*{_DOT}{_TLD}(?![a-z0-9]){_PATH}"
)
EMAIL = re.compile(r"[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}")

_D = "[0-9零〇一二三四五六七八九幺]"
PHONE = re.compile(
    rf"(?<![0-9零〇一二三四五六七八九幺])[1一幺][\s-]?[3-9三四五六七八九](?:[\s-]?{_D}){{9}}(?!{_D})"
    r"|(?<!\d)(?:0\d{2,3}-\d{7,8}|400-?\d{3}-?\d{4})(?!\d)"
)
QQ_ID = re.compile(r"(?:qq|扣扣|企鹅)(?:号码|号|群)?\s?[:：]?\s?[1-9]\d{4,10}(?!\d)")
WECHAT_ID = re.compile(
    r"(?<![a-z])(?:微信|v信|vx|wx|weixin|wechat|威信|薇信)号?\s?[:：]?\s?[a-z][-_a-z0-9]{5,19}(?![-_a-z0-9])"
)

_NUM = r"\d+(?:\.\d+)?(?:万|千)?"
PRICE = re.compile(
    rf"(?:[¥￥]|rmb)\s?{_NUM}"
    rf"|(?<![\d.]){_NUM}\s?(?:元|块钱|rmb)(?!素|旦|宇宙|件|器|年|代|气|老|首|帅|店)"
)
_NOT_MONEY_UNIT = (r"(?![\d.]|\s?(?:[a-z%]|分|天|个|年|月|日|次|小时|秒|倍|寸|英寸|克|斤|件|台|款|人|岁|号|期|代|项|条|"
                   r"张|页|位|名|种|米|公里|度|层|楼|篇|集|部|只|双|把|颗|粒|片|瓶|盒|包|袋|箱|折|成))")
_CN_AMOUNT = r"[一二两三四五六七八九十][零〇一二两三四五六七八九十百千万]*(?:块钱|块|元)"
# After a price word, an amount in the same clause, perhaps behind a few words (售价大概是2999,
# 价格我记得也就三百九十九块): no digit, no clause break, at most 8 characters in between.
NUMBER_AFTER_CUE = re.compile(
    rf"(?P<gap>[^\d，。；！？\n,;!?:：]{{0,8}}?)\s?[:：]?\s?(?:[¥￥]\s?)?"
    rf"(?:{_NUM}(?:元|块钱|块|{_NOT_MONEY_UNIT})|{_CN_AMOUNT})"
)
# What the author paid, said with the verb: 4455买的, 在某店买4699.
PAID = re.compile(
    rf"(?<![\d.]){_NUM}\s?(?=买的|买来|买了|买下|入手|拿下|购入|购得)"
    rf"|(?<=买|购)(?:的|了|来)?\s?\d{{3,}}(?:\.\d+)?{_NOT_MONEY_UNIT}"
)
# A budget or price band is a theme (2000元左右手机如何选), not a product's price.
_BAND_AFTER = re.compile(r"\s?(?:左右|以内|以下|以上|上下|价位|档|级|出头|内|预算|区间|段)")
_RANGE_BEFORE = re.compile(r"\d\s?(?:-|~|到|至)\s?$")
DISCOUNT = re.compile(
    rf"满{_NUM}[元]?减{_NUM}"
    rf"|(?<![\d.波])(?:\d(?:\.\d)?|[一二三四五六七八九])折(?!叠|射|线|纸|腾|合|扣|算|旧|痕|页|返)"
)
CLAUSE_BREAKS = "，。；！？\n,;!?"
SENTENCE_BREAKS = "。！？!?\n"


def links(text: str) -> Iterator[Match]:
    """Links, also written as www . x . com or x点com (4.2(3))."""
    for m in LINK.finditer(text):
        yield m.start(), m.end(), re.sub(_DOT, ".", m.group()).replace(" ", "")


def contact_ids(text: str) -> Iterator[Match]:
    """Phone numbers (also in Chinese digits), QQ and WeChat IDs, e-mail addresses."""
    for pattern in (PHONE, QQ_ID, WECHAT_ID, EMAIL):
        for m in pattern.finditer(text):
            yield m.start(), m.end(), re.sub(r"[\s-]", "", m.group().translate(CHINESE_DIGITS)) \
                if pattern is PHONE else m.group()


def prices(text: str) -> Iterator[Match]:
    """Explicit amounts of money: ¥2999, 2999元, 299块钱; bands (2000元左右) and ranges are themes."""
    for m in PRICE.finditer(text):
        if _BAND_AFTER.match(text, m.end()) or _RANGE_BEFORE.search(text, 0, m.start()):
            continue
        yield m.start(), m.end(), m.group()


def price_after_cue(text: str, cue_end: int) -> Match | None:
    """The amount after a price cue in its clause (到手价1999, 券后 199, 售价大概是2999); the span runs
    from the cue's end, the normal form is the amount."""
    m = NUMBER_AFTER_CUE.match(text, cue_end)
    if not m:
        return None
    amount = m.group()[len(m.group("gap")):]
    return (m.start(), m.end(), amount.strip()) if any(c.isdigit() or c in "一二两三四五六七八九十" for c in amount) \
        else None


def paid_amounts(text: str) -> Iterator[Match]:
    """Amounts the author paid, without a currency unit: 4455买的, 买4699."""
    for m in PAID.finditer(text):
        yield m.start(), m.end(), m.group().strip()


def discounts(text: str) -> Iterator[Match]:
    """满300减50, 5折, 七折 (4.2(3), 5.4-II.4)."""
    for m in DISCOUNT.finditer(text):
        yield m.start(), m.end(), m.group()


def clause_start(text: str, index: int) -> int:
    """Where the clause holding ``index`` begins."""
    return max(text.rfind(ch, 0, index) for ch in CLAUSE_BREAKS) + 1


def sentence_bounds(text: str, start: int, end: int, breaks: str = SENTENCE_BREAKS) -> tuple[int, int]:
    """[left, right) of the sentence (or, with CLAUSE_BREAKS, the clause) holding [start, end)."""
    left = max(text.rfind(ch, 0, start) for ch in breaks) + 1
    rights = [i for i in (text.find(ch, end) for ch in breaks) if i >= 0]
    return left, min(rights, default=len(text))
