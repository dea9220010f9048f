"""Load the shipped lexicon files into LexiconEntry, and give the admin group the permissions on the
new models (as authors/0002 and 0004 do: post_migrate creates permissions only at the very end)."""
from django.db import migrations

NEW_MODELS = ["lexiconentry", "historicallexiconentry", "lexiconversion"]


def load(apps, schema_editor):
    from moderation.lexicon_store import load_default_lexicons

    load_default_lexicons(*(apps.get_model("moderation", name)
                            for name in ("LexiconEntry", "LexiconVersion", "HistoricalLexiconEntry")))


def grant_admin(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("moderation")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    admin, _ = Group.objects.get_or_create(name="admin")
    admin.permissions.add(*Permission.objects.filter(content_type__app_label="moderation",
                                                     content_type__model__in=NEW_MODELS))


class Migration(migrations.Migration):
    dependencies = [("moderation", "0005_lexicons")]
    operations = [
        migrations.RunPython(load, migrations.RunPython.noop),
        migrations.RunPython(grant_admin, migrations.RunPython.noop),
    ]
