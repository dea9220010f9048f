"""The per-post prepared text shared by the text rules, cached in ``ctx.cache``.

Each text target (title, tags[i], blocks[i]) is normalised once and matched against all lexicons
once; rules then read the hits of the lexicons they care about and turn them into findings whose
spans point into the ORIGINAL text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from . import segment
from .catalog import CONFIRM, TEXT_RULES
from .engine import BLOCK, WARN, CheckContext, Finding, Wording, as_wording, make_finding, say
from .lexicons import Hit, Lexicons
from .normalize import CJK, Normalized, normalize
from .patterns import CLAUSE_BREAKS, sentence_bounds
from .post import TEXT_BLOCK_TYPES, body_blocks, text_targets
from .segment import WORD_LEXICONS

_NOT_WORD = re.compile(rf"[^{CJK}a-z0-9]+")
_CJK_CHAR = re.compile(f"[{CJK}]")
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
    lexicons: Lexicons | None = None

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
        lex = lexicons(ctx)
        prep = cache[target] = Prepared(target, text, norm, lex.find(norm.text), lex)
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


def finding(rule_id: str, target: str, message: str | Wording, *, severity: str | None = None,
            **fields) -> Finding:
    """A finding with the catalogue's default severity and clause for ``rule_id``; a blocking rule
    whose measured precision is under 95% warns and asks the editor to check (catalog.CONFIRM)."""
    default_severity, clause = TEXT_RULES[rule_id]
    severity = severity or default_severity
    if severity == BLOCK and rule_id in CONFIRM:
        severity, message = WARN, say("请编辑确认：{check}。{message}", check=say(CONFIRM[rule_id]),
                                      message=as_wording(message))
    return make_finding(rule_id, severity, target, message, clause, **fields)


def span_finding(rule_id: str, prep: Prepared, start: int, end: int,
                 message: str | Wording | Callable[[str], str | Wording],
                 **fields) -> Finding:
    """A finding on the normalised span [start, end) of ``prep``, with the original span and excerpt;
    ``message`` may be a function of the excerpt."""
    o_start, o_end = prep.span(start, end)
    excerpt = prep.original[o_start:o_end]
    norm = fields.pop("normalized", None) or prep.norm.text[start:end]
    text = message(excerpt) if callable(message) else message
    return finding(rule_id, prep.target, text, start=o_start, end=o_end, excerpt=excerpt,
                   normalized=norm if norm != excerpt else None, **fields)


def original_span_finding(rule_id: str, target: str, original: str, start: int, end: int, message: str | Wording,
                          **fields) -> Finding:
    """A finding on a span of the original text itself (punctuation, symbols)."""
    return finding(rule_id, target, message, start=start, end=end, excerpt=original[start:end], **fields)


def is_obfuscated(prep: Prepared, hit: Hit) -> bool:
    start, end = prep.span(hit.start, hit.end)
    return prep.original[start:end] != prep.norm.text[hit.start:hit.end]


def stands_as_word(prep: Prepared, hit: Hit) -> bool:
    """A hit of a word lexicon must be a word of its context (中国美术史 is not 国美); a form written
    to evade (淘*宝, 微❤信) and latin terms (checked by the matcher) always count."""
    if hit.term.lexicon not in WORD_LEXICONS or is_obfuscated(prep, hit):
        return True
    if not _CJK_CHAR.search(prep.norm.text[hit.start:hit.end]):
        return True
    return segment.stands_as_word(prep.norm.text, hit.start, hit.end, prep.lexicons)


def in_context(prep: Prepared, hit: Hit) -> str | None:
    """Why a sensitive, adult or medical word is a mention rather than the thing (topic_context):
    a negation before it in its clause; a plot, a report or a rule in its sentence; quotation marks
    or book-title marks around it (“赌博”, 《代孕妈妈》)."""
    text = prep.norm.text
    o_start, o_end = prep.span(hit.start, hit.end)
    if o_start > 0 and o_end < len(prep.original) and prep.original[o_start - 1] in "“「\"'" \
            and prep.original[o_end] in "”」\"'":
        return "quoted"
    opened = prep.original.rfind("《", 0, o_start)
    if opened >= 0 and "》" not in prep.original[opened:o_start] and "》" in prep.original[o_end:o_end + 20]:
        return "title"  # inside a book's or a film's title: 《代孕妈妈》
    c_left, _ = sentence_bounds(text, hit.start, hit.end, CLAUSE_BREAKS)
    s_left, s_right = sentence_bounds(text, hit.start, hit.end)
    for cue in prep.hits("topic_context"):
        kind = cue.term.canonical
        if kind == "negation":
            if c_left <= cue.start and cue.end <= hit.start:
                return kind
        elif s_left <= cue.start and cue.end <= s_right and (cue.end <= hit.start or cue.start >= hit.end):
            return kind
    return None


def lexicon_findings(rule_id: str, preps: Iterable[Prepared], lexicon: str,
                     message: Callable[[Hit, str], Wording], *, context: bool = False,
                     keep: Callable[[Prepared, Hit], bool] | None = None, **fields) -> list[Finding]:
    """One finding per hit of ``lexicon`` that stands as a word; ``context``: not when the clause
    makes it a mention (``in_context``); ``keep``: a further test; ``message(hit, excerpt)`` says
    what to fix."""
    found = []
    for prep in preps:
        for hit in outermost(prep.hits(lexicon)):
            if OBFUSCATED_ONLY in hit.term.note and not is_obfuscated(prep, hit):
                continue
            if not stands_as_word(prep, hit) or (context and in_context(prep, hit)) \
                    or (keep is not None and not keep(prep, hit)):
                continue
            found.append(span_finding(rule_id, prep, hit.start, hit.end,
                                      lambda excerpt, hit=hit: message(hit, excerpt), **fields))
    return found


def lexicon_table(preps: list[Prepared], table: Iterable[tuple], *, context: bool = False) -> Iterator[Finding]:
    """Findings for rows of (rule id, lexicon, message template[, context]); a template may use {ex}
    (the excerpt), {value} (the canonical form) and {note}; a row's fourth value turns ``in_context``
    on for it."""
    for rule_id, lexicon, template, *row_context in table:
        yield from lexicon_findings(rule_id, preps, lexicon, lambda h, ex, t=template: say(
            t, **{k: v for k, v in (("ex", ex), ("value", h.term.value), ("note", h.term.note)) if "{%s}" % k in t}),
            context=bool(row_context and row_context[0]) or context)


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
