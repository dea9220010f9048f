"""The lexicons the checks use: the admins' active database rows, compiled once per process and
version.

Every change to ``LexiconEntry`` bumps ``LexiconVersion`` in its own transaction (models/lexicons.py),
so ``current_lexicons()`` costs one primary-key query per check and an edit takes effect on the very
next check in every worker, without a restart. jieba learns a new version's brand and product names
the first time a rule segments with it (``checks.segment.initialize``, once per Lexicons object).
"""
from __future__ import annotations

import logging

from django.db.models import F
from django.utils import timezone

from .checks.lexicons import Lexicons
from .models import LexiconEntry, LexiconVersion

log = logging.getLogger(__name__)
SHIPPED_REASON = "内置词库"  # the audit trail's reason on rows loaded from the shipped files

# (version key, Lexicons) of the last build in this process; replaced as a whole, so threads may share it.
_cached: tuple[tuple, Lexicons] | None = None


def current_lexicons() -> Lexicons:
    """The active lexicon rows as the engine's Lexicons; the shipped files when none were ever loaded."""
    global _cached
    version = LexiconVersion.current()
    if version is None:
        return Lexicons.default()
    cached = _cached
    if cached is not None and cached[0] == version:
        return cached[1]
    # Rows are read after the version: a change committed in between makes them newer than the key,
    # never older, and the next call rebuilds. Insertion order keeps the shipped files' order, which
    # decides between two spellings of one normalised term.
    rows = LexiconEntry.objects.filter(active=True).order_by("pk").values("lexicon", "term", "canonical", "note")
    lexicons = Lexicons.from_rows(rows, version=f"db-{version[0]}")
    _cached = (version, lexicons)
    log.info("lexicons v%s compiled: %s active entries", version[0], len(rows))
    return lexicons


def load_default_lexicons(entry_model, version_model, history_model) -> int:
    """Add the shipped rows (checks/data/*.csv) that the table lacks; rows already there, edited or
    deactivated by an admin, are left alone. Idempotent. Takes the model classes so that the data
    migration can pass its historical models. Each added row gets its first audit record, so the
    first edit of a shipped term shows what it was before. Returns how many rows were added."""
    existing = set(entry_model.objects.values_list("lexicon", "term", "canonical"))
    new = []
    for row in Lexicons.default_rows():
        key = (row["lexicon"], row["term"].strip(), row["canonical"].strip())
        if key[1] and key not in existing:
            existing.add(key)
            new.append(entry_model(lexicon=key[0], term=key[1], canonical=key[2], note=row["note"].strip()))
    entry_model.objects.bulk_create(new, batch_size=500)
    now = timezone.now()
    history_model.objects.bulk_create([
        history_model(**{f.attname: getattr(entry, f.attname) for f in entry_model._meta.concrete_fields},
                      history_date=now, history_type="+", history_change_reason=SHIPPED_REASON)
        for entry in new
    ], batch_size=500)
    if new or not version_model.objects.filter(pk=1).exists():
        if not version_model.objects.filter(pk=1).update(number=F("number") + 1, changed_at=now):
            version_model.objects.create(pk=1, number=1, changed_at=now)
    return len(new)
