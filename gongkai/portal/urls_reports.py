"""The annual-report column of a jurisdiction: /j/<code>/reports/…"""

from django.urls import re_path

from gongkai.portal import views_reports

CODE = r"(?P<code>[0-9]{12})"

urlpatterns = [
    re_path(rf"^j/{CODE}/reports/$", views_reports.annual_reports, name="annual_reports"),
    re_path(rf"^j/{CODE}/reports/(?P<pk>[0-9]+)/$", views_reports.annual_report, name="annual_report"),
    re_path(rf"^j/{CODE}/reports/(?P<pk>[0-9]+)/compare/(?P<other>[0-9]+)/$", views_reports.annual_report_compare,
            name="annual_report_compare"),
    re_path(rf"^j/{CODE}/reports/(?P<pk>[0-9]+)\.(?P<fmt>docx|pdf)$", views_reports.annual_report_download,
            name="annual_report_download"),
]
