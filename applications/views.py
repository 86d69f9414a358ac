"""Entering applications and logging interviews: load through ``for_user``, validate,
call a rule. Pages that show them with their letters and reminders are in ``overview``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.views.decorators.http import require_GET, require_http_methods

from followup.invite_prefill import (
    invite_attach,
    invite_prefill_forget,
    invite_prefill_load,
)
from jobtrack.bounds import parse_id
from jobtrack.pagecache import cached_page
from jobtrack.templatetags.dates import dated_text

from . import forms
from .interviews import application_save, interview_update
from .interviews import interview_log as interview_log_rule
from .models import Application, Greeting, Interviewer, InterviewStatus
from .selectors import (
    application_most_recent,
    application_of_user_or_404,
    interview_of_user_or_404,
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
@require_http_methods(["GET", "POST"])
def application_edit(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_of_user_or_404(user=request.user, pk=pk)
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


@login_required
@require_GET
def application_people(request: HttpRequest, pk: int) -> JsonResponse:
    """For the log form: who was met at this application, and the stage that comes next."""
    application = application_of_user_or_404(user=request.user, pk=pk)
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
        return redirect("overview:dashboard")
    messages.success(
        request,
        "Already saved: this is what you saved from that page. "
        "Nothing was saved a second time.",
    )
    return redirect(saved)


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
@cached_page
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
@require_http_methods(["GET", "POST"])
def interview_edit(request: HttpRequest, pk: int) -> HttpResponse:
    interview = interview_of_user_or_404(user=request.user, pk=pk)
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
