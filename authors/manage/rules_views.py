"""The admin's pages of issue 14: editor groups and review stages, back-catalogue re-screens, and rule
drafts (changes, thresholds, backtests, publish live or in shadow, versions and rollback). Thin views:
who may see it → form → one action → message and redirect."""
from __future__ import annotations

import csv
import io
import json

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _, gettext_lazy as _lazy
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from authors.roles import admin_required
from moderation import backtests, rescreening, rule_trials, workflow_selectors as ws
from moderation.actions import rescreen, rules, stages
from moderation.checks.engine import say
from moderation.desk.workflow_views import run_action
from moderation.ids import parse_number
from moderation.lexicon_store import current_lexicons
from moderation.models import (
    BacktestRun, EditorGroup, Post, RescreenRun, ReviewStage, RuleDraft, RuleVersion,
)


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.replace("，", ",").split(",") if part.strip()]


class GroupForm(forms.Form):
    name = forms.CharField(label=_lazy("组名"), max_length=40)
    members = forms.CharField(label=_lazy("成员（用户名，逗号分隔）"), required=False)
    rules = forms.CharField(label=_lazy("规则组队列（规则编号，逗号分隔）"), required=False)
    rescreen = forms.BooleanField(label=_lazy("可处理存量复核"), required=False)


class StageForm(forms.Form):
    name = forms.CharField(label=_lazy("阶段名称"), max_length=40)
    order = forms.IntegerField(label=_lazy("顺序"), min_value=1, initial=1)
    group = forms.ModelChoiceField(label=_lazy("审核组"), queryset=EditorGroup.objects.all())
    rules = forms.CharField(label=_lazy("规则（发现这些规则时需要本阶段）"), required=False)
    kinds = forms.MultipleChoiceField(label=_lazy("文章类型"), required=False, choices=Post.Kind.choices)
    new_author_below = forms.IntegerField(label=_lazy("新作者：通过文章少于"), min_value=0, initial=0)


class RescreenForm(forms.Form):
    kind = forms.ChoiceField(label=_lazy("类型"), required=False, choices=[("", _lazy("全部")), *Post.Kind.choices])
    since = forms.DateField(label=_lazy("发布自"), required=False)
    until = forms.DateField(label=_lazy("发布至"), required=False)
    author = forms.CharField(label=_lazy("作者用户名"), required=False)
    rules = forms.CharField(label=_lazy("只看这些规则（规则组）"), required=False)


# ---- groups and stages --------------------------------------------------------------------------

@admin_required
@require_http_methods(["GET", "POST"])
def workflow(request):
    group_form, stage_form = GroupForm(prefix="g"), StageForm(prefix="s")
    if request.method == "POST" and "g-name" in request.POST:
        group_form = GroupForm(request.POST, prefix="g")
        if group_form.is_valid():
            data = group_form.cleaned_data
            group = EditorGroup.objects.filter(name=data["name"]).first() or EditorGroup(name=data["name"])
            group.rules, group.rescreen = _split(data["rules"]), data["rescreen"]
            members = list(get_user_model().objects.filter(username__in=_split(data["members"])))
            stages.save_editor_group(group, actor=request.user, members=members)
            messages.success(request, _("已保存编辑组：%(group)s") % {"group": group.name})
            return redirect("manage_workflow")
    elif request.method == "POST":
        stage_form = StageForm(request.POST, prefix="s")
        if stage_form.is_valid():
            data = stage_form.cleaned_data
            stages.save_stage(ReviewStage(name=data["name"], order=data["order"], group=data["group"],
                                          rules=_split(data["rules"]), kinds=data["kinds"],
                                          new_author_below=data["new_author_below"]), actor=request.user)
            messages.success(request, _("已添加审核阶段：%(stage)s") % {"stage": data["name"]})
            return redirect("manage_workflow")
    return render(request, "manage/workflow.html", {
        "groups": EditorGroup.objects.prefetch_related("members"), "group_form": group_form,
        "stages": ReviewStage.objects.select_related("group"), "stage_form": stage_form,
    })


@admin_required
@require_POST
def stage_toggle(request, stage_id: int):
    stage = get_object_or_404(ReviewStage, pk=stage_id)
    stage.active = not stage.active
    stages.save_stage(stage, actor=request.user, reason=say("启用" if stage.active else "停用"))
    return redirect("manage_workflow")


# ---- re-screens ---------------------------------------------------------------------------------

@admin_required
@require_http_methods(["GET", "POST"])
def rescreen_runs(request):
    form = RescreenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        run = rescreen.start_rescreen(actor=request.user, kind=data["kind"], since=data["since"], until=data["until"],
                                      author=data["author"].strip(), rules=_split(data["rules"]),
                                      lexicon_version=current_lexicons().version)
        rescreening.enqueue_run(run)
        messages.success(request, _("已开始存量复核：%(count)s 篇在线文章") % {"count": run.total})
        return redirect("manage_rescreen_run", run.pk)
    return render(request, "manage/rescreen_runs.html", {"form": form, "runs": ws.rescreen_runs()})


