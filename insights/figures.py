"""The dashboard's figures as labelled rows and charts, shared by the page, the CSV export and the
deskstats command so the three always say the same thing."""
from __future__ import annotations

from django.utils.translation import gettext as _, gettext_lazy

from . import charts, stats
from .selectors import Dashboard, EditorRow

OUTCOME_LABELS = {"approve": gettext_lazy("通过"), "return": gettext_lazy("退回修改"),
                  "reject": gettext_lazy("退稿不用"), "take_offline": gettext_lazy("下线"),
                  "auto_publish": gettext_lazy("白名单自动发布")}


def pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.1f}%"


def num(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def summary(dash: Dashboard) -> list[tuple[str, str, str]]:
    """(key, label, value) for each headline figure; keys are stable for machines and tests."""
    rows = [
        ("inbound", _("提交（含重新提交）"), str(dash.inbound)),
        ("waiting", _("当前待审核"), "–" if dash.waiting is None else str(dash.waiting)),
        ("oldest_hours", _("最久等待（小时）"), num(dash.oldest_hours)),
        ("decided", _("编辑审核决定"), str(dash.decided)),
        ("p50_hours", _("提交到决定 中位数（小时）"), num(dash.decision_hours(50), 2)),
        ("p90_hours", _("提交到决定 P90（小时）"), num(dash.decision_hours(90), 2)),
    ]
    rows += [(f"outcome_{o}", str(label), str(dash.outcomes[o])) for o, label in OUTCOME_LABELS.items()]
    rows += [
        ("appeals_decided", _("已处理申诉"), str(dash.appeals_decided)),
        ("appeals_upheld", _("申诉成立（改判）"), str(dash.appeals_upheld)),
        ("overturn_rate", _("申诉改判率"), pct(dash.overturn_rate)),
    ]
    return rows


EDITOR_COLUMNS = ("editor", "decisions", "per_hour", "median_minutes", "appeal_share", "qc_share")


def editor_values(row: EditorRow) -> list[str]:
    return [row.editor.get_username(), str(row.decisions), num(row.per_hour), num(row.median_handle_minutes),
            pct(row.appeal_share), pct(row.qc_share)]


def editor_headers() -> list[str]:
    return [_("编辑"), _("决定数"), _("每小时决定"), _("处理时长中位数（分钟）"), _("被申诉改判占比"), _("被质检改判占比")]


def day_labels(dash: Dashboard) -> list[str]:
    return [f"{d.day:%m-%d}" for d in dash.days]


def dashboard_charts(dash: Dashboard, target_hours: float) -> dict[str, str]:
    labels = day_labels(dash)
    inbound = charts.bar_chart(_("每日提交（含重新提交）"), labels, [
        charts.Series(_("提交"), [d.inbound for d in dash.days], "#94a3b8"),
    ])
    decided = charts.bar_chart(_("每日决定（按结论）"), labels, [
        charts.Series(str(label), [d.outcomes.get(o, 0) for d in dash.days], colour)
        for (o, label), colour in zip(OUTCOME_LABELS.items(), ("#15803d", "#f59e0b", "#d93025", "#7c3aed", "#0891b2"))
    ])
    hours = charts.line_chart(_("提交到决定（小时）"), labels, [
        charts.Series(_("中位数"), [_hours(d.decision_hist, 50) for d in dash.days], "#2563eb"),
        charts.Series("P90", [_hours(d.decision_hist, 90) for d in dash.days], "#f59e0b"),
    ], target=target_hours)
    return {"inbound": inbound, "decided": decided, "hours": hours}


def _hours(hist, p):
    seconds = stats.histogram_percentile(hist or [], p)
    return None if seconds is None else round(seconds / 3600, 2)


def daily_rows(dash: Dashboard) -> list[list[str]]:
    rows = []
    for d in dash.days:
        rows.append([f"{d.day:%Y-%m-%d}", str(d.inbound), str(d.decided),
                     *(str(d.outcomes.get(o, 0)) for o in OUTCOME_LABELS),
                     num(_hours(d.decision_hist, 50), 2), num(_hours(d.decision_hist, 90), 2),
                     str(d.appeals_decided), str(d.appeals_upheld)])
    return rows


def daily_headers() -> list[str]:
    return [_("日期"), _("提交"), _("编辑决定"), *(str(label) for label in OUTCOME_LABELS.values()),
            _("中位数（小时）"), "P90（小时）", _("已处理申诉"), _("申诉成立")]
