"""Numbers read from URLs and forms: row IDs and small counts. Plain Python (no Django), so the
selectors and every interface read them the same way."""
from __future__ import annotations

ID_DIGITS = 18  # every 18-digit number fits a bigint column; longer ones are no row of ours


def parse_number(text, *, digits: int) -> int | None:
    """``text`` as a whole number of at most ``digits`` ASCII digits, else None. Only ASCII: "²" and
    other Unicode digits pass str.isdigit() but int() refuses them (a 500 where a 404 was due)."""
    if not isinstance(text, str) or not (text.isascii() and text.isdigit()) or len(text) > digits:
        return None
    return int(text)


def parse_id(text) -> int | None:
    """The row ID ``text`` names (ASCII digits that fit a bigint), or None when it names no row."""
    return parse_number(text, digits=ID_DIGITS)