@admin_required
@require_GET
def rescreen_run(request, run_id: int):
    run = get_object_or_404(RescreenRun, pk=run_id)
    return render(request, "manage/rescreen_run.html", {"run": run, "running": run.status == RescreenRun.Status.RUNNING})


@admin_required
@require_POST
def rescreen_resume(request, run_id: int):
    run = get_object_or_404(RescreenRun, pk=run_id)
    jobs = rescreening.resume(run)
    messages.success(request, _("已重新排队 %(count)s 个分块") % {"count": jobs})
    return redirect("manage_rescreen_run", run.pk)


# ---- rule drafts --------------------------------------------------------------------------------

def _upload_text(upload) -> str:
    """An uploaded CSV (UTF-8) or XLSX sheet as CSV text (the first sheet, every row)."""
    if upload.name.lower().endswith(".xlsx"):
        from openpyxl import load_workbook  # lazy: only an XLSX upload needs the spreadsheet reader

        out = io.StringIO()
        writer = csv.writer(out)
        for row in load_workbook(upload, read_only=True).worksheets[0].iter_rows(values_only=True):
            writer.writerow(["" if cell is None else str(cell) for cell in row])
        return out.getvalue()
    return upload.read().decode("utf-8-sig")


def _csv_rows(text: str) -> list[dict]:
    """op,lexicon,term[,canonical[,note]] per line (a header line starting with "op" is skipped)."""
    rows = []
    for cells in csv.reader(io.StringIO(text.strip())):
        if not cells or cells[0].strip().lower() == "op":
            continue
        cells = [*cells, "", "", "", "", ""][:5]
        rows.append(dict(zip(("op", "lexicon", "term", "canonical", "note"), cells)))
    return rows


@admin_required
@require_http_methods(["GET", "POST"])
def drafts(request):
    if request.method == "POST":
        draft = rules.create_draft(request.POST.get("title", ""), actor=request.user)
        return redirect("manage_draft", draft.pk)
    return render(request, "manage/drafts.html", {
        "drafts": RuleDraft.objects.select_related("created_by")[:50], "versions": ws.live_versions()[:30],
    })


@admin_required
@require_http_methods(["GET", "POST"])
def draft(request, draft_id: int):
    found = get_object_or_404(RuleDraft, pk=draft_id)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "changes":
            try:
                rows = _csv_rows(request.POST.get("changes", "") + "\n" +
                                 (_upload_text(request.FILES["file"]) if "file" in request.FILES else ""))
            except (UnicodeDecodeError, ValueError, OSError):
                rows = None
                messages.error(request, _("文件须为 UTF-8 编码的 CSV 或 XLSX 表格。"))
            if rows is not None:
                run_action(request, lambda: rules.add_changes(found, rows, actor=request.user),
                           _("已加入 %(count)s 条修改") % {"count": len(rows)})
        elif action == "thresholds":
            try:
                values = json.loads(request.POST.get("thresholds") or "{}")
            except ValueError:
                messages.error(request, _("阈值须为 JSON，如 {\"title_min\": 8}。"))
            else:
                run_action(request, lambda: rules.set_thresholds(found, values, actor=request.user), _("已保存阈值"))
        elif action == "backtest":
            days, limit = (parse_number(request.POST.get(name) or "0", digits=5) for name in ("days", "limit"))
            if days is None or limit is None:
                messages.error(request, _("天数和篇数须为 0 到 99999 之间的整数。"))
                return redirect("manage_draft", found.pk)
            days, limit = days or None, limit or None
            run = rules.start_backtest(found, actor=request.user, days=days, limit=limit)
            backtests.enqueue_backtest(run)
            return redirect("manage_backtest", run.pk)
        elif action in ("publish", "shadow"):
            run_action(request, lambda: rules.publish_draft(found, actor=request.user, shadow=action == "shadow"),
                 _("已发布为影子运行") if action == "shadow" else _("已发布为新版本"))
        return redirect("manage_draft", found.pk)
    shadows = [(v, ws.shadow_results(version=v)) for v in found.versions.filter(mode=RuleVersion.Mode.SHADOW)]
    return render(request, "manage/draft.html", {
        "draft": found, "changes": found.changes.all(), "backtests": found.backtests.all()[:10], "shadows": shadows,
        "thresholds_json": json.dumps(found.thresholds, ensure_ascii=False),
    })


@admin_required
@require_GET
def backtest(request, run_id: int):
    run = get_object_or_404(BacktestRun.objects.select_related("draft"), pk=run_id)
    return render(request, "manage/backtest.html", {
        "run": run, "running": run.finished_at is None, "report": backtests.report(run),
        "samples": ws.backtest_samples(run), "pictures": rule_trials.draft_reads_pictures(run.draft),
    })


@admin_required
@require_POST
def version_end(request, version_id: int):
    version = get_object_or_404(RuleVersion, pk=version_id)
    if version.mode == RuleVersion.Mode.LIVE:
        run_action(request, lambda: rules.rollback_version(version, actor=request.user, reason=say("一键回滚")),
                   _("已回滚该版本"))
    else:
        run_action(request, lambda: rules.stop_shadow(version, actor=request.user), _("已停止影子运行"))
    return redirect("manage_drafts")
