"""The editors' desk: the queue, the side-by-side review screen, decisions, the whitelist audit
sample (白名单抽检). Thin views: check who is asking, validate, call one action, render or redirect."""
from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from authors import selectors as standing_selectors
from authors.models import AuditSample
from authors.roles import author_of, editor_required, is_editor

from .. import selectors
from ..actions import review as actions
from ..actions.held import held_consequence
from ..actions.whitelist import mark_audit_passed
from ..errors import AlreadyClaimed, DeskError
from ..wording import refusal
from ..lifecycle import State
from ..models import Finding, MessageTemplate, RevisionImage, state_label
from ..rendering import reader_view
from ..rulebook_view import reason_groups
from .forms import QueueFilterForm


@editor_required
@require_GET
def queue(request):
    form = QueueFilterForm(request.GET)
    filters = form.filters()
    page = form.cleaned_data.get("page") or 1
    after = selectors.QueueCursor.parse(form.cleaned_data.get("after", ""))
    before = None if after else selectors.QueueCursor.parse(form.cleaned_data.get("before", ""))
    if not (after or before) and page > selectors.QUEUE_MAX_TYPED_PAGE:
        messages.warning(request, _("第 %(page)s 页无法直接打开：按页码最多打开到第 %(limit)s 页，更靠后的文章请从这一页点“下一页”"
                                    "继续翻，或用筛选缩小范围。") % {"page": page, "limit": selectors.QUEUE_MAX_TYPED_PAGE})
        page = selectors.QUEUE_MAX_TYPED_PAGE
    posts, has_next = selectors.queue_page(filters, page=page, after=after, before=before)
    counts = selectors.state_counts()
    query = request.GET.copy()
    for key in form.PAGING:
        query.pop(key, None)
    return render(request, "desk/queue.html", {
        "form": form, "posts": posts, "page": page, "has_next": has_next, "query": query.urlencode(),
        "next_cursor": selectors.QueueCursor.of(posts[-1]) if posts else "",
        "previous_cursor": selectors.QueueCursor.of(posts[0]) if posts else "",
        "filtered": bool(filters),
        "counts": [(state_label(s), counts.get(s.value, 0), s.value) for s in State],
    })


@editor_required
@require_POST
def next_post(request):
    post = actions.claim_next_post(actor=request.user)
    if post is None:
        messages.info(request, _("队列里没有待认领的文章了。"))
        return redirect("queue")
    return redirect("review", post.pk)


@editor_required
@require_GET
def review(request, post_id: int):
    """The post read-only; deciding needs a claim, taken by an explicit POST (claim), never by opening."""
    post = selectors.post_for_review(post_id)
    context = selectors.review_context(post)
    live_block = [f for f in context["findings"] if f.severity == "block" and not f.dismissed_at]
    proposed = {f.rule for f in live_block}
    holder = _claim_holder(post)
    held = post.held_decisions.filter(status="held").first()
    return render(request, "desk/review.html", {
        **context,
        "post": post,
        "revision": post.current_revision,
        "reader": reader_view(post.current_revision, context["findings"]),
        "claim_error": _("该文章正由编辑 %(editor)s 审核中。") % {"editor": holder.get_username()}
        if holder and holder != request.user else "",
        "can_claim": post.state == State.IN_QUEUE and holder is None,
        "reason_groups": reason_groups(proposed=proposed),  # issue 11: proposed, never pre-ticked
        "held": held,
        "held_sentence": held_consequence(held).sentence(_) if held else "",
        "live_block": len(live_block),
        "undo_seconds": settings.DECISION_UNDO_SECONDS,
        "templates": MessageTemplate.objects.filter(active=True),
        "can_decide": post.state == State.IN_QUEUE and holder == request.user and held is None,
        "can_take_offline": post.state == State.APPROVED,
    })


def _claim_holder(post):
    """The editor whose lease on the post is still running, or None."""
    if post.claimed_by_id and post.claim_expires_at and post.claim_expires_at > timezone.now():
        return post.claimed_by
    return None


@editor_required
@require_POST
def claim(request, post_id: int):
    post = selectors.post_for_review(post_id)
    try:
        actions.claim_post(post, actor=request.user)
    except AlreadyClaimed:
        pass  # the review page names the editor who holds it
    except DeskError as exc:
        messages.error(request, refusal(exc))
    return redirect("review", post.pk)


@editor_required
@require_POST
def dismiss_finding(request, finding_id: int):
    finding = get_object_or_404(Finding.objects.select_related("revision"), pk=finding_id)
    finding = actions.dismiss_finding(finding, actor=request.user, dismissed=request.POST.get("undo") != "1")
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse({"id": finding.pk, "dismissed": bool(finding.dismissed_at)})
    return redirect("review", finding.revision.post_id)


@editor_required
@require_POST
def release(request, post_id: int):
    post = selectors.post_for_review(post_id)
    actions.release_claim(post, actor=request.user)
    return redirect("queue")


@require_GET
def image(request, image_id: int):
    """Uploaded images are served only to editors and to the post's own author."""
    if not request.user.is_authenticated:
        raise Http404
    img = get_object_or_404(RevisionImage.objects.select_related("revision__post__author"), pk=image_id)
    author = author_of(request.user)
    post = img.revision.post
    own = author is not None and post.author_id == author.pk
    if not own and not (is_editor(request.user) and post.state != State.DRAFT):
        raise Http404  # editors see submitted posts only, never an author's draft
    response = FileResponse(img.file.open("rb"))
    response["Cache-Control"] = "private, max-age=3600"
    response["Content-Disposition"] = "inline"
    return response


# ---- the whitelist audit (白名单抽检) ---------------------------------------------------------------

@editor_required
@require_GET
def audit_queue(request):
    return render(request, "desk/audit_queue.html", {"samples": list(standing_selectors.audit_queue()[:200])})


@editor_required
@require_POST
def audit_pass(request, sample_id: int):
    sample = get_object_or_404(AuditSample, pk=sample_id)
    try:
        mark_audit_passed(sample, actor=request.user)
    except DeskError as exc:
        messages.error(request, refusal(exc))
    else:
        messages.success(request, _("已标记抽检无问题：#%(post)s") % {"post": sample.post_id})
    return redirect("audit_queue")


def forbidden(request, exception=None):
    message = str(exception) if isinstance(exception, PermissionDenied) and str(exception) else ""  # 403.html says it
    return render(request, "403.html", {"message": message}, status=403)
