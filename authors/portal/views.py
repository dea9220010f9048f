"""The authors' portal: sign-up, my posts, the post editor with self-check, feedback, edit or
resubmit, appeals, API tokens. Thin views: who is asking → form → one action → message and redirect."""
from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from authors import records, standing
from authors import selectors as standing_selectors
from authors.models import Appeal, ApiToken, Penalty
from authors.roles import author_of, author_required
from moderation import lifecycle, selectors
from moderation.actions import accounts, appeals, submission
from moderation.errors import DeskError, InvalidPost
from moderation.lifecycle import Outcome, State
from moderation.models import Decision
from moderation.postformat import parse_json
from moderation.rendering import document_view, reader_view
from moderation.scoring import self_check

from .forms import AppealForm, RegistrationForm

EMPTY_DOCUMENT = {"kind": "review", "title": "", "cover": "", "tags": [], "blocks": [{"type": "paragraph", "text": ""}]}


@author_required
@require_GET
def my_posts(request):
    """The author's home: every post with its state, pass rates, bans, warnings, whitelist progress
    and the latest decisions."""
    author = author_of(request.user)
    page = standing_selectors.standing_page(author)
    history = records.submissions(author)
    return render(request, "portal/my_posts.html", {
        **page,
        "posts": selectors.author_posts(request.user),
        "pass_rate_week": standing.pass_rate(history, since=standing.week_bounds(standing.week_start(page["now"]))[0]),
        "recent_decisions": [d for d in page["decisions"] if d.outcome != Outcome.AUTO_PUBLISH][:5],
    })


def _editor_page(request, post, document, error=None, status=200):
    revision = post.current_revision if post else None
    image_urls = {img.ref: reverse("image", args=[img.pk]) for img in revision.images.all()} if revision else {}
    checklist = []
    if post and post.state == State.RETURNED:
        last = selectors.decisions_for(post)[0]
        checklist = [f for f in selectors.review_findings(last.revision) if not f.dismissed_at]
    return render(request, "portal/post_form.html", {
        "post": post, "document": document, "image_urls": image_urls, "error": error,
        "kinds": [("review", "评测"), ("guide", "导购"), ("video", "视频"), ("news", "资讯")],
        "checklist": checklist,
        "resubmissions_left": lifecycle.resubmissions_left(post.resubmissions_used) if post else None,
    }, status=status)


def _posted_document(request, post):
    """The editor's document and its images: new uploads (file:<path>) plus the previous version's."""
    document = parse_json(request.POST.get("document") or "{}")
    uploads = {}
    if post:
        for img in post.current_revision.images.all():
            with img.file.open("rb") as fh:
                uploads[img.ref] = fh.read()
    for name, f in request.FILES.items():
        if name.startswith("file:"):
            uploads[name[5:]] = f.read()
    return document, uploads


def _save(request, post):
    action = request.POST.get("action", "submit")
    document, uploads = _posted_document(request, post)
    author = author_of(request.user)
    if post is None:
        return submission.submit_post(author, actor=request.user, document=document, uploads=uploads,
                                      draft=action == "draft")
    if post.state == State.RETURNED:
        return submission.resubmit_post(post, actor=request.user, document=document, uploads=uploads)
    return submission.edit_post(post, actor=request.user, document=document, uploads=uploads, submit=action != "draft")


@author_required
@require_http_methods(["GET", "POST"])
def new_post(request):
    return _editor(request, None)


@author_required
@require_http_methods(["GET", "POST"])
def edit_post(request, post_id: int):
    post = selectors.author_post(request.user, post_id)
    if post.state not in lifecycle.EDITABLE_STATES and post.state != State.RETURNED:
        messages.error(request, lifecycle.why_not_editable(post.state))
        return redirect("author_post", post.pk)
    return _editor(request, post)


def _editor(request, post):
    if request.method == "GET":
        return _editor_page(request, post, post.current_revision.document if post else EMPTY_DOCUMENT)
    try:
        saved = _save(request, post)
    except DeskError as exc:
        try:
            document = parse_json(request.POST.get("document") or "{}")
        except InvalidPost:
            document = EMPTY_DOCUMENT
        return _editor_page(request, post, document, error=exc, status=400 if isinstance(exc, InvalidPost) else 409)
    messages.success(request, {
        State.DRAFT: "草稿已保存。", State.SUBMITTED: "已提交，机器预审后进入编辑审核队列。",
    }.get(saved.state, "已保存。"))
    return redirect("author_post", saved.pk)


