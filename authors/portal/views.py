"""The authors' portal: sign-up, my posts, the post editor with self-check, feedback, edit or
resubmit, appeals, API tokens. Thin views: who is asking → form → one action → message and redirect."""
from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.translation import check_for_language, get_language, gettext as _
from django.views import i18n as i18n_views
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from authors import records, standing
from authors import selectors as standing_selectors
from authors.models import Appeal, ApiToken, Penalty
from authors.roles import author_of, author_required
from moderation import lifecycle, selectors
from moderation.actions import accounts, appeals, kept_images as staging, submission
from moderation.errors import DeskError, InvalidPost
from moderation.wording import refusal, say_message
from moderation.ids import parse_id
from moderation.lifecycle import Outcome, State
from moderation.audit import Verb
from moderation.models import Decision, state_label
from moderation.checks.uploads import ALLOWED_FORMATS, MAX_BYTES
from moderation.postformat import field_label, parse_json
from moderation.rendering import document_view, reader_view
from moderation.excerpt import first_chars, text_length
from moderation.scoring import self_check
from reviewdesk.uploads import refuse_oversized

from .forms import AppealForm, ClosedAccountAppealForm, RegistrationForm

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


def active_bans(author) -> list[Penalty]:
    """The author's bans in force now, with what the banner needs (reason, clause, end, appeal)."""
    now = timezone.now()
    return [p for p in Penalty.objects.filter(author=author, overturned_at__isnull=True) if p.is_active(now)]


def editor_checklist(post) -> list[dict]:
    """What the editor asked to change on a returned post: each reason the editor gave, with the
    passages of the returned version that it points at (in plain places). Machine findings the
    editor did not give as a reason are not the author's to-do list."""
    last = selectors.decisions_for(post)[0]
    findings = [f for f in selectors.review_findings(last.revision) if not f.dismissed_at]
    blocks = last.revision.blocks
    return [{
        "reason": reason,
        "passages": [{"place": field_label(f.target, blocks, request_language()), "excerpt": f.excerpt,
                      "target": f.target} for f in findings if f.rule == reason.id],
    } for reason in selectors.explained_reasons(last)]


def request_language() -> str:
    return get_language() or "zh-hans"


def _editor_strings() -> dict:
    """The editor script's words and the server's upload limits, in the page's language."""
    limit_mb = MAX_BYTES // (1024 * 1024)
    return {
        "max_bytes": MAX_BYTES,
        "formats": [f.lower() for f in ALLOWED_FORMATS],
        "too_large": _("图片「{name}」文件过大：{size}（上限 %(limit)s MB），请压缩后重新上传") % {"limit": limit_mb},
        "bad_format": _("图片「{name}」不是图片文件，仅支持 JPEG、PNG、WEBP、GIF 格式"),
        "labels": {"paragraph": _("段落"), "heading": _("小标题"), "quote": _("引用"), "image": _("图片"),
                   "video": _("视频"), "product": _("商品卡片")},
        "up": _("上移"), "down": _("下移"), "remove": _("删除"), "source": _("出处"), "caption": _("图注"),
        "video_src": _("视频地址"), "duration": _("时长（秒）"), "small": _("小图模式"), "large": _("大图模式"),
        "name": _("商品名称"), "brand": _("品牌"), "category": _("品类"), "price": _("价格（元）"),
        "display": _("展示"), "on_shelf": _("在售"), "product_image": _("商品图"), "image_file": _("选择图片文件"),
        "checking": _("正在自检…"), "check_failed": _("自检失败，请稍后再试。"),
        "kept": _("已保留，无需重新上传"),
    }


def _editor_page(request, post, document, error=None, status=200, staged=None):
    revision = post.current_revision if post else None
    image_urls = {img.ref: reverse("image", args=[img.pk]) for img in revision.images.all()} if revision else {}
    staged = staged or {}
    image_urls.update({ref: reverse("staged_image", args=[key]) for ref, key in staged.items()})
    author = author_of(request.user)
    bans = active_bans(author)
    return render(request, "portal/post_form.html", {
        "post": post, "document": document, "image_urls": image_urls, "staged": staged, "error": error,
        "error_place": field_label(error.details.get("field", ""), document.get("blocks"), request_language())
        if error is not None and error.details.get("field") else "",
        "kinds": [("review", _("评测")), ("guide", _("导购")), ("video", _("视频")), ("news", _("资讯"))],
        "checklist": editor_checklist(post) if post and post.state == State.RETURNED else [],
        "bans": bans,
        "resubmissions_left": lifecycle.resubmissions_left(post.resubmissions_used) if post and not bans else None,
        "editor_strings": _editor_strings(),
    }, status=status)


TEXT_BLOCKS = ("paragraph", "heading", "quote")


