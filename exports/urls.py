from django.urls import path

from . import views

app_name = "exports"

urlpatterns = [
    path("<int:pk>/<str:fmt>/", views.letter, name="letter"),
    path("all.zip", views.zip_all, name="zip_all"),
    path(
        "application/<int:pk>.zip",
        views.zip_application,
        name="zip_application",
    ),
    path("interview/<int:pk>.zip", views.zip_interview, name="zip_interview"),
]
