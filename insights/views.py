"""Insights and the work-search record: thin views over insights' figures and record."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.http import (
    content_disposition_header,
    url_has_allowed_host_and_scheme,
)
from django.views.decorators.http import require_GET, require_http_methods

from applications.models import Application, Interview, InterviewStatus
from jobtrack.pagecache import cached_page

from . import charts
from .entries import (
    activity_hidden_set,
    entry_edit_save,
    entry_hidden_set,
    entry_initial,
    entry_restore,
)
from .export import record_export
from .figures import insights_for_user
from .forms import ActivityForm, EntryForm, ExportForm, PeriodForm, RangeForm
from .models import Activity, ActivityKind
from .record import automatic_entry, record_page, week_progress
from .tasks import insights_refresh_task

PAGE_SIZE = 50
DEFAULT_WEEKS = 4


@login_required
@require_GET
@cached_page
def overview(request: HttpRequest) -> HttpResponse:
    form = PeriodForm(request.GET or None)
    figures = insights_for_user(
        user=request.user,
        period=form.chosen(),
        company_page=request.GET.get("page"),
        enqueue_refresh=insights_refresh_task.delay,
    )
    response = render(
        request,
        "insights/overview.html",
        {
            "form": form,
            "figures": figures,
            "periods": PeriodForm.base_fields["period"].choices,
            "funnel_chart": charts.funnel_chart(figures.funnel),
            "response_chart": charts.response_chart(figures.responses),
            "weekly_chart": charts.weekly_columns(figures.weeks),
            "series": charts.SERIES,
        },
    )
    if figures.stale:
        # Newer figures are on their way: the browser must not answer a reload itself.
        add_never_cache_headers(response)
    return response


def _default_range(user) -> dict:
    today = timezone.now().astimezone(user.zone).date()
    monday = today - dt.timedelta(days=today.weekday())
    return {"start": monday - dt.timedelta(weeks=DEFAULT_WEEKS - 1), "end": today}


def _range(request: HttpRequest) -> tuple[RangeForm, dict]:
    form = RangeForm(request.GET if "start" in request.GET else None)
    if form.is_valid():
        return form, form.cleaned_data
    return form, _default_range(request.user)


@login_required
@require_GET
@cached_page
def record(request: HttpRequest) -> HttpResponse:
    form, period = _range(request)
    if not form.is_bound:
        form = RangeForm(initial=period)
    page = record_page(
        user=request.user,
        start=period["start"],
        end=period["end"],
        number=request.GET.get("page"),
        per_page=PAGE_SIZE,
    )
    return render(
        request,
        "insights/record.html",
        {
            "form": form,
            "period": period,
            "page": page,
            "export_form": ExportForm(initial={**period, "layout": "us", "fmt": "pdf"}),
            "week": week_progress(user=request.user),
            "back": request.get_full_path(),
        },
    )


def _back(request: HttpRequest) -> str:
    back = request.POST.get("back") or request.GET.get("back") or ""
    record_url = reverse("insights:record")
    if back.startswith(record_url) and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}
    ):
        return back
    return record_url


@login_required
@require_http_methods(["GET", "POST"])
def activity_add(request: HttpRequest) -> HttpResponse:
    form = ActivityForm(
        request.POST or None,
        initial={"date": timezone.now().astimezone(request.user.zone).date()},
    )
    if request.method == "POST" and form.is_valid():
        form.instance.owner = request.user
        form.save()
        messages.success(request, "Activity added to your work-search record.")
        return redirect(_back(request))
    return render(
        request,
        "insights/entry_form.html",
        {"form": form, "title": "Add an activity", "back": _back(request)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_object_or_404(Activity.objects.for_user(request.user), pk=pk)
    action = request.POST.get("action", "save")
    if request.method == "POST" and action in ("hide", "show"):
        activity_hidden_set(activity=activity, hidden=action == "hide")
        return redirect(_back(request))
    if request.method == "POST" and action == "delete":
        activity.delete()
        messages.success(request, "Activity deleted from your record.")
        return redirect(_back(request))
    form = ActivityForm(request.POST or None, instance=activity)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Activity saved.")
        return redirect(_back(request))
    return render(
        request,
        "insights/entry_form.html",
        {
            "form": form,
            "title": "Edit the activity",
            "activity": activity,
            "back": _back(request),
        },
    )


def _automatic(request: HttpRequest, *, kind: str, source) -> HttpResponse:
    user = request.user
    action = request.POST.get("action", "save")
    if request.method == "POST" and action in ("hide", "show"):
        entry_hidden_set(user=user, kind=kind, source=source, hidden=action == "hide")
        return redirect(_back(request))
    if request.method == "POST" and action == "restore":
        entry_restore(user=user, kind=kind, source=source)
        messages.success(request, "The entry shows what was recorded automatically.")
        return redirect(_back(request))
    entry = automatic_entry(user=user, kind=kind, pk=source.pk)
    form = EntryForm(request.POST or None, initial=entry_initial(entry))
    if request.method == "POST" and form.is_valid():
        entry_edit_save(user=user, kind=kind, source=source, values=form.cleaned_data)
        messages.success(request, "Entry saved.")
        return redirect(_back(request))
    return render(
        request,
        "insights/entry_form.html",
        {
            "form": form,
            "title": f"Edit the {ActivityKind(kind).label.lower()} entry",
            "entry": entry,
            "source": source,
            "back": _back(request),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_entry(request: HttpRequest, pk: int) -> HttpResponse:
    source = get_object_or_404(Application.objects.for_user(request.user), pk=pk)
    return _automatic(request, kind=ActivityKind.APPLICATION, source=source)


@login_required
@require_http_methods(["GET", "POST"])
def interview_entry(request: HttpRequest, pk: int) -> HttpResponse:
    source = get_object_or_404(
        Interview.objects.for_user(request.user).filter(status=InterviewStatus.DONE),
        pk=pk,
    )
    return _automatic(request, kind=ActivityKind.INTERVIEW, source=source)


@login_required
@require_GET
def export(request: HttpRequest) -> HttpResponse:
    form = ExportForm(request.GET)
    if not form.is_valid():
        return render(request, "insights/export_error.html", {"form": form}, status=400)
    data = form.cleaned_data
    content_type, name, chunks = record_export(
        user=request.user,
        layout=data["layout"],
        fmt=data["fmt"],
        start=data["start"],
        end=data["end"],
    )
    response = StreamingHttpResponse(chunks, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, name)
    response["Cache-Control"] = "private, no-store"
    return response
