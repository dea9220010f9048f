"""``{{ f|said }}``: a finding's message (a Finding row, or a finding dict of a backtest or a re-screen)
in the page's language, quoted material marked as user content (moderation.wording)."""
from django import template
from django.utils.html import escape, format_html
from django.utils.translation import get_language, gettext, pgettext

from authors.standing import ADMIN_PENALTY_REASON, ladder_cause, unnamed_clauses
from moderation.checks.engine import Wording
from moderation.models import RuleDraft
from moderation.wording import refusal, say_html, say_text

register = template.Library()


@register.filter
def said(finding):
    if isinstance(finding, dict):
        return say_html(finding.get("wording"), finding.get("message", ""))
    return say_html(getattr(finding, "wording", None), getattr(finding, "message", ""))


@register.filter
def said_text(finding):
    """The same as plain text, for attributes (a chip's title)."""
    if isinstance(finding, dict):
        return say_text(finding.get("wording"), finding.get("message", ""))
    return say_text(getattr(finding, "wording", None), getattr(finding, "message", ""))


@register.filter
def words(wording):
    """``{{ right.wording|words }}``: a message of a pure module (``checks.engine.Wording``: the standing
    ladder's sentences, dates and week labels) in the page's language, as HTML."""
    if wording is None:
        return ""
    return say_html(wording.to_dict(), str(wording))


@register.filter
def in_words(wording, chinese=None):
    """``{{ e.summary|in_words:e.summary_zh }}``: a wording (a ``Wording`` or its dict) in the page's
    language; in Chinese, and where there is no wording, ``chinese`` (the stored text) as before."""
    if wording is None or _chinese():
        return escape(chinese if chinese is not None else (str(wording) if wording is not None else ""))
    return say_html(wording if isinstance(wording, dict) else wording.to_dict(), str(chinese or wording))


@register.filter(name="refusal")
def said_refusal(exc):
    """``{{ error|refusal }}``: why an action was refused (a ``DeskError``), in the page's language."""
    return refusal(exc) if exc else ""


@register.filter
def stored_reason(row):
    """A penalty's or an assessment's stored reason (the row, or the text) in the page's language: said
    from its wording where it was stored with one (in English); an admin's penalty stored as 管理员处罚：<what the
    admin wrote> with its prefix said; any other stored reason shown as written."""
    text = (row if isinstance(row, str) else getattr(row, "reason", "")) or ""
    wording = getattr(row, "wording", None)
    if wording and not _chinese():  # in Chinese the stored text is the wording's own, shown as before
        return say_html(wording, text)
    prefix = ADMIN_PENALTY_REASON.partition("{")[0]
    if not text.startswith(prefix):
        return format_html('<span class="uc">{}</span>', text)
    return say_html({"template": ADMIN_PENALTY_REASON, "params": {"reason": text[len(prefix):]}}, text)


def _cause(penalty):
    """The cause of a penalty's stored ladder reason (``standing.ladder_cause``), or None."""
    wording = getattr(penalty, "wording", None)
    return ladder_cause(Wording.from_dict(wording)) if wording else None


@register.filter
def penalty_cause(penalty, labelled=True):
    """A penalty's reason where its level and end are said beside it (the ban box): the ladder's
    sentence by its cause alone, as 原因：… / Reason: … (``standing.ladder_cause``; without the label
    with ``:False``, in a column headed 原因); any other reason (an admin's own) as ``stored_reason``
    shows it."""
    cause = _cause(penalty)
    if cause is None:
        return stored_reason(penalty)
    said = escape(str(cause)) if _chinese() or not isinstance(cause, Wording) else say_html(cause.to_dict(), str(cause))
    return format_html("{}{}", gettext("原因：") if labelled else "", said)


@register.filter
def unnamed_clauses_of(penalty) -> str:
    """The clauses of a penalty its cause does not name already (the ladder's causes end with theirs:
    …（第五章4-二）), as stored (5.4-II); "" when every one is named."""
    cause = _cause(penalty)
    text = str(cause) if cause is not None else (getattr(penalty, "reason", "") or "")
    return ", ".join(unnamed_clauses(penalty.clause or "", text))


@register.filter
def stored(text, wording):
    """``{{ e.note|stored:e.wording }}``: a note or reason stored as text beside its wording (the system's
    words, PostEvent, Whitelist, Level2Proposal): in English said from the wording, people's own words
    in it marked as user content; in Chinese, and where there is no wording (a person's own text, an
    older row), the stored text as user content, as before."""
    if wording and not _chinese():
        return say_html(wording, text or "")
    return format_html('<span class="uc">{}</span>', text or "")


@register.filter
def draft_title(draft):
    """A rule draft's title: one the desk gave it said in the page's language, the admin's own as
    user content (in Chinese both as stored)."""
    if draft.title in (RuleDraft.DEFAULT_TITLE, RuleDraft.ADMIN_TITLE) and not _chinese():
        return pgettext("draft title", draft.title)
    return format_html('<span class="uc">{}</span>', draft.title)


def _chinese() -> bool:
    return (get_language() or "zh-hans").startswith("zh")


@register.filter
def stored_reason_text(row):
    """The same as plain text (to shorten it)."""
    return say_text(row.wording, row.reason) if getattr(row, "wording", None) else (row.reason or "")
