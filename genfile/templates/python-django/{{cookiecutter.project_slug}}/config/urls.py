"""URL routes of {{ cookiecutter.project_name }}."""

from django.urls import path

from api import views

urlpatterns = [
    path("health", views.health, name="health"),
    path("hello", views.hello, name="hello"),
]
