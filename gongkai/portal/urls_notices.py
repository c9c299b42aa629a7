"""The 通报 column of a jurisdiction: /j/<code>/notices/…"""

from django.urls import re_path

from gongkai.portal import views_notices

CODE = r"(?P<code>[0-9]{12})"

urlpatterns = [
    re_path(rf"^j/{CODE}/notices/$", views_notices.notices, name="notices"),
    re_path(rf"^j/{CODE}/notices/(?P<pk>[0-9]{{1,18}})/$", views_notices.notice, name="notice"),
    re_path(rf"^j/{CODE}/notices/(?P<pk>[0-9]{{1,18}})\.pdf$", views_notices.notice_pdf, name="notice_pdf"),
]
