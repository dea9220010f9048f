"""The decision panel's endpoints (issue 11): a decision is confirmed, held for its undo window and
then applied; its consequence is previewed while the editor chooses; clear posts are approved in bulk.
Thin views: check who is asking, validate, call one action."""
from __future__ import annotations

from django.contrib import messages
from django.http import JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _, pgettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from authors.records import decision_consequence
from authors.roles import editor_required

from .. import selectors
from ..actions import held as actions
from ..errors import DeskError
from ..wording import refusal
from ..ids import parse_id
from ..lifecycle import State
from ..models import Decision, HeldDecision, Post
from ..queries import queue_order, unclaimed_queue
from ..rulebook import RULES_BY_ID
from ..rulebook_view import reason_choices
from .forms import DecisionForm, QueueFilterForm

BULK_PAGE_SIZE = 50


def held_message(request, held: HeldDecision):
    """The success message of a held decision (the review screen's and a review stage's): what was
    decided, its consequence in the UI language, the undo button (a POST form) and the window's end."""
    text = _("已%(outcome)s：#%(post)s。%(consequence)s") % {
        "outcome": _(Decision.Outcome(held.outcome).label),  # the outcome's name, translated in the .po
        "post": held.post_id, "consequence": held.preview.sentence(_)}
    return format_html(
        '{} <form method="post" action="{}" class="inline undo-form">'
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
        '<button type="submit" class="link-btn" id="btn-undo">{}</button></form>'
        ' <span class="muted">{}</span>',
        text, reverse("undo_decision", args=[held.pk]), get_token(request), pgettext("undo", "撤销"),
        _("（%(time)s 前可撤销；之前作者不会收到通知，处罚也不会生效）") % {
            "time": timezone.localtime(held.due_at).strftime("%H:%M:%S")})


def consequence_json(consequence) -> JsonResponse:
    """The panel's preview: the consequence sentence in the UI language."""
    return JsonResponse({"sentence": consequence.sentence(_), "complete": True,
                         "month_violation": consequence.month_violation})


def preview_choice(request) -> tuple[str, list[str], JsonResponse | None]:
    """The outcome and reasons the panel has chosen so far; a response when there is nothing to preview."""
    outcome = request.GET.get("outcome", "")
    if outcome not in Decision.Outcome.values:
        return outcome, [], JsonResponse({"sentence": ""})
    reasons = [r for r in request.GET.getlist("reasons") if r in RULES_BY_ID]
    if outcome != Decision.Outcome.APPROVE and not reasons:
        return outcome, reasons, JsonResponse({"sentence": _("请选择原因，以查看对作者的处理后果。"), "complete": False})
    return outcome, reasons, None


@editor_required
@require_POST
def decide(request, post_id: int):
    """The panel's explicit confirmation: the decision is held for its undo window, then applied."""
    post = selectors.post_for_review(post_id)
    form = DecisionForm(request.POST, reason_choices=reason_choices())
    if not form.is_valid():
        messages.error(request, _("决定未能保存：%(errors)s") % {
            "errors": "；".join(e for errs in form.errors.values() for e in errs)})
        return redirect("review", post.pk)
    data = form.cleaned_data
    try:
        held = actions.hold_decision(
            post, actor=request.user, outcome=data["outcome"], reasons=data["reasons"], message=data["message"],
            version=data["version"], serious=data["serious"], override=data["override"],
        )
    except DeskError as exc:
        messages.error(request, refusal(exc))
        return redirect("review", post.pk)
    messages.success(request, held_message(request, held))
    return redirect("queue")


@editor_required
@require_GET
def preview(request, post_id: int):
    """The consequence sentence for the outcome and reasons chosen so far (the panel fetches it)."""
    post = get_object_or_404(Post.objects.select_related("author"), pk=post_id)
    outcome, reasons, nothing = preview_choice(request)
    if nothing is not None:
        return nothing
    return consequence_json(decision_consequence(post, outcome, reasons, serious=request.GET.get("serious") == "1"))


@editor_required
@require_POST
def undo(request, held_id: int):
    held = get_object_or_404(HeldDecision, pk=held_id)
    try:
        actions.undo_decision(held, actor=request.user)
    except DeskError as exc:
        messages.error(request, refusal(exc))
        return redirect("queue")
    messages.success(request, _("已撤销对 #%(post)s 的决定，文章仍由你认领，可重新审核。") % {"post": held.post_id})
    if held.stage_review_id:
        return redirect("stage_review", held.stage_review_id)
    return redirect("review", held.post_id)


def _clear_posts(filters: dict):
    """Unclaimed waiting posts matching the filters; 'clear' (default): no live finding at all."""
    qs = unclaimed_queue(selectors.filtered_queue(filters)).filter(state=State.IN_QUEUE)
    if filters.get("clear", True):
        qs = qs.filter(block_count=0, warn_count=0)
    else:
        qs = qs.filter(block_count=0)  # approving over a block finding needs the review screen
    return queue_order(qs).select_related("author", "current_revision")


@editor_required
@require_http_methods(["GET", "POST"])
def bulk(request):
    """Bulk approval of clear posts in a filtered queue view; each is its own held decision."""
    actions.apply_due_decisions(editor=request.user)
    if request.method == "POST":
        if request.POST.get("undo_batch"):
            n = actions.undo_batch(request.POST["undo_batch"], actor=request.user)
            messages.success(request, _("已撤销批量通过的 %(count)s 篇文章。") % {"count": n})
            return redirect(request.get_full_path())
        ids = [i for i in map(parse_id, request.POST.getlist("posts")) if i is not None][:BULK_PAGE_SIZE]
        posts = list(Post.objects.filter(pk__in=ids, block_count=0))
        if not posts:
            messages.error(request, _("请至少勾选一篇没有阻断发现的文章。"))
            return redirect(request.get_full_path())
        batch, held, refused = actions.bulk_approve(posts, actor=request.user)
        for post_id, why in refused:
            messages.error(request, _("#%(post)s 未通过：%(why)s") % {"post": post_id, "why": why})
        if held:
            messages.success(request, format_html(
                '{} <form method="post" class="inline">'
                '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
                '<input type="hidden" name="undo_batch" value="{}">'
                '<button type="submit" class="link-btn" id="btn-undo-batch">{}</button></form>'
                ' <span class="muted">{}</span>',
                _("已通过 %(count)s 篇（各记为一条决定）。") % {"count": len(held)}, get_token(request), batch,
                _("全部撤销"), _("（%(time)s 前可撤销）") % {
                    "time": timezone.localtime(held[0].due_at).strftime("%H:%M:%S")}))
        return redirect(request.get_full_path())
    form = QueueFilterForm(request.GET)
    filters = form.filters()
    clear = request.GET.get("all_warn") != "1"
    posts = list(_clear_posts({**filters, "clear": clear})[:BULK_PAGE_SIZE])
    mine = HeldDecision.objects.filter(editor=request.user, status=HeldDecision.Status.HELD).select_related(
        "post__current_revision")
    return render(request, "desk/bulk.html", {"form": form, "posts": posts, "clear": clear, "held": mine})