@author_required
@require_POST
def self_check_view(request):
    """Run the checks on the unsaved editor content and return the findings as an HTML fragment."""
    post_id = request.POST.get("post")
    post = selectors.author_post(request.user, int(post_id)) if post_id and post_id.isdigit() else None
    try:
        document, uploads = _posted_document(request, post)
        document, findings = self_check(author_of(request.user), document, post_id=post.pk if post else None)
    except DeskError as exc:
        return render(request, "portal/_selfcheck.html", {"error": exc})
    urls = {}
    if post:
        urls = {img.ref: (reverse("image", args=[img.pk]), (img.width, img.height))
                for img in post.current_revision.images.all()}
    return render(request, "portal/_selfcheck.html", {
        "findings": findings,
        "findings_by_severity": selectors.by_severity(findings),
        "reader": document_view(document, urls, findings),
    })


@author_required
@require_GET
def post_detail(request, post_id: int):
    post = selectors.author_post(request.user, post_id)
    decisions = selectors.decisions_for(post)
    last = decisions[0] if decisions else None
    findings = []
    if last and last.outcome in lifecycle.VIOLATION_OUTCOMES:
        findings = [f for f in selectors.review_findings(last.revision) if not f.dismissed_at]
    shown = last.revision if last and post.state in (State.RETURNED, State.REJECTED, State.OFFLINE) else post.current_revision
    return render(request, "portal/post_detail.html", {
        "post": post,
        "revision": shown,
        "reader": reader_view(shown, findings),
        "findings": findings,
        "findings_by_severity": selectors.by_severity(findings),
        "decisions": decisions,
        "reasons": selectors.explained_reasons(last) if last else [],
        "resubmissions_left": lifecycle.resubmissions_left(post.resubmissions_used),
        "can_edit": post.state in lifecycle.EDITABLE_STATES,
        "can_resubmit": post.state == State.RETURNED and post.resubmissions_used < lifecycle.MAX_RESUBMISSIONS,
        "events": post.events.select_related("actor").all(),
    })


@author_required
@require_http_methods(["GET", "POST"])
def api_tokens(request):
    """Tokens for the author's own tools: create one (its key is shown once) or revoke one."""
    new_key = None
    if request.method == "POST":
        if "revoke" in request.POST:
            revoke = request.POST["revoke"]
            if revoke.isdigit():
                accounts.revoke_api_token(request.user, actor=request.user, token_id=int(revoke))
            messages.success(request, "令牌已撤销。")
            return redirect("api_tokens")
        new_key = accounts.issue_api_token(request.user, actor=request.user, name=request.POST.get("name") or "")
    return render(request, "portal/api_tokens.html", {
        "tokens": ApiToken.objects.filter(user=request.user).order_by("-created_at"), "new_key": new_key,
    })


# ---- sign-up ----------------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
def register(request):
    if request.user.is_authenticated:
        return redirect("home")
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "password2"}
        try:
            author = accounts.register_author(**data)
        except DeskError as exc:
            form.add_error(None, exc.message)
        else:
            login(request, author.user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, "注册成功，欢迎加入！")
            return redirect("my_posts")
    return render(request, "portal/register.html", {"form": form})


# ---- the author's appeals ---------------------------------------------------------------------

def _appeal_target(request):
    """The decision or penalty named in the query, among the author's own (404 otherwise)."""
    author = author_of(request.user)
    source = request.POST if request.method == "POST" else request.GET
    decision_id, penalty_id = source.get("decision", ""), source.get("penalty", "")
    if decision_id.isdigit():
        decision = get_object_or_404(Decision.objects.select_related("post__current_revision"),
                                     pk=decision_id, post__author=author)
        decision.reason_views = standing_selectors.reason_views(decision.reasons)
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
            appeals.file_appeal(author_of(request.user), actor=request.user, text=form.cleaned_data["text"], **target)
        except DeskError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "申诉已提交，管理员处理后会在“我的申诉”中告诉你结果。")
            return redirect("my_appeals")
    return render(request, "portal/appeal_form.html", {
        "form": form, **target, "window_days": settings.APPEAL_WINDOW_DAYS,
    }, status=400 if form.errors else 200)


@author_required
@require_GET
def my_appeals(request):
    author = author_of(request.user)
    decisions, penalties = standing_selectors.appealable(author, window_days=settings.APPEAL_WINDOW_DAYS)
    for d in decisions:
        d.reason_views = standing_selectors.reason_views(d.reasons)
    return render(request, "portal/appeals.html", {
        "appeals": Appeal.objects.filter(author=author).select_related("decision__post__current_revision", "penalty"),
        "decisions": decisions, "penalties": penalties, "window_days": settings.APPEAL_WINDOW_DAYS,
    })
