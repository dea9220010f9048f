"""URLs of the authors app: the author's portal (and, as they land, registration and the admin's desk)."""
from django.urls import path

from . import views

urlpatterns = [
    path("me/", views.my_posts, name="my_posts"),
    path("me/posts/new/", views.new_post, name="new_post"),
    path("me/posts/<int:post_id>/", views.post_detail, name="author_post"),
    path("me/posts/<int:post_id>/edit/", views.edit_post, name="edit_post"),
]
