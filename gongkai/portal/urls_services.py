"""我要办 next to 我要看: a jurisdiction's 办事指南 (/j/<code>/services/…), its 办事一本通, its 政务公开专区, and the
kiosk mode of a service hall's touch terminal (/kiosk/<code>/)."""

from django.urls import path, re_path

from gongkai.portal import views_services

CODE = r"(?P<code>[0-9]{12})"

urlpatterns = [
    re_path(rf"^j/{CODE}/services/$", views_services.guides, name="services"),
    re_path(rf"^j/{CODE}/services/(?P<pk>[0-9]{{1,18}})/$", views_services.guide, name="service"),
    re_path(rf"^j/{CODE}/services/handbook\.pdf$", views_services.handbook_pdf, name="services_handbook"),
    re_path(rf"^j/{CODE}/zones/$", views_services.zones, name="zones"),
    re_path(rf"^kiosk/{CODE}/$", views_services.kiosk_start, name="kiosk"),
    path("kiosk/exit/", views_services.kiosk_exit, name="kiosk_exit"),
]
