from django.urls import path

from . import reminder_views

app_name = "reminders"

urlpatterns = [
    path("unsubscribe/<str:token>/", reminder_views.unsubscribe, name="unsubscribe"),
]