def _posted_document(request, post):
    """The editor's document and its images: new uploads (file:<path>), images kept from a failed
    submit (staged:<path> = key) and the previous version's. Empty text blocks (the starter
    paragraph left blank) are dropped, not refused."""
    document = parse_json(request.POST.get("document") or "{}", request_language())
    if isinstance(document.get("blocks"), list):
        document["blocks"] = [b for b in document["blocks"] if not (
            isinstance(b, dict) and b.get("type") in TEXT_BLOCKS and isinstance(b.get("text"), str)
            and not b["text"].strip() and not b.get("source"))]
    uploads = {}
    if post:
        for img in post.current_revision.images.all():
            with img.file.open("rb") as fh:
                uploads[img.ref] = fh.read()
    for name, key in request.POST.items():
        if name.startswith("staged:"):
            data = staging.load(request.user, key)
            if data is not None:
                uploads[name[7:]] = data
    for name, f in request.FILES.items():
        if name.startswith("file:"):
            uploads[name[5:]] = f.read()
    return document, uploads


def _save(request, post, document, uploads):
    action = request.POST.get("action", "submit")
    author = author_of(request.user)
    if post is None:
        return submission.submit_post(author, actor=request.user, document=document, uploads=uploads,
                                      draft=action == "draft")
    if post.state == State.RETURNED:
        return submission.resubmit_post(post, actor=request.user, document=document, uploads=uploads,
                                        confirm_unchanged=request.POST.get("confirm_unchanged") == "1")
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
        messages.error(request, say_message(lifecycle.why_not_editable(post.state)))
        return redirect("author_post", post.pk)
    return _editor(request, post)


def _editor(request, post):
    if request.method == "GET":
        return _editor_page(request, post, post.current_revision.document if post else EMPTY_DOCUMENT)
    document, uploads = EMPTY_DOCUMENT, {}
    try:
        document, uploads = _posted_document(request, post)
        refuse_oversized(request)
        saved = _save(request, post, document, uploads)
    except DeskError as exc:
        return _refused(request, post, document, uploads, exc)
    # Stored with the post now: the copies kept from the failed submit are not needed any more.
    staging.discard(request.user, [key for name, key in request.POST.items() if name.startswith("staged:")])
    messages.success(request, {
        State.DRAFT: _("草稿已保存。"), State.SUBMITTED: _("已提交，机器预审后进入编辑审核队列。"),
    }.get(saved.state, _("已保存。")))
    return redirect("author_post", saved.pk)


def _refused(request, post, document, uploads, exc):
    """A failed save loses nothing: the text comes back as typed, every acceptable new image is kept
    (shown again, sent as a key next time); only a refused image's slot is emptied."""
    stored = {img.ref for img in post.current_revision.images.all()} if post else set()
    kept, refused = staging.keep(request.user, {r: d for r, d in uploads.items() if r not in stored})
    if refused:
        document = _without_refs(document, set(refused))
    return _editor_page(request, post, document, error=exc, staged=kept,
                        status=400 if isinstance(exc, InvalidPost) else 409)


def _without_refs(document: dict, refs: set[str]) -> dict:
    document = dict(document)
    if document.get("cover") in refs:
        document["cover"] = ""
    document["blocks"] = [{k: ("" if k in ("src", "image") and v in refs else v) for k, v in b.items()}
                          if isinstance(b, dict) else b for b in document.get("blocks") or []]
    return document


@author_required
@require_GET
def staged_image(request, key: str):
    """An image kept from a failed submit, shown only to the author who uploaded it."""
    data = staging.load(request.user, key)
    if data is None:
        raise Http404
    response = FileResponse(iter([data]), content_type="application/octet-stream")
    response["Content-Type"] = _sniff(data)
    response["Cache-Control"] = "private, max-age=3600"
    return response


def _sniff(data: bytes) -> str:
    for magic, kind in ((b"\xff\xd8", "image/jpeg"), (b"\x89PNG", "image/png"), (b"GIF8", "image/gif"),
                        (b"RIFF", "image/webp")):
        if data.startswith(magic):
            return kind
    return "application/octet-stream"


