"""Uploads are refused before they fill memory, and self-checks are bounded (issue 15 item 8): a file part
over the image byte cap is skipped while it streams and refused by name; the self-check looks at most
SELFCHECK_MAX_CHARS characters and says so."""
import json
import tracemalloc

import pytest
from django.core.handlers.base import BaseHandler
from django.test.client import BOUNDARY, MULTIPART_CONTENT, RequestFactory, encode_multipart
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from authors.models import ApiToken
from factories import PARAGRAPHS, photo_jpeg, post_document
from moderation.checks.uploads import MAX_BYTES
from moderation.excerpt import first_chars, text_length
from moderation.models import Post

HUGE = 3 * MAX_BYTES  # 30 MB: under the request cap (64 MB), three times the per-image cap


def body(document, files):
    data = {"document": json.dumps(document, ensure_ascii=False)}
    data.update({ref: SimpleUploadedFile(name, content, content_type="image/jpeg") for ref, (name, content) in files.items()})
    return encode_multipart(BOUNDARY, data)


def handle(path, payload, **headers) -> tuple[object, int]:
    """Send a multipart body through the whole middleware stack; the response and the most memory
    Python held above the start while the server side handled it (the request body itself is built
    before the count starts, as a real server's socket would hold it)."""
    request = RequestFactory().generic("POST", path, payload, content_type=MULTIPART_CONTENT, **headers)
    handler = BaseHandler()
    handler.load_middleware()
    tracemalloc.start()
    try:
        response = handler.get_response(request)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return response, peak


def test_an_oversized_image_is_refused_by_name_while_it_streams(cast):
    token = ApiToken.issue(cast.alice)
    document = post_document()
    payload = body(document, {"images/cover.jpg": ("家里的全景.jpg", b"\xff\xd8" + b"\0" * HUGE),
                              "images/1.jpg": ("1.jpg", photo_jpeg(1))})
    response, peak = handle("/api/v1/posts", payload, HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 400
    error = json.loads(response.content)["error"]
    assert error["field"] == "images/cover.jpg" and "家里的全景.jpg" in error["message"] and "10 MB" in error["message"]
    # The 30 MB part was dropped chunk by chunk: never held in memory, never read back from a temp file.
    assert peak < MAX_BYTES, f"{peak / 2**20:.1f} MB held for a {HUGE / 2**20:.0f} MB file"
    assert not Post.objects.exists()


def test_the_editor_refuses_an_oversized_image_by_name_and_keeps_the_text(client, cast):
    client.force_login(cast.alice)
    document = post_document(title="扫地机器人两周体验：吸力、避障和噪音")
    payload = encode_multipart(BOUNDARY, {
        "document": json.dumps(document, ensure_ascii=False), "action": "submit",
        "file:images/cover.jpg": SimpleUploadedFile("封面原图.jpg", b"\xff\xd8" + b"\0" * HUGE),
    })
    response = client.generic("POST", reverse("new_post"), payload, content_type=MULTIPART_CONTENT)
    html = response.content.decode()
    assert response.status_code == 400 and "封面原图.jpg" in html and "文件过大" in html
    assert "扫地机器人两周体验" in html and not Post.objects.exists()


def test_first_chars_cuts_the_text_in_reading_order():
    document = post_document(title="标题十个字符长度呀", paragraphs=["一" * 30, "二" * 30, "三" * 30], with_image=False)
    assert text_length(document) == 9 + 90
    cut = first_chars(document, 50)
    assert cut["title"] == document["title"] and [b["text"] for b in cut["blocks"]] == ["一" * 30, "二" * 11]
    assert text_length(cut) == 50 and first_chars(document, 1000) is document
    assert len(document["blocks"]) == 3  # the original is left as it was


def test_a_long_self_check_checks_the_first_characters_and_says_so(client, cast, settings):
    settings.SELFCHECK_MAX_CHARS = 2_000
    filler = PARAGRAPHS * 6  # about 2,800 characters of an honest review
    late = "想了解更多可以加我微信 erji_2026 ，或者访问 www.example.com 查看。"
    client.force_login(cast.alice)

    def check(paragraphs):
        document = post_document(paragraphs=paragraphs, with_image=False)
        return client.post(reverse("self_check"), {"document": json.dumps(document, ensure_ascii=False)}).content.decode()

    long_html = check(filler + [late])
    total = text_length(post_document(paragraphs=filler + [late], with_image=False))
    assert f"自检只检查了前 2000 个字符（共 {total} 个）" in long_html
    assert "erji_2026" not in long_html  # past the bound: left to the pre-score of the whole post
    short_html = check([late, *PARAGRAPHS[:2]])
    assert "自检只检查了" not in short_html and "erji_2026" in short_html
