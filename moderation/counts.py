"""Posts per state for the desk's counts (issue 15), read without counting a million posts.

On PostgreSQL the database keeps them (migration 0016: triggers add a row of changes per statement to
PostStateCount), exact and in step with every committed write however it was made; ``compact`` folds
the rows into one a state (rqcron, every minute). Other databases (SQLite in development) count the
post table."""
from __future__ import annotations

from django.db import connection
from django.db.models import Count, Sum

from .models import Post, PostStateCount


def state_counts() -> dict[str, int]:
    """{state: posts} for every state with posts."""
    if connection.vendor != "postgresql":
        return {row["state"]: row["n"] for row in Post.objects.values("state").annotate(n=Count("id"))}
    rows = PostStateCount.objects.values("state").annotate(total=Sum("n")).order_by()
    return {row["state"]: row["total"] for row in rows if row["total"]}


def compact() -> int:
    """Fold each state's rows into one; returns how many rows were folded away. Safe beside writers (rows
    they add meanwhile are not seen, so not deleted) and beside another compaction (a row is deleted once)."""
    if connection.vendor != "postgresql":
        return 0
    with connection.cursor() as cursor:
        cursor.execute(
            "WITH folded AS (DELETE FROM moderation_poststatecount RETURNING state, n), "
            "kept AS (INSERT INTO moderation_poststatecount (state, n) "
            "         SELECT state, sum(n) FROM folded GROUP BY state HAVING sum(n) <> 0 RETURNING 1) "
            "SELECT (SELECT count(*) FROM folded) - (SELECT count(*) FROM kept)")
        return cursor.fetchone()[0]
