"""Stored Chinese matched back to its wording, for rows stored before their wording was kept beside
them (the data migrations that back-fill ``wording`` columns use it).

Every message the system says is a Chinese template with values (``checks.engine.say``) whose
template is a message ID of the English catalogue. A stored text is matched against those templates
(a template's literal words fixed, each value anything), the values matched again the same way (a
value that is itself our words: a category, a clause, an outcome), numbers read back by their format.
A match counts only when the wording it gives says exactly the stored Chinese again; a template made
of values with hardly any words of its own (``{a}；{b}``) counts only when every value is our words
too. A value that matches nothing stays the text it is (quoted material: the author's words, an
excerpt, an admin's note). No match: None, and the row keeps showing what it stored."""
from __future__ import annotations

import ast
import re
import string
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from django.apps import apps
from django.conf import settings

from .checks.engine import LIST_MARK, Wording

CJK = re.compile(r"[\u3400-\u9fff]")
# Values that are always quoted material (the author's or an admin's words, a term, a name): never
# matched as our words, whatever they say.
QUOTED = frozenset({"ex", "excerpt", "name", "named", "text", "note", "key", "tag", "brand", "author", "path",
                    "words", "editor", "stage", "title", "term", "praise", "value"})
SENTENCE_END = "。"
MEMO_SIZE = 100_000  # texts (and their parts) remembered between rows: findings repeat their messages
MIN_OWN_WORDS = 2  # CJK characters of its own a template needs to match with quoted values in it


def catalogue_ids(paths: Iterable[Path]) -> list[str]:
    """The Chinese message IDs and the templates of these .po files (obsolete entries and %-format
    ones left out)."""
    ids: list[str] = []
    for path in paths:
        current: list[str] | None = None
        for line in path.read_text(encoding="utf-8").splitlines() + [""]:
            if line.startswith("msgid "):
                current = [ast.literal_eval(line[6:])]
            elif current is not None and line.startswith('"'):
                current.append(ast.literal_eval(line))
            else:
                if current is not None:
                    text = "".join(current)
                    if (CJK.search(text) or "{" in text) and "%(" not in text:
                        ids.append(text)
                current = None
    return list(dict.fromkeys(ids))


def english_catalogue() -> Matcher:
    """A matcher over the project's English catalogues (LOCALE_PATHS and each app's locale folder)."""
    folders = [Path(p) for p in settings.LOCALE_PATHS] + [Path(a.path) / "locale" for a in apps.get_app_configs()]
    return Matcher(catalogue_ids(p for f in folders if (p := f / "en" / "LC_MESSAGES" / "django.po").exists()))


def fill_wording(queryset, text_field: str, said, *, field: str = "wording", batch: int = 500) -> None:
    """For a data migration: set ``field`` to ``said(row)`` on the rows of ``queryset`` that have none
    (and some text), a batch at a time; a row ``said`` gives None for is left as it is."""
    queryset = queryset.filter(**{f"{field}__isnull": True}).exclude(**{text_field: ""}).order_by("pk")
    last = 0
    while rows := list(queryset.filter(pk__gt=last)[:batch]):
        last = rows[-1].pk
        said_rows = []
        for row in rows:
            setattr(row, field, said(row))
            if getattr(row, field) is not None:
                said_rows.append(row)
        queryset.model.objects.bulk_update(said_rows, [field])


@dataclass(frozen=True)
class Template:
    template: str
    literals: tuple[str, ...]  # the words around the values: one more than there are values
    fields: tuple[tuple[str, str], ...]  # (name, format spec) of each value, in order
    key: str  # its longest run of own words: a text without it cannot match
    own: int  # how many CJK characters of its own

    @classmethod
    def parse(cls, template: str) -> Template | None:
        try:
            parts = list(string.Formatter().parse(template))
        except ValueError:
            return None
        literals, fields = [""], []
        for literal, name, spec, conversion in parts:
            literals[-1] += literal
            if name is None:
                continue
            if not name.isidentifier() or conversion:
                return None
            fields.append((name, spec or ""))
            literals.append("")
        key = max(literals, key=len)
        if not fields or not key and len(fields) < 2:  # "{p0}" says its value: nothing to match
            return None
        return cls(template, tuple(literals), tuple(fields), key, len(CJK.findall("".join(literals))))

    def splits(self, text: str, limit: int = 1000):
        """Every way ``text`` reads as this template: the values' texts, in order (at most ``limit``)."""
        first, last = self.literals[0], self.literals[-1]
        if not text.startswith(first) or not text.endswith(last) or len(text) < len(first) + len(last):
            return
        inner, found = text[len(first):len(text) - len(last)], 0

        def go(at: int, i: int, values: list[str]):
            nonlocal found
            if found >= limit:
                return
            if i == len(self.fields) - 1:
                found += 1
                yield values + [inner[at:]]
                return
            literal = self.literals[i + 1]
            if literal:
                starts = _occurrences(inner, literal, at)
            else:  # values said one after the other ("{p0}{p1}": sentences): split after a sentence's end
                starts = [j + 1 for j in _occurrences(inner, SENTENCE_END, at) if j + 1 < len(inner)]
            for start in starts:
                yield from go(start + len(literal), i + 1, values + [inner[at:start]])

        yield from go(0, 0, [])


