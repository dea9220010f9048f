"""IDs and counts read from URLs and forms: ASCII digits only, bounded, never a 500."""
import pytest

from moderation.ids import parse_id, parse_number


@pytest.mark.parametrize("text,expected", [
    ("42", 42), ("0", 0), ("9" * 18, int("9" * 18)),
    ("²", None), ("٣", None), ("#42", None), (" 42", None), ("-1", None), ("4.2", None), ("", None),
    ("9" * 19, None), (None, None), (42, None),
])
def test_only_ascii_digits_that_fit_a_bigint_name_a_row(text, expected):
    assert parse_id(text) == expected


@pytest.mark.parametrize("text,expected", [("99999", 99999), ("100000", None), ("00030", 30), ("３０", None)])
def test_a_count_is_bounded_by_its_digits(text, expected):
    assert parse_number(text, digits=5) == expected
