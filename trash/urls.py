"""Delete (to the Trash), the Trash page and restore, at the paths they have always had."""

from django.urls import path

from . import views

app_name = "trash"

APPLICATION = {"kind": "application"}
INTERVIEW = {"kind": "interview"}

urlpatterns = [
    path("trash/", views.index, name="index"),
    path(
        "applications/<int:pk>/delete/",
        views.delete,
        APPLICATION,
        name="application_delete",
    ),
    path(
        "interviews/<int:pk>/delete/", views.delete, INTERVIEW, name="interview_delete"
    ),
    path(
        "trash/applications/<int:pk>/restore/",
        views.restore,
        APPLICATION,
        name="restore_application",
    ),
    path(
        "trash/interviews/<int:pk>/restore/",
        views.restore,
        INTERVIEW,
        name="restore_interview",
    ),
]
