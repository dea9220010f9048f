"""Models of the moderation app, one module per subject: posts under review (posts.py), the
lexicons admins edit (lexicons.py) and the history indexes of the history-aware rules (history.py)."""
from .posts import (  # noqa: F401
    Decision, Finding, MessageTemplate, Post, PostEvent, PostStateCount, RefusedSubmission, Revision, RevisionImage,
    ViolationRecord, revision_image_path, state_label,
)
from .lexicons import *  # noqa: F401,F403,E402
from .history import *  # noqa: F401,F403,E402
from .audit import AuditEvent, Verb  # noqa: F401,E402
from .workflow import *  # noqa: F401,F403,E402
from .held import HeldDecision  # noqa: F401,E402
