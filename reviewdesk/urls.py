from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from moderation import api, views as desk_views

from .home import home

urlpatterns = [
    path("", home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("desk/", desk_views.queue, name="queue"),
    path("desk/next/", desk_views.next_post, name="next_post"),
    path("desk/posts/<int:post_id>/", desk_views.review, name="review"),
    path("desk/posts/<int:post_id>/decide/", desk_views.decide, name="decide"),
    path("desk/posts/<int:post_id>/release/", desk_views.release, name="release"),
    path("desk/findings/<int:finding_id>/dismiss/", desk_views.dismiss_finding, name="dismiss_finding"),
    path("images/<int:image_id>/", desk_views.image, name="image"),
    path("", include("authors.urls")),
    path("api/v1/openapi.json", api.openapi, name="api_openapi"),
    path("api/v1/posts", api.posts, name="api_posts"),
    path("api/v1/posts/<int:post_id>", api.post_detail, name="api_post"),
    path("api/v1/posts/<int:post_id>/edit", api.post_edit, name="api_post_edit"),
    path("api/v1/posts/<int:post_id>/resubmit", api.post_resubmit, name="api_post_resubmit"),
    path("admin/django-rq/", include("django_rq.urls")),
    path("admin/", admin.site.urls),
]

handler403 = "moderation.views.forbidden"
