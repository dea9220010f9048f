"""A finding's message in the reader's language.

The rule engine has no Django, so it cannot translate: it keeps each message as its Chinese template
and values (``checks.engine.Wording``; stored as ``Finding.wording``). Here the template is looked up
in the translation catalogue (the Chinese template is the message ID) and filled in. A value that is
itself a wording is translated the same way; any other string is quoted material (the author's text,
a product's name, a lexicon term) and stays as written — in HTML it is marked as user content
(``class="uc"``); numbers keep the template's format (``{share:.0%}``)."""
from __future__ import annotations

from typing import Any

from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from .postformat import place_label

LIST_MARK = "、"  # 、 between listed items; the catalogue gives ", " in English


def say_text(wording: dict | None, fallback: str = "") -> str:
    """The message as plain text; ``fallback`` (the stored Chinese) when there is no wording."""
    try:
        return _said(wording, html=False) if _usable(wording) else fallback
    except (KeyError, IndexError, ValueError, TypeError):  # a catalogue entry that does not fit its values
        return fallback


def say_html(wording: dict | None, fallback: str = "") -> SafeString:
    """The message as HTML, quoted material in ``<span class="uc">``."""
    try:
        return _said(wording, html=True) if _usable(wording) else escape(fallback)
    except (KeyError, IndexError, ValueError, TypeError):
        return escape(fallback)


def say_message(message: Any) -> str:
    """A message of a pure module (``checks.engine.Wording``, or a plain Chinese string, which is its own
    template) as plain text in the reader's language; a string without a catalogue entry as it is."""
    if hasattr(message, "to_dict"):
        return say_text(message.to_dict(), str(message))
    return say_text({"template": str(message)}, str(message))


def refusal(exc: Any) -> str:
    """What a refused action (a ``DeskError``) says to the reader, in the reader's language."""
    return say_message(getattr(exc, "wording", None) or exc.message)


def _usable(wording: Any) -> bool:
    return isinstance(wording, dict) and isinstance(wording.get("template"), str)


def _said(wording: dict, *, html: bool) -> str:
    template = wording["template"]
    said = gettext(template) if template else ""  # gettext("") is the catalogue's header
    params = {k: _value(v, html=html) for k, v in (wording.get("params") or {}).items()}
    if html:
        said = conditional_escape(said)
    said = said.format(**params) if params else said
    return mark_safe(said) if html else said


def _value(value: Any, *, html: bool) -> Any:
    if _usable(value):
        return _said(value, html=html)
    if isinstance(value, dict) and "place" in value:  # a field's place (postformat.Place), our words
        label = place_label(value, get_language() or "")
        return conditional_escape(label) if html else label
    if isinstance(value, list):
        mark = gettext(LIST_MARK)
        items = [str(_value(v, html=html)) for v in value]
        return mark_safe(conditional_escape(mark).join(items)) if html else mark.join(items)
    if isinstance(value, str):
        return format_html('<span class="uc">{}</span>', value) if html else value
    return value
