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
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
    require_safe,
)

from followup.invite_prefill import (
    invite_attach,
    invite_prefill_forget,
    invite_prefill_load,
)
from insights.record import week_progress
from jobtrack.bounds import parse_id
from jobtrack.templatetags.dates import dated_text
from letters.combining import letters_met_twice
from letters.models import Letter, LetterStatus
from letters.selectors import withdrawal_letter
from reminders.followthrough import (
    application_checkin_replied,
    application_ghost_dismiss,
    application_mark_ghosted,
    checkins_of_application,
)
from reminders.schedule import reminder_next_for_interview

from . import forms
from .dashboard import dashboard_for_user
from .interviews import application_save, interview_update
from .interviews import interview_log as interview_log_rule
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
    application_most_recent,
    application_status_counts,
    applications_with_summary,
    interview_people_rows,
    interviews_overlapping,
)
from .stages import stage_suggest
from .submissions import (
    AlreadySaved,
    submission_check,
    submission_token_new,
    submission_token_parse,
    submitted_once,
)
from .trash import (
    TRASH_KEEPS,
    application_restore,
    application_trash,
    application_trash_contents,
    interview_restore,
    interview_trash,
    interview_trash_contents,
    trash_for_user,
)

PAGE_SIZE = 20


def _get_application_for_user(request: HttpRequest, pk: int) -> Application:
    return get_object_or_404(Application.objects.for_user(request.user), pk=pk)


def _get_interview_for_user(request: HttpRequest, pk: int) -> Interview:
    return get_object_or_404(
        Interview.objects.for_user(request.user).select_related("application"), pk=pk
    )


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
    token = _posted_token(request)
    try:
        if request.method == "POST":
            submission_check(user=request.user, token=token)
        if request.method == "POST" and form.is_valid():
            form.instance.owner = request.user
            application = submitted_once(
                user=request.user, token=token, save=form.save, made=lambda a: a
            )
            messages.success(request, f"Saved {application}.")
            return redirect(application)
    except AlreadySaved as done:
        return _already_saved(request, done.saved)
    return render(
        request,
        "applications/application_form.html",
        {
            "form": form,
            "title": "New application",
            "submission_token": token or submission_token_new(),
        },
    )


@login_required
@require_safe
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = _get_application_for_user(request, pk)
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
        "applications/application_detail.html",
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
@require_http_methods(["GET", "POST"])
def application_edit(request: HttpRequest, pk: int) -> HttpResponse:
    application = _get_application_for_user(request, pk)
    form = forms.ApplicationForm(request.POST or None, instance=application)
    if request.method == "POST" and form.is_valid():
        application = application_save(form=form)
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


