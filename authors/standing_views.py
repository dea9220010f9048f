"""Pages of authors' standing: sign-up, the author's appeals, the editors' whitelist audit list and the
admin's desk (an author's standing, penalties, Level 2, whitelist, appeals, thresholds). Thin views:
who may see it → form → one service → message and redirect."""
from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from moderation.errors import DeskError
from moderation.models import Decision

from . import selectors, services, standing
from .errors import StandingConflict
from .forms import (
    AppealDecisionForm, AppealForm, IdentityForm, IssuePenaltyForm, LinkForm, ReasonForm, RegistrationForm, ShortenForm,
    local_input,
)
from .models import Appeal, AuditSample, Author, Level2Proposal, Penalty, Whitelist
from .roles import admin_required, author_of, author_required, editor_required


def _errors(form) -> str:
    return "；".join(e for errs in form.errors.values() for e in errs)


def _run(request, action, success: str) -> bool:
    """Call one service; its domain error becomes a message the admin can act on."""
    try:
        action()
    except DeskError as exc:
        messages.error(request, exc.message)
        return False
    messages.success(request, success)
    return True


# ---- sign-up ----------------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
def register(request):
    if request.user.is_authenticated:
        return redirect("home")
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "password2"}
        try:
            author = services.register_author(**data)
        except DeskError as exc:
            form.add_error(None, exc.message)
        else:
            login(request, author.user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, "注册成功，欢迎加入！")
            return redirect("my_posts")
    return render(request, "authors/register.html", {"form": form})


# ---- the author's appeals ---------------------------------------------------------------------

def _appeal_target(request):
    """The decision or penalty named in the query, among the author's own (404 otherwise)."""
    author = author_of(request.user)
    source = request.POST if request.method == "POST" else request.GET
    decision_id, penalty_id = source.get("decision", ""), source.get("penalty", "")
    if decision_id.isdigit():
        decision = get_object_or_404(Decision.objects.select_related("post__current_revision"),
                                     pk=decision_id, post__author=author)
        decision.reason_views = selectors.reason_views(decision.reasons)
        return {"decision": decision}
    if penalty_id.isdigit():
        return {"penalty": get_object_or_404(Penalty, pk=penalty_id, author=author)}
    raise Http404


@author_required
@require_http_methods(["GET", "POST"])
def file_appeal(request):
    target = _appeal_target(request)
    form = AppealForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.file_appeal(author=author_of(request.user), text=form.cleaned_data["text"], **target)
        except DeskError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "申诉已提交，管理员处理后会在“我的申诉”中告诉你结果。")
            return redirect("my_appeals")
    return render(request, "authors/appeal_form.html", {
        "form": form, **target, "window_days": settings.APPEAL_WINDOW_DAYS,
    }, status=400 if form.errors else 200)


@author_required
@require_GET
def my_appeals(request):
    author = author_of(request.user)
    decisions, penalties = selectors.appealable(author, window_days=settings.APPEAL_WINDOW_DAYS)
    for d in decisions:
        d.reason_views = selectors.reason_views(d.reasons)
    return render(request, "authors/appeals.html", {
        "appeals": Appeal.objects.filter(author=author).select_related("decision__post__current_revision", "penalty"),
        "decisions": decisions, "penalties": penalties, "window_days": settings.APPEAL_WINDOW_DAYS,
    })


# ---- editors: the whitelist audit (白名单抽检) ---------------------------------------------------

@editor_required
@require_GET
def audit_queue(request):
    return render(request, "authors/audit_queue.html", {"samples": list(selectors.audit_queue()[:200])})


@editor_required
@require_POST
def audit_pass(request, sample_id: int):
    sample = get_object_or_404(AuditSample, pk=sample_id)
    _run(request, lambda: services.mark_audit_passed(sample, editor=request.user), f"已标记抽检无问题：#{sample.post_id}")
    return redirect("audit_queue")


# ---- the admin's desk -------------------------------------------------------------------------

@admin_required
@require_GET
def admin_desk(request):
    q = request.GET.get("q", "").strip()
    found = []
    if q:
        found = list(Author.objects.select_related("user").filter(
            Q(display_name__icontains=q) | Q(user__username__icontains=q))[:20])
    active = list(selectors.active_penalties().select_related("author__user"))
    return render(request, "authors/admin_desk.html", {
        "q": q, "found": found, "active_bans": active,
        "proposals": Level2Proposal.objects.filter(status=Level2Proposal.Status.PENDING).select_related("author"),
        "appeals_pending": selectors.appeal_queue().count(),
        "audit_pending": selectors.audit_queue().count(),
        "whitelisted": Whitelist.objects.filter(active=True).select_related("author__user", "granted_by"),
    })


