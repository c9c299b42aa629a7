from django.urls import path

from gongkai.api import views

app_name = "api"
urlpatterns = [path("", views.root, name="root")]
