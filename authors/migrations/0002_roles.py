"""The desk's roles as groups: authors write, editors review, admins run the desk."""
from django.db import migrations

EDITOR_PERMS = [("moderation", "review_post"), ("moderation", "view_post"), ("moderation", "view_decision")]


def create_roles(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Group.objects.get_or_create(name="author")
    editor, _ = Group.objects.get_or_create(name="editor")
    admin, _ = Group.objects.get_or_create(name="admin")
    perms = [Permission.objects.get(content_type__app_label=a, codename=c) for a, c in EDITOR_PERMS]
    editor.permissions.add(*perms)
    admin.permissions.add(*Permission.objects.filter(content_type__app_label__in=["moderation", "authors"]))


class Migration(migrations.Migration):
    dependencies = [("authors", "0001_initial"), ("moderation", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
