"""Rules: guide (stub, filled in by its issue)."""
