"""A post's field errors (moderation.postformat) in the reader's language — in the portal editor, in
the self-check and in the API's ``message`` and ``label`` — with the place in plain words; the Chinese
is exactly what it was, the API's ``code`` and ``field`` stay as they are (issue 12)."""
from __future__ import annotations

import json

import pytest
from django.urls import reverse
from django.utils import translation

from factories import post_document
from moderation.errors import InvalidPost
from moderation.postformat import validate_post
from moderation.wording import refusal


def _heading_not_text():
    document = post_document()
    document["blocks"].insert(3, {"type": "heading", "text": 42})
    return document


@pytest.mark.parametrize("change, zh, en", [
    (lambda d: d.update(format="x"), "格式：应为“reviewdesk.post/1”", "Format: must be “reviewdesk.post/1”"),
    (lambda d: d.update(kind="poem"), "类型：应为review、guide、video、news之一",
     "Post type: must be one of review, guide, video, news"),
    (lambda d: d.update(cover="../up.jpg"), "封面图：路径“../up.jpg”超出了文章所在目录",
     "Cover image: the path “../up.jpg” leads outside the post's folder"),
    (lambda d: d.update(title="长" * 201), "标题：过长（201字符，上限200）",
     "Title: too long (201 characters, at most 200)"),
    (lambda d: d.update(title=" "), "标题：不能为空", "Title: must not be empty"),
    (lambda d: d.update(tags="耳机"), "标签：应为字符串列表（最多20个）", "Tags: must be a list of strings (at most 20)"),
    (lambda d: d["author"].update(username=""), "作者用户名：不能为空", "Author's username: must not be empty"),
    (lambda d: d.update(external_id=7), "外部编号：应为字符串", "External ID: must be a string"),
    (lambda d: d.update(author="alice"), "作者：缺少作者信息（对象，含username）", "Author: missing (an object with a username)"),
    (lambda d: d.pop("blocks"), "正文：缺少正文（列表）", "Body: missing (a list of blocks)"),
    (lambda d: d["blocks"].append({"type": "image"}), "第2张图片：缺少必填字段", "Image 2: missing (a required field)"),
    (lambda d: d["blocks"].insert(0, {"type": "table"}),
     "正文第1块的类型：未知的段落类型“table”（可用：paragraph、heading、quote、image、video、product）",
     "Body block 1, type: unknown block type “table” (available: paragraph, heading, quote, image, video, product)"),
    (lambda d: d["blocks"].insert(3, {"type": "heading", "text": 42}), "第1个小标题：应为字符串",
     "Heading 1: must be a string"),
    (lambda d: d["author"].update(nickname="x"), "author.nickname：未知字段", "author.nickname: unknown field"),
    (lambda d: d.update(caption="x"), "caption：未知字段", "caption: unknown field"),  # a block's part, not here
])
def test_a_field_error_is_said_in_the_readers_language(change, zh, en):
    document = post_document()
    change(document)
    with pytest.raises(InvalidPost) as raised:
        validate_post(document)
    assert raised.value.message == zh  # the Chinese text, as before
    with translation.override("zh-hans"):
        assert refusal(raised.value) == zh
    with translation.override("en"):
        assert refusal(raised.value) == en


def _shown(response, marker='id="form-error"'):
    return response.content.decode().split(marker)[1].split(">", 1)[1].split("</div>")[0]


@pytest.mark.parametrize("language, expected", [("zh-hans", "第1个小标题：应为字符串"),
                                                ("en", "Heading 1: must be a string")])
def test_the_editor_and_the_self_check_say_the_field_error_in_the_authors_language(
        cast, client, settings, language, expected):
    client.force_login(cast.alice)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    document = json.dumps(_heading_not_text())
    response = client.post(reverse("new_post"), {"action": "submit", "document": document})
    assert response.status_code == 400 and _shown(response) == expected
    checked = client.post(reverse("self_check"), {"document": document})
    assert expected in _shown(checked, 'role="alert"')


@pytest.mark.parametrize("language, expected", [("zh-hans", "标题：不能为空"), ("en", "Title: must not be empty")])
def test_an_empty_title_is_said_as_the_field_then_the_problem(cast, client, settings, language, expected):
    client.force_login(cast.alice)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    document = post_document()
    document["title"] = ""
    response = client.post(reverse("new_post"), {"action": "submit", "document": json.dumps(document)})
    assert response.status_code == 400 and _shown(response) == expected


@pytest.mark.parametrize("accept, message, label", [
    ("zh-hans", "第2个标签：应为字符串", "第2个标签"),
    ("en", "Tag 2: must be a string", "tag 2"),
])
def test_the_api_says_field_errors_in_the_requests_language_and_keeps_code_and_path(
        cast, client, accept, message, label):
    client.force_login(cast.alice)
    document = post_document()
    document["tags"] = ["耳机", 7]
    response = client.post("/api/v1/posts", {"document": json.dumps(document)}, HTTP_ACCEPT_LANGUAGE=accept)
    error = response.json()["error"]
    assert (response.status_code, error["code"], error["field"]) == (400, "invalid", "tags[1]")
    assert (error["message"], error["label"]) == (message, label)


@pytest.mark.parametrize("accept, message", [
    ("zh-hans", "缺少图片文件：images/cover.jpg（文档引用了它，但没有上传）"),
    ("en", "Missing image file: images/cover.jpg (the document refers to it, but it was not uploaded)"),
])
def test_an_api_refusal_is_said_in_the_requests_language(cast, client, accept, message):
    client.force_login(cast.alice)
    response = client.post("/api/v1/posts", {"document": json.dumps(post_document())}, HTTP_ACCEPT_LANGUAGE=accept)
    error = response.json()["error"]
    assert (response.status_code, error["code"], error["field"]) == (400, "invalid", "images/cover.jpg")
    assert error["message"] == message
