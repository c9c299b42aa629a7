"""The 政府信息公开 column screens of a disclosure office: 指南 versions, 制度 documents, 高频事项."""

from django.urls import path

from gongkai.backoffice import views_columns as views

urlpatterns = [
    path("column/", views.columns, name="columns"),
    path("column/<int:pk>/guide/", views.guide, name="column_guide"),
    path("column/guide/<int:pk>/edit/", views.guide_edit, name="column_guide_edit"),
    path("column/guide/<int:pk>/publish/", views.guide_publish, name="column_guide_publish"),
    path("column/guide/<int:pk>/discard/", views.guide_discard, name="column_guide_discard"),
    path("column/<int:pk>/rules/", views.rules, name="column_rules"),
    path("column/<int:pk>/rules/new/", views.rules_create, name="column_rules_create"),
    path("column/rules/<int:pk>/edit/", views.rules_edit, name="column_rules_edit"),
    path("column/rules/<int:pk>/visibility/", views.rules_visibility, name="column_rules_visibility"),
    path("column/<int:pk>/high-frequency/", views.high_frequency, name="column_high_frequency"),
]
