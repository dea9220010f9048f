"""The JSON API for authors' tools (/api/v1/)."""
from django.urls import path

from . import views

urlpatterns = [
    path("api/v1/openapi.json", views.openapi, name="api_openapi"),
    path("api/v1/posts", views.posts, name="api_posts"),
    path("api/v1/posts/<int:post_id>", views.post_detail, name="api_post"),
    path("api/v1/posts/<int:post_id>/edit", views.post_edit, name="api_post_edit"),
    path("api/v1/posts/<int:post_id>/resubmit", views.post_resubmit, name="api_post_resubmit"),
]
