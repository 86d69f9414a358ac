from django.urls import path

from . import views

app_name = "insights"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("record/", views.record, name="record"),
    path("record/add/", views.activity_add, name="activity_add"),
    path("record/export/", views.export, name="export"),
    path("record/activities/<int:pk>/", views.activity_edit, name="activity_edit"),
    path(
        "record/applications/<int:pk>/",
        views.application_entry,
        name="application_entry",
    ),
    path("record/interviews/<int:pk>/", views.interview_entry, name="interview_entry"),
]
