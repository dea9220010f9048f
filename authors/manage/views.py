"""The admin's desk: an author's standing, penalties, Level 2, whitelist, identity records, appeals,
news posting rights, thresholds, and the audit trail of a post or an author. Thin views: who may see
it → form → one action → message and redirect."""
from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from authors import records, selectors, standing
from authors.errors import StandingConflict
from authors.models import Appeal, Author, Level2Proposal, Penalty, Whitelist
from authors.roles import admin_required
from moderation.actions import appeals, identity, penalties, whitelist
from moderation import workflow_selectors as ws
from moderation.audit import people_named, trail
from moderation.errors import DeskError
from moderation.wording import refusal
from moderation.models import Post
from moderation.lifecycle import MAX_RESUBMISSIONS

from .forms import (
    AppealDecisionForm, AuditTrailForm, IdentityForm, IssuePenaltyForm, LinkForm, ReasonForm, ShortenForm, local_input,
)


def _errors(form) -> str:
    return "；".join(e for errs in form.errors.values() for e in errs)


def _run(request, action, success: str) -> bool:
    """Call one action; its domain error becomes a message the admin can act on."""
    try:
        action()
    except DeskError as exc:
        messages.error(request, refusal(exc))
        return False
    messages.success(request, success)
    return True


# ---- the admin's desk -------------------------------------------------------------------------

