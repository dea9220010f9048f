"""The actions: the only code that changes a post's state, creates decisions or post events, or applies
consequences (penalties, whitelist, appeals, Level 2, claims). One module per subject:

    submission  submit_post, edit_post, resubmit_post (and ensure_can_post, 第五章)
    scoring     start_scoring, store_scoring_result (the pre-score job's writes)
    review      claim_post, claim_next_post, release_claim, release_stale_claims, decide_post, dismiss_finding
    penalties   assess_decision, assess_unchanged_resubmission, issue/lift/shorten/overturn_penalty,
                propose/confirm/dismiss_level2, enforce_level2_bans, set_news_posting (login blocks, restores)
    whitelist   grant/revoke/recompute_whitelist, sample_for_audit, mark_audit_passed
    appeals     file_appeal, decide_appeal, reverse_decision, annul_consequences
    quality     mark_gold, serve_gold, seed_gold, check_decision, record_second_review (gold posts, double review)
    rulings     resolve_double_review (a senior editor's ruling; the post follows it)
    identity    record_identity, link_accounts
    accounts    register_author, get_or_create_author, issue/revoke/use_api_token
    notices     mark_notices_read (an author's inbox; the notices are written by insights.notices)
    core        locked_post, transition (the one state change), save_row, SYSTEM
    moves       move_post, withdraw_all_posts (moves that consequences bring)

Each action is ``verb_noun(target, *, actor, ...)``: ``actor`` is the user acting, or ``SYSTEM`` (None) for
the jobs and the consequences the standard draws by itself. It checks the lifecycle table, writes, and
logs one audit event (moderation.audit.log_event) in one transaction; an action that brings others
(a Level 2 withdrawing posts) lets each log its own. Actions read standing through authors.records and
never the selectors; interfaces (desk, api, portal, manage), jobs and commands call them.

Import the submodule you need (``from moderation.actions import review``); this package imports nothing,
so loading one action does not load them all.
"""
