"""An author's standing: the penalty ladder of 第五章, posting bans, pass rate and the whitelist.

Pure functions over plain data, no Django import. The Django side loads an author's history into an
``AuthorRecord``, calls these functions and stores what they return (a ``Penalty`` row, a Level 2
proposal for an admin). Every datetime must be timezone-aware; weeks are Asia/Shanghai weeks.

    records    the input data: Decision, Penalty, UnchangedResubmission, Submission, AuthorRecord
    penalties  penalty_for_reject, penalty_for_unchanged_resubmission, level2_penalty
    preview    consequence: a decision's consequence and its sentence, for the desk and the action
    bans       active_bans, can_post
    whitelist  pass_rate, below_news_threshold, whitelist_eligibility, whitelist_progress

How the clauses are read where the standard leaves room:
- A confirmed reject is any decision other than approve/auto_publish (return, reject, take_offline).
  ``AuthorRecord`` is the history BEFORE the decision being assessed; there is no time window.
- 5.4-III "二次犯错": any earlier reject carrying a category III reason, on any post. "不按要求修改":
  a re-check flagged not revised as asked (``not_revised`` or reason REVISION_NOT_DONE) of a post
  whose reasons, now or earlier, carry category III.
- 5.4-I.5 counts author-wide: the 3rd failure to revise as asked, or the 3rd unchanged resubmission,
  is a Level 1. The 1st and 2nd unchanged resubmissions get the 7-day closure of 4.2(3), recorded as
  Level.SUSPENSION, which bans like a Level 1 but does not count towards 5.4-IV.2.
- Plagiarism closes posting rights for good (4.2(3) "一经发现永久关停发布权限": Level.PERMANENT,
  applied at once, since an editor confirmed it); a second plagiarised post (5.4-IV.3) also proposes
  Level 2. Only BODY_PLAGIARISM counts as 侵权、抄袭.
- Level 2 is only ever proposed (an admin confirms it). A category IV reason also applies a Level 1 at
  once, so the author is held while the admin decides.
- 5.4-IV.1: posts in the order of their first decision; a run is consecutive posts each flagged not
  revised as asked and not approved since; a post with any other history breaks the run.
- 5.4-IV.2 counts Level 1 penalties received, lifted or shortened ones included; overturned ones
  (annulled on appeal) count for nothing.
- 5.4-IV.4 competitor advertorial: BODY_COMPETITOR and BODY_SOFT_AD on the same reject.
- 5.4-IV.6 serious adult content: BODY_ADULT with the editor's ``serious`` mark.
- Bans run from the decision, concurrently with any other ban; the latest end wins.
- Whitelist: the last two complete calendar weeks before ``now``; a week with a post still pending is
  not complete, so the author waits until it is decided.
"""
from .bans import PostingRight, active_bans, can_post  # noqa: F401
from .penalties import (  # noqa: F401
    ADMIN_PENALTY_REASON, BAN_DAYS, CATEGORY_ZH, MAX_CATEGORY_III_WARNINGS, MAX_CONSECUTIVE_NOT_REVISED, MAX_LEVEL1_PENALTIES,
    MAX_NOT_REVISED, MAX_PLAGIARISM, MAX_UNCHANGED_RESUBMISSIONS, Evidence, Level2Proposal, PenaltyOutcome,
    clause_said, clause_zh, explain, level2_penalty, penalty_for_reject, penalty_for_unchanged_resubmission,
    ladder_cause, term_said, unnamed_clauses,
)
from .preview import Consequence, consequence, sentence  # noqa: F401
from .records import (  # noqa: F401
    SHANGHAI, AuthorRecord, Decision, Level, Outcome, Penalty, Result, Submission, UnchangedResubmission, at, at_zh,
)
from .whitelist import (  # noqa: F401
    NEWS_PASS_RATE_THRESHOLD, WHITELIST_MIN_POSTS_PER_WEEK, WHITELIST_PASS_RATE, WHITELIST_WEEKS, Eligibility,
    WeekProgress, WhitelistProgress, below_news_threshold, pass_rate, week_bounds, week_start, weeks_progress,
    whitelist_eligibility, whitelist_progress,
)
