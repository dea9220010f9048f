"""The text rules follow RULES.md: every auto/assist rule of the title, body, tag, product and guide
tables exists, with its default severity and clause."""
import re
from pathlib import Path

import pytest

from moderation.checks import RULES
from moderation.checks.catalog import TEXT_RULES

SPEC = Path(__file__).resolve().parents[3] / "shared" / "spec" / "RULES.md"
TEXT_PREFIXES = ("TITLE_", "BODY_", "TAG_", "PRODUCT_", "GUIDE_")


def spec_rows() -> dict[str, dict]:
    rows = {}
    for line in SPEC.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        # The "what" column may hold a `|` of its own: count the other columns from both ends.
        if len(cells) >= 6 and re.fullmatch(r"[A-Z_]+", cells[0]) and cells[0].startswith(TEXT_PREFIXES):
            rows[cells[0]] = {"clause": cells[1], "severity": cells[-3], "how": cells[-1]}
    return rows


pytestmark = pytest.mark.skipif(not SPEC.exists(), reason="../shared/spec/RULES.md is not beside the repository")


def test_every_checkable_text_rule_is_registered():
    registered = {rule_id for r in RULES for rule_id in r.rule_ids}
    wanted = {rule_id for rule_id, row in spec_rows().items() if row["how"] in ("auto", "assist")}
    assert wanted <= registered
    assert set(TEXT_RULES) == wanted


def test_catalogue_severity_and_clause_follow_the_spec():
    for rule_id, (severity, clause) in TEXT_RULES.items():
        row = spec_rows()[rule_id]
        assert severity in row["severity"].split("/"), rule_id
        assert clause.split(", ") == row["clause"].split(", "), rule_id
