"""Rules: products (stub, filled in by its issue)."""
