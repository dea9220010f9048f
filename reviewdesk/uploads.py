"""The per-file upload cap, applied while the body streams in (FILE_UPLOAD_HANDLERS).

RequestSizeLimit refuses a whole request by its Content-Length; inside an accepted request, one file
part may still be far larger than any image we keep. This handler, first in the chain, counts each
file's bytes as they arrive and skips the file the moment it passes the image byte cap
(moderation.checks.uploads.MAX_BYTES): the rest of that part is read and discarded, never stored, so a
huge file costs a few chunks of memory, not its size (and it is never read a second time by the image
checks). The views then refuse the request with a message naming the file.
"""
from __future__ import annotations

from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.utils.translation import gettext as _

from moderation.checks.uploads import MAX_BYTES
from moderation.errors import InvalidPost

REFUSED = "_oversized_uploads"  # request attribute: [(field name, file name)] of the files skipped


class ImageByteCap(FileUploadHandler):
    """Skips a file part as soon as it grows past MAX_BYTES; passes every other chunk on unchanged."""

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > MAX_BYTES:
            getattr(self.request, REFUSED).append((self.field_name, self.file_name))
            raise SkipFile
        return raw_data

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        setattr(self.request, REFUSED, [])

    def file_complete(self, file_size):
        return None  # the next handler in the chain (memory or temporary file) builds the file


def refuse_oversized(request) -> None:
    """InvalidPost naming the first file the stream cap skipped, if any (call after reading FILES)."""
    request.FILES  # noqa: B018 — parse the body, so the handler has seen every part
    refused = getattr(request, REFUSED, [])
    if refused:
        field, name = refused[0]
        raise InvalidPost(_("图片「%(name)s」文件过大：超过上限 %(limit)s，已停止接收。请压缩后重新上传。") % {
            "name": name or field, "limit": f"{MAX_BYTES / 1024 / 1024:.0f} MB"}, field=field)
