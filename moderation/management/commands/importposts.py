"""python manage.py importposts DIR — submit every post file (*.json, reviewdesk.post/1) in DIR.

Each post goes through the same service as the web form and the API. A post whose external_id was
already imported for its author is skipped, so running it twice changes nothing."""
from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from moderation.actions.accounts import get_or_create_author
from moderation.actions.core import SYSTEM
from moderation.actions.submission import submit_post
from moderation.errors import DeskError
from moderation.models import Post
from moderation.postformat import image_paths

from .checkpost import image_opener, load_post


class Command(BaseCommand):
    help = "Import and submit post files (reviewdesk.post/1) from a folder."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)

    def handle(self, *args, folder, **options):
        files = sorted(folder.rglob("*.json"))
        if not files:
            self.stderr.write(f"{folder} 中没有 .json 文件")
            sys.exit(1)
        imported = skipped = failed = 0
        for path in files:
            try:
                post = load_post(path)
                author = get_or_create_author(actor=SYSTEM, **post["author"])
                if post.get("external_id") and Post.objects.filter(author=author, external_id=post["external_id"]).exists():
                    skipped += 1
                    continue
                opener = image_opener(path.parent)
                uploads = {}
                for ref in image_paths(post):
                    try:
                        uploads[ref] = opener(ref)
                    except OSError:
                        pass  # reported by submit_post as a missing image, naming it
                created = submit_post(author, actor=SYSTEM, document=post, uploads=uploads)
            except DeskError as exc:
                failed += 1
                self.stderr.write(f"{path}: {exc.message}")
                continue
            imported += 1
            self.stdout.write(f"#{created.pk} {post['title']}")
        self.stdout.write(f"导入 {imported} 篇，跳过 {skipped} 篇，失败 {failed} 篇")
        if failed:
            sys.exit(1)
