"""Rules that flag candidates for an editor to confirm (how = assist in RULES.md)."""
