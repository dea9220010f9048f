"""URLs of the authors app: the author's portal (and, as they land, registration and the admin's desk)."""
from django.urls import path

from . import standing_views as sv
from . import views

urlpatterns = [
    path("me/", views.my_posts, name="my_posts"),
    path("me/posts/new/", views.new_post, name="new_post"),
    path("me/posts/<int:post_id>/", views.post_detail, name="author_post"),
    path("me/posts/<int:post_id>/edit/", views.edit_post, name="edit_post"),
    path("me/selfcheck/", views.self_check_view, name="self_check"),
    path("me/api-tokens/", views.api_tokens, name="api_tokens"),
]

# Standing (第五章): sign-up, appeals, the whitelist audit list and the admin's desk.
urlpatterns += [
    path("register/", sv.register, name="register"),
    path("me/appeals/", sv.my_appeals, name="my_appeals"),
    path("me/appeals/new/", sv.file_appeal, name="file_appeal"),  # ?decision=<id> or ?penalty=<id>
    path("desk/audit/", sv.audit_queue, name="audit_queue"),
    path("desk/audit/<int:sample_id>/pass/", sv.audit_pass, name="audit_pass"),
    path("desk/manage/", sv.admin_desk, name="admin_desk"),
    path("desk/manage/authors/", sv.author_list, name="author_list"),
    path("desk/manage/authors/<int:author_id>/", sv.author_standing, name="author_standing"),
    path("desk/manage/authors/<int:author_id>/penalties/new/", sv.penalty_issue, name="penalty_issue"),
    path("desk/manage/authors/<int:author_id>/whitelist/", sv.whitelist_change, name="whitelist_change"),
    path("desk/manage/authors/<int:author_id>/links/", sv.link_account, name="link_account"),
    path("desk/manage/authors/<int:author_id>/news/", sv.news_rights, name="news_rights"),
    path("desk/manage/authors/<int:author_id>/identity/", sv.record_identity, name="record_identity"),
    path("desk/manage/penalties/<int:penalty_id>/lift/", sv.penalty_lift, name="penalty_lift"),
    path("desk/manage/penalties/<int:penalty_id>/shorten/", sv.penalty_shorten, name="penalty_shorten"),
    path("desk/manage/proposals/<int:proposal_id>/<str:action>/", sv.proposal_decide, name="proposal_decide"),
    path("desk/manage/whitelist/recompute/", sv.whitelist_recompute, name="whitelist_recompute"),
    path("desk/manage/appeals/", sv.appeal_queue, name="appeal_queue"),
    path("desk/manage/appeals/<int:appeal_id>/", sv.appeal_decide, name="appeal_decide"),
    path("desk/manage/low-pass-rate/", sv.low_pass_rate, name="low_pass_rate"),
    path("desk/manage/thresholds/", sv.thresholds, name="thresholds"),
]
