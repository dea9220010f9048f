from django.db import migrations, models

TEMPLATES = [
    ("标题不规范", "标题需15–27字、使用中文全角标点，不要使用“|”“【】”等符号，请按标记处修改。"),
    ("提及其他平台", "正文不得提及其他电商平台或引导到站外（链接、微信号、二维码），请删除标记处的内容。"),
    ("内容单薄", "正文字数不足或有效信息较少，请补充你自己的使用体验、场景和判断，不要堆砌参数。"),
    ("图片不合格", "请更换标记的图片：封面不能用白底图、拼接图或带水印的图片，图片需清晰、不变形。"),
    ("促销信息", "标题和正文不能出现满减、优惠券、限时等促销信息和明确价格，请删除后重新提交。"),
]


def add_templates(apps, schema_editor):
    MessageTemplate = apps.get_model("moderation", "MessageTemplate")
    for title, body in TEMPLATES:
        MessageTemplate.objects.get_or_create(title=title, defaults={"body": body})


class Migration(migrations.Migration):
    dependencies = [("moderation", "0001_initial")]
    operations = [
        migrations.CreateModel(
            name="MessageTemplate",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("title", models.CharField(max_length=60, verbose_name="标题")),
                ("body", models.TextField(verbose_name="内容")),
                ("active", models.BooleanField(default=True, verbose_name="启用")),
            ],
            options={"ordering": ["title"], "verbose_name": "留言模板", "verbose_name_plural": "留言模板"},
        ),
        migrations.RunPython(add_templates, migrations.RunPython.noop),
    ]
