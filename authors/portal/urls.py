"""The authors' portal (/me/ and sign-up)."""
from django.urls import path

from . import views

urlpatterns = [
    path("register/", views.register, name="register"),
    path("appeal/closed-account/", views.closed_account_appeal, name="closed_account_appeal"),
    path("me/", views.my_posts, name="my_posts"),
    path("me/posts/new/", views.new_post, name="new_post"),
    path("me/posts/<int:post_id>/", views.post_detail, name="author_post"),
    path("me/posts/<int:post_id>/edit/", views.edit_post, name="edit_post"),
    path("me/selfcheck/", views.self_check_view, name="self_check"),
    path("me/kept-images/<str:key>/", views.staged_image, name="staged_image"),
    path("me/api-tokens/", views.api_tokens, name="api_tokens"),
    path("me/appeals/", views.my_appeals, name="my_appeals"),
    path("me/appeals/new/", views.file_appeal, name="file_appeal"),  # ?decision=<id> or ?penalty=<id>
]
