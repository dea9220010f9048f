from django.urls import path

from . import views

urlpatterns = [
    path("", views.dashboard, name="insights_dashboard"),
    path("export.csv", views.export_csv, name="insights_export"),
    path("rules/", views.rules, name="insights_rules"),
    path("rules/<str:rule>/", views.rule_detail, name="insights_rule"),
    path("late/", views.late, name="insights_late"),
]
