from django.contrib import admin

from .models import Letter, Reminder


@admin.register(Letter)
class LetterAdmin(admin.ModelAdmin):
    list_display = ["subject", "kind", "status", "owner", "updated_at"]
    list_filter = ["kind", "status"]
    search_fields = ["subject", "owner__email"]
    raw_id_fields = ["owner", "interview", "interviewer"]


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = [
        "interview",
        "kind",
        "due_at",
        "sent_at",
        "failed_at",
        "skipped_at",
        "attempts",
    ]
    list_filter = ["kind"]
    raw_id_fields = ["owner", "interview"]
