from django.urls import path

from . import quality_views, views

urlpatterns = [
    path("", views.dashboard, name="insights_dashboard"),
    path("export.csv", views.export_csv, name="insights_export"),
    path("rules/", views.rules, name="insights_rules"),
    path("rules/<str:rule>/", views.rule_detail, name="insights_rule"),
    path("late/", views.late, name="insights_late"),
    path("quality/", quality_views.overview, name="insights_quality"),
    path("quality/gold/", quality_views.mark_gold, name="insights_mark_gold"),
    path("quality/gold/mine/", quality_views.my_gold, name="insights_my_gold"),
    path("quality/second/", quality_views.second_list, name="insights_second_list"),
    path("quality/second/<int:review_id>/", quality_views.second_review, name="insights_second_review"),
    path("quality/rulings/<int:review_id>/", quality_views.ruling, name="insights_ruling"),
]
