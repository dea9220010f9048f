"""The RQ worker class for the desk: warms the rule engine once in the worker process (jieba with the
current lexicons' brand names, the compiled lexicons, the OCR engine), so the forked work horses
inherit it instead of paying about a second per job (notes/ecosystem.md 3.5)."""
import logging

from django.db import connections
from rq.worker import Worker

from moderation import checks
from moderation.checks import history, segment
from moderation.lexicon_store import current_lexicons

log = logging.getLogger(__name__)


def warm_up() -> None:
    """Load what every check needs. Safe to call twice; the lexicons are re-read by each check anyway,
    this only builds the current version ahead of the first job."""
    lexicons = current_lexicons()
    segment.initialize(lexicons)  # jieba's dictionary and the brand/product names as user words
    lexicons.find("预热")  # compiles the Aho-Corasick automaton
    history.lsh_params()
    history.text_signature("预热一下文本签名的排列")  # builds the shared MinHash permutations
    _warm_images()
    hook = getattr(checks, "warm_up", None)
    if hook:
        hook()


def _warm_images() -> None:
    """The OCR engine (about 0.6 s) and imagehash's scipy, when the image checks can use them."""
    try:
        import imagehash  # noqa: F401

        # Lazy: the OCR engine is optional (an ImportError only skips the warm-up) and heavy to load.
        from moderation.checks import ocr

        preload = getattr(ocr, "preload", None) or ocr.engine
        preload()
    except ImportError:
        log.warning("image checks not warmed up: OCR or imagehash unavailable", exc_info=True)


class PreloadWorker(Worker):
    def work(self, *args, **kwargs):
        warm_up()
        connections.close_all()  # a forked horse must not share the parent's database socket
        return super().work(*args, **kwargs)
