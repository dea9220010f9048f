"""Lexicons as data: word lists the rules match, built from plain rows.

A row is ``{"lexicon": ..., "term": ..., "canonical": ..., "note": ...}``. The shipped rows live in
``data/<lexicon>.csv`` (columns term, canonical, note); the Django side may store them in a table and
build ``Lexicons.from_rows(rows, version=...)`` from it, caching one object per version per worker.
A lexicon named ``<name>_allow`` lists exceptions, "not a hit in this context", in two forms:
a phrase (canonical left blank) — a hit of ``<name>`` inside one of its hits is dropped (第一次 is not the
superlative 第一); or a context word whose canonical names the term it excuses (``*`` for every term of
``<name>``) — a hit of that term in the same sentence as the context word is dropped (term 隔壁,
canonical 做爱: a neighbour's noise in a hotel review).

Matching is one Aho-Corasick pass (ahocorasick-rs) over the normalised text for all lexicons at
once; the automaton is compiled once per Lexicons object.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Iterable

import ahocorasick_rs

from .normalize import normalize_term
from .patterns import sentence_bounds

DATA_DIR = Path(__file__).with_name("data")
ALLOW_SUFFIX = "_allow"
# Latin terms must stand alone: "tb" is 淘宝 only when not part of "usb" or "1 tb".
_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz")
_DIGITS = frozenset("0123456789")
_LATIN = _LETTERS | _DIGITS


@dataclass(frozen=True)
class Term:
    lexicon: str
    term: str
    canonical: str = ""
    note: str = ""

    @property
    def value(self) -> str:
        """The canonical form when given, else the term itself."""
        return self.canonical or self.term


@dataclass(frozen=True)
class Hit:
    """A lexicon term found at [start, end) of a normalised text."""

    term: Term
    start: int
    end: int


class Lexicons:
    """All lexicons of one version; immutable once built."""

    def __init__(self, terms: Iterable[Term], version: str = ""):
        self.version = version
        self._maps: dict[str, dict[str, str]] = {}
        self._by_lexicon: dict[str, list[Term]] = {}
        for term in terms:
            self._by_lexicon.setdefault(term.lexicon, []).append(term)

    @classmethod
    def from_rows(cls, rows: Iterable[dict], version: str = "") -> "Lexicons":
        """Build from plain rows (database rows or ``default_rows()``); blank terms are skipped."""
        terms = (
            Term(str(r["lexicon"]).strip(), str(r["term"]).strip(),
                 str(r.get("canonical") or "").strip(), str(r.get("note") or "").strip())
            for r in rows
        )
        return cls((t for t in terms if t.term and t.lexicon), version)

    @staticmethod
    def default_rows() -> list[dict]:
        """The shipped lexicon files as rows, for loading them into the database."""
        rows = []
        for path in sorted(DATA_DIR.glob("*.csv")):
            with path.open(encoding="utf-8", newline="") as f:
                for row in csv.DictReader(line for line in f if not line.startswith("#")):
                    rows.append({"lexicon": path.stem, "term": row["term"],
                                 "canonical": row.get("canonical") or "", "note": row.get("note") or ""})
        return rows

    @classmethod
    def default(cls) -> "Lexicons":
        """The shipped lexicons, built once per process."""
        global _DEFAULT
        if _DEFAULT is None:
            _DEFAULT = cls.from_rows(cls.default_rows(), version="default")
        return _DEFAULT

    def terms(self, lexicon: str) -> list[Term]:
        return self._by_lexicon.get(lexicon, [])

    def canonical_map(self, lexicon: str) -> dict[str, str]:
        """Normalised term → canonical form (or the term) for one lexicon, built once."""
        if lexicon not in self._maps:
            self._maps[lexicon] = {normalize_term(t.term): t.value for t in self.terms(lexicon)}
        return self._maps[lexicon]

    def names(self) -> list[str]:
        return sorted(self._by_lexicon)

    @cached_property
    def _automaton(self) -> tuple[ahocorasick_rs.AhoCorasick | None, list[list[Term]]]:
        patterns: dict[str, list[Term]] = {}
        for terms in self._by_lexicon.values():
            for term in terms:
                key = normalize_term(term.term)
                if key:
                    patterns.setdefault(key, []).append(term)
        if not patterns:
            return None, []
        return ahocorasick_rs.AhoCorasick(list(patterns)), list(patterns.values())

    def find(self, text: str) -> list[Hit]:
        """Every hit of every lexicon in the normalised ``text``, exceptions applied."""
        automaton, owners = self._automaton
        if automaton is None or not text:
            return []
        hits = [
            Hit(term, start, end)
            for index, start, end in automaton.find_matches_as_indexes(text, overlapping=True)
            if _stands_alone(text, start, end)
            for term in owners[index]
        ]
        return _drop_allowed(hits, text)


_DEFAULT: Lexicons | None = None


def _stands_alone(text: str, start: int, end: int) -> bool:
    """A latin term may not continue a latin word or number: tb is not in usb, 1tb or 1 tb;
    a word may be followed by a digit (iphone7)."""
    if text[start] in _LATIN and start > 0:
        before = text[start - 1]
        if before in _LATIN or (before == " " and start > 1 and text[start - 2] in _DIGITS):
            return False
    if end < len(text):
        last, after = text[end - 1], text[end]
        return not ((last in _LETTERS and after in _LETTERS) or (last in _DIGITS and after in _DIGITS))
    return True


ANY_TERM = "*"


def _excuses(allow: Hit, hit: Hit, text: str) -> bool:
    """Does the allow hit make ``hit`` no hit: a phrase around it, or a context word of its sentence?"""
    excused = allow.term.canonical
    if not excused:
        return allow.start <= hit.start and hit.end <= allow.end
    if excused != ANY_TERM and normalize_term(excused) not in (normalize_term(hit.term.term),
                                                               normalize_term(hit.term.value)):
        return False
    left, right = sentence_bounds(text, hit.start, hit.end)
    return left <= allow.start and allow.end <= right


def _drop_allowed(hits: list[Hit], text: str = "") -> list[Hit]:
    allowed = [h for h in hits if h.term.lexicon.endswith(ALLOW_SUFFIX)]
    if not allowed:
        return hits
    return [
        h for h in hits
        if not h.term.lexicon.endswith(ALLOW_SUFFIX)
        and not any(a.term.lexicon == h.term.lexicon + ALLOW_SUFFIX and _excuses(a, h, text) for a in allowed)
    ]
