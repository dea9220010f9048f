"""jieba, loaded once per process, with brand and product names as user words.

Only short texts are segmented (titles, tags), with HMM off: the text rules match lexicons on
characters (Aho-Corasick) and never segment a whole body, so they stay cheaper than one jieba pass.
A worker should call ``initialize()`` before it starts taking jobs (performance.md: 0.8 s per load).
"""
from __future__ import annotations

import logging
import threading
import weakref

from .lexicons import Lexicons

USER_WORD_LEXICONS = ("brand", "brand_alias", "category", "competitor")
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
            _loaded.add(lexicons)
    return _jieba


def words(text: str, lexicons: Lexicons | None = None) -> list[str]:
    """Words of a short normalised text (a title or a tag)."""
    return initialize(lexicons).lcut(text, HMM=False)
