from django.contrib import admin

from .models import Reminder


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