class Matcher:
    """Matches texts against a catalogue's templates (see the module's docstring)."""

    def __init__(self, ids: Iterable[str]):
        ids = list(ids)
        self.exact = frozenset(i for i in ids if "{" not in i)
        parsed = (Template.parse(i) for i in ids if "{" in i)
        # The most words of their own first: the more specific template wins a tie.
        self.templates = sorted((t for t in parsed if t is not None), key=lambda t: (-t.own, -len(t.template)))
        self.by_template = {t.template: t for t in self.templates}
        self._memo: dict[str, tuple[dict | None, int]] = {}

    def wording(self, text: str, templates: Iterable[str] | None = None) -> dict | None:
        """``text``'s wording (a dict, as stored), or None. ``templates``: only these may be the outer one
        (for a column where people's own words are stored too)."""
        if not text or not CJK.search(text):
            return None
        if templates is None:
            candidates = None
        else:
            templates = list(templates)
            if text in templates and "{" not in text:
                return {"template": text, "params": {}}
            candidates = [self.by_template[t] for t in templates if t in self.by_template]
        wording, _ = self._best(text, candidates)
        return wording

    def _best(self, text: str, candidates=None) -> tuple[dict | None, int]:
        """The wording that leaves the fewest of ``text``'s CJK characters unsaid (outside quoted
        values), and that number."""
        if candidates is None:
            if text in self.exact:
                return {"template": text, "params": {}}, 0
            if text in self._memo:
                return self._memo[text]
        best: tuple[dict | None, int] = (None, len(CJK.findall(text)))
        for t in self.templates if candidates is None else candidates:
            if t.key not in text:
                continue
            for values in t.splits(text):
                if text in values:  # a value as long as the text says nothing of its own
                    continue
                found = self._read(t, text, values)
                if found is not None and (best[0] is None or found[1] < best[1]):
                    best = found
                if best[0] is not None and best[1] == 0:
                    break
            if best[0] is not None and best[1] == 0:
                break
        if candidates is None:
            if len(self._memo) >= MEMO_SIZE:  # a migration over millions of rows: memory stays bounded
                self._memo.clear()
            self._memo[text] = best
        return best

    def _read(self, t: Template, text: str, values: list[str]) -> tuple[dict, int] | None:
        params, unsaid = {}, 0
        for (name, spec), raw in zip(t.fields, values):
            params[name], left = self._value(raw, name, spec)
            unsaid += left
        if t.own < MIN_OWN_WORDS and unsaid:
            return None
        wording = {"template": t.template, "params": params}
        try:
            said = str(Wording.from_dict(wording))
        except (ValueError, TypeError, KeyError, IndexError):
            return None
        return (wording, unsaid) if said == text else None

    def _value(self, raw: str, name: str, spec: str) -> tuple[Any, int]:
        """A value read back, and how many of its CJK characters are left unsaid (not quoted, not ours)."""
        if spec:
            return _number(raw, spec), 0
        if re.fullmatch(r"-?\d+", raw):
            return int(raw), 0
        if name in QUOTED or not CJK.search(raw):
            return raw, 0
        nested, left = self._best(raw)
        items = raw.split(LIST_MARK)
        if len(items) > 1 and left:
            said = [self._best(item) for item in items]
            if all(w is not None and not n for w, n in said):
                return [w for w, _ in said], 0
        return (nested, left) if nested is not None else (raw, left)


def _occurrences(text: str, part: str, start: int) -> list[int]:
    found, at = [], text.find(part, start)
    while at != -1:
        found.append(at)
        at = text.find(part, at + 1)
    return found


def _number(raw: str, spec: str) -> Any:
    try:
        if spec.endswith("%"):
            return float(raw.rstrip("%")) / 100
        if spec[-1:] in "eEfFgGn":
            return float(raw)
        if spec[-1:] in "dxXob" or spec[-1:].isdigit():
            return int(raw)
    except ValueError:
        pass
    return raw
