from django.urls import path

from . import views

app_name = "followup"

urlpatterns = [
    path("invite/", views.invite_import, name="invite_import"),
    path("interviews/<int:pk>/calendar.ics", views.interview_ics, name="interview_ics"),
    path("calendar/new/", views.feed_new, name="feed_new"),
    path("calendar/off/", views.feed_stop, name="feed_stop"),
    path("calendar/<str:token>.ics", views.feed, name="feed"),
]
