"""The overview's pages, at the paths they have always had (bookmarks keep working)."""

from django.urls import path

from . import views

app_name = "overview"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("applications/", views.application_list, name="application_list"),
    path(
        "applications/<int:pk>/",
        views.application_detail,
        name="application_detail",
    ),
    path("interviews/<int:pk>/", views.interview_detail, name="interview_detail"),
    path("accounts/profile/data.json", views.data_export, name="data_export"),
    path("accounts/delete/", views.account_delete_page, name="account_delete"),
]
