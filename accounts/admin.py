from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "timezone", "is_staff"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (
            "Profile",
            {"fields": ["full_name", "timezone", "signature", "phone", "links"]},
        ),
        (
            "Reminders",
            {
                "fields": [
                    "reminders_enabled",
                    "first_reminder_delay_minutes",
                    "evening_reminder_hour",
                    "quiet_hours_start",
                    "quiet_hours_end",
                ]
            },
        ),
        ("Permissions", {"fields": ["is_active", "is_staff", "is_superuser"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})
    ]
