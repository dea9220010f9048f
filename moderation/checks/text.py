"""The per-post prepared text shared by the text rules, cached in ``ctx.cache``.

Each text target (title, tags[i], blocks[i]) is normalised once and matched against all lexicons
once; rules then read the hits of the lexicons they care about and turn them into findings whose
spans point into the ORIGINAL text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from .catalog import TEXT_RULES
from .engine import CheckContext, Finding
from .lexicons import Hit, Lexicons
from .normalize import CJK, Normalized, normalize
from .post import TEXT_BLOCK_TYPES, body_blocks, text_targets

_NOT_WORD = re.compile(rf"[^{CJK}a-z0-9]+")
OBFUSCATED_ONLY = "obfuscated-only"  # note on a term that counts only when written evasively (微❤信)


def lexicons(ctx: CheckContext) -> Lexicons:
    return ctx.lexicons if ctx.lexicons is not None else Lexicons.default()


@dataclass
class Prepared:
    """One target's original text, its normalised form and its lexicon hits."""

    target: str
    original: str
    norm: Normalized
    all_hits: list[Hit] = field(default_factory=list)

    def hits(self, lexicon: str) -> list[Hit]:
        return [h for h in self.all_hits if h.term.lexicon == lexicon]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original span of the normalised span [start, end)."""
        return self.norm.to_original(start, end)


def prepared(ctx: CheckContext, target: str, text: str) -> Prepared:
    cache = ctx.cache.setdefault("prepared", {})
    prep = cache.get(target)
    if prep is None or prep.original != text:
        norm = normalize(text)
        prep = cache[target] = Prepared(target, text, norm, lexicons(ctx).find(norm.text))
    return prep


def targets(post: dict, ctx: CheckContext, *, title: bool = True, tags: bool = True,
            blocks: bool = True) -> list[Prepared]:
    """Prepared texts of the chosen parts of the post, in reading order (cached per choice)."""
    key = ("targets", title, tags, blocks)
    if key not in ctx.cache:
        chosen = {"title": title, "tags": tags, "blocks": blocks}
        ctx.cache[key] = [prepared(ctx, target, text) for target, text in text_targets(post)
                          if text and chosen[target.split("[", 1)[0]]]
    return ctx.cache[key]


def body_length(ctx: CheckContext, post: dict) -> int:
    """post.body_text_length, computed once per check (the 4.2(3) word count)."""
    if "body_length" not in ctx.cache:
        ctx.cache["body_length"] = sum(len("".join(b.get("text", "").split())) for _, b in text_blocks(post))
    return ctx.cache["body_length"]


def body_text(ctx: CheckContext, post: dict) -> str:
    """The normalised text of all text blocks, joined by newlines (for 'does the body mention X')."""
    if "body_text" not in ctx.cache:
        ctx.cache["body_text"] = "\n".join(p.norm.text for p in targets(post, ctx, title=False, tags=False))
    return ctx.cache["body_text"]


def compact(normalised: str) -> str:
    """Only the letters, digits and CJK characters of a normalised text (for comparing names)."""
    return _NOT_WORD.sub("", normalised)


def text_blocks(post: dict) -> Iterable[tuple[int, dict]]:
    return ((i, b) for i, b in body_blocks(post) if b.get("type") in TEXT_BLOCK_TYPES)


def finding(rule_id: str, target: str, message: str, *, severity: str | None = None, **fields) -> Finding:
    """A finding with the catalogue's default severity and clause for ``rule_id``."""
    default_severity, clause = TEXT_RULES[rule_id]
    return Finding(rule_id, severity or default_severity, target, message, clause, **fields)


def span_finding(rule_id: str, prep: Prepared, start: int, end: int, message: str | Callable[[str], str],
                 **fields) -> Finding:
    """A finding on the normalised span [start, end) of ``prep``, with the original span and excerpt;
    ``message`` may be a function of the excerpt."""
    o_start, o_end = prep.span(start, end)
    excerpt = prep.original[o_start:o_end]
    norm = fields.pop("normalized", None) or prep.norm.text[start:end]
    text = message(excerpt) if callable(message) else message
    return finding(rule_id, prep.target, text, start=o_start, end=o_end, excerpt=excerpt,
                   normalized=norm if norm != excerpt else None, **fields)


def original_span_finding(rule_id: str, target: str, original: str, start: int, end: int, message: str,
                          **fields) -> Finding:
    """A finding on a span of the original text itself (punctuation, symbols)."""
    return finding(rule_id, target, message, start=start, end=end, excerpt=original[start:end], **fields)


def is_obfuscated(prep: Prepared, hit: Hit) -> bool:
    start, end = prep.span(hit.start, hit.end)
    return prep.original[start:end] != prep.norm.text[hit.start:hit.end]


def lexicon_findings(rule_id: str, preps: Iterable[Prepared], lexicon: str,
                     message: Callable[[Hit, str], str], **fields) -> list[Finding]:
    """One finding per hit of ``lexicon``; ``message(hit, excerpt)`` says what to fix."""
    found = []
    for prep in preps:
        for hit in outermost(prep.hits(lexicon)):
            if OBFUSCATED_ONLY in hit.term.note and not is_obfuscated(prep, hit):
                continue
            found.append(span_finding(rule_id, prep, hit.start, hit.end,
                                      lambda excerpt, hit=hit: message(hit, excerpt), **fields))
    return found


def lexicon_table(preps: list[Prepared], table: Iterable[tuple[str, str, str]]) -> Iterator[Finding]:
    """Findings for rows of (rule id, lexicon, message template); a template may use {ex} (the excerpt),
    {value} (the canonical form) and {note}."""
    for rule_id, lexicon, template in table:
        yield from lexicon_findings(rule_id, preps, lexicon, lambda h, ex, t=template: t.format(
            ex=ex, value=h.term.value, note=h.term.note))


def outermost(hits: list[Hit]) -> list[Hit]:
    """Overlapping hits joined into one (全网最低 + 最低价 → 全网最低价), keeping the longer term."""
    kept: list[Hit] = []
    for hit in sorted(hits, key=lambda h: (h.start, -h.end)):
        if kept and hit.start < kept[-1].end:
            prev = kept[-1]
            term = prev.term if prev.end - prev.start >= hit.end - hit.start else hit.term
            kept[-1] = Hit(term, prev.start, max(prev.end, hit.end))
        else:
            kept.append(hit)
    return kept


def drop_overlapped(primary: list[Finding], secondary: Iterable[Finding]) -> list[Finding]:
    """``secondary`` findings that overlap no ``primary`` finding on the same target."""
    return [
        f for f in secondary
        if not any(p.target == f.target and p.start < f.end and f.start < p.end for p in primary)
    ]
