"""Pages that show several parts at once: Today, the applications list, an application's
and an interview's page, and the account's data (its download and the delete page)."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_safe

from accounts.forms import DeleteAccountForm
from applications.forms import ApplicationFilterForm
from applications.models import (
    CLOSED_STATUSES,
    Application,
    ApplicationStatus,
    Interview,
    Interviewer,
    Participation,
)
from applications.selectors import (
    application_of_user_or_404,
    application_status_counts,
)
from insights.record import week_progress
from jobtrack.pagecache import cached_page
from letters.combining import letters_met_twice
from letters.models import Letter, LetterStatus
from letters.selectors import withdrawal_letter
from reminders.followthrough import checkins_of_application
from reminders.schedule import reminder_next_for_interview

from .account_data import account_delete, account_export, account_owned_counts
from .dashboard import dashboard_for_user
from .selectors import applications_with_summary

PAGE_SIZE = 20


def _withdrawal_offer(application: Application) -> dict:
    """For a user who no longer wants the job: the withdrawal letter once it exists,
    else the button that drafts it (`_withdrawal_offer.html`)."""
    if not application.offers_withdrawal:
        return {}
    return {
        "withdrawal_url": reverse("letters:withdrawal", args=[application.pk]),
        "withdrawal_letter": withdrawal_letter(application=application),
    }


def _letters_summary(letters) -> str:
    """'2 drafts, 1 sent' — what a row of interviews shows about its letters."""
    counts: dict[str, int] = {}
    for letter in letters:
        counts[letter.status] = counts.get(letter.status, 0) + 1
    return ", ".join(
        f"{n} draft{pluralize(n)}" if status == LetterStatus.DRAFT else f"{n} {status}"
        for status, n in counts.items()
    )


@login_required
@require_safe
@cached_page
def dashboard(request: HttpRequest) -> HttpResponse:
    board = dashboard_for_user(user=request.user)
    week = week_progress(user=request.user)
    return render(request, "overview/dashboard.html", {"board": board, "week": week})


@login_required
@require_safe
@cached_page
def application_list(request: HttpRequest) -> HttpResponse:
    filters = ApplicationFilterForm(request.GET or None)
    owned = Application.objects.for_user(request.user)
    applications = applications_with_summary(filters.filter(owned)).order_by(
        "-updated_at", "-id"
    )
    page = Paginator(applications, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = application_status_counts(user=request.user)
    status = filters.cleaned_data.get("status", "") if filters.is_bound else ""
    query = filters.cleaned_data.get("q", "") if filters.is_bound else ""
    pills = [("", "All", sum(counts.values()))]
    pills.append(
        (
            ApplicationFilterForm.ACTIVE,
            "Active",
            sum(n for s, n in counts.items() if s not in CLOSED_STATUSES),
        )
    )
    pills += [(s.value, s.label, counts.get(s.value, 0)) for s in ApplicationStatus]
    return render(
        request,
        "overview/application_list.html",
        {
            "page": page,
            "filters": filters,
            "status": status,
            "query": query,
            "pills": pills,
            "total": sum(counts.values()),
        },
    )


@login_required
@require_safe
@cached_page
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_of_user_or_404(user=request.user, pk=pk)
    letters = list(
        Letter.objects.for_user(request.user)
        .filter(application=application)
        .select_related("interviewer", "interview")
        .order_by("-interview__ends_at", "id")
    )
    by_interview: dict[int, list[Letter]] = {}
    for letter in letters:
        by_interview.setdefault(letter.interview_id, []).append(letter)
    interviews = list(
        Interview.objects.for_user(request.user)
        .filter(application=application)
        .annotate(people=Count("participations"))
        .order_by("-ends_at", "-id")
    )
    for interview in interviews:
        interview.letters_summary = _letters_summary(by_interview.get(interview.pk, []))
    people = list(
        Interviewer.objects.for_user(request.user)
        .filter(application=application)
        .annotate(rounds=Count("participations"))
        .order_by("name", "id")
    )
    return render(
        request,
        "overview/application_detail.html",
        {
            "application": application,
            "interviews": interviews,
            "people": people,
            "letters": letters,
            **_withdrawal_offer(application),
            "checkins": checkins_of_application(application=application),
        },
    )


@login_required
@require_safe
@cached_page
def interview_detail(request: HttpRequest, pk: int) -> HttpResponse:
    interview = get_object_or_404(
        Interview.objects.for_user(request.user)
        .select_related("application", "invite")
        .prefetch_related(
            Prefetch(
                "participations",
                queryset=Participation.objects.select_related("interviewer"),
            ),
            Prefetch(
                "letters",
                queryset=Letter.objects.select_related("interviewer").order_by("id"),
            ),
        ),
        pk=pk,
    )
    drafts = [
        letter
        for letter in interview.letters.all()
        if letter.status == LetterStatus.DRAFT
    ]
    return render(
        request,
        "overview/interview_detail.html",
        {
            "interview": interview,
            "application": interview.application,
            "is_over": interview.ends_at <= timezone.now(),
            **_withdrawal_offer(interview.application),
            "first_draft": drafts[0] if drafts else None,
            "next_reminder": reminder_next_for_interview(interview=interview),
            "met_twice": letters_met_twice(
                interview=interview,
                letters=interview.letters.all(),
                zone=request.user.zone,
            ),
            "zone_name": request.user.timezone,
        },
    )


@login_required
@require_http_methods(["GET"])
def data_export(request: HttpRequest) -> HttpResponse:
    data = account_export(user=request.user)
    filename = f"jobtrack-data-{timezone.localdate().isoformat()}.json"
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "no-store"
    return response


@sensitive_post_parameters("password")
@login_required
@require_http_methods(["GET", "POST"])
def account_delete_page(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        account_delete(user=request.user)
        logout(request)
        messages.success(
            request,
            "Your account and everything in it are deleted. Good luck out there!",
        )
        return redirect("accounts:login")
    return render(
        request,
        "overview/account_delete.html",
        {"form": form, "counts": account_owned_counts(user=request.user)},
    )
