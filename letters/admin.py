from django.contrib import admin

from .models import Letter


@admin.register(Letter)
class LetterAdmin(admin.ModelAdmin):
    list_display = ["subject", "kind", "status", "owner", "updated_at"]
    list_filter = ["kind", "status"]
    search_fields = ["subject", "owner__email"]
    raw_id_fields = ["owner", "application", "interview", "interviewer"]
