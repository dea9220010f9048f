"""Lexicon entries admins edit (filled in by the lexicon work)."""
__all__: list[str] = []
