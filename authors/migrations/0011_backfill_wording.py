"""Rows stored before their wording was kept (penalties and assessments before 0009, a Level 2's
evidence before it kept its summaries' wordings, whitelist reasons and a Level 2's notes before 0010):
the wording back-filled wherever the stored Chinese matches a known template again
(moderation.rewording; the Chinese itself is left as it is). A row that matches nothing keeps showing
what it stored. Where an admin's own words are stored in the same column, only the system's own
templates, as they were at this migration, may match."""
from django.db import migrations

from moderation.rewording import english_catalogue, fill_wording

ADMIN_PENALTY_PREFIX = "管理员处罚："  # an admin's own penalty: its prefix is said where it is shown
RESTORED = ["{cause}，撤销审核决定#{id}，恢复白名单"]
REVOKED = ["第五章2：白名单作者的文章被发现违规（文章#{post}）。{reason}", "二级处罚（#{id}）"]
DISMISSED = ["{cause}，撤销审核决定#{id}：{note}", "申诉成立后按剩余记录重新计算，已不再满足二级处罚条件，提议撤回：{note}"]
BASIS = ["二级处罚依据已被申诉推翻，请复核：{note}"]


def backfill(apps, schema_editor):
    get = apps.get_model
    Penalty, Assessment, Level2Proposal, Whitelist = (
        get("authors", m) for m in ("Penalty", "Assessment", "Level2Proposal", "Whitelist"))
    match = english_catalogue()
    fill_wording(Penalty.objects.exclude(reason__startswith=ADMIN_PENALTY_PREFIX).only("pk", "reason"), "reason",
                 lambda p: match.wording(p.reason))
    fill_wording(Assessment.objects.only("pk", "reason"), "reason", lambda a: match.wording(a.reason))
    fill_wording(Whitelist.objects.only("pk", "reason", "granted_by"), "reason",
                 lambda w: match.wording(w.reason, None if w.granted_by_id is None else RESTORED))
    fill_wording(Whitelist.objects.only("pk", "revoke_reason", "revoked_by"), "revoke_reason",
                 lambda w: match.wording(w.revoke_reason, None if w.revoked_by_id is None else REVOKED),
                 field="revoke_wording")
    fill_wording(Level2Proposal.objects.only("pk", "note"), "note", lambda p: match.wording(p.note, DISMISSED),
                 field="note_wording")
    fill_wording(Level2Proposal.objects.only("pk", "basis_note"), "basis_note",
                 lambda p: match.wording(p.basis_note, BASIS), field="basis_wording")
    for proposal in Level2Proposal.objects.only("pk", "evidence").iterator(chunk_size=500):
        said = [match.wording(e.get("summary_zh", "")) if "summary" not in e else None for e in proposal.evidence]
        if any(said):
            proposal.evidence = [{**e, "summary": s} if s else e for e, s in zip(proposal.evidence, said)]
            proposal.save(update_fields=["evidence"])


class Migration(migrations.Migration):

    dependencies = [
        ("authors", "0010_system_wording"),
    ]

    operations = [
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
    ]
