"""互动交流 on the portal: published messages and their answers, writing a message, following it by its query code,
and the responses to public concern."""

from django.urls import path, re_path

from gongkai.portal import views_messages as views

CODE = r"(?P<code>[0-9]{12})"

urlpatterns = [
    re_path(rf"^j/{CODE}/messages/$", views.message_list, name="messages"),
    re_path(rf"^j/{CODE}/messages/new/$", views.message_new, name="message_new"),
    re_path(rf"^j/{CODE}/messages/(?P<pk>[0-9]{{1,12}})/$", views.message_detail, name="message"),
    path("messages/submitted/", views.message_submitted, name="message_submitted"),
    path("messages/track/", views.message_track, name="message_track"),
    re_path(rf"^j/{CODE}/concerns/$", views.concern_list, name="concerns"),
]