@admin_required
@require_GET
def author_standing(request, author_id: int):
    author = get_object_or_404(Author.objects.select_related("user"), pk=author_id)
    page = selectors.standing_page(author)
    for p in page["active_bans"]:
        p.end_input = local_input(p.effective_end)
    return render(request, "authors/standing.html", {
        **page, "issue_form": IssuePenaltyForm(), "levels": Penalty.Level.choices,
        "window_days": settings.APPEAL_WINDOW_DAYS, "clause_zh": standing.clause_zh,
    })


def _back(author_id):
    return redirect("author_standing", author_id)


def _submit(request, form, action, success: str) -> bool:
    """Validate the admin's form, then call one service with its data; errors become messages."""
    if not form.is_valid():
        messages.error(request, "未执行：" + _errors(form))
        return False
    return _run(request, lambda: action(form.cleaned_data), success)


@admin_required
@require_POST
def penalty_issue(request, author_id: int):
    author = get_object_or_404(Author, pk=author_id)
    _submit(request, IssuePenaltyForm(request.POST), lambda d: services.issue_penalty(
        author, admin=request.user, level=d["level"], reason=d["reason"], clause=d["clause"]), "已开具处罚。")
    return _back(author_id)


@admin_required
@require_POST
def penalty_lift(request, penalty_id: int):
    penalty = get_object_or_404(Penalty, pk=penalty_id)
    _submit(request, ReasonForm(request.POST), lambda d: services.lift_penalty(
        penalty, admin=request.user, reason=d["reason"]), f"已解除处罚 #{penalty.pk}。")
    return _back(penalty.author_id)


@admin_required
@require_POST
def penalty_shorten(request, penalty_id: int):
    penalty = get_object_or_404(Penalty, pk=penalty_id)
    _submit(request, ShortenForm(request.POST), lambda d: services.shorten_penalty(
        penalty, admin=request.user, ends_at=d["ends_at"], reason=d["reason"]), f"已缩短处罚 #{penalty.pk}。")
    return _back(penalty.author_id)


@admin_required
@require_POST
def proposal_decide(request, proposal_id: int, action: str):
    proposal = get_object_or_404(Level2Proposal, pk=proposal_id)
    note = request.POST.get("reason", "").strip()
    if action == "confirm":
        _run(request, lambda: services.confirm_level2(proposal, admin=request.user, note=note),
             "已确认二级处罚：该作者所有文章已下线，账号及关联账号已封停。")
    elif action == "dismiss":
        _run(request, lambda: services.dismiss_level2(proposal, admin=request.user, note=note), "已驳回二级处罚提议。")
    else:
        raise Http404
    return _back(proposal.author_id)


def _revoke(author, *, actor, reason):
    if not services.revoke_whitelist(author, actor=actor, reason=reason):
        raise StandingConflict("该作者不在白名单中。")


@admin_required
@require_POST
def whitelist_change(request, author_id: int):
    author = get_object_or_404(Author, pk=author_id)
    change, done = ((services.grant_whitelist, "已开通白名单。") if request.POST.get("action") == "grant"
                    else (_revoke, "已取消白名单。"))
    _submit(request, ReasonForm(request.POST), lambda d: change(author, actor=request.user, reason=d["reason"]), done)
    return _back(author_id)


@admin_required
@require_POST
def whitelist_recompute(request):
    granted = services.recompute_whitelist()
    names = "、".join(a.display_name for a in granted) or "无新增"
    messages.success(request, f"已重新计算白名单：新开通 {len(granted)} 位（{names}）。")
    return redirect("admin_desk")


@admin_required
@require_POST
def link_account(request, author_id: int):
    author = get_object_or_404(Author, pk=author_id)
    _submit(request, LinkForm(request.POST), lambda d: services.link_accounts(
        author, d["other"], admin=request.user, reason=d["reason"]), "已关联账号。")
    return _back(author_id)


@admin_required
@require_POST
def record_identity(request, author_id: int):
    author = get_object_or_404(Author, pk=author_id)
    _submit(request, IdentityForm(request.POST), lambda d: services.record_identity(author, **d),
            "已记录身份标识（只保存摘要）。")
    return _back(author_id)


