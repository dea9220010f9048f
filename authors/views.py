"""The author's portal: my posts, the post editor with self-check, feedback, edit or resubmit."""
from __future__ import annotations

import json

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from authors import standing
from authors.roles import author_of, author_required
from authors.selectors import standing_page, submissions
from moderation import lifecycle, selectors, services
from moderation.errors import DeskError, InvalidPost
from moderation.lifecycle import State
from moderation.postformat import parse_json
from moderation.rendering import document_view, reader_view
from moderation.scoring import self_check

EMPTY_DOCUMENT = {"kind": "review", "title": "", "cover": "", "tags": [], "blocks": [{"type": "paragraph", "text": ""}]}


@author_required
@require_GET
def my_posts(request):
    """The author's home: every post with its state, pass rates, bans, warnings, whitelist progress
    and the latest decisions."""
    author = author_of(request.user)
    page = standing_page(author)
    records = submissions(author)
    return render(request, "authors/my_posts.html", {
        **page,
        "posts": selectors.author_posts(request.user),
        "pass_rate_week": standing.pass_rate(records, since=standing.week_bounds(standing.week_start(page["now"]))[0]),
        "recent_decisions": [d for d in page["decisions"] if d.outcome != "auto_publish"][:5],
    })


def _editor_page(request, post, document, error=None, status=200):
    revision = post.current_revision if post else None
    image_urls = {img.ref: reverse("image", args=[img.pk]) for img in revision.images.all()} if revision else {}
    checklist = []
    if post and post.state == State.RETURNED:
        last = selectors.decisions_for(post)[0]
        checklist = [f for f in selectors.review_findings(last.revision) if not f.dismissed_at]
    return render(request, "authors/post_form.html", {
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
        return services.submit_post(author=author, document=document, uploads=uploads, actor=request.user,
                                    draft=action == "draft")
    if post.state == State.RETURNED:
        return services.resubmit_post(post, document=document, uploads=uploads, actor=request.user)
    return services.edit_post(post, document=document, uploads=uploads, actor=request.user, submit=action != "draft")


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
        return render(request, "authors/_selfcheck.html", {"error": exc})
    urls = {}
    if post:
        urls = {img.ref: (reverse("image", args=[img.pk]), (img.width, img.height))
                for img in post.current_revision.images.all()}
    return render(request, "authors/_selfcheck.html", {
        "findings": findings,
        "findings_by_severity": [(s, [f for f in findings if f.severity == s]) for s in ("block", "warn", "info")],
        "reader": document_view(document, urls, findings),
    })


@author_required
@require_GET
def post_detail(request, post_id: int):
    post = selectors.author_post(request.user, post_id)
    decisions = selectors.decisions_for(post)
    last = decisions[0] if decisions else None
    findings = []
    if last and last.outcome not in ("approve", "auto_publish"):
        findings = [f for f in selectors.review_findings(last.revision) if not f.dismissed_at]
    shown = last.revision if last and post.state in (State.RETURNED, State.REJECTED, State.OFFLINE) else post.current_revision
    return render(request, "authors/post_detail.html", {
        "post": post,
        "revision": shown,
        "reader": reader_view(shown, findings),
        "findings": findings,
        "findings_by_severity": [(s, [f for f in findings if f.severity == s]) for s in ("block", "warn", "info")],
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
    from authors.models import ApiToken

    new_key = None
    if request.method == "POST":
        if "revoke" in request.POST:
            revoke = request.POST["revoke"]
            ApiToken.objects.filter(user=request.user, pk=int(revoke) if revoke.isdigit() else None).delete()
            messages.success(request, "令牌已撤销。")
            return redirect("api_tokens")
        name = (request.POST.get("name") or "").strip()[:64] or "default"
        new_key = ApiToken.issue(request.user, name=name)
    return render(request, "authors/api_tokens.html", {
        "tokens": ApiToken.objects.filter(user=request.user).order_by("-created_at"), "new_key": new_key,
    })
