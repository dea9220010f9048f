"""The audit vocabulary: every kind of write the desk records, used by the audit log (AuditEvent)
and by the post's lifecycle history (PostEvent). No free strings: ``log_event`` refuses anything else."""
from django.db import models


class Verb(models.TextChoices):
    """Every kind of write the desk records. A post's lifecycle verbs are the lifecycle's events
    (moderation.lifecycle.Event) with the same values; PostEvent rows use them too."""

    # a post's lifecycle (moderation.lifecycle.Event)
    CREATE = "create", "创建"
    SUBMIT = "submit", "提交"
    EDIT = "edit", "修改"
    START_SCORING = "start_scoring", "开始机审"
    FINISH_SCORING = "finish_scoring", "机审完成，进入队列"
    AUTO_PUBLISH = "auto_publish", "白名单自动发布"
    APPROVE = "approve", "审核通过"
    RETURN = "return", "退回修改"
    REJECT = "reject", "退稿不用"
    RESUBMIT = "resubmit", "重新提交"
    TAKE_OFFLINE = "take_offline", "下线"
    REINSTATE = "reinstate", "重回审核队列"
    RESUBMIT_REFUSED = "resubmit_refused", "拒绝重新提交"
    EXPIRE = "expire", "逾期关闭"
    # the editors' desk
    CLAIM = "claim", "认领"
    RELEASE = "release", "放回队列"
    CLAIM_EXPIRE = "claim_expire", "认领超时释放"
    DISMISS_FINDING = "dismiss_finding", "标记误报"
    RESTORE_FINDING = "restore_finding", "撤销误报标记"
    AUDIT_SAMPLE = "audit_sample", "抽入白名单抽检"
    AUDIT_PASS = "audit_pass", "抽检无问题"
    AUDIT_TAKEN_OFFLINE = "audit_taken_offline", "抽检后下线"
    # reviewers' quality control (moderation.actions.quality)
    GOLD_MARK = "gold_mark", "设为质检样本"
    GOLD_CHECK = "gold_check", "质检样本比对"
    DOUBLE_REVIEW_DRAW = "double_review_draw", "抽取双审"
    DOUBLE_REVIEW_SECOND = "double_review_second", "双审复核"
    DOUBLE_REVIEW_RULE = "double_review_rule", "双审裁定"
    # consequences (第五章)
    ASSESS = "assess", "按第五章评定"
    ASSESSMENT_OVERTURN = "assessment_overturn", "评定撤销"
    PENALTY_ISSUE = "penalty_issue", "开具处罚"
    PENALTY_LIFT = "penalty_lift", "解除处罚"
    PENALTY_SHORTEN = "penalty_shorten", "缩短处罚"
    PENALTY_OVERTURN = "penalty_overturn", "撤销处罚"
    LEVEL2_PROPOSE = "level2_propose", "提请二级处罚"
    LEVEL2_CONFIRM = "level2_confirm", "确认二级处罚"
    LEVEL2_DISMISS = "level2_dismiss", "驳回二级处罚"
    LOGIN_BLOCK = "login_block", "封停登录"
    LOGIN_RESTORE = "login_restore", "恢复登录"
    NEWS_POSTING_CLOSE = "news_posting_close", "关闭资讯发文"
    NEWS_POSTING_OPEN = "news_posting_open", "恢复资讯发文"
    WHITELIST_GRANT = "whitelist_grant", "开通白名单"
    WHITELIST_REVOKE = "whitelist_revoke", "取消白名单"
    # appeals
    APPEAL_FILE = "appeal_file", "提出申诉"
    APPEAL_UPHOLD = "appeal_uphold", "申诉成立"
    APPEAL_DISMISS = "appeal_dismiss", "驳回申诉"
    # accounts and identity
    REGISTER = "register", "注册"
    AUTHOR_IMPORT = "author_import", "导入作者"
    IDENTITY_RECORD = "identity_record", "记录身份标识"
    ACCOUNT_LINK = "account_link", "关联账号"
    TOKEN_ISSUE = "token_issue", "创建 API 令牌"
    TOKEN_REVOKE = "token_revoke", "撤销 API 令牌"
    # the Django admin
    ADMIN_CHANGE = "admin_change", "后台修改"
    ADMIN_IMPORT = "admin_import", "后台导入"
