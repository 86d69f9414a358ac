from django.contrib import admin
from django.urls import include, path

from jobtrack import views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("health/", views.health, name="health"),
    path("accounts/", include("accounts.urls")),
    path("letters/", include("letters.urls")),
    path("letters/export/", include("exports.urls")),
    path("insights/", include("insights.urls")),
    path("followup/", include("followup.urls")),
    path("", include("applications.urls")),
    path("", include("overview.urls")),
    path("", include("trash.urls")),
    path("", include("reminders.urls")),
]

handler400 = "jobtrack.views.bad_request"
handler500 = "jobtrack.views.server_error"
