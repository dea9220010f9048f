"""The desk's own numbers: the operations dashboard (admins see every editor, an editor their own
row), its CSV export, per-rule precision with examples, and posts about to miss the target. Reads
only: every figure comes from the rollups the RQ jobs keep."""
import csv

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext as _
from django.views.decorators.http import require_GET

from authors.roles import editor_required, is_admin
from moderation import workflow_selectors
from moderation.rulebook import RULES_BY_ID

from .. import figures, selectors

DAY_CHOICES = (7, 14, 30, 90)
DASHBOARD_CACHE_SECONDS = 600  # a bound only: the key changes with every rollup refresh
WEEK_CHOICES = (4, 8, 13, 26)


def _choice(request, name: str, choices: tuple[int, ...]) -> int:
    try:
        value = int(request.GET.get(name, choices[0]))
    except ValueError:
        return choices[0]
    return value if value in choices else choices[0]


def _dashboard_for(request):
    days = _choice(request, "days", DAY_CHOICES)
    only = None if is_admin(request.user) else request.user
    return days, selectors.dashboard(days, only_editor=only)


def _dashboard_figures(request, days: int) -> dict:
    """The dashboard's figures and charts, kept in the cache until the rollups change (the key holds
    selectors.rollups_stamp): drawing 90 days of charts costs more than the rollup queries, and a
    figure can only change when the periodic job rebuilds the rollups."""
    only = None if is_admin(request.user) else request.user
    target = settings.REVIEW_TARGET_HOURS
    key = ":".join(map(str, ("insights-dashboard", days, only.pk if only else "all", get_language(), target,
                             selectors.rollups_stamp())))
    found = cache.get(key)
    if found is None:
        dash = selectors.dashboard(days, only_editor=only)
        found = {"dash": dash, "summary": figures.summary(dash), "charts": figures.dashboard_charts(dash, target),
                 "editor_rows": [figures.editor_values(r) for r in dash.editors]}
        cache.set(key, found, DASHBOARD_CACHE_SECONDS)
    return found


@require_GET
@editor_required
def dashboard(request):
    days = _choice(request, "days", DAY_CHOICES)
    found = _dashboard_figures(request, days)
    charts = {k: mark_safe(svg) for k, svg in found["charts"].items()}  # noqa: S308 — charts escape every label
    return render(request, "manage/insights/dashboard.html", {
        **found, "days": days, "day_choices": DAY_CHOICES, "charts": charts,
        "editor_headers": figures.editor_headers(), "all_editors": is_admin(request.user),
        "target_hours": settings.REVIEW_TARGET_HOURS,
    })


@require_GET
@editor_required
def export_csv(request):
    """The dashboard as CSV: UTF-8 with a byte-order mark, which Excel needs to read Chinese."""
    days, dash = _dashboard_for(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="desk-{dash.last:%Y%m%d}-{days}d.csv"'
    response.write("\ufeff")
    out = csv.writer(response)
    out.writerows([[label, value] for _key, label, value in figures.summary(dash)])
    out.writerow([])
    out.writerows([figures.daily_headers(), *figures.daily_rows(dash)])
    out.writerow([])
    out.writerows([figures.editor_headers(), *(figures.editor_values(r) for r in dash.editors)])
    return response


@require_GET
@editor_required
def rules(request):
    weeks = _choice(request, "weeks", WEEK_CHOICES)
    return render(request, "manage/insights/rules.html", {
        "rows": selectors.rule_precision(weeks), "weeks": weeks, "week_choices": WEEK_CHOICES,
        "shadow_rows": _shadow_rows(request),
    })


def _shadow_rows(request, rule: str | None = None) -> list[dict] | None:
    """Rule drafts running in shadow: shown to admins only (None: not shown to this user)."""
    return workflow_selectors.shadow_results(rule=rule) if is_admin(request.user) else None


@require_GET
@editor_required
def rule_detail(request, rule: str):
    weeks = _choice(request, "weeks", WEEK_CHOICES)
    found = selectors.rule_precision(weeks, rule=rule)
    shadow_rows = _shadow_rows(request, rule)
    if not found and not shadow_rows and rule not in RULES_BY_ID:
        raise Http404(_("这条规则在所选时间内没有统计。"))
    # A rulebook rule with nothing in the window (or one only a shadow draft finds) shows its zeros.
    row = found[0] if found else selectors.RuleRow(rule)
    return render(request, "manage/insights/rule_detail.html", {
        "row": row, "weeks": weeks, "shadow_rows": shadow_rows, "examples": [
            (verdict, label, selectors.example_posts(row, verdict)) for verdict, label in (
                ("dismissed", _("标为误报")), ("missed", _("漏报（编辑给出原因但无对应发现）")),
                ("used", _("用作原因")))],
    })


@require_GET
@editor_required
def late(request):
    now = timezone.now()
    posts = selectors.about_to_miss(now=now)
    return render(request, "manage/insights/late.html", {
        "rows": [(p, (now - selectors.waiting_since(p)).total_seconds() / 3600, selectors.age_class(p, now))
                 for p in posts],
        "target_hours": settings.REVIEW_TARGET_HOURS,
    })
