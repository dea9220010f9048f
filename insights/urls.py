"""The insights pages: the admins' and editors' pages under /desk/manage/insights/, and the
authors' inbox under /me/."""
from django.urls import include, path

urlpatterns = [
    path("desk/manage/insights/", include("insights.manage.urls")),
    path("me/", include("insights.portal.urls")),
]
