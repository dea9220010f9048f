"""Audit events of penalties and assessments logged before they kept their reason's wording: the
wording the penalty or assessment row stores beside the same Chinese, copied into the event's
``wordings`` (the stored Chinese is left as it is). An event whose row has no wording, or whose reason
differs from the row's, keeps showing what it stored."""
from django.db import migrations

# verb -> the model of its target (moderation.actions.penalties, as of this migration)
REASONED = {"penalty_issue": "Penalty", "assess": "Assessment"}
BATCH = 500


def backfill(apps, schema_editor):
    AuditEvent = apps.get_model("moderation", "AuditEvent")
    for verb, model in REASONED.items():
        rows = apps.get_model("authors", model).objects.filter(wording__isnull=False)
        events = AuditEvent.objects.filter(verb=verb, target_type=model.lower()).order_by("pk")
        last = 0
        while batch := list(events.filter(pk__gt=last)[:BATCH]):
            last = batch[-1].pk
            ids = [e.target_id for e in batch]
            said = {pk: (reason, wording) for pk, reason, wording in
                    rows.filter(pk__in=ids).values_list("pk", "reason", "wording")}
            changed = [e for e in batch if _fill(e, said.get(e.target_id))]
            AuditEvent.objects.bulk_update(changed, ["data"])


def _fill(event, row) -> bool:
    wordings = event.data.get("wordings") or {}
    if row is None or "reason" in wordings or event.data.get("reason") != row[0]:
        return False
    event.data["wordings"] = {**wordings, "reason": row[1]}
    return True


class Migration(migrations.Migration):

    dependencies = [
        ("moderation", "0021_backfill_wording"),
        ("authors", "0012_penalty_admin_wording"),
    ]

    operations = [
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
    ]
