"""Formatting for the insights pages, and the two timer hooks other pages load: a waiting post's
age class for the queue's row colours, and the "审核中，通常N小时内完成" line authors see."""
from django import template
from django.conf import settings
from django.utils import timezone

from moderation.lifecycle import PENDING_STATES, State

from .. import selectors, stats

register = template.Library()


@register.filter
def pct0(value):
    return "0%" if value is None else f"{value * 100:.1f}%"


@register.filter
def pct1(value):
    return "–" if value is None else f"{value * 100:.1f}%"


@register.filter
def interval_pct(interval):
    return "" if not interval else f"95% CI {interval[0] * 100:.0f}–{interval[1] * 100:.0f}%"


@register.filter
def interval_width(interval):
    return "0%" if not interval else f"{(interval[1] - interval[0]) * 100:.1f}%"


@register.filter
def week_precision(week):
    value = stats.precision(week.used, week.dismissed)
    return "–" if value is None else f"{value * 100:.0f}%"


@register.filter
def age_class(post):
    """"age-near" / "age-late" for a waiting post's row, against settings.REVIEW_TARGET_HOURS."""
    return selectors.age_class(post)


@register.inclusion_tag("portal/insights/_review_eta.html")
def review_eta(post):
    """For a post waiting for review: the usual time, and whether it is already late. For a returned
    post: the date it must be resubmitted by (settings.FIX_BY_DAYS after the return)."""
    waiting = post.state in PENDING_STATES
    since = selectors.waiting_since(post)
    hours = (timezone.now() - since).total_seconds() / 3600 if (waiting and since) else 0
    target = settings.REVIEW_TARGET_HOURS
    fix_by = selectors.fix_by_deadline(post) if post.state == State.RETURNED else None
    return {"waiting": waiting, "target_hours": target, "late": hours >= target, "fix_by": fix_by}


@register.inclusion_tag("manage/insights/_precision_table.html")
def rule_precision_table(weeks: int = 8):
    """Each rule's precision over the last ``weeks`` weeks, worst first (one query), for pages that
    show rules' settings."""
    return {"rows": selectors.rule_precision(weeks), "weeks": weeks}
