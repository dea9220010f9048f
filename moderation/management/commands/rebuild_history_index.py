"""python manage.py rebuild_history_index

Rebuilds the history indexes (near-duplicate signatures, cover hashes) from the database: every
scored revision's document, and its stored cover image. Each revision is replaced in its own
transaction, so workers keep checking against a complete index meanwhile; rows of revisions that are
no longer scored are dropped at the end. Safe to run twice: the second run writes the same rows."""
from django.core.management.base import BaseCommand

from moderation.checks import CheckContext
from moderation.history_index import index_revision, stored_cover_phash
from moderation.lexicon_store import current_lexicons
from moderation.models import CoverHash, PostSignature, Revision
from moderation.scoring import author_info


class Command(BaseCommand):
    help = "Rebuild the near-duplicate and reused-cover indexes from every scored revision."

    def add_arguments(self, parser):
        parser.add_argument("--no-covers", action="store_true", help="keep the cover index as it is (no image decoding)")

    def handle(self, *args, no_covers, **options):
        lexicons = current_lexicons()
        revisions = (Revision.objects.filter(scored_at__isnull=False).select_related("post__author__user")
                     .prefetch_related("images").order_by("pk"))
        done = covers = 0
        for revision in revisions.iterator(chunk_size=200):
            ctx = CheckContext(author=author_info(revision.post.author), lexicons=lexicons)
            phash = None if no_covers else stored_cover_phash(revision)
            if phash:
                ctx.cache["cover_phash"] = phash
            elif no_covers:
                ctx.cache["cover_phash"] = CoverHash.objects.filter(revision=revision).values_list("phash", flat=True).first()
            index_revision(revision.post, revision, ctx)
            done, covers = done + 1, covers + bool(ctx.cache.get("cover_phash"))
        stale = PostSignature.objects.filter(revision__scored_at__isnull=True).delete()[0]
        stale += CoverHash.objects.filter(revision__scored_at__isnull=True).delete()[0]
        self.stdout.write(f"indexed {done} revision(s), {covers} cover(s); removed {stale} stale row(s)")
