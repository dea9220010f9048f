"""The site's URLs: each interface keeps its own urls.py (the editors' desk, the JSON API, the
authors' portal, the admin's desk); this file only includes them."""
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from authors.portal import views as portal_views

from .home import home

urlpatterns = [
    path("", home, name="home"),
    path("accounts/login/", portal_views.LoginView.as_view(), name="login"),  # tells a closed account so
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/setlang/", portal_views.set_language, name="set_language"),  # stores an author's choice
    path("", include("moderation.desk.urls")),
    path("", include("authors.portal.urls")),
    path("", include("authors.manage.urls")),
    path("", include("moderation.api.urls")),
    path("", include("insights.urls")),
    path("admin/django-rq/", include("django_rq.urls")),
    path("admin/", admin.site.urls),
]

handler403 = "moderation.desk.views.forbidden"
