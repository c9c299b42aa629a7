"""The working-day calendar (system administrator)."""

from django.urls import path

from gongkai.backoffice import views_calendar as views

urlpatterns = [
    path("calendar/", views.calendar_years, name="calendar"),
    path("calendar/<int:year>/", views.calendar_year, name="calendar_year"),
    path("calendar/<int:year>/remove/", views.calendar_day_remove, name="calendar_day_remove"),
]
