"""Interaction screens: messages (留言办理) and responses to public concern (回应关切)."""

from django.urls import path

from gongkai.backoffice import views_interaction as views

urlpatterns = [
    path("messages/", views.message_list, name="messages"),
    path("messages/limit/", views.message_limit, name="message_limit"),
    path("messages/<int:pk>/", views.message_detail, name="message"),
    path("concerns/", views.concern_list, name="concerns"),
    path("concerns/new/", views.concern_new, name="concern_new"),
    path("concerns/<int:pk>/", views.concern_detail, name="concern"),
]
