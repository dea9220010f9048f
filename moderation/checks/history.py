"""Rules: history (stub, filled in by its issue)."""
