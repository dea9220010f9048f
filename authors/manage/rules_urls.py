"""The admin's pages of issue 14 (/desk/manage/workflow/, rescreen/, rules/) and the editors' queues by
group (/desk/stages/, /desk/rules/<rule>/, /desk/rescreen/)."""
from django.urls import path

from moderation.desk import workflow_views as desk

from . import rules_views as views

urlpatterns = [
    path("desk/manage/workflow/", views.workflow, name="manage_workflow"),
    path("desk/manage/workflow/stages/<int:stage_id>/toggle/", views.stage_toggle, name="manage_stage_toggle"),
    path("desk/manage/rescreen/", views.rescreen_runs, name="manage_rescreen"),
    path("desk/manage/rescreen/<int:run_id>/", views.rescreen_run, name="manage_rescreen_run"),
    path("desk/manage/rescreen/<int:run_id>/resume/", views.rescreen_resume, name="manage_rescreen_resume"),
    path("desk/manage/rules/", views.drafts, name="manage_drafts"),
    path("desk/manage/rules/drafts/<int:draft_id>/", views.draft, name="manage_draft"),
    path("desk/manage/rules/backtests/<int:run_id>/", views.backtest, name="manage_backtest"),
    path("desk/manage/rules/versions/<int:version_id>/end/", views.version_end, name="manage_version_end"),
    path("desk/stages/", desk.stage_list, name="stage_list"),
    path("desk/stages/<int:stage_id>/", desk.stage_queue, name="stage_queue"),
    path("desk/stages/<int:stage_id>/next/", desk.stage_next, name="stage_next"),
    path("desk/stages/reviews/<int:review_id>/", desk.stage_review, name="stage_review"),
    path("desk/stages/reviews/<int:review_id>/preview/", desk.stage_preview, name="stage_preview"),
    path("desk/rules/<str:rule>/", desk.rule_queue, name="rule_queue"),
    path("desk/rescreen/", desk.rescreen_queue, name="rescreen_queue"),
    path("desk/rescreen/<int:item_id>/", desk.rescreen_decide, name="rescreen_decide"),
]
