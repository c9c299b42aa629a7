"""Oversight screens: findings, inspections and self-checks, answering and waiving a finding."""

from django.urls import path

from gongkai.backoffice import views_oversight as views
from gongkai.backoffice import views_tasks

urlpatterns = [
    path("oversight/", views.findings, name="oversight"),
    path("oversight/inspections/", views.inspections, name="oversight_inspections"),
    path("oversight/scores/", views.scores, name="oversight_scores"),
    path("oversight/thresholds/", views.stale_thresholds, name="oversight_thresholds"),
    path("oversight/notices/", views.notices, name="oversight_notices"),
    path("oversight/inspections/<int:pk>/notice/", views.notice_draft, name="oversight_notice_draft"),
    path("oversight/notices/<int:pk>/", views.notice_detail, name="oversight_notice"),
    path("oversight/notices/<int:pk>/publish/", views.notice_publish, name="oversight_notice_publish"),
    path("oversight/notices/<int:pk>.<str:fmt>", views.notice_download, name="oversight_notice_download"),
    path("oversight/inspections/run/", views.inspection_run, name="oversight_run"),
    path("oversight/inspections/<int:pk>/", views.inspection_detail, name="oversight_inspection"),
    path("oversight/inspections/<int:pk>/rerun/", views.inspection_rerun, name="oversight_inspection_rerun"),
    path("oversight/findings/<int:pk>/", views.finding_detail, name="oversight_finding"),
    path("oversight/findings/<int:pk>/<str:move>/", views.finding_move, name="oversight_finding_move"),
    path("oversight/tasks/", views_tasks.tasks, name="oversight_tasks"),
    path("oversight/tasks/new/", views_tasks.task_create, name="oversight_task_create"),
    path("oversight/tasks/import/", views_tasks.tasks_import, name="oversight_tasks_import"),
    path("oversight/tasks/export.xlsx", views_tasks.tasks_export, name="oversight_tasks_export"),
    path("oversight/tasks/<int:pk>/", views_tasks.task_detail, name="oversight_task"),
    path("oversight/tasks/<int:pk>/edit/", views_tasks.task_edit, name="oversight_task_edit"),
    path("oversight/tasks/<int:pk>/attachment/", views_tasks.task_attachment, name="oversight_task_attachment"),
    path("oversight/tasks/<int:pk>/<str:move>/", views_tasks.task_move, name="oversight_task_move"),
]
