"""Indexes of earlier posts for the history-aware rules (filled in by the history work)."""
__all__: list[str] = []
