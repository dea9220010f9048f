"""The admin's desk (/desk/manage/): penalties, Level 2, whitelist, identity, appeals, news posting
rights, thresholds, the audit trail."""
from django.urls import include, path

from . import views

urlpatterns = [
    path("desk/manage/", views.admin_desk, name="admin_desk"),
    path("desk/manage/authors/", views.author_list, name="author_list"),
    path("desk/manage/authors/<int:author_id>/", views.author_standing, name="author_standing"),
    path("desk/manage/authors/<int:author_id>/penalties/new/", views.penalty_issue, name="penalty_issue"),
    path("desk/manage/authors/<int:author_id>/whitelist/", views.whitelist_change, name="whitelist_change"),
    path("desk/manage/authors/<int:author_id>/links/", views.link_account, name="link_account"),
    path("desk/manage/authors/<int:author_id>/news/", views.news_rights, name="news_rights"),
    path("desk/manage/authors/<int:author_id>/identity/", views.record_identity, name="record_identity"),
    path("desk/manage/penalties/<int:penalty_id>/lift/", views.penalty_lift, name="penalty_lift"),
    path("desk/manage/penalties/<int:penalty_id>/shorten/", views.penalty_shorten, name="penalty_shorten"),
    path("desk/manage/proposals/<int:proposal_id>/<str:action>/", views.proposal_decide, name="proposal_decide"),
    path("desk/manage/whitelist/recompute/", views.whitelist_recompute, name="whitelist_recompute"),
    path("desk/manage/appeals/", views.appeal_queue, name="appeal_queue"),
    path("desk/manage/appeals/<int:appeal_id>/", views.appeal_decide, name="appeal_decide"),
    path("desk/manage/low-pass-rate/", views.low_pass_rate, name="low_pass_rate"),
    path("desk/manage/thresholds/", views.thresholds, name="thresholds"),
    path("", include("authors.manage.rules_urls")),  # issue 14: stages, re-screens, rule drafts
    path("desk/manage/audit/", views.audit_trail, name="audit_trail"),  # ?post=<id> or ?author=<id>, &actor=, &verb=
]
