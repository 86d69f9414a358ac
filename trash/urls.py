"""Delete (to the Trash), the Trash page and restore, at the paths they have always had."""

from django.urls import path

from . import views

app_name = "trash"

urlpatterns = [
    path(
        "applications/<int:pk>/delete/",
        views.application_delete,
        name="application_delete",
    ),
    path(
        "interviews/<int:pk>/delete/",
        views.interview_delete,
        name="interview_delete",
    ),
    path("trash/", views.index, name="index"),
    path(
        "trash/applications/<int:pk>/restore/",
        views.restore_application,
        name="restore_application",
    ),
    path(
        "trash/interviews/<int:pk>/restore/",
        views.restore_interview,
        name="restore_interview",
    ),
]
