"""What changed between two revisions: a word-level text diff and which earlier findings were fixed."""
from __future__ import annotations

import difflib
import hashlib
import io
import json
import re
import unicodedata
from dataclasses import dataclass

from django.core.cache import cache
from django.utils.html import escape
from django.utils.safestring import mark_safe
from PIL import Image, ImageOps

from .checks.patterns import sentence_bounds

TEXT_TYPES = ("paragraph", "heading", "quote")


def body_text(blocks: list[dict]) -> str:
    return "\n\n".join(b["text"] for b in blocks if b.get("type") in TEXT_TYPES)


def text_diff_html(old: str, new: str) -> str:
    """Character-level diff (Chinese has no spaces to split words on) as <del>/<ins> HTML."""
    out = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            out.append(escape(new[b1:b2]))
            continue
        if a2 > a1:
            out.append(f"<del>{escape(old[a1:a2])}</del>")
        if b2 > b1:
            out.append(f"<ins>{escape(new[b1:b2])}</ins>")
    return mark_safe("".join(out).replace("\n\n", "<br><br>"))


def revision_diff(previous, current) -> dict:
    """Title and body diffs, and the images kept, added or removed, compared as pictures (the same
    photo uploaded again is unchanged, not "1 added, 1 removed")."""
    old_images, new_images = list(previous.images.all()), list(current.images.all())
    pairs = matched_pictures({i: stored_picture(img) for i, img in enumerate(new_images)},
                             {i: stored_picture(img) for i, img in enumerate(old_images)})
    kept = {o for o in pairs.values() if o is not None}
    old_body, new_body = body_text(previous.blocks), body_text(current.blocks)
    return {
        "title_changed": previous.title != current.title,
        "title_html": text_diff_html(previous.title, current.title),
        "body_changed": old_body != new_body,
        "body_html": text_diff_html(old_body, new_body),
        "images_unchanged": [img for i, img in enumerate(new_images) if pairs[i] is not None],
        "images_added": [img for i, img in enumerate(new_images) if pairs[i] is None],
        "images_removed": [img for i, img in enumerate(old_images) if i not in kept],
    }


def finding_key(f) -> tuple:
    return (f.rule, f.target if f.start is None else "", f.normalized or f.excerpt or f.target)


def fixed_status(earlier_findings, current_findings) -> list[tuple[object, bool]]:
    """Each earlier finding with True when the new revision no longer has it (same rule and text)."""
    still = {finding_key(f) for f in current_findings}
    return [(f, finding_key(f) not in still) for f in earlier_findings]


# ---- content, normalised: what "unchanged" means (4.2(3)) -----------------------------------------
# Text is compared with whitespace and punctuation dropped (NFKC first, so full- and half-width forms
# are one); images by a hash of their decoded pixels, so the same photo uploaded again (or re-encoded)
# is the same image. Re-encoding is deterministic, but the stored file is never compared byte for byte.

_TARGET = re.compile(r"^(title|tags|blocks)(?:\[(\d+)\])?(?:\.(\w+))?$")


