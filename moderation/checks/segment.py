"""jieba, loaded once per process, with brand and product names as user words.

Only short texts are segmented, with HMM off: titles and tags, and a window of a few characters
around a lexicon hit (does the hit stand as a word there?). The text rules match lexicons on
characters (Aho-Corasick) and never segment a whole body, so they stay cheaper than one jieba pass.
A worker should call ``initialize()`` before it starts taking jobs (performance.md: 0.8 s per load).
"""
from __future__ import annotations

import logging
import threading
import weakref

from .lexicons import Lexicons
from .normalize import normalize_term

USER_WORD_LEXICONS = ("brand", "brand_alias", "category", "competitor")
# Lexicons whose hits must stand as words in their context (中国美术史 is not 国美, 打开光盘 not 开光):
# their terms are jieba words too, at the frequency jieba suggests (a word of its own, never one that
# overrides a longer dictionary word such as 三星堆 or 亚马逊河).
WORD_LEXICONS = ("competitor", "sensitive", "adult", "adult_product", "medical", "promo", "attack",
                 "health_claim", "health_product", "jd_staff", "contact")
WINDOW = 6  # characters of context on each side of a hit
_lock = threading.Lock()
_loaded: "weakref.WeakSet[Lexicons]" = weakref.WeakSet()
_jieba = None


def initialize(lexicons: Lexicons | None = None):
    """Load jieba's dictionary (once) and the user words of ``lexicons`` (once per Lexicons)."""
    global _jieba
    lexicons = lexicons or Lexicons.default()
    with _lock:
        if _jieba is None:
            import jieba

            jieba.setLogLevel(logging.WARNING)
            jieba.initialize()
            _jieba = jieba
        if lexicons not in _loaded:
            for name in USER_WORD_LEXICONS:
                for term in lexicons.terms(name):
                    _jieba.add_word(term.term.lower(), freq=100_000)
            for name in WORD_LEXICONS:
                for term in lexicons.terms(name):
                    word = normalize_term(term.term)
                    if word and not word.isascii() and not _jieba.dt.FREQ.get(word):
                        _jieba.add_word(word)
            _loaded.add(lexicons)
    return _jieba


def words(text: str, lexicons: Lexicons | None = None) -> list[str]:
    """Words of a short normalised text (a title or a tag)."""
    return initialize(lexicons).lcut(text, HMM=False)


def stands_as_word(text: str, start: int, end: int, lexicons: Lexicons | None = None) -> bool:
    """Does [start, end) of a normalised text begin and end on word boundaries of its context?
    Only a small window around the hit is segmented, so a check costs microseconds, not a pass."""
    left = max(0, start - WINDOW)
    window = text[left:end + WINDOW]
    bounds, at = {0}, 0
    for word in words(window, lexicons):
        at += len(word)
        bounds.add(at)
    return start - left in bounds and end - left in bounds


TOPIC_FLAGS = ("n", "vn", "eng", "an")  # nouns (n, nr, ns, nt, nz …), verbal and adjectival nouns, latin words


def topic_words(text: str, lexicons: Lexicons | None = None) -> list[str]:
    """The nouns of a short normalised text (a title): what it is about, without its verbs, adverbs
    and measure words (几本, 到底, 一点)."""
    initialize(lexicons)
    import jieba.posseg

    return [p.word for p in jieba.posseg.lcut(text, HMM=False)
            if p.flag.startswith(TOPIC_FLAGS) and (len(p.word) >= 2 or p.flag == "n")]  # 书, 车, 茶 name a topic


def pieces(word: str) -> list[str]:
    """The dictionary words inside a longer word (寓言故事 → 寓言, 故事), for loose presence."""
    jieba = initialize()
    return [w for w in jieba.lcut_for_search(word, HMM=False) if len(w) >= 2 and w != word]