@author_required
@require_POST
def self_check_view(request):
    """Run the checks on the unsaved editor content and return the findings as an HTML fragment."""
    post_id = parse_id(request.POST.get("post"))
    post = selectors.author_post(request.user, post_id) if post_id is not None else None
    try:
        document, uploads = _posted_document(request, post)
        total, limit = text_length(document), settings.SELFCHECK_MAX_CHARS  # long drafts: checked in part
        document, findings = self_check(author_of(request.user), first_chars(document, limit),
                                        post_id=post.pk if post else None)
    except DeskError as exc:
        return render(request, "portal/_selfcheck.html", {"error": exc})
    urls = {}
    if post:
        urls = {img.ref: (reverse("image", args=[img.pk]), (img.width, img.height))
                for img in post.current_revision.images.all()}
    return render(request, "portal/_selfcheck.html", {
        "findings": findings,
        "checked_chars": limit if total > limit else None, "total_chars": total,
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
    bans = active_bans(post.author)
    return render(request, "portal/post_detail.html", {
        "bans": bans,
        "post": post,
        "revision": shown,
        "reader": reader_view(shown, findings),
        "findings": findings,
        "findings_by_severity": selectors.by_severity(findings),
        "decisions": decisions,
        "reasons": selectors.explained_reasons(last) if last else [],
        "resubmissions_left": lifecycle.resubmissions_left(post.resubmissions_used),
        "can_edit": post.state in lifecycle.EDITABLE_STATES,
        "can_resubmit": (post.state == State.RETURNED and post.resubmissions_used < lifecycle.MAX_RESUBMISSIONS
                         and not bans),
        "events": _readable(post.events.select_related("actor").all()),
    })


def _readable(events):
    """Lifecycle events with their words (创建, 审核通过 → 已通过), never the raw verb or state value."""
    events = list(events)
    for e in events:
        e.label = Verb(e.event).label if e.event in Verb.values else e.event
        e.to_label = state_label(e.to_state) if e.to_state in {s.value for s in State} else ""
    return events


@author_required
@require_http_methods(["GET", "POST"])
def api_tokens(request):
    """Tokens for the author's own tools: create one (its key is shown once) or revoke one."""
    new_key = None
    if request.method == "POST":
        if "revoke" in request.POST:
            revoke = parse_id(request.POST["revoke"])
            if revoke is None or not accounts.revoke_api_token(request.user, actor=request.user, token_id=revoke):
                raise Http404("令牌不存在")  # another author's token, or none: nothing happened
            messages.success(request, _("令牌已撤销。"))
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
            author = accounts.register_author(**data, language=request_language())
        except DeskError as exc:
            form.add_error(None, refusal(exc))
        else:
            login(request, author.user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("注册成功，欢迎加入！"))
            return redirect("my_posts")
    return render(request, "portal/register.html", {"form": form})


@require_POST
def set_language(request):
    """The language menu (Django's set_language); an author's choice is also stored, so that their
    notices (inbox and e-mail) are written in it."""
    response = i18n_views.set_language(request)
    author = author_of(request.user)
    if author is not None and check_for_language(request.POST.get("language", "")):
        accounts.set_author_language(author, actor=request.user, language=request.POST["language"])
    return response


# ---- the author's appeals ---------------------------------------------------------------------

def _appeal_target(request):
    """The decision or penalty named in the query, among the author's own (404 otherwise)."""
    author = author_of(request.user)
    source = request.POST if request.method == "POST" else request.GET
    decision_id, penalty_id = parse_id(source.get("decision")), parse_id(source.get("penalty"))
    if decision_id is not None:
        decision = get_object_or_404(Decision.objects.select_related("post__current_revision"),
                                     pk=decision_id, post__author=author)
        decision.reason_views = standing_selectors.reason_views(decision.reasons)
        return {"decision": decision}
    if penalty_id is not None:
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
            form.add_error(None, refusal(exc))
        else:
            messages.success(request, _("申诉已提交，管理员处理后会在“我的申诉”中告诉你结果。"))
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


# ---- closed accounts: told so at login, and an appeal without logging in -----------------------

class LoginView(auth_views.LoginView):
    """Django's login, except that a person whose account a Level 2 penalty closed, and who gave the
    right password, learns that the account is closed, why, and how to appeal (not "wrong password").
    A wrong password says nothing about the account."""

    redirect_authenticated_user = True

    def form_invalid(self, form):
        user = get_user_model().objects.filter(
            username=form.data.get("username", ""), is_active=False).select_related("author").first()
        author = getattr(user, "author", None) if user else None
        if author is not None and user.check_password(form.data.get("password", "")):
            return render(self.request, "portal/account_closed.html", {
                "penalty": appeals.closing_penalty(author), "window_days": settings.APPEAL_WINDOW_DAYS,
            }, status=403)
        return super().form_invalid(form)


@require_http_methods(["GET", "POST"])
def closed_account_appeal(request):
    form = ClosedAccountAppealForm(request.POST or None)
    filed = None
    if request.method == "POST" and form.is_valid():
        try:
            filed = appeals.file_closed_account_appeal(**form.cleaned_data)
        except DeskError as exc:
            form.add_error(None, refusal(exc))
    return render(request, "portal/closed_appeal.html", {
        "form": form, "filed": filed, "window_days": settings.APPEAL_WINDOW_DAYS,
    }, status=400 if form.errors else 200)
