"""The author's portal: my posts, write a post, read the feedback, edit or resubmit."""
from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from authors.roles import author_of, author_required
from moderation import lifecycle, selectors, services
from moderation.errors import DeskError
from moderation.forms import PostForm, markup_from_blocks
from moderation.lifecycle import State
from moderation.rendering import reader_view


@author_required
@require_GET
def my_posts(request):
    return render(request, "authors/my_posts.html", {"posts": selectors.author_posts(request.user)})


@author_required
@require_http_methods(["GET", "POST"])
def new_post(request):
    form = PostForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        document, uploads = form.to_document(request.FILES)
        try:
            post = services.submit_post(
                author=author_of(request.user), document=document, uploads=uploads, actor=request.user,
                draft="save_draft" in request.POST,
            )
        except DeskError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "已保存草稿。" if post.state == State.DRAFT else "已提交，机器预审后进入编辑审核队列。")
            return redirect("author_post", post.pk)
    return render(request, "authors/post_form.html", {"form": form, "post": None})


@author_required
@require_GET
def post_detail(request, post_id: int):
    post = selectors.author_post(request.user, post_id)
    revision = post.current_revision
    decisions = selectors.decisions_for(post)
    # The author sees the findings the editor confirmed on the revision that was decided.
    last = decisions[0] if decisions else None
    findings = []
    if last and last.outcome != "approve":
        findings = [f for f in selectors.review_findings(last.revision) if not f.dismissed_at]
    shown = last.revision if last and post.state in (State.RETURNED, State.REJECTED, State.OFFLINE) else revision
    return render(request, "authors/post_detail.html", {
        "post": post,
        "revision": shown,
        "reader": reader_view(shown, findings),
        "findings": findings,
        "decisions": decisions,
        "resubmissions_left": lifecycle.resubmissions_left(post.resubmissions_used),
        "can_edit": post.state in lifecycle.EDITABLE_STATES,
        "can_resubmit": post.state == State.RETURNED and post.resubmissions_used < lifecycle.MAX_RESUBMISSIONS,
        "events": post.events.select_related("actor").all(),
    })


@author_required
@require_http_methods(["GET", "POST"])
def edit_post(request, post_id: int):
    post = selectors.author_post(request.user, post_id)
    previous = post.current_revision
    if post.state not in lifecycle.EDITABLE_STATES and post.state != State.RETURNED:
        messages.error(request, lifecycle._WHY_NOT_ZH.get(State(post.state), "当前状态不能修改。"))
        return redirect("author_post", post.pk)
    initial = {
        "kind": post.kind, "title": previous.title, "tags": "，".join(previous.tags),
        "body": markup_from_blocks(previous.blocks),
    }
    form = PostForm(request.POST or None, request.FILES or None, initial=initial, require_cover=False)
    if request.method == "POST" and form.is_valid():
        document, uploads = form.to_document(request.FILES, previous=previous.document)
        kept = {img.ref: img.file.open("rb").read() for img in previous.images.all()}
        uploads = {**kept, **uploads}
        try:
            if post.state == State.RETURNED:
                services.resubmit_post(post, document=document, uploads=uploads, actor=request.user)
                messages.success(request, "已重新提交。")
            else:
                services.edit_post(post, document=document, uploads=uploads, actor=request.user,
                                   submit="save_draft" not in request.POST)
                messages.success(request, "已保存修改。")
        except DeskError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("author_post", post.pk)
    return render(request, "authors/post_form.html", {"form": form, "post": post})
