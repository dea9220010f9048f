"""The desk's queues of issue 14: each review stage's queue and review page, the queues by rule group
and the re-screen queue (存量复核), each shown only to the editor groups it names (and to admins).
Thin views: who may see it → form → one action → message and redirect."""
from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from authors.roles import editor_required

from .. import selectors, workflow_selectors as ws
from ..actions import held, rescreen, stages
from ..errors import DeskError
from ..wording import refusal
from ..models import MessageTemplate, RescreenItem, ReviewStage, StageReview
from ..rulebook import RULES_BY_ID
from ..rulebook_view import reason_choices, reason_groups
from .decision_views import consequence_json, held_message, preview_choice


class StageDecisionForm(forms.Form):
    outcome = forms.ChoiceField(choices=[("approve", gettext_lazy("通过")), ("return", gettext_lazy("退回修改")),
                                         ("reject", gettext_lazy("退稿不用"))])
    reasons = forms.MultipleChoiceField(required=False, choices=())
    message = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reasons"].choices = reason_choices()


def _stage_for(request, stage_id: int) -> ReviewStage:
    stage = get_object_or_404(ReviewStage.objects.select_related("group"), pk=stage_id, active=True)
    if not ws.can_see_stage(request.user, stage):
        raise PermissionDenied(gettext("“%(stage)s”队列只对%(group)s组的编辑开放。") % {"stage": stage.name,
                                                                                  "group": stage.group.name})
    return stage


def run_action(request, action, success: str) -> bool:
    """Call one action; its domain error becomes a message (also used by the admin's pages of issue 14)."""
    try:
        action()
    except DeskError as exc:
        messages.error(request, refusal(exc))
        return False
    messages.success(request, success)
    return True


@editor_required
@require_GET
def stage_list(request):
    visible = list(ws.visible_stages(request.user))
    counts = ws.stage_counts(visible)
    rule_queues = [(rule, gettext(RULES_BY_ID[rule].name_zh) if rule in RULES_BY_ID else rule)
                   for rule in ws.visible_rule_queues(request.user)]
    return render(request, "desk/stages.html", {
        "stages": [(s, counts.get(s.pk, 0)) for s in visible], "rule_queues": rule_queues,
        "rescreen": ws.can_see_rescreen(request.user),
    })


@editor_required
@require_GET
def stage_queue(request, stage_id: int):
    stage = _stage_for(request, stage_id)
    return render(request, "desk/stage_queue.html", {"stage": stage, "reviews": list(ws.stage_queue(stage)[:200])})


@editor_required
@require_POST
def stage_next(request, stage_id: int):
    stage = _stage_for(request, stage_id)
    review = stages.claim_next_stage_review(stage, actor=request.user, queryset=ws.stage_queue(stage))
    if review is None:
        messages.info(request, gettext("该阶段没有待认领的文章了。"))
        return redirect("stage_queue", stage.pk)
    return redirect("stage_review", review.pk)


@editor_required
@require_http_methods(["GET", "POST"])
def stage_review(request, review_id: int):
    """A stage's review page: the same decision panel as the review screen (issue 11): the confirmation
    holds the decision for its undo window, with its consequence sentence."""
    page = ws.stage_review_page(review_id)
    review = page["review"]
    _stage_for(request, review.stage_id)
    if request.method == "POST":
        form = StageDecisionForm(request.POST)
        if not form.is_valid():
            messages.error(request, gettext("决定未能保存：%(errors)s") % {
                "errors": "；".join(e for errs in form.errors.values() for e in errs)})
            return redirect("stage_review", review.pk)
        data = form.cleaned_data
        try:
            held_decision = held.hold_stage_decision(review, actor=request.user, outcome=data["outcome"],
                                                     reasons=data["reasons"], message=data["message"])
        except DeskError as exc:
            messages.error(request, refusal(exc))
            return redirect("stage_review", review.pk)
        messages.success(request, held_message(request, held_decision))
        return redirect("stage_queue", review.stage_id)
    pending = held.pending_for(review)
    if review.status == review.Status.PENDING and pending is None:
        try:
            review = stages.claim_stage_review(review, actor=request.user)
        except DeskError as exc:
            messages.error(request, refusal(exc))
    proposed = {f.rule for f in page["findings"] if f.severity == "block"}
    return render(request, "desk/stage_review.html", {
        **page, "review": review, "held": pending,
        "held_sentence": held.held_consequence(pending).sentence(gettext) if pending else "",
        "can_decide": review.status == review.Status.PENDING and review.claimed_by_id == request.user.pk
        and pending is None,
        "reason_groups": reason_groups(proposed=proposed), "stage_panel": True, "live_block": 0,
        "undo_seconds": settings.DECISION_UNDO_SECONDS, "templates": MessageTemplate.objects.filter(active=True),
    })


@editor_required
@require_GET
def stage_preview(request, review_id: int):
    """The consequence sentence of a stage's decision chosen so far (the panel fetches it)."""
    review = get_object_or_404(StageReview.objects.select_related("post__author"), pk=review_id)
    _stage_for(request, review.stage_id)
    outcome, reasons, nothing = preview_choice(request)
    if nothing is not None:
        return nothing
    if outcome not in stages.STAGE_OUTCOMES:
        return JsonResponse({"sentence": ""})
    return consequence_json(stages.stage_consequence(review, outcome=outcome, reasons=reasons))


@editor_required
@require_GET
def rule_queue(request, rule: str):
    if rule not in ws.visible_rule_queues(request.user):
        raise PermissionDenied(gettext("该规则组队列只对指定的编辑组开放。"))
    posts, _ = selectors.queue_page({"rule": rule})
    return render(request, "desk/rule_queue.html", {"rule": RULES_BY_ID.get(rule), "rule_id": rule, "posts": posts})


def _rescreen_allowed(request):
    if not ws.can_see_rescreen(request.user):
        raise PermissionDenied(gettext("存量复核队列只对指定的编辑组开放。"))


@editor_required
@require_GET
def rescreen_queue(request):
    _rescreen_allowed(request)
    return render(request, "desk/rescreen_queue.html", {"items": list(ws.rescreen_queue()[:200]),
                                                        "reasons": reason_choices()})


@editor_required
@require_POST
def rescreen_decide(request, item_id: int):
    _rescreen_allowed(request)
    item = get_object_or_404(RescreenItem, pk=item_id)
    message = request.POST.get("message", "").strip()
    if request.POST.get("decision") == "offline":
        # Only rule IDs of the rulebook: a forged ID would otherwise fail deep in the standing code.
        reasons = ([r for r in request.POST.getlist("reasons") if r in RULES_BY_ID]
                   or sorted({b["rule"] for b in item.new_blocks}))
        run_action(request, lambda: rescreen.take_offline_item(item, actor=request.user, reasons=reasons,
                                                          message=message or "存量复核发现新的问题，文章已下线。"),
             gettext("已下线：#%(post)s") % {"post": item.post_id})
    else:
        run_action(request, lambda: rescreen.keep_online(item, actor=request.user, note=message),
                   gettext("保持在线：#%(post)s") % {"post": item.post_id})
    return redirect("rescreen_queue")
