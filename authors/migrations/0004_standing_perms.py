"""The admin group gets every permission on the standing models of 0003 (0002 granted those that
existed then); permissions are created here, as in 0002, because post_migrate runs only at the end."""
from django.db import migrations


def grant_admin(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("authors")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    admin, _ = Group.objects.get_or_create(name="admin")
    admin.permissions.add(*Permission.objects.filter(content_type__app_label="authors"))


class Migration(migrations.Migration):
    dependencies = [("authors", "0003_standing")]
    operations = [migrations.RunPython(grant_admin, migrations.RunPython.noop)]