def normalise_text(text: str) -> str:
    """NFKC, lower case, no whitespace and no punctuation (Unicode categories Z*, C*, P*)."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    return "".join(ch for ch in text if unicodedata.category(ch)[0] not in "ZCP")


SIGNATURE_SIDE = 32  # a picture is compared as a 32×32 box-filtered RGB thumbnail of its upright pixels
SAME_PICTURE_TOLERANCE = 8  # at most this many levels apart in any cell: re-encoding moves a cell by 1–3


@dataclass(frozen=True)
class Picture:
    """What is compared of an image: its upright size and a small thumbnail of its pixels. Equal
    pictures survive re-encoding, other containers and metadata; an edit one can see (a blurred
    watermark, a crop, another photo) moves some cell by far more than the tolerance."""

    width: int
    height: int
    cells: bytes

    def same_as(self, other: "Picture") -> bool:
        return ((self.width, self.height) == (other.width, other.height)
                and max(abs(a - b) for a, b in zip(self.cells, other.cells)) <= SAME_PICTURE_TOLERANCE)


def picture(data: bytes) -> Picture:
    with Image.open(io.BytesIO(data)) as im:
        im = ImageOps.exif_transpose(im)
        rgb = im.convert("RGB")
        cells = rgb.resize((SIGNATURE_SIDE, SIGNATURE_SIDE), Image.Resampling.BOX).tobytes()
        return Picture(rgb.width, rgb.height, cells)


def stored_picture(img) -> Picture:
    """The Picture of a stored RevisionImage. A function of its bytes, so kept in the cache under their
    SHA-256: a photo is decoded once, not on every review screen."""
    def decode():
        with img.file.open("rb") as fh:
            return picture(fh.read())
    return cache.get_or_set(f"picture:{img.sha256}", decode, timeout=30 * 24 * 3600)


def matched_pictures(new: dict, old: dict) -> dict:
    """{new key: old key or None}: each new picture paired with an unpaired old one that is the same
    picture (the same photo uploaded again, or kept and re-encoded)."""
    free, out = dict(old), {}
    for key, pic in new.items():
        twin = next((k for k, o in free.items() if pic.same_as(o)), None)
        out[key] = twin
        if twin is not None:
            del free[twin]
    return out


def same_images(new: dict[str, bytes], old_images) -> tuple[dict[str, str], dict[str, str]]:
    """Names for the images of a resubmission (``new``: ref → bytes as uploaded or kept) and of the
    returned version (stored RevisionImages), equal for the same picture: (new names, old names)."""
    old_pictures = {img.ref: stored_picture(img) for img in old_images}
    pairs = matched_pictures({ref: picture(data) for ref, data in new.items()}, old_pictures)
    return ({ref: f"picture:{twin}" if twin else f"new:{ref}" for ref, twin in pairs.items()},
            {ref: f"picture:{ref}" for ref in old_pictures})


def normalised_content(document: dict, pixels: dict[str, str]) -> str:
    """A hash of what a reader sees, normalised: kind, title, tags and blocks with text normalised and
    every image named by ``pixels[ref]`` (the same name for the same picture; see same_images)."""
    def block(b: dict) -> dict:
        return {k: (pixels.get(v, v) if k in ("src", "image") else normalise_text(v) if isinstance(v, str) else v)
                for k, v in sorted(b.items()) if v not in ("", None)}

    body = {
        "kind": document.get("kind"),
        "title": normalise_text(document.get("title", "")),
        "tags": sorted(normalise_text(t) for t in document.get("tags") or [] if isinstance(t, str)),
        "cover": pixels.get(document.get("cover"), document.get("cover") or ""),
        "blocks": [block(b) for b in document.get("blocks") or [] if isinstance(b, dict)],
    }
    return hashlib.sha256(json.dumps(body, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def field_text(document: dict, target: str) -> str:
    """The text a finding's ``target`` names ("title", "blocks[3]", "blocks[3].caption", "tags[1]")."""
    m = _TARGET.match(target or "")
    if not m:
        return ""
    name, index, key = m.group(1), m.group(2), m.group(3)
    if name == "title":
        return document.get("title") or ""
    items = document.get(name) or []
    if index is None or int(index) >= len(items):
        return ""
    item = items[int(index)]
    if isinstance(item, str):
        return item
    value = item.get(key or "text") if isinstance(item, dict) else ""
    return value if isinstance(value, str) else ""


def passage(finding, document: dict) -> str:
    """The sentence of ``document`` (the revision the finding was made on) that holds the finding; its
    excerpt when it has no place in text."""
    text = field_text(document, finding.target)
    if text and finding.start is not None and finding.end is not None and finding.end <= len(text):
        left, right = sentence_bounds(text, finding.start, finding.end)
        return text[left:right]
    return finding.excerpt or ""


def document_text(document: dict) -> str:
    """Every piece of text of a document, normalised, for looking passages up."""
    parts = [document.get("title") or "", *(t for t in document.get("tags") or [] if isinstance(t, str))]
    for b in document.get("blocks") or []:
        if isinstance(b, dict):
            parts += [v for k, v in b.items() if isinstance(v, str) and k not in ("type", "src", "image")]
    return "\u0000".join(normalise_text(p) for p in parts)


def reason_passages_unchanged(passages: list[str], new_document: dict) -> bool:
    """4.2(3): True when the editor named passages and every one of them is still there, as it was
    (normalised); False when there is none to compare (the whole-content comparison then decides)."""
    wanted = [normalise_text(p) for p in passages]
    wanted = [p for p in wanted if p]
    if not wanted:
        return False
    text = document_text(new_document)
    return all(p in text for p in wanted)


def carried_dismissals(previous_findings, previous_document: dict, current_findings,
                       current_document: dict) -> list[tuple[object, object]]:
    """(new finding, earlier false alarm) for each finding of the new revision that repeats a finding an
    editor dismissed on the previous one, on unchanged text: same rule and key, and the sentence that
    holds it the same once normalised. A finding on text the author rewrote is shown again."""
    dismissed: dict[tuple, list] = {}
    for f in previous_findings:
        if f.dismissed_at is not None:
            dismissed.setdefault(finding_key(f), []).append(f)
    carried = []
    for f in current_findings:
        here = normalise_text(passage(f, current_document))
        old = next((o for o in dismissed.get(finding_key(f), ())
                    if normalise_text(passage(o, previous_document)) == here), None)
        if old is not None:
            carried.append((f, old))
    return carried