@admin_required
@require_POST
def news_rights(request, author_id: int):
    author = get_object_or_404(Author, pk=author_id)
    closed = request.POST.get("action") == "close"
    _submit(request, ReasonForm(request.POST), lambda d: services.set_news_posting(
        author, admin=request.user, closed=closed, reason=d["reason"]),
        "已关闭资讯发文权限。" if closed else "已恢复资讯发文权限。")
    return redirect("low_pass_rate") if request.POST.get("next") == "low" else _back(author_id)


@admin_required
@require_GET
def appeal_queue(request):
    return render(request, "authors/appeal_queue.html", {
        "appeals": list(selectors.appeal_queue()),
        "decided": Appeal.objects.exclude(status=Appeal.Status.PENDING).select_related(
            "author", "decided_by").order_by("-decided_at")[:30],
    })


@admin_required
@require_http_methods(["GET", "POST"])
def appeal_decide(request, appeal_id: int):
    appeal = get_object_or_404(Appeal.objects.select_related("author__user", "decision__post__current_revision",
                                                             "decision__editor", "penalty"), pk=appeal_id)
    form = AppealDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if _run(request, lambda: services.decide_appeal(appeal, admin=request.user, upheld=d["verdict"] == "uphold",
                                                        response=d["response"]), "申诉已处理，作者会看到结果。"):
            return redirect("appeal_queue")
    if appeal.decision_id:
        appeal.decision.reason_views = selectors.reason_views(appeal.decision.reasons)
    return render(request, "authors/appeal_decide.html", {"appeal": appeal, "form": form})


@admin_required
@require_GET
def low_pass_rate(request):
    return render(request, "authors/low_pass_rate.html", {
        "rows": selectors.low_pass_rate_authors(), "threshold": standing.NEWS_PASS_RATE_THRESHOLD})


@admin_required
@require_GET
def thresholds(request):
    from moderation.lifecycle import MAX_RESUBMISSIONS

    rows = [
        ("一级处罚、未修改重复提交关闭发文天数", f"{standing.BAN_DAYS}天", "第五章3；4.2(3)", "标准"),
        ("退回后可重新提交次数", f"{MAX_RESUBMISSIONS}次", "4.2(3)", "标准"),
        ("未按要求修改超过几次给予一级处罚", f"{standing.MAX_NOT_REVISED}次", "5.4-I.5", "标准"),
        ("未修改重复提交超过几次给予一级处罚", f"{standing.MAX_UNCHANGED_RESUBMISSIONS}次", "5.4-I.5", "标准"),
        ("三类违规首次警告次数", f"{standing.MAX_CATEGORY_III_WARNINGS}次", "5.4-III", "标准"),
        ("连续不按要求修改超过几篇提请二级处罚", f"{standing.MAX_CONSECUTIVE_NOT_REVISED}篇", "5.4-IV.1", "标准"),
        ("一级处罚超过几次提请二级处罚", f"{standing.MAX_LEVEL1_PENALTIES}次", "5.4-IV.2", "标准"),
        ("抄袭超过几次提请二级处罚", f"{standing.MAX_PLAGIARISM}次", "5.4-IV.3", "标准"),
        ("白名单：每周发文不少于", f"{standing.WHITELIST_MIN_POSTS_PER_WEEK}篇", "第五章1", "标准"),
        ("白名单：连续达标周数", f"{standing.WHITELIST_WEEKS}周", "第五章1", "标准"),
        ("白名单：审核通过率", f"{standing.WHITELIST_PASS_RATE:.0%}", "第五章1", "标准"),
        ("资讯发文权限提醒：通过率低于", f"{standing.NEWS_PASS_RATE_THRESHOLD:.0%}", "第一章", "标准"),
        ("白名单自动发布抽检比例", f"{settings.WHITELIST_AUDIT_SAMPLE_RATE:.0%}", "—", "设置 WHITELIST_AUDIT_SAMPLE_RATE"),
        ("申诉期限", f"{settings.APPEAL_WINDOW_DAYS}天", "—", "设置 APPEAL_WINDOW_DAYS"),
        ("编辑认领时长", f"{settings.CLAIM_LEASE_MINUTES}分钟", "—", "设置 CLAIM_LEASE_MINUTES"),
    ]
    return render(request, "authors/thresholds.html", {"rows": rows})


@admin_required
@require_GET
def author_list(request):
    """Authors with their counts, each linking to the standing page."""
    authors = list(Author.objects.select_related("user", "whitelist")
                   .annotate(n_posts=Count("posts", distinct=True)).order_by("display_name")[:500])
    selectors.standing_badges(authors)
    return render(request, "authors/author_list.html", {"authors": authors})
