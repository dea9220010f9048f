"""The API's request parsing: a multipart body with a ``document`` field (reviewdesk.post/1 JSON) and
one file field per image, named by its path in the document. Validation only."""
from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.utils.translation import get_language, gettext as _

from reviewdesk.uploads import refuse_oversized

from ..errors import InvalidPost
from ..postformat import parse_json


def document_and_uploads(request) -> tuple[dict, dict[str, bytes]]:
    """The posted document and its image files; InvalidPost naming the part at fault."""
    if not request.content_type.startswith("multipart/form-data"):
        raise InvalidPost(_("请以 multipart/form-data 提交：document 字段为 JSON 文档，图片文件字段名为文档中的路径"),
                          field="(content-type)")
    try:
        refuse_oversized(request)
        raw = request.POST.get("document")
    except RequestDataTooBig:
        raise InvalidPost(_("document 字段过大（上限 %(limit)s）") % {
            "limit": f"{settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 1024 / 1024:.0f} MB"}, field="document") from None
    if raw is None:
        raise InvalidPost(_("缺少 document 字段"), field="document")
    uploads = {name: f.read() for name, f in request.FILES.items()}
    return parse_json(raw, get_language()), uploads
