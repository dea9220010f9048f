"""The JSON API for authors' tools: submit a reviewdesk.post/1 document with its images, read a
post's state, findings and decisions, edit or resubmit. Session or token authentication.

Every malformed request gets a 4xx naming the field at fault, never a 500."""
from __future__ import annotations

import functools

from django.http import JsonResponse
from django.utils.translation import get_language, gettext as _
from django.middleware.csrf import CsrfViewMiddleware
from django.views.decorators.csrf import csrf_exempt

from authors.roles import author_of

from .. import lifecycle, selectors
from ..actions import submission
from ..actions.accounts import use_api_token
from ..errors import DeskError, InvalidPost
from ..models import Post
from ..postformat import field_label
from ..wording import refusal, say_text
from .errors import error_response
from .forms import document_and_uploads
from .openapi import openapi_document


def _error(status: int, code: str, message: str, field: str = "") -> JsonResponse:
    """The error in the request's language (``message``, ``label``); ``code`` and ``field`` stay as they are."""
    return error_response(status, code, message, field, label=_label(field) if field else None)


def _label(field: str, blocks: list | None = None) -> str:
    return field_label(field, blocks, lang=get_language() or "")


def _token_user(request):
    header = request.headers.get("Authorization", "")
    if not header.startswith("Token "):
        return None
    return use_api_token(header[6:].strip())


def api_view(methods: tuple[str, ...]):
    """Authenticate (token, else session with CSRF), check the method, turn domain errors into JSON."""

    def wrap(view):
        @csrf_exempt
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method not in methods:
                return _error(405, "method_not_allowed", _("不支持 %(method)s 方法") % {"method": request.method})
            user = _token_user(request)
            if user is None and request.headers.get("Authorization"):
                return _error(401, "unauthenticated", _("令牌无效"))
            if user is None:
                if not request.user.is_authenticated:
                    return _error(401, "unauthenticated", _("请先登录或提供 API 令牌"))
                if request.method == "POST" and CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {}):
                    return _error(403, "csrf", _("CSRF 校验失败"))
                user = request.user
            author = author_of(user)
            if author is None:
                return _error(403, "forbidden", _("只有作者可以使用此接口"))
            request.api_author = author
            try:
                return view(request, *args, **kwargs)
            except InvalidPost as exc:
                return _error(400, exc.code, refusal(exc), exc.field)
            except DeskError as exc:
                return _error(exc.status, exc.code, refusal(exc))

        return wrapper

    return wrap


def post_json(post: Post) -> dict:
    """A post as the API shows it; reads findings and decisions through .all(), so a list from
    selectors.author_posts_with_reviews costs no query per post."""
    revision = post.current_revision
    findings = revision.findings.all() if revision.scored_at else []
    return {
        "id": post.pk,
        "external_id": post.external_id or None,
        "kind": post.kind,
        "state": post.state,
        "state_label": post.state_label,
        "revision": revision.number,
        "title": revision.title,
        "resubmissions_left": lifecycle.resubmissions_left(post.resubmissions_used),
        "scored": bool(revision.scored_at),
        "findings": [{**f.as_engine_dict(), "message": say_text(f.wording, f.message),
                      "label": _label(f.target, revision.blocks)}
                     for f in findings if not f.dismissed_at],
        "decisions": [
            {"outcome": d.outcome, "reasons": d.reasons, "message": say_text(d.wording, d.message),
             "revision": d.revision.number,
             "decided_at": d.created_at.isoformat()}
            for d in post.decisions.all()
        ],
    }


def _json(data, status=200):
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False}, safe=False)


@api_view(("GET", "POST"))
def posts(request):
    if request.method == "GET":
        listed = selectors.author_posts_with_reviews(request.api_author.user)[:100]
        return _json({"posts": [post_json(p) for p in listed]})
    document, uploads = document_and_uploads(request)

    def respond():
        post, created = submission.submit_or_existing(request.api_author, actor=request.api_author.user,
                                                      document=document, uploads=uploads)
        return (201 if created else 200), post_json(post)  # a retry with the same external_id: 200

    return _once(request, document, uploads, respond)


@api_view(("GET",))
def post_detail(request, post_id: int):
    return _json(post_json(_own(request, post_id, posts=selectors.author_posts_with_reviews)))


@api_view(("POST",))
def post_edit(request, post_id: int):
    post = _own(request, post_id)
    document, uploads = document_and_uploads(request)
    return _once(request, document, uploads, lambda: (200, post_json(
        submission.edit_post(post, actor=request.api_author.user, document=document, uploads=uploads))))


@api_view(("POST",))
def post_resubmit(request, post_id: int):
    post = _own(request, post_id)
    document, uploads = document_and_uploads(request)
    return _once(request, document, uploads, lambda: (200, post_json(
        submission.resubmit_post(post, actor=request.api_author.user, document=document, uploads=uploads,
                                 confirm_unchanged=_flag(request, "confirm_unchanged")))))


def _flag(request, name: str) -> bool:
    """A yes/no request option, from the form or the query string (``confirm_unchanged=true``)."""
    return (request.POST.get(name) or request.GET.get(name) or "").lower() in ("1", "true", "yes")


def _once(request, document, uploads, respond):
    """Honour an ``Idempotency-Key`` header: the first answer is kept a day and given again to a retry."""
    key = request.headers.get("Idempotency-Key", "").strip()
    if not key:
        status, body = respond()
    elif len(key) > 255:
        return _error(400, "invalid", "Idempotency-Key 过长（上限255个字符）", "Idempotency-Key")
    else:
        fingerprint = submission.request_fingerprint(request.method, request.path, document, uploads)
        status, body = submission.answer_once(request.api_author, key, fingerprint, respond)
    return _json(body, status=status)


def _own(request, post_id: int, posts=selectors.author_posts) -> Post:
    post = posts(request.api_author.user).filter(pk=post_id).first()
    if post is None:
        raise _NotFound()
    return post


class _NotFound(DeskError):
    code, status = "not_found", 404

    def __init__(self):
        super().__init__(_("文章不存在"))


@csrf_exempt
def openapi(request):
    """The API's OpenAPI description (public: it holds no data)."""
    if request.method not in ("GET", "HEAD"):
        return _error(405, "method_not_allowed", _("不支持 %(method)s 方法") % {"method": request.method})
    return _json(openapi_document())