@admin_required
@require_GET
def admin_desk(request):
    q = request.GET.get("q", "").strip()
    found = []
    if q:
        found = list(Author.objects.select_related("user").filter(
            Q(display_name__icontains=q) | Q(user__username__icontains=q))[:20])
    active = list(records.active_penalties().select_related("author__user"))
    return render(request, "manage/admin_desk.html", {
        "q": q, "found": found, "active_bans": active,
        "proposals": Level2Proposal.objects.filter(status=Level2Proposal.Status.PENDING).select_related("author"),
        "level2_review": selectors.level2_to_review(),
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
    return render(request, "manage/standing.html", {
        **page, "issue_form": IssuePenaltyForm(), "levels": Penalty.Level.choices,
        "window_days": settings.APPEAL_WINDOW_DAYS, "clause_zh": standing.clause_zh,
    })


def _back(author_id):
    return redirect("author_standing", author_id)


def _submit(request, form, action, success: str) -> bool:
    """Validate the admin's form, then call one action with its data; errors become messages."""
    if not form.is_valid():
        messages.error(request, _("未执行：%(errors)s") % {"errors": _errors(form)})
        return False
    return _run(request, lambda: action(form.cleaned_data), success)


@admin_required
@require_POST
def penalty_issue(request, author_id: int):
    author = get_object_or_404(Author, pk=author_id)
    _submit(request, IssuePenaltyForm(request.POST), lambda d: penalties.issue_penalty(
        author, actor=request.user, level=d["level"], reason=d["reason"], clause=d["clause"]), _("已开具处罚。"))
    return _back(author_id)


@admin_required
@require_POST
def penalty_lift(request, penalty_id: int):
    penalty = get_object_or_404(Penalty, pk=penalty_id)
    _submit(request, ReasonForm(request.POST), lambda d: penalties.lift_penalty(
        penalty, actor=request.user, reason=d["reason"]), _("已解除处罚 #%(penalty)s。") % {"penalty": penalty.pk})
    return _back(penalty.author_id)


@admin_required
@require_POST
def penalty_shorten(request, penalty_id: int):
    penalty = get_object_or_404(Penalty, pk=penalty_id)
    _submit(request, ShortenForm(request.POST), lambda d: penalties.shorten_penalty(
        penalty, actor=request.user, ends_at=d["ends_at"], reason=d["reason"]),
        _("已缩短处罚 #%(penalty)s。") % {"penalty": penalty.pk})
    return _back(penalty.author_id)


@admin_required
@require_POST
def proposal_decide(request, proposal_id: int, action: str):
    proposal = get_object_or_404(Level2Proposal, pk=proposal_id)
    note = request.POST.get("reason", "").strip()
    if action == "confirm":
        _run(request, lambda: penalties.confirm_level2(proposal, actor=request.user, note=note),
             _("已确认二级处罚：该作者所有文章已下线，账号及关联账号已封停。"))
    elif action == "dismiss":
        _run(request, lambda: penalties.dismiss_level2(proposal, actor=request.user, note=note),
             _("已驳回二级处罚提议。"))
    else:
        raise Http404
    return _back(proposal.author_id)


def _revoke(author, *, actor, reason):
    if not whitelist.revoke_whitelist(author, actor=actor, reason=reason):
        raise StandingConflict(_("该作者不在白名单中。"))


@admin_required
@require_POST
def whitelist_change(request, author_id: int):
    author = get_object_or_404(Author, pk=author_id)
    change, done = ((whitelist.grant_whitelist, _("已开通白名单。")) if request.POST.get("action") == "grant"
                    else (_revoke, _("已取消白名单。")))
    _submit(request, ReasonForm(request.POST), lambda d: change(author, actor=request.user, reason=d["reason"]), done)
    return _back(author_id)


@admin_required
@require_POST
def whitelist_recompute(request):
    granted = whitelist.recompute_whitelist()
    names = "、".join(a.display_name for a in granted) or _("无新增")
    messages.success(request, _("已重新计算白名单：新开通 %(count)s 位（%(names)s）。") % {
        "count": len(granted), "names": names})
    return redirect("admin_desk")


@admin_required
@require_POST
def link_account(request, author_id: int):
    author = get_object_or_404(Author, pk=author_id)
    _submit(request, LinkForm(request.POST), lambda d: identity.link_accounts(
        author, d["other"], actor=request.user, reason=d["reason"]), _("已关联账号。"))
    return _back(author_id)


@admin_required
@require_POST
def record_identity(request, author_id: int):
    author = get_object_or_404(Author, pk=author_id)
    _submit(request, IdentityForm(request.POST), lambda d: identity.record_identity(author, actor=request.user, **d),
            _("已记录身份标识（只保存摘要）。"))
    return _back(author_id)


@admin_required
@require_POST
def news_rights(request, author_id: int):
    author = get_object_or_404(Author, pk=author_id)
    closed = request.POST.get("action") == "close"
    _submit(request, ReasonForm(request.POST), lambda d: penalties.set_news_posting(
        author, actor=request.user, closed=closed, reason=d["reason"]),
        _("已关闭资讯发文权限。") if closed else _("已恢复资讯发文权限。"))
    return redirect("low_pass_rate") if request.POST.get("next") == "low" else _back(author_id)


@admin_required
@require_GET
def appeal_queue(request):
    return render(request, "manage/appeal_queue.html", {
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
        if _run(request, lambda: appeals.decide_appeal(appeal, actor=request.user, upheld=d["verdict"] == "uphold",
                                                        response=d["response"]), _("申诉已处理，作者会看到结果。")):
            return redirect("appeal_queue")
    if appeal.decision_id:
        appeal.decision.reason_views = selectors.reason_views(appeal.decision.reasons)
    return render(request, "manage/appeal_decide.html", {"appeal": appeal, "form": form})


@admin_required
@require_GET
def low_pass_rate(request):
    return render(request, "manage/low_pass_rate.html", {
        "rows": selectors.low_pass_rate_authors(), "threshold": standing.NEWS_PASS_RATE_THRESHOLD})


@admin_required
@require_GET
def thresholds(request):
    days, times, posts = _("%(n)s天"), _("%(n)s次"), _("%(n)s篇")  # each filled in as template % {"n": …}
    standard = _("标准")
    rows = [
        (_("一级处罚、未修改重复提交关闭发文天数"), days % {"n": standing.BAN_DAYS}, _("第五章3；4.2(3)"), standard),
        (_("退回后可重新提交次数"), times % {"n": MAX_RESUBMISSIONS}, "4.2(3)", standard),
        (_("未按要求修改超过几次给予一级处罚"), times % {"n": standing.MAX_NOT_REVISED}, "5.4-I.5", standard),
        (_("未修改重复提交超过几次给予一级处罚"), times % {"n": standing.MAX_UNCHANGED_RESUBMISSIONS}, "5.4-I.5", standard),
        (_("三类违规首次警告次数"), times % {"n": standing.MAX_CATEGORY_III_WARNINGS}, "5.4-III", standard),
        (_("连续不按要求修改超过几篇提请二级处罚"), posts % {"n": standing.MAX_CONSECUTIVE_NOT_REVISED}, "5.4-IV.1", standard),
        (_("一级处罚超过几次提请二级处罚"), times % {"n": standing.MAX_LEVEL1_PENALTIES}, "5.4-IV.2", standard),
        (_("抄袭超过几次提请二级处罚"), times % {"n": standing.MAX_PLAGIARISM}, "5.4-IV.3", standard),
        (_("白名单：每周发文不少于"), posts % {"n": standing.WHITELIST_MIN_POSTS_PER_WEEK}, _("第五章1"), standard),
        (_("白名单：连续达标周数"), _("%(n)s周") % {"n": standing.WHITELIST_WEEKS}, _("第五章1"), standard),
        (_("白名单：审核通过率"), f"{standing.WHITELIST_PASS_RATE:.0%}", _("第五章1"), standard),
        (_("资讯发文权限提醒：通过率低于"), f"{standing.NEWS_PASS_RATE_THRESHOLD:.0%}", _("第一章"), standard),
        (_("白名单自动发布抽检比例"), f"{settings.WHITELIST_AUDIT_SAMPLE_RATE:.0%}", "—",
         _("设置 %(name)s") % {"name": "WHITELIST_AUDIT_SAMPLE_RATE"}),
        (_("申诉期限"), days % {"n": settings.APPEAL_WINDOW_DAYS}, "—", _("设置 %(name)s") % {"name": "APPEAL_WINDOW_DAYS"}),
        (_("编辑认领时长"), _("%(n)s分钟") % {"n": settings.CLAIM_LEASE_MINUTES}, "—",
         _("设置 %(name)s") % {"name": "CLAIM_LEASE_MINUTES"}),
    ]
    return render(request, "manage/thresholds.html", {"rows": rows, "shadow_rows": ws.shadow_results()})


@admin_required
@require_GET
def author_list(request):
    """Authors with their counts, each linking to the standing page."""
    authors = list(Author.objects.select_related("user", "whitelist")
                   .annotate(n_posts=Count("posts", distinct=True)).order_by("display_name")[:500])
    selectors.standing_badges(authors)
    return render(request, "manage/author_list.html", {"authors": authors})


AUDIT_PAGE_SIZE = 100
SYSTEM_ACTOR = "系统"


@admin_required
@require_GET
def audit_trail(request):
    """The whole trail of a post or an author, newest first, filterable by actor and verb."""
    form = AuditTrailForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    post = get_object_or_404(Post.objects.select_related("current_revision", "author"), pk=data["post"]) \
        if data.get("post") else None
    author = get_object_or_404(Author.objects.select_related("user"), pk=data["author"]) if data.get("author") else None
    events = trail(post=post, author=author, verb=data.get("verb") or None)
    actor_name = (data.get("actor") or "").strip()
    if actor_name in (SYSTEM_ACTOR, _(SYSTEM_ACTOR)):
        events = events.filter(actor__isnull=True)
    elif actor_name:
        events = events.filter(actor__username=actor_name)
    page = data.get("page") or 1
    rows = list(events.select_related("post__current_revision", "author")[
        (page - 1) * AUDIT_PAGE_SIZE:page * AUDIT_PAGE_SIZE + 1])
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "manage/audit_trail.html", {
        "form": form, "post": post, "author": author, "events": rows[:AUDIT_PAGE_SIZE],
        "names": people_named(rows[:AUDIT_PAGE_SIZE]),
        "has_next": len(rows) > AUDIT_PAGE_SIZE, "page": page, "query": query.urlencode(),
        "system_actor": _(SYSTEM_ACTOR),
    })
