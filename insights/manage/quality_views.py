"""Reviewers' quality control pages: agreement (kappa) and gold results, blind second reviews,
senior editors' rulings on disagreements, and marking gold posts (admins)."""
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from authors.errors import StandingConflict
from authors.roles import admin_required, editor_required, is_admin
from moderation.actions import quality as actions
from moderation.actions import rulings
from moderation.errors import DeskError
from moderation.wording import refusal
from moderation.models import Post

from .. import quality
from ..models import DoubleReview
from .forms import GoldForm, RulingForm, VerdictForm


@require_http_methods(["GET"])
@editor_required
def overview(request):
    admin = is_admin(request.user)
    only = None if admin else request.user
    return render(request, "manage/insights/quality.html", {
        "editors": quality.agreement_by_editor(only_editor=only), "rules": quality.agreement_by_rule(),
        "gold": quality.gold_by_editor(only_editor=only), "waiting": len(quality.second_reviews_for(request.user)),
        "disputes": quality.disputes() if admin else [], "gold_form": GoldForm() if admin else None,
        "days": quality.WINDOW_DAYS,
    })


@require_POST
@admin_required
def mark_gold(request):
    form = GoldForm(request.POST)
    if form.is_valid():
        post = Post.objects.filter(pk=form.cleaned_data["post"]).first()
        try:
            if post is None:
                raise StandingConflict(_("没有这篇文章。"))
            actions.mark_gold(post, actor=request.user, expected_outcome=form.cleaned_data["outcome"],
                              expected_reasons=form.cleaned_data["reasons"], note=form.cleaned_data["note"])
            messages.success(request, _("已设为质检样本：#%(pk)s") % {"pk": post.pk})
        except StandingConflict as exc:
            messages.error(request, refusal(exc))
    else:
        messages.error(request, _("请填写文章编号和应有的结论。"))
    return redirect("insights_quality")


@require_http_methods(["GET"])
@editor_required
def second_list(request):
    return render(request, "manage/insights/second_list.html", {"reviews": quality.second_reviews_for(request.user)})


@require_http_methods(["GET", "POST"])
@editor_required
def second_review(request, review_id: int):
    """Blind: the revision the first editor saw, never the first editor's decision."""
    review = get_object_or_404(DoubleReview.objects.select_related("decision__revision"), pk=review_id,
                               status=DoubleReview.Status.WAITING)
    if review.decision.editor_id == request.user.pk:
        return redirect("insights_second_list")
    form = VerdictForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_second_review(review, actor=request.user, **form.cleaned_data)
            messages.success(request, _("复核已记录。"))
            return redirect("insights_second_list")
        except StandingConflict as exc:
            messages.error(request, refusal(exc))
    revision = review.decision.revision
    images = {i.ref: i.pk for i in revision.images.all()}
    return render(request, "manage/insights/second_review.html", {
        "review": review, "revision": revision, "form": form, "findings": revision.findings.all(),
        "blocks": [{**b, "image_id": images.get(b.get("src"))} for b in revision.blocks],
    })


@require_http_methods(["GET", "POST"])
@admin_required
def ruling(request, review_id: int):
    review = get_object_or_404(DoubleReview.objects.select_related("decision__revision", "decision__editor",
                                                                   "second_editor"),
                               pk=review_id, status=DoubleReview.Status.DISPUTED)
    form = RulingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            review, applied = rulings.resolve_double_review(review, actor=request.user, **form.cleaned_data)
        except DeskError as exc:
            messages.error(request, refusal(exc))
        else:
            if review.first_overruled and applied is None:
                messages.warning(request, _("已裁定。文章在原决定后已有变化，未按裁定改动，请用审核台的常规操作处理。"))
            else:
                messages.success(request, _("已裁定。"))
            return redirect("insights_quality")
    return render(request, "manage/insights/ruling.html", {"review": review, "form": form})


@require_http_methods(["GET"])
@editor_required
def my_gold(request):
    return render(request, "manage/insights/my_gold.html", {"checks": quality.my_gold_results(request.user)})
