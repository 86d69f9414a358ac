from django.urls import path

from . import export_views

app_name = "exports"

urlpatterns = [
    path("<int:pk>/<str:fmt>/", export_views.letter, name="letter"),
    path("all.zip", export_views.zip_all, name="zip_all"),
    path(
        "application/<int:pk>.zip",
        export_views.zip_application,
        name="zip_application",
    ),
]
