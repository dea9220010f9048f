"""python manage.py checkpost FILE.json [FILE2.json ...]

Runs the automated checks with no database writes and prints the findings JSON of post-format.md,
one object per file, as a JSON list. Files given earlier count as earlier submissions for the later
ones. Exit status 0 when every file was checked, 1 when a file could not be checked."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import DatabaseError

from moderation.checks import AuthorInfo, CheckContext, check_post
from moderation.checks.history import InMemoryHistory
from moderation.errors import InvalidPost
from moderation.lexicon_store import current_lexicons
from moderation.postformat import parse_json, validate_post


def image_opener(folder: Path):
    root = folder.resolve()

    def open_image(ref: str) -> bytes:
        path = (root / ref).resolve()
        if root not in path.parents:
            raise FileNotFoundError(ref)
        return path.read_bytes()

    return open_image


def load_post(path: Path) -> dict:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InvalidPost(f"无法读取文件：{exc.strerror}", field="(file)") from None
    return validate_post(parse_json(raw))


class Command(BaseCommand):
    help = "Run the automated checks on post files (reviewdesk.post/1) without writing to the database."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path)

    def handle(self, *args, files, **options):
        history, results, failed = InMemoryHistory(), [], False
        try:
            lexicons = current_lexicons()
        except DatabaseError:  # a checkout with no migrated database: checking still works
            lexicons = None
            self.stderr.write("no lexicon tables in the database (run migrate): using the shipped lexicons")
        for n, path in enumerate(files):
            try:
                post = load_post(path)
            except InvalidPost as exc:
                failed = True
                results.append({"file": str(path), "error": {"field": exc.field, "message": exc.message}})
                continue
            author = post["author"]
            ctx = CheckContext(
                author=AuthorInfo(author["username"], author["display_name"], author["category"]),
                lexicons=lexicons, history=history, open_image=image_opener(path.parent),
            )
            findings = check_post(post, ctx)
            results.append({
                "file": str(path), "external_id": post.get("external_id"),
                "findings": [f.to_dict() for f in findings],
            })
            history.add(
                f"{n}:{path}", author["username"], post, signature=ctx.cache.get("signature"),
                cover_phash=ctx.cache.get("cover_phash"), category=ctx.cache.get("category"),
            )
        self.stdout.write(json.dumps(results, ensure_ascii=False, indent=2))
        if failed:
            sys.exit(1)
