"""Mounted at the site root, so the application actions keep their paths."""

from django.urls import path

from . import views

app_name = "reminders"

urlpatterns = [
    path(
        "applications/<int:pk>/ghosted/",
        views.application_ghosted,
        name="application_ghosted",
    ),
    path(
        "applications/<int:pk>/not-yet/",
        views.application_not_yet,
        name="application_not_yet",
    ),
    path(
        "applications/<int:pk>/replied/",
        views.application_replied,
        name="application_replied",
    ),
    path("reminders/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
