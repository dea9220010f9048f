"""History seen by the history-aware rules (duplicates, plagiarism, reused covers, off-domain),
kept in the database so every worker on every machine sees the same index."""
from __future__ import annotations


class DatabaseHistory:
    """Placeholder until the near-duplicate and cover indexes land: no earlier posts."""

    def __init__(self, *, exclude_post_id: int | None = None):
        self.exclude_post_id = exclude_post_id

    def similar_posts(self, signature, *, threshold):
        return []

    def similar_covers(self, phash, *, max_distance):
        return []

    def author_posts_categories(self, username):
        return []


def index_revision(post, revision, ctx) -> None:
    """Add a scored revision to the indexes (no-op until the indexes land)."""
