from django.urls import path

from . import views

app_name = "applications"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("applications/", views.application_list, name="list"),
    path("applications/new/", views.application_create, name="create"),
    path("applications/<int:pk>/", views.application_detail, name="detail"),
    path("applications/<int:pk>/edit/", views.application_edit, name="edit"),
    path("applications/<int:pk>/delete/", views.application_delete, name="delete"),
    path(
        "applications/<int:pk>/ghosted/",
        views.application_ghosted,
        name="ghosted",
    ),
    path(
        "applications/<int:pk>/not-yet/",
        views.application_not_yet,
        name="not_yet",
    ),
    path(
        "applications/<int:pk>/replied/",
        views.application_replied,
        name="replied",
    ),
    path(
        "applications/<int:pk>/people.json",
        views.application_people,
        name="application_people",
    ),
    path("interviews/log/", views.interview_log, name="interview_log"),
    path("interviews/<int:pk>/", views.interview_detail, name="interview_detail"),
    path("interviews/<int:pk>/edit/", views.interview_edit, name="interview_edit"),
    path(
        "interviews/<int:pk>/delete/", views.interview_delete, name="interview_delete"
    ),
    path("trash/", views.trash, name="trash"),
    path(
        "trash/applications/<int:pk>/restore/",
        views.trash_restore_application,
        name="trash_restore_application",
    ),
    path(
        "trash/interviews/<int:pk>/restore/",
        views.trash_restore_interview,
        name="trash_restore_interview",
    ),
]
