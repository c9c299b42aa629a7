"""The 政府信息公开 column of a jurisdiction: /j/<code>/guide/, /rules/, /proactive/ (stable paths)."""

from django.urls import re_path

from gongkai.portal import views_column as views

CODE = r"(?P<code>[0-9]{12})"

urlpatterns = [
    re_path(rf"^j/{CODE}/guide/$", views.guide, name="guide"),
    re_path(rf"^j/{CODE}/guide/v/(?P<number>[0-9]{{1,9}})/$", views.guide_version, name="guide_version"),
    re_path(rf"^j/{CODE}/rules/$", views.rules, name="rules"),
    re_path(rf"^j/{CODE}/rules/(?P<pk>[0-9]{{1,18}})/$", views.rules_document, name="rules_document"),
    re_path(rf"^j/{CODE}/rules/(?P<pk>[0-9]{{1,18}})/file$", views.rules_attachment, name="rules_attachment"),
    re_path(rf"^j/{CODE}/proactive/$", views.proactive, name="proactive"),
]
