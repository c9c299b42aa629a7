"""征求意见 on the portal: /j/<code>/consultations/…"""

from django.urls import re_path

from gongkai.portal import views_consultations as views

CODE = r"(?P<code>[0-9]{12})"

urlpatterns = [
    re_path(rf"^j/{CODE}/consultations/$", views.consultations, name="consultations"),
    re_path(rf"^j/{CODE}/consultations/(?P<pk>[0-9]{{1,18}})/$", views.consultation, name="consultation"),
    re_path(rf"^j/{CODE}/consultations/decisions/(?P<year>[0-9]{{4}})/$", views.decision_list,
            name="decision_list"),
]