def _back(request: HttpRequest) -> HttpResponse:
    """Back to the page the button was on (a local path only), else the dashboard."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("applications:dashboard")


@login_required
@require_POST
def application_ghosted(request: HttpRequest, pk: int) -> HttpResponse:
    application = _get_application_for_user(request, pk)
    skipped = application_mark_ghosted(application=application)
    messages.success(
        request,
        f"{application.company} is marked as ghosted"
        + (
            f"; {skipped} pending reminder{pluralize(skipped)} stopped."
            if skipped
            else "."
        ),
    )
    return _back(request)


@login_required
@require_POST
def application_not_yet(request: HttpRequest, pk: int) -> HttpResponse:
    application = _get_application_for_user(request, pk)
    application_ghost_dismiss(application=application)
    messages.info(
        request,
        f"{application.company} stays open; jobtrack asks again after "
        f"{request.user.ghost_after_days} quiet days.",
    )
    return _back(request)


@login_required
@require_POST
def application_replied(request: HttpRequest, pk: int) -> HttpResponse:
    application = _get_application_for_user(request, pk)
    application_checkin_replied(application=application)
    messages.success(
        request,
        f"Reply from {application.company} recorded; no more check-ins for this round.",
    )
    return _back(request)


@login_required
@require_http_methods(["GET", "POST"])
def application_delete(request: HttpRequest, pk: int) -> HttpResponse:
    if request.method == "POST" and _already_in_trash(Application, request, pk):
        return _to_trash(request)
    application = _get_application_for_user(request, pk)
    if request.method == "POST":
        application_trash(application=application)
        messages.success(
            request,
            f"Moved {application} to the Trash, with everything logged for it. "
            f"You can restore it there for {TRASH_KEEPS.days} days.",
        )
        return redirect("applications:list")
    return render(
        request,
        "applications/application_confirm_delete.html",
        {
            "application": application,
            "contents": application_trash_contents(
                user=request.user, application=application
            ),
            "keep_days": TRASH_KEEPS.days,
            "zip_url": reverse("exports:zip_application", args=[application.pk]),
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


# Saving once -------------------------------------------------------------------------


def _posted_token(request: HttpRequest):
    """The one-time token of the page that posted (None on a GET or without one)."""
    if request.method != "POST":
        return None
    return submission_token_parse(request.POST.get("submission", ""))


def _already_saved(request: HttpRequest, saved) -> HttpResponse:
    """A page posted again (double click, Back and save): show what its first post made."""
    if saved is None:
        messages.warning(
            request, "This page was saved before, and what it saved has been deleted."
        )
        return redirect("applications:dashboard")
    messages.success(
        request,
        "Already saved: this is what you saved from that page. "
        "Nothing was saved a second time.",
    )
    return redirect(saved)


# Interviews ---------------------------------------------------------------------------

# ?application=new: the log page for a new application, whatever was active last.
NEW_APPLICATION = "new"


def _log_page(
    request,
    *,
    form,
    people,
    interview=None,
    invite=None,
    invite_key="",
    token=None,
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
            "submission_token": (token or submission_token_new())
            if interview is None
            else "",
        },
    )


def _saved_message(saved, *, was_done: bool) -> str:
    interview = saved.interview
    n = len(saved.drafts)
    start = "Interview updated." if was_done else "Interview saved."
    if not interview.application.still_interested:
        ready = (
            "a withdrawal letter is ready"
            if n
            else "your withdrawal letter is linked above"
        )
        return f"{start} You are no longer interested, so no thank-you drafts: {ready}."
    if interview.status == InterviewStatus.SCHEDULED:
        when = dated_text(interview.ends_at, "D j M, H:i")
        return (
            f"Saved for {when}. When it is over, open it, add your notes and mark it "
            "done: the letters are drafted then."
        )
    if n:
        verb = "is" if n == 1 else "are"
        return f"{start} {n} draft{pluralize(n)} {verb} ready."
    return start


def _log_application(request: HttpRequest, invite) -> Application | None:
    """The application the log page opens on: the one asked for or the invite's, else
    the most recently active one; ``?application=new`` for a new one."""
    owned = Application.objects.for_user(request.user)
    wanted = request.GET.get("application", "") if request.method == "GET" else ""
    if wanted == NEW_APPLICATION:
        return None
    if wanted:
        return get_object_or_404(owned, pk=parse_id(wanted))
    if invite is not None:
        return owned.filter(pk=invite.application_id).first()
    if request.method == "GET":
        return application_most_recent(user=request.user)
    return None


def _after_log_messages(request: HttpRequest, saved) -> None:
    """What the saved interview runs into: rounds at the same time, a person met twice."""
    interview = saved.interview
    for other in interviews_overlapping(interview=interview):
        messages.warning(
            request,
            f"Saved, but it overlaps another interview: {other.get_stage_display()} "
            f"for {other.application}, ending "
            f"{dated_text(other.ends_at, 'D j M, H:i')}. If one of the times is wrong, "
            "edit that interview.",
        )


@login_required
@require_http_methods(["GET", "POST"])
def interview_log(request: HttpRequest) -> HttpResponse:
    # Filled in from an imported invite (followup.views.invite_import), if one is named.
    invite_key = request.POST.get("invite") or request.GET.get("invite") or ""
    invite = invite_prefill_load(session=request.session, key=invite_key)
    application = _log_application(request, invite)
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
    token = _posted_token(request)
    try:
        if request.method == "POST":
            submission_check(user=request.user, token=token)
        if (
            request.method == "POST"
            and form.is_valid()
            and people.is_valid()
            and form.check_duplicate(entries := people.people())
        ):
            saved = submitted_once(
                user=request.user,
                token=token,
                save=lambda: interview_log_rule(
                    user=request.user,
                    application=form.cleaned_data["application"],
                    new_application=form.new_application(),
                    details=form.interview_details(),
                    people=entries + form.returning_people(),
                    still_interested=form.cleaned_data["still_interested"],
                    withdrawal_reason=form.withdrawal_reason_answer(),
                    decision=form.decision_answer(),
                ),
                made=lambda saved: saved.interview,
            )
            if invite is not None:
                invite_attach(interview=saved.interview, prefill=invite)
                invite_prefill_forget(session=request.session, key=invite_key)
            messages.success(request, _saved_message(saved, was_done=False))
            _after_log_messages(request, saved)
            return redirect(saved.interview)
    except AlreadySaved as done:
        return _already_saved(request, done.saved)
    return _log_page(
        request,
        form=form,
        people=people,
        invite=invite,
        invite_key=invite_key,
        token=token,
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
    drafts = [
        letter
        for letter in interview.letters.all()
        if letter.status == LetterStatus.DRAFT
    ]
    return render(
        request,
        "applications/interview_detail.html",
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
            withdrawal_reason=form.withdrawal_reason_answer(),
            decision=form.decision_answer(),
        )
        messages.success(request, _saved_message(saved, was_done=was_done))
        return redirect(saved.interview)
    return _log_page(request, form=form, people=people, interview=interview)


@login_required
@require_http_methods(["GET", "POST"])
def interview_delete(request: HttpRequest, pk: int) -> HttpResponse:
    if request.method == "POST" and _already_in_trash(Interview, request, pk):
        return _to_trash(request)
    interview = _get_interview_for_user(request, pk)
    application = interview.application
    if request.method == "POST":
        interview_trash(interview=interview)
        messages.success(
            request,
            "Moved the interview to the Trash, with its letters. "
            f"You can restore it there for {TRASH_KEEPS.days} days.",
        )
        return redirect(application)
    return render(
        request,
        "applications/interview_confirm_delete.html",
        {
            "interview": interview,
            "application": application,
            "contents": interview_trash_contents(
                user=request.user, interview=interview
            ),
            "keep_days": TRASH_KEEPS.days,
            "zip_url": reverse("exports:zip_interview", args=[interview.pk]),
        },
    )


def _already_in_trash(model, request: HttpRequest, pk: int) -> bool:
    """A second click on Delete: the first one already moved it to the Trash."""
    return model.objects.trashed_for_user(request.user).filter(pk=pk).exists()


def _to_trash(request: HttpRequest) -> HttpResponse:
    messages.info(request, "It is in the Trash already; you can restore it from here.")
    return redirect("applications:trash")


@login_required
@require_safe
def trash(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "applications/trash.html",
        {"entries": trash_for_user(user=request.user), "keep_days": TRASH_KEEPS.days},
    )


@login_required
@require_POST
def trash_restore_application(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        application = application_restore(user=request.user, pk=pk)
    except Application.DoesNotExist:
        # A second click on Restore finds it restored already; anything else is a 404.
        return redirect(_get_application_for_user(request, pk))
    messages.success(request, f"Restored {application}, with everything logged for it.")
    return redirect(application)


@login_required
@require_POST
def trash_restore_interview(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        interview = interview_restore(user=request.user, pk=pk)
    except Interview.DoesNotExist:
        return redirect(_get_interview_for_user(request, pk))
    messages.success(request, "Restored the interview, with its letters.")
    return redirect(interview)
