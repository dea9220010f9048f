"""Rules: images (stub, filled in by its issue)."""
