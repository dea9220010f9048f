"""Rate limits by URL name, on the shared Redis, with the maintained `limits` package.

`limits` gives the moving-window counters and their Redis storage; this module only maps requests to
a scope and an identity and answers 429 in the caller's shape (JSON for the API, a fragment for the
editor's fetch, a page otherwise). Views stay unaware of it: the URL names it keys on are stable.
"""
import hashlib
import logging

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.html import escape
from django.utils.translation import gettext as _
from limits import parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

log = logging.getLogger(__name__)

# url name -> (scope for every method, extra scope for writes); a write counts against both.
SCOPES = {
    "register": (None, "register"),
    "closed_account_appeal": (None, "register"),  # proof by phone/e-mail: few tries per address
    "self_check": (None, "selfcheck"),
}
API_PREFIX = "api_"

_limiter = None


def _get_limiter():
    global _limiter
    if _limiter is None:
        url = getattr(settings, "RATE_LIMIT_REDIS_URL", None) or settings.REDIS_URL
        sep = "&" if "?" in url else "?"
        storage = storage_from_string(f"{url}{sep}socket_connect_timeout=1&socket_timeout=1")
        _limiter = MovingWindowRateLimiter(storage)
    return _limiter


def scopes_for(request) -> list[str]:
    match = request.resolver_match
    name = match.url_name if match else None
    if not name:
        return []
    write = request.method not in ("GET", "HEAD", "OPTIONS")
    if name.startswith(API_PREFIX):
        return ["api", "api_write"] if write else ["api"]
    every, on_write = SCOPES.get(name, (None, None))
    return [s for s in (every, on_write if write else None) if s]


def identity_of(request) -> str:
    """The signed-in user, else the API token (hashed), else the client address."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    auth = request.headers.get("Authorization", "")
    if auth:
        return "token:" + hashlib.sha256(auth.encode("utf-8", "replace")).hexdigest()[:24]
    return f"ip:{get_client_ip_address(request) or 'unknown'}"


def exceeded(scope: str, identity: str):
    """The limit `scope` is over for `identity`, or None. Fails open when Redis does not answer."""
    item = parse(settings.RATE_LIMITS[scope])
    try:
        if _get_limiter().hit(item, "reviewdesk", scope, identity):
            return None
    except Exception:  # noqa: BLE001 — a Redis outage must not refuse authors' work
        log.warning("rate limit storage unavailable; letting %s through", scope, exc_info=True)
        return None
    return item


class RateLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        identity = None
        for scope in scopes_for(request):
            identity = identity or identity_of(request)
            item = exceeded(scope, identity)
            if item is not None:
                return self.refuse(request, item)
        return None

    @staticmethod
    def refuse(request, item):
        seconds = item.get_expiry()
        message = _("操作太频繁：每%(period)s最多 %(amount)s 次。请 %(seconds)s 秒后再试，已填写的内容不会丢失。") % {
            "period": _period_name(item), "amount": item.amount, "seconds": seconds,
        }
        if request.path.startswith("/api/"):
            body = {"error": {"code": "rate_limited", "message": message, "field": None}}
            response = JsonResponse(body, status=429, json_dumps_params={"ensure_ascii": False})
        elif request.headers.get("X-Requested-With") == "fetch":
            response = HttpResponse(f'<p class="error" role="alert">{escape(message)}</p>', status=429)
        else:
            response = render(request, "429.html", {"message": message}, status=429)
        response["Retry-After"] = str(seconds)
        return response


def _period_name(item) -> str:
    names = {"second": _("秒"), "minute": _("分钟"), "hour": _("小时"), "day": _("天")}
    unit = names.get(item.GRANULARITY.name, item.GRANULARITY.name)
    return unit if item.multiples == 1 else f"{item.multiples}{unit}"
