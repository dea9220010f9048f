"""Normalisation that resists evasion, spans mapped back to the original, and lexicons as data."""
import pytest

from moderation.checks.lexicons import Lexicons
from moderation.checks.normalize import normalize


@pytest.mark.parametrize("original, normalised", [
    ("淘*宝", "淘宝"),
    ("淘 宝", "淘宝"),
    ("淘-宝", "淘宝"),
    ("微❤信", "微信"),
    ("微\u200b信", "微信"),  # zero-width space
    ("ＴａｏＢａｏ", "taobao"),
    ("淘寶最低價", "淘宝最低价"),
    ("加 V 信", "加v信"),
    ("ｗｗｗ．ｘ．ｃｏｍ", "www.x.com"),
    ("好用，真的。", "好用,真的。"),  # sentence punctuation is kept
    ("iPhone 15 Pro", "iphone 15 pro"),  # spaces between latin words are kept
])
def test_normalize(original, normalised):
    assert normalize(original).text == normalised


@pytest.mark.parametrize("original, term", [
    ("之前在淘 * 宝上看过", "淘宝"),
    ("加微❤信领优惠", "微信"),
    ("去ＴａｏＢａｏ看看", "taobao"),
])
def test_spans_map_back_to_the_original(original, term):
    norm = normalize(original)
    start = norm.text.index(term)
    o_start, o_end = norm.to_original(start, start + len(term))
    assert normalize(original[o_start:o_end]).text == term
    assert original[o_start] == original[o_start:o_end][0] and not original[o_end - 1].isspace()


ROWS = [
    {"lexicon": "competitor", "term": "淘宝", "canonical": "淘宝", "note": ""},
    {"lexicon": "competitor", "term": "tb", "canonical": "淘宝", "note": ""},
    {"lexicon": "ad_law", "term": "第一", "canonical": "", "note": ""},
    {"lexicon": "ad_law_allow", "term": "第一次", "canonical": "", "note": ""},
    {"lexicon": "promo", "term": "  ", "canonical": "", "note": "blank rows are skipped"},
]


def test_lexicons_from_rows_find_terms_with_exceptions():
    lex = Lexicons.from_rows(ROWS, version="7")
    assert lex.version == "7" and lex.names() == ["ad_law", "ad_law_allow", "competitor"]
    found = [(h.term.lexicon, h.term.value) for h in lex.find(normalize("第一次在淘寶买，销量第一").text)]
    assert found == [("competitor", "淘宝"), ("ad_law", "第一")]


@pytest.mark.parametrize("text, hits", [
    ("在tb上买的", 1), ("这块1tb的硬盘", 0), ("usb接口", 0), ("1 tb容量", 0), ("tb、京东都有", 1),
])
def test_latin_terms_stand_alone(text, hits):
    assert len(Lexicons.from_rows(ROWS).find(text)) == hits


def test_default_lexicons_come_from_the_shipped_rows():
    rows = Lexicons.default_rows()
    assert {"lexicon", "term", "canonical", "note"} <= set(rows[0])
    names = {r["lexicon"] for r in rows}
    assert {"promo", "ad_law", "competitor", "contact", "medical", "health_claim", "adult", "sensitive",
            "clickbait", "time_words", "brand", "category"} <= names
    assert Lexicons.default() is Lexicons.default()
    assert len(Lexicons.from_rows(rows).find("淘宝")) == 1


def test_shipped_rows_have_no_duplicates():
    keys = [(r["lexicon"], r["term"].lower(), r["canonical"]) for r in Lexicons.default_rows()]
    assert len(keys) == len(set(keys))


def test_automaton_is_built_once_per_lexicons_object():
    lex = Lexicons.from_rows(ROWS)
    lex.find("淘宝")
    automaton = lex._automaton
    lex.find("天猫")
    assert lex._automaton is automaton
