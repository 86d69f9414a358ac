from django.urls import path

from . import sent_link_views, views

app_name = "letters"

urlpatterns = [
    path("", views.letter_list, name="list"),
    path("<int:pk>/", views.letter_edit, name="edit"),
    path("<int:pk>/checklist/", views.letter_checklist_fragment, name="checklist"),
    path("<int:pk>/finish/", views.letter_finish_view, name="finish"),
    path("<int:pk>/sent/", views.letter_mark_sent_view, name="mark_sent"),
    path("<int:pk>/skip/", views.letter_skip_view, name="skip"),
    path("<int:pk>/reopen/", views.letter_reopen_view, name="reopen"),
    path("<int:pk>/regenerate/", views.letter_regenerate_view, name="regenerate"),
    path("<int:pk>/keep/", views.letter_keep_view, name="keep"),
    path("<int:pk>/combine/", views.letter_combine_view, name="combine"),
    path("<int:pk>/history/", views.letter_history, name="history"),
    path("<int:pk>/history/<int:version_pk>/", views.letter_version, name="version"),
    path(
        "<int:pk>/history/<int:version_pk>/restore/",
        views.letter_version_restore,
        name="version_restore",
    ),
    path("withdrawal/<int:pk>/", views.letter_withdrawal, name="withdrawal"),
    path("sent/<str:token>/", sent_link_views.letter_sent_link, name="sent_link"),
]
