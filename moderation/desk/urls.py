"""The editors' desk (/desk/): the queue, the review screen, decisions, the whitelist audit sample;
and uploaded images (served to editors and to the post's own author)."""
from django.urls import path

from . import decision_views, search_views, views

urlpatterns = [
    path("desk/", views.queue, name="queue"),
    path("desk/next/", views.next_post, name="next_post"),
    path("desk/search/", search_views.search, name="desk_search"),
    path("desk/posts/<int:post_id>/", views.review, name="review"),
    path("desk/posts/<int:post_id>/claim/", views.claim, name="claim"),
    path("desk/posts/<int:post_id>/decide/", decision_views.decide, name="decide"),
    path("desk/posts/<int:post_id>/preview/", decision_views.preview, name="decision_preview"),
    path("desk/held/<int:held_id>/undo/", decision_views.undo, name="undo_decision"),
    path("desk/bulk/", decision_views.bulk, name="bulk_approve"),
    path("desk/posts/<int:post_id>/release/", views.release, name="release"),
    path("desk/findings/<int:finding_id>/dismiss/", views.dismiss_finding, name="dismiss_finding"),
    path("desk/audit/", views.audit_queue, name="audit_queue"),
    path("desk/audit/<int:sample_id>/pass/", views.audit_pass, name="audit_pass"),
    path("images/<int:image_id>/", views.image, name="image"),
]
