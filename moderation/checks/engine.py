"""The rule engine's core: findings, the check context and the rule registry.

Plain Python, no Django import. A rule is a function ``(post, ctx) -> Iterable[Finding]``
registered with ``@rule(...)``; ``check_post`` runs every registered rule over a post in the
``reviewdesk.post/1`` shape (see ../shared/spec/post-format.md).
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import asdict, dataclass, field
from typing import Any, Callable, Iterable, Protocol

BLOCK, WARN, INFO = "block", "warn", "info"
SEVERITY_ORDER = {BLOCK: 0, WARN: 1, INFO: 2}


@dataclass(frozen=True)
class Wording:
    """A message kept as its Chinese template and its values, so that an interface can say it in
    another language (the engine has no Django, hence no gettext: the template is the message ID).

    A value that is itself a Wording is our words and is translated too; any other string is quoted
    material (the author's text, a product's name, a lexicon term) and stays as it is; a list is
    its items joined by the language's list mark (、)."""

    template: str
    params: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        if not self.params:
            return self.template
        return self.template.format(**{k: _text(v) for k, v in self.params.items()})

    def to_dict(self) -> dict[str, Any]:
        return {"template": self.template, "params": {k: _plain(v) for k, v in self.params.items()}}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Wording:
        """The Wording whose ``to_dict()`` is ``data`` (as stored in a JSON field)."""
        return cls(data["template"], {k: _restored(v) for k, v in (data.get("params") or {}).items()})


LIST_MARK = "、"


def _text(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return LIST_MARK.join(str(_text(v)) for v in value)
    return str(value) if hasattr(value, "to_dict") else value  # a Wording, or another value said in words


def _plain(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value.to_dict() if hasattr(value, "to_dict") else value


def _restored(value: Any) -> Any:
    if isinstance(value, list):
        return [_restored(v) for v in value]
    return Wording.from_dict(value) if isinstance(value, dict) and "template" in value else value


def say(template: str, **params: Any) -> Wording:
    """``say("标题长度为{width}", width=31)``: a message whose Chinese is ``template.format(**params)``."""
    return Wording(template, params)


def as_wording(message: str | Wording) -> Wording:
    """A plain message is a Wording without values (its text is its template)."""
    return message if isinstance(message, Wording) else Wording(message)


def make_finding(rule_id: str, severity: str, target: str, message: str | Wording, clause: str,
                 **fields: Any) -> "Finding":
    """A Finding whose ``message`` is the Chinese of ``message`` and ``wording`` its dict."""
    wording = as_wording(message)
    return Finding(rule_id, severity, target, str(wording), clause, wording=wording.to_dict(), **fields)


@dataclass(frozen=True)
class Finding:
    """One problem found on one target of a post.

    ``start``/``end`` are code-point offsets into the ORIGINAL text of ``target`` (end exclusive);
    ``normalized`` is the form matching ran on when it differs from ``excerpt`` (淘*宝 → 淘宝);
    ``evidence`` carries measured values, thresholds and image boxes ({"box": [x, y, w, h]});
    ``wording`` is ``message`` as a Wording's dict (template and values), for other languages.
    """

    rule: str
    severity: str
    target: str
    message: str
    clause: str
    start: int | None = None
    end: int | None = None
    excerpt: str | None = None
    normalized: str | None = None
    evidence: dict[str, Any] | None = None
    wording: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        """The findings JSON of post-format.md: absent fields are left out."""
        return {k: v for k, v in asdict(self).items() if v is not None}


@dataclass(frozen=True)
class AuthorInfo:
    username: str
    display_name: str = ""
    category: str = ""
    licensed_health: bool = False
    licensed_adult: bool = False


class History(Protocol):
    """What history-aware rules may ask about earlier posts. Implemented in memory (checkpost,
    tests) and over the database/Redis (the worker)."""

    def similar_posts(self, signature: Any, *, threshold: float) -> list[tuple[str, str, float]]:
        """Earlier posts near this MinHash signature: (post_key, author_username, similarity)."""
        ...

    def similar_covers(self, phash: str, *, max_distance: int) -> list[tuple[str, str, int]]:
        """Earlier covers near this perceptual hash: (post_key, author_username, distance)."""
        ...

    def author_posts_categories(self, username: str) -> list[str]:
        """Categories of this author's earlier posts (for BODY_OFF_DOMAIN)."""
        ...


class NoHistory:
    """History with no earlier posts at all."""

    def similar_posts(self, signature, *, threshold):
        return []

    def similar_covers(self, phash, *, max_distance):
        return []

    def author_posts_categories(self, username):
        return []


@dataclass
class CheckContext:
    """Everything a rule may look at besides the post itself."""

    author: AuthorInfo
    lexicons: Any = None  # a lexicons.Lexicons; None = the shipped defaults
    thresholds: dict[str, Any] = field(default_factory=dict)
    history: History = field(default_factory=NoHistory)
    # open_image(ref) -> bytes for an image path of the post; None = image checks are skipped
    open_image: Callable[[str], bytes] | None = None
    now: _dt.datetime = field(default_factory=lambda: _dt.datetime.now(_dt.timezone.utc))
    # scratch space shared by the rules of one check_post call (prepared text, signatures ...)
    cache: dict[str, Any] = field(default_factory=dict)

    def threshold(self, name: str, default: Any) -> Any:
        return self.thresholds.get(name, default)


RuleFunc = Callable[[dict, CheckContext], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    rule_ids: tuple[str, ...]
    func: RuleFunc
    kind: str  # "text" or "image"


RULES: list[Rule] = []


def rule(*rule_ids: str, kind: str = "text") -> Callable[[RuleFunc], RuleFunc]:
    """Register a rule function that may emit findings with any of ``rule_ids``."""

    def register(func: RuleFunc) -> RuleFunc:
        RULES.append(Rule(tuple(rule_ids), func, kind))
        return func

    return register


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (SEVERITY_ORDER.get(f.severity, 9), f.target, f.start or 0, f.rule))


def run_rules(post: dict, ctx: CheckContext, *, kinds: tuple[str, ...] = ("text", "image")) -> list[Finding]:
    found: list[Finding] = []
    for registered in RULES:
        if registered.kind in kinds:
            found.extend(registered.func(post, ctx))
    return sort_findings(found)
