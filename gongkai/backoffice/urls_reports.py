from django.urls import path

from gongkai.backoffice import views_reports as v

urlpatterns = [
    path("reports/", v.annual_reports, name="annual_reports"),
    path("reports/import/", v.annual_report_import, name="annual_report_import"),
    path("reports/cases/", v.review_cases, name="review_cases"),
    path("reports/cases/<int:pk>/result/", v.review_case_result, name="review_case_result"),
    path("reports/<int:pk>/", v.annual_report, name="annual_report"),
    path("reports/<int:pk>/recompute/", v.annual_report_recompute, name="annual_report_recompute"),
    path("reports/<int:pk>/publish/", v.annual_report_publish, name="annual_report_publish"),
    path("reports/<int:pk>/report.<str:fmt>", v.annual_report_file, name="annual_report_file"),
    path("reports/<int:pk>/compare/<int:other>/", v.annual_report_compare, name="annual_report_compare"),
]
