"""Production URLs plus two reference views; never mounted outside the benchmark."""

from django.urls import path

from jobtrack.urls import urlpatterns as app_urlpatterns

from . import views

urlpatterns = [
    path("bench/bare/", views.bare, name="bench_bare"),
    path("bench/signed-in/", views.signed_in, name="bench_signed_in"),
    *app_urlpatterns,
]
