"""Cover band rows carry the cover's hash, so a lookup verifies its candidates from the index alone."""
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_hashes(apps, schema_editor):
    CoverHash = apps.get_model("moderation", "CoverHash")
    CoverHashBand = apps.get_model("moderation", "CoverHashBand")
    CoverHashBand.objects.update(phash=Subquery(CoverHash.objects.filter(pk=OuterRef("cover_id")).values("phash")[:1]))


class Migration(migrations.Migration):

    dependencies = [
        ("moderation", "0007_history_index"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="coverhashband", name="coverband_key"),
        migrations.AddField(
            model_name="coverhashband",
            name="phash",
            field=models.CharField(default="", max_length=16),
            preserve_default=False,
        ),
        migrations.RunPython(copy_hashes, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="coverhashband",
            index=models.Index(fields=["band_key", "phash", "cover"], name="coverband_key_hash"),
        ),
    ]
