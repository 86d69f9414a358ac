from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("letters/", include("letters.urls")),
    path("letters/export/", include("letters.export_urls")),
    path("reminders/", include("letters.reminder_urls")),
    path("followup/", include("followup.urls")),
    path("", include("applications.urls")),
]
