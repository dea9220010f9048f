"""Request-wide guards that run before any view reads the body."""
from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def _megabytes(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB"


class RequestSizeLimit:
    """Refuse a request whose declared body is larger than MAX_REQUEST_BYTES, before reading any of it.

    Django's own caps do not count file parts, so a 300 MB upload was read (and spooled) before the
    image checks refused it. WSGI bodies without a Content-Length arrive empty, so the declared length
    is the whole story here.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.MAX_REQUEST_BYTES
        if length > limit:
            return self.refuse(request, length, limit)
        return self.get_response(request)

    @staticmethod
    def refuse(request, length, limit):
        message = _("上传内容过大：%(size)s，上限 %(limit)s。请压缩图片或减少图片后重试，已填写的内容不会丢失。") % {
            "size": _megabytes(length),
            "limit": _megabytes(limit),
        }
        if request.path.startswith("/api/"):
            body = {"error": {"code": "request_too_large", "message": message, "field": None}}
            response = JsonResponse(body, status=413, json_dumps_params={"ensure_ascii": False})
        else:
            response = render(request, "413.html", {"message": message}, status=413)
        return response
