"""Every answer under /api/ is JSON, in the user's language: the API's own errors (CSRF failures are
checked by the API's views themselves), and those raised before or around its views — an unknown URL,
a wrong method, a body too large, a rate limit, Django's own 400 and 500 pages — all as
``{"error": {"code", "message", "field"}}``."""
from __future__ import annotations

from django.http import JsonResponse
from django.utils.translation import gettext_lazy

API_PREFIX = "/api/"
KEPT_HEADERS = ("Allow", "Retry-After")

# The message for an answer that reached us as an HTML page, by status.
GENERIC = {
    400: ("bad_request", gettext_lazy("请求格式有误。")),
    401: ("unauthenticated", gettext_lazy("请先登录或提供 API 令牌。")),
    403: ("forbidden", gettext_lazy("没有权限执行此操作。")),
    404: ("not_found", gettext_lazy("接口或资源不存在。")),
    405: ("method_not_allowed", gettext_lazy("不支持此请求方法。")),
    413: ("request_too_large", gettext_lazy("上传内容过大。")),
    429: ("rate_limited", gettext_lazy("请求过于频繁，请稍后重试。")),
    500: ("server_error", gettext_lazy("服务器出错了，请稍后重试。")),
}


def error_response(status: int, code: str, message: str, field: str | None = None, *,
                   label: str | None = None) -> JsonResponse:
    """The API's error shape; ``field`` is null when no one field is at fault (``label``: the field in words)."""
    body = {"code": code, "message": str(message), "field": field or None}
    if label:
        body["label"] = label
    return JsonResponse({"error": body}, status=status, json_dumps_params={"ensure_ascii": False})


def is_api(request) -> bool:
    return request.path.startswith(API_PREFIX)


class ApiErrorsAsJson:
    """Rewrites any non-JSON error answer under /api/ into the API's error shape (headers that tell the
    client what to do next — Allow, Retry-After — are kept)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not is_api(request) or response.status_code < 400 or response.get("Content-Type", "").startswith(
                "application/json"):
            return response
        status = response.status_code
        code, message = GENERIC.get(status, GENERIC[500 if status >= 500 else 400])
        rewritten = error_response(status, code, message)
        for header in KEPT_HEADERS:
            if header in response:
                rewritten[header] = response[header]
        return rewritten
