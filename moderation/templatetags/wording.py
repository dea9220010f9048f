"""``{{ f|said }}``: a finding's message (a Finding row, or a finding dict of a backtest or a re-screen)
in the page's language, quoted material marked as user content (moderation.wording)."""
from django import template

from moderation.wording import say_html, say_text

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
