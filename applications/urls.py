from django.urls import path

from . import views

app_name = "applications"

urlpatterns = [
    path("applications/new/", views.application_create, name="create"),
    path("applications/<int:pk>/edit/", views.application_edit, name="edit"),
    path(
        "applications/<int:pk>/people.json",
        views.application_people,
        name="application_people",
    ),
    path("interviews/log/", views.interview_log, name="interview_log"),
    path("interviews/<int:pk>/edit/", views.interview_edit, name="interview_edit"),
]
