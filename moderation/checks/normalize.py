"""Normalisation that resists evasion, with a map back to the original text.

Matching runs on a normalised copy: full-width → half-width, lower case, traditional → simplified
(OpenCC's C++ binding), zero-width characters dropped, and spaces or decorative symbols wedged
between CJK characters removed (淘*宝, 微❤信, 淘 宝 → 淘宝). Chinese sentence punctuation (，。！？)
is never removed, so a match cannot run across two sentences. Every step but the removal keeps the
length, so mapping a span back only needs the removed positions.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Decorative: whitespace and symbols people wedge into words; not sentence punctuation, not "." or "%".
DECOR = (
    r"\s*\-_~·•・❤♥♡★☆✿❀^#@&|/\\=<>◆◇■□●○▲△▼▽→←↑↓♪♫✔✘✓✗※☞☛‖¦+`'\"’‘“”"
    "\u2600-\u27bf\U0001f000-\U0001faff\ufe0f"
)
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
_WEDGED = re.compile(
    rf"(?<=[{CJK}])[{DECOR}]{{1,3}}(?=[{CJK}a-z0-9])|(?<=[a-z0-9])[{DECOR}]{{1,3}}(?=[{CJK}])|[{ZERO_WIDTH}]"
)

_HALFWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_HALFWIDTH[0x3000] = 0x20
_HALFWIDTH.update({0x2460 + i: 0x31 + i for i in range(9)})  # ①..⑨ → 1..9

CHINESE_DIGITS = str.maketrans("零〇一二三四五六七八九幺", "001234567891")


@lru_cache(maxsize=1)
def _t2s():
    import opencc  # C++ binding: 55× faster than the pure-Python package of the same name

    return opencc.OpenCC("t2s")


def _lower(text: str) -> str:
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)  # İ → i̇ would shift


def _simplified(text: str) -> str:
    converted = _t2s().convert(text)
    if len(converted) == len(text):
        return converted
    # A phrase conversion changed the length: convert character by character instead.
    return "".join(c if len(c := _t2s().convert(ch)) == 1 else ch for ch in text)


@dataclass(frozen=True)
class Normalized:
    """A normalised copy of ``original``; ``removed`` lists the original indices dropped."""

    original: str
    text: str
    removed: tuple[int, ...] = ()

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of ``text`` back to a span of ``original`` (removed symbols inside included)."""
        return self._orig_index(start), self._orig_index(end - 1) + 1 if end > start else self._orig_index(start)

    def _orig_index(self, i: int) -> int:
        # The i-th kept character sits at original index i + (removed indices before it).
        # Binary search on k: removed[k] - k <= i means the k-th removal comes before it.
        lo, hi = 0, len(self.removed)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.removed[mid] - mid <= i:
                lo = mid + 1
            else:
                hi = mid
        return i + lo

    def from_original(self, index: int) -> int:
        """The index in ``text`` of the first kept character at or after original ``index``."""
        return index - bisect.bisect_left(self.removed, index)


def normalize(original: str) -> Normalized:
    """The matching form of ``original`` (see the module docstring)."""
    text = _simplified(_lower(original.translate(_HALFWIDTH)))
    removed: list[int] = []
    for m in _WEDGED.finditer(text):
        removed.extend(range(m.start(), m.end()))
    if not removed:
        return Normalized(original, text)
    return Normalized(original, _WEDGED.sub("", text), tuple(removed))


def normalize_term(term: str) -> str:
    """The form a lexicon term is matched in."""
    return normalize(term).text
