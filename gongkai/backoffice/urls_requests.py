"""依申请公开: the list, registering a request, the request page, its actions and its reply letter."""

from django.urls import path

from gongkai.backoffice import views_requests as views

urlpatterns = [
    path("requests/", views.request_list, name="requests"),
    path("requests/register/", views.request_register, name="request_register"),
    path("requests/<int:pk>/", views.request_detail, name="request"),
    path("requests/<int:pk>/do/<slug:action>/", views.request_action, name="request_action"),
    path("requests/<int:pk>/letter.<str:fmt>", views.request_letter, name="request_letter"),
    path("requests/clock-settings/", views.clock_settings, name="clock_settings"),
    path("requests/clock-settings/<int:pk>/", views.clock_setting_edit, name="clock_setting_edit"),
    path("requests/letters/", views.letter_templates, name="letter_templates"),
    path("requests/letters/<str:code>/<slug:reply_type>/", views.letter_template_edit, name="letter_template_edit"),
    path("requests/letters/<str:code>/<slug:reply_type>/revert/", views.letter_template_revert,
         name="letter_template_revert"),
]
