from django.contrib import admin

from .models import Application, Interview, Interviewer, Participation


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0
    raw_id_fields = ["interviewer"]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["company", "role", "status", "owner", "updated_at"]
    list_filter = ["status"]
    search_fields = ["company", "role", "owner__email"]
    raw_id_fields = ["owner"]


@admin.register(Interview)
class InterviewAdmin(admin.ModelAdmin):
    list_display = ["application", "stage", "format", "status", "ends_at", "owner"]
    list_filter = ["stage", "format", "status"]
    raw_id_fields = ["owner", "application"]
    list_select_related = ["application"]
    inlines = [ParticipationInline]


@admin.register(Interviewer)
class InterviewerAdmin(admin.ModelAdmin):
    list_display = ["name", "title", "email", "application", "owner"]
    search_fields = ["name", "email"]
    raw_id_fields = ["owner", "application"]
    list_select_related = ["application"]
