"""python manage.py loadlexicons

Adds the shipped lexicon rows (moderation/checks/data/*.csv) that the database lacks — after an
upgrade that ships new terms, say. Rows already in the table stay as the admins left them (edited
or deactivated); a shipped row an admin DELETED comes back, so deactivate terms instead. Safe to run
any number of times; the data migration 0006 ran it once."""
from django.core.management.base import BaseCommand
from django.db import transaction

from moderation.lexicon_store import load_default_lexicons
from moderation.models import LexiconEntry, LexiconVersion


class Command(BaseCommand):
    help = "Add the shipped lexicon terms missing from the database (admins' edits are kept)."

    def handle(self, *args, **options):
        with transaction.atomic():
            added = load_default_lexicons(LexiconEntry, LexiconVersion, LexiconEntry.history.model)
        self.stdout.write(f"added {added} lexicon entr{'y' if added == 1 else 'ies'}; "
                          f"lexicon version v{LexiconVersion.current()[0]}")
