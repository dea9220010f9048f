"""Add the shipped lexicon rows that an existing database lacks (checks/data/*.csv gained some since
0006 loaded them: 小说 → 图书 in category.csv, 2026-12-08). Rows an admin edited or deactivated are
left alone; on a new database 0006 has loaded them all already and this adds nothing."""
from django.db import migrations


def load(apps, schema_editor):
    from moderation.lexicon_store import load_default_lexicons  # lazy: the shipped files, read when migrating

    load_default_lexicons(*(apps.get_model("moderation", name)
                            for name in ("LexiconEntry", "LexiconVersion", "HistoricalLexiconEntry")))


class Migration(migrations.Migration):
    dependencies = [("moderation", "0022_audit_penalty_wording")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
