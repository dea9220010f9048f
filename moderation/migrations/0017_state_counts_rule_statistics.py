"""Posts per state without counting the post table (issue 15): statement-level triggers on PostgreSQL add
the changes of every insert, update and delete of posts to moderation_poststatecount (a truncate empties
it), seeded here from the posts there are. Other databases count the posts table (moderation.counts).

And statistics of which severities each rule's findings have: without them PostgreSQL multiplies the two
columns' frequencies and, for a rule with a severity it never has (the queue filtered by rule and
severity), walks every waiting post looking for matches (25 s at a million posts) instead of starting from
the few findings (0.1 s)."""
from django.db import migrations, models

FUNCTION = """
CREATE OR REPLACE FUNCTION moderation_post_state_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO moderation_poststatecount (state, n) SELECT state, count(*) FROM new_rows GROUP BY state;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO moderation_poststatecount (state, n)
    SELECT state, sum(n) FROM (SELECT state, -1 AS n FROM old_rows UNION ALL SELECT state, 1 FROM new_rows) moved
    GROUP BY state HAVING sum(n) <> 0;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO moderation_poststatecount (state, n) SELECT state, -count(*) FROM old_rows GROUP BY state;
  ELSE
    DELETE FROM moderation_poststatecount;
  END IF;
  RETURN NULL;
END $$
"""
TRIGGERS = [
    "CREATE TRIGGER post_state_count_insert AFTER INSERT ON moderation_post REFERENCING NEW TABLE AS new_rows "
    "FOR EACH STATEMENT EXECUTE FUNCTION moderation_post_state_count()",
    "CREATE TRIGGER post_state_count_update AFTER UPDATE ON moderation_post "
    "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION moderation_post_state_count()",
    "CREATE TRIGGER post_state_count_delete AFTER DELETE ON moderation_post REFERENCING OLD TABLE AS old_rows "
    "FOR EACH STATEMENT EXECUTE FUNCTION moderation_post_state_count()",
    "CREATE TRIGGER post_state_count_truncate AFTER TRUNCATE ON moderation_post "
    "FOR EACH STATEMENT EXECUTE FUNCTION moderation_post_state_count()",
]
STATISTICS = "CREATE STATISTICS IF NOT EXISTS finding_rule_severity (mcv, dependencies) ON rule, severity FROM moderation_finding"
SEED = "INSERT INTO moderation_poststatecount (state, n) SELECT state, count(*) FROM moderation_post GROUP BY state"


def install(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # The triggers' lock on the post table keeps writers out until the seed is committed with them.
    for sql in [FUNCTION, *TRIGGERS, SEED, STATISTICS, "ANALYZE moderation_finding"]:
        schema_editor.execute(sql)


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in ["insert", "update", "delete", "truncate"]:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS post_state_count_{name} ON moderation_post")
    schema_editor.execute("DROP FUNCTION IF EXISTS moderation_post_state_count()")
    schema_editor.execute("DROP STATISTICS IF EXISTS finding_rule_severity")


class Migration(migrations.Migration):

    dependencies = [
        ('moderation', '0016_finding_wording'),
    ]

    operations = [
        migrations.CreateModel(
            name='PostStateCount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('state', models.CharField(max_length=12)),
                ('n', models.IntegerField()),
            ],
        ),
        migrations.RunPython(install, uninstall),
    ]
