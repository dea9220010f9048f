"""The penalty ladder's texts in the reader's language. authors/standing (no Django) keeps each
assessment, warning and penalty reason as its Chinese template and values (``say``); the interfaces
say it in English for an English reader. The Chinese must read exactly as before: penalty_texts_zh.json
holds what the ladder said before the wordings, for every case of test_standing.PENALTY_CASES."""
from __future__ import annotations

import ast
import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import translation

from authors.standing.records import at as standing_at
from authors.standing import (AuthorRecord, UnchangedResubmission, clause_said, level2_penalty, penalty_for_reject,
                              penalty_for_unchanged_resubmission, penalties)
from moderation.wording import say_html, say_text
from tests.authors.test_standing import NOW, PENALTY_CASES, at
from tests.moderation.test_finding_wording import CJK, fields

HERE = Path(__file__).resolve().parent
BEFORE = json.loads((HERE / "penalty_texts_zh.json").read_text(encoding="utf-8"))


def said(history, reasons, kwargs):
    """What the ladder says for a case: the outcome, and where Level 2 is proposed, the Level 2
    penalty's reason and each piece of evidence (clause | summary), as wordings."""
    outcome = penalty_for_reject(AuthorRecord(**history), reasons, NOW, **kwargs)
    texts = [outcome.reason]
    if outcome.proposal:
        texts.append(level2_penalty(outcome.proposal, NOW).reason)
        texts += [(clause_said(e.clause), e.summary) for e in outcome.proposal.evidence]
    return texts


def unchanged(n: int):
    record = AuthorRecord(unchanged_resubmissions=[UnchangedResubmission(f"p{i}", at(i + 1)) for i in range(n - 1)])
    return penalty_for_unchanged_resubmission(record, NOW, post_id="p9").reason


def chinese(text) -> str:
    return "|".join(map(str, text)) if isinstance(text, tuple) else str(text)


def english(text) -> str:
    with translation.override("en"):
        if isinstance(text, tuple):
            return "|".join(say_text(w.to_dict()) for w in text)
        return say_text(text.to_dict())


@pytest.mark.parametrize("case", [pytest.param(c, id=c.id) for c in PENALTY_CASES])
def test_the_chinese_reads_as_before_and_the_english_has_no_chinese(case):
    history, reasons, kwargs, *_ = case.values
    texts = said(history, reasons, kwargs)
    assert [chinese(t) for t in texts] == BEFORE[case.id]
    for text in texts:
        assert not CJK.search(english(text)) and bool(english(text)) == bool(str(text)), english(text)


@pytest.mark.parametrize("n", [1, 2, 3])
def test_an_unchanged_resubmission_reads_as_before_and_in_english(n):
    reason = unchanged(n)
    assert str(reason) == BEFORE[f"unchanged resubmission #{n}"][0]
    assert not CJK.search(english(reason))


def test_english_examples():
    assert english(unchanged(1)) == ("Posting closed for 7 days, until " + english(standing_at(NOW + timedelta(days=7)))
                                     + ". Reason: A returned post was submitted again without the changes asked for "
                                     "(Ch. 4.2(3)).")
    warning = penalty_for_reject(AuthorRecord(), ["TITLE_LENGTH", "IMAGE_BLURRY"], NOW).reason
    assert english(warning).startswith("First warning: Content that does not meet the Discovery guidelines (")
    assert english(warning).endswith("a level-1 penalty follows (Ch. 5.4-III).")
    plagiarism = penalty_for_reject(AuthorRecord(), ["BODY_PLAGIARISM"], NOW, post_id="p1").reason
    assert english(plagiarism) == "Plagiarism found; content must be original: posting closed for good (Ch. 4.2(3))."


def test_html_has_no_quoted_chinese_either():
    """In HTML the values that are our words are translated too (only quoted material is marked as user content)."""
    outcome = penalty_for_reject(AuthorRecord(), ["BODY_PROMO", "TITLE_LENGTH"], NOW)
    with translation.override("en"):
        html = str(say_html(outcome.reason.to_dict()))
    assert not CJK.search(html) and "Level-1 penalty" in html


def ladder_templates() -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(Path(penalties.__file__).read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "say" and node.args \
                and isinstance(node.args[0], ast.Constant):
            found.add(node.args[0].value)
    found.discard("{clause}")  # a clause outside chapters 4 and 5, said as it is
    return found | set(penalties._CHAPTER5.values())


def test_every_template_of_the_ladder_has_english_with_the_same_values():
    templates = ladder_templates()
    assert len(templates) > 20
    with translation.override("en"):
        missing = [t for t in sorted(templates) if translation.gettext(t) == t or CJK.search(translation.gettext(t))]
        mismatched = [t for t in templates if fields(translation.gettext(t)) != fields(t)]
    assert not missing and not mismatched, (missing, mismatched)
