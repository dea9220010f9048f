"""The rule engine: plain Python, NO Django import.

``check_post(post, ctx)`` takes a post in the ``reviewdesk.post/1`` shape and a CheckContext and
returns the findings, most severe first. Rule modules register themselves on import.
"""
from .engine import (  # noqa: F401
    BLOCK, INFO, WARN, AuthorInfo, CheckContext, Finding, NoHistory, RULES, Wording, rule, run_rules, say,
    sort_findings,
)
from . import title, body, products, guide, history, images  # noqa: F401,E402  (registers the rules)


def check_post(post: dict, ctx: CheckContext) -> list[Finding]:
    """Run every registered rule over ``post``; image rules only when ``ctx.open_image`` is set."""
    kinds = ("text", "image") if ctx.open_image is not None else ("text",)
    return run_rules(post, ctx, kinds=kinds)
