"""Rows stored before their wording was kept (findings before 0016, system decisions and lifecycle notes
before 0020): the wording back-filled wherever the stored Chinese matches a known template again
(moderation.rewording; the Chinese itself is left as it is). A row that matches nothing keeps showing
what it stored. Where people's own words are stored in the same column (an editor's message, a note),
only the system's own templates, as they were at this migration, may match."""
from django.db import migrations

from moderation.rewording import english_catalogue, fill_wording

# What the system wrote into these columns (moderation.actions, as of this migration).
AUTO_PUBLISH_MESSAGE = "白名单作者，机审无阻断问题，自动发布"
SYSTEM_NOTES = [
    "白名单作者，无阻断问题，自动发布",
    "待审核期间修改",
    "第{n}次修改后重新提交",
    "退回后{days}天内未重新提交，逾期关闭（不计处罚）",
    "申诉成立，撤销审核决定#{id}（{outcome}），文章重新进入审核队列：{note}",
    "二级处罚（#{id}）：该作者所有文章下线",
    "申诉成立，撤销处罚#{id}，文章重新进入审核队列",
    "{cause}：审核决定#{id}（{first}）经双审裁定改为“{outcome}”：{note}",
]
REFUSED = "resubmit_refused"  # its note is always the system's refusal


def backfill(apps, schema_editor):
    Finding, Decision, PostEvent = (apps.get_model("moderation", m) for m in ("Finding", "Decision", "PostEvent"))
    match = english_catalogue()
    fill_wording(Finding.objects.only("pk", "message"), "message", lambda f: match.wording(f.message))
    fill_wording(Decision.objects.filter(editor__isnull=True).only("pk", "message"), "message",
                 lambda d: match.wording(d.message, [AUTO_PUBLISH_MESSAGE]))
    fill_wording(PostEvent.objects.only("pk", "event", "note"), "note",
                 lambda e: match.wording(e.note, None if e.event == REFUSED else SYSTEM_NOTES))


class Migration(migrations.Migration):

    dependencies = [
        ("moderation", "0020_system_wording"),
    ]

    operations = [
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
    ]
