"""Consultation screens (征求意见): drafts, publishing, moderating comments, closing, the feedback summary,
hearings, and the yearly list of major decisions."""

from django.urls import path

from gongkai.backoffice import views_consultations as views

urlpatterns = [
    path("consultations/", views.consultations, name="consultations"),
    path("consultations/new/", views.consultation_new, name="consultation_new"),
    path("consultations/<int:pk>/", views.consultation, name="consultation"),
    path("consultations/<int:pk>/edit/", views.consultation_edit, name="consultation_edit"),
    path("consultation-decisions/", views.decision_lists, name="decision_lists"),
    path("consultation-decisions/<int:pk>/", views.decision_list, name="decision_list"),
]
