"""Pages for applications and interviews: load through ``for_user``, validate, call a rule."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_safe

from followup.invite_prefill import (
    invite_attach,
    invite_prefill_forget,
    invite_prefill_load,
)
from insights.record import week_progress
from jobtrack.bounds import parse_id
from letters.models import Letter, LetterStatus

from . import forms
from .dashboard import dashboard_for_user
from .interviews import interview_log as interview_log_rule
from .interviews import interview_update
from .models import (
    CLOSED_STATUSES,
    Application,
    ApplicationStatus,
    Greeting,
    Interview,
    Interviewer,
    InterviewStatus,
    Participation,
)
from .selectors import (
    application_status_counts,
    applications_with_summary,
    interview_people_rows,
)
from .stages import stage_suggest

PAGE_SIZE = 20


def _get_application_for_user(request: HttpRequest, pk: int) -> Application:
    return get_object_or_404(Application.objects.for_user(request.user), pk=pk)


def _get_interview_for_user(request: HttpRequest, pk: int) -> Interview:
    return get_object_or_404(
        Interview.objects.for_user(request.user).select_related("application"), pk=pk
    )


def _withdrawal_url(application: Application) -> str | None:
    if not application.offers_withdrawal:
        return None
    return reverse("letters:withdrawal", args=[application.pk])


def _letters_summary(letters) -> str:
    """'2 drafts, 1 sent' — what a row of interviews shows about its letters."""
    counts: dict[str, int] = {}
    for letter in letters:
        counts[letter.status] = counts.get(letter.status, 0) + 1
    return ", ".join(
        f"{n} draft{pluralize(n)}" if status == LetterStatus.DRAFT else f"{n} {status}"
        for status, n in counts.items()
    )


# Dashboard ----------------------------------------------------------------------------


@login_required
@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    board = dashboard_for_user(user=request.user)
    week = week_progress(user=request.user)
    return render(
        request, "applications/dashboard.html", {"board": board, "week": week}
    )


# Applications -------------------------------------------------------------------------


@login_required
@require_safe
def application_list(request: HttpRequest) -> HttpResponse:
    filters = forms.ApplicationFilterForm(request.GET or None)
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
            forms.ApplicationFilterForm.ACTIVE,
            "Active",
            sum(n for s, n in counts.items() if s not in CLOSED_STATUSES),
        )
    )
    pills += [(s.value, s.label, counts.get(s.value, 0)) for s in ApplicationStatus]
    return render(
        request,
        "applications/application_list.html",
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
@require_http_methods(["GET", "POST"])
def application_create(request: HttpRequest) -> HttpResponse:
    form = forms.ApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.instance.owner = request.user
        application = form.save()
        messages.success(request, f"Saved {application}.")
        return redirect(application)
    return render(
        request,
        "applications/application_form.html",
        {"form": form, "title": "New application"},
    )


@login_required
@require_safe
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = _get_application_for_user(request, pk)
    letters = list(
        Letter.objects.for_user(request.user)
        .filter(interview__application=application)
        .select_related("interviewer", "interview")
        .order_by("-interview__ends_at", "id")
    )
    by_interview: dict[int, list[Letter]] = {}
    for letter in letters:
        by_interview.setdefault(letter.interview_id, []).append(letter)
    interviews = list(
        application.interviews.annotate(people=Count("participations")).order_by(
            "-ends_at", "-id"
        )
    )
    for interview in interviews:
        interview.letters_summary = _letters_summary(by_interview.get(interview.pk, []))
    people = list(
        application.interviewers.annotate(rounds=Count("participations")).order_by(
            "name", "id"
        )
    )
    return render(
        request,
        "applications/application_detail.html",
        {
            "application": application,
            "interviews": interviews,
            "people": people,
            "letters": letters,
            "withdrawal_url": _withdrawal_url(application),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_edit(request: HttpRequest, pk: int) -> HttpResponse:
    application = _get_application_for_user(request, pk)
    form = forms.ApplicationForm(request.POST or None, instance=application)
    if request.method == "POST" and form.is_valid():
        application = form.save()
        messages.success(request, "Changes saved.")
        if application.offers_withdrawal and {
            "status",
            "still_interested",
        } & set(form.changed_data):
            messages.info(
                request,
                "No longer interested? A short withdrawal letter keeps the door open.",
            )
        return redirect(application)
    return render(
        request,
        "applications/application_form.html",
        {"form": form, "application": application, "title": f"Edit {application}"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_delete(request: HttpRequest, pk: int) -> HttpResponse:
    application = _get_application_for_user(request, pk)
    if request.method == "POST":
        name = str(application)
        application.delete()
        messages.success(request, f"Deleted {name} and everything logged for it.")
        return redirect("applications:list")
    return render(
        request,
        "applications/application_confirm_delete.html",
        {
            "application": application,
            "interview_count": application.interviews.count(),
            "letter_count": Letter.objects.filter(
                interview__application=application
            ).count(),
        },
    )


@login_required
@require_GET
def application_people(request: HttpRequest, pk: int) -> JsonResponse:
    """For the log form: who was met at this application, and the stage that comes next."""
    application = _get_application_for_user(request, pk)
    people = [
        {
            "id": person.pk,
            "name": person.name,
            "title": person.title,
            "email": person.email,
            "is_coordinator": person.is_coordinator,
            "greeting": person.last_greeting or Greeting.FORMAL,
        }
        for person in Interviewer.objects.for_user(request.user)
        .filter(application=application)
        .with_last_greeting()
    ]
    return JsonResponse(
        {
            "company": application.company,
            "stage": stage_suggest(application=application),
            "people": people,
        }
    )


# Interviews ---------------------------------------------------------------------------


def _log_page(
    request, *, form, people, interview=None, invite=None, invite_key=""
) -> HttpResponse:
    return render(
        request,
        "applications/interview_form.html",
        {
            "form": form,
            "people": people,
            "interview": interview,
            "zone_name": request.user.timezone,
            "invite": invite,
            "invite_key": invite_key,
        },
    )


def _saved_message(saved, *, was_done: bool) -> str:
    interview = saved.interview
    n = len(saved.drafts)
    start = "Interview updated." if was_done else "Interview saved."
    if not interview.application.still_interested:
        ready = (
            "a withdrawal letter is ready" if n else "see the withdrawal letter below"
        )
        return f"{start} You are no longer interested, so no thank-you drafts: {ready}."
    if interview.status == InterviewStatus.SCHEDULED:
        when = timezone.localtime(interview.ends_at).strftime("%a %d %b, %H:%M")
        return (
            f"Saved for {when}. When it is over, open it, add your notes and mark it "
            "done: the letters are drafted then."
        )
    if n:
        verb = "is" if n == 1 else "are"
        return f"{start} {n} draft{pluralize(n)} {verb} ready."
    return start


@login_required
@require_http_methods(["GET", "POST"])
def interview_log(request: HttpRequest) -> HttpResponse:
    application = None
    if request.method == "GET" and request.GET.get("application"):
        application = get_object_or_404(
            Application.objects.for_user(request.user),
            pk=parse_id(request.GET["application"]),
        )
    # Filled in from an imported invite (followup.views.invite_import), if one is named.
    invite_key = request.POST.get("invite") or request.GET.get("invite") or ""
    invite = invite_prefill_load(session=request.session, key=invite_key)
    if invite is not None and application is None and invite.application_id:
        application = (
            Application.objects.for_user(request.user)
            .filter(pk=invite.application_id)
            .first()
        )
    initial = {"stage": stage_suggest(application=application)}
    if application is not None:
        initial["application"] = application.pk
        initial["still_interested"] = "yes" if application.still_interested else "no"
    if invite is not None:
        initial.update(invite.form_initial())
    form = forms.InterviewForm(
        request.POST or None,
        user=request.user,
        application=application,
        initial=initial,
    )
    invited = invite.people if invite is not None else []
    PeopleFormSet = forms.people_formset_class(people_known=bool(invited))
    people = PeopleFormSet(
        request.POST or None, prefix=forms.PEOPLE_PREFIX, initial=invited
    )
    if request.method == "POST" and form.is_valid() and people.is_valid():
        saved = interview_log_rule(
            user=request.user,
            application=form.cleaned_data["application"],
            new_application=form.new_application(),
            details=form.interview_details(),
            people=people.people() + form.returning_people(),
            still_interested=form.cleaned_data["still_interested"],
            decision=form.decision_answer(),
        )
        if invite is not None:
            invite_attach(interview=saved.interview, prefill=invite)
            invite_prefill_forget(session=request.session, key=invite_key)
        messages.success(request, _saved_message(saved, was_done=False))
        return redirect(saved.interview)
    return _log_page(
        request, form=form, people=people, invite=invite, invite_key=invite_key
    )


@login_required
@require_safe
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
    return render(
        request,
        "applications/interview_detail.html",
        {
            "interview": interview,
            "application": interview.application,
            "is_over": interview.ends_at <= timezone.now(),
            "withdrawal_url": _withdrawal_url(interview.application),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def interview_edit(request: HttpRequest, pk: int) -> HttpResponse:
    interview = _get_interview_for_user(request, pk)
    was_done = interview.is_done
    initial = {}
    if request.method == "GET" and request.GET.get("done") and not was_done:
        initial["status"] = InterviewStatus.DONE
    form = forms.InterviewForm(
        request.POST or None, user=request.user, instance=interview, initial=initial
    )
    initial_people = interview_people_rows(interview=interview)
    PeopleFormSet = forms.people_formset_class(people_known=bool(initial_people))
    people = PeopleFormSet(
        request.POST or None, prefix=forms.PEOPLE_PREFIX, initial=initial_people
    )
    if request.method == "POST" and form.is_valid() and people.is_valid():
        saved = interview_update(
            interview=interview,
            details=form.interview_details(),
            people=people.people() + form.returning_people(),
            still_interested=form.cleaned_data["still_interested"],
            decision=form.decision_answer(),
        )
        messages.success(request, _saved_message(saved, was_done=was_done))
        return redirect(saved.interview)
    return _log_page(request, form=form, people=people, interview=interview)


@login_required
@require_http_methods(["GET", "POST"])
def interview_delete(request: HttpRequest, pk: int) -> HttpResponse:
    interview = _get_interview_for_user(request, pk)
    application = interview.application
    if request.method == "POST":
        interview.delete()
        messages.success(request, "Interview deleted, with its letters.")
        return redirect(application)
    return render(
        request,
        "applications/interview_confirm_delete.html",
        {
            "interview": interview,
            "application": application,
            "letter_count": interview.letters.count(),
        },
    )
