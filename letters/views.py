"""The letters pages: the list, the editor with its live checklist, and status actions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from applications.models import Application
from jobtrack.bounds import LETTER_BODY_MAX, LETTER_SUBJECT_MAX

from .checklist import letter_checklist
from .drafting import letter_draft_withdrawal, letter_regenerate
from .forms import LetterFilterForm, LetterTextForm
from .models import Letter, LetterStatus
from .selectors import LettersTodayFirst
from .status import (
    LetterAction,
    LetterStatusError,
    letter_actions,
    letter_finish,
    letter_mark_sent,
    letter_reopen,
    letter_restore_previous,
    letter_skip,
    letter_update_text,
    letters_left_for_interview,
)

LETTERS_PER_PAGE = 25


def _get_letter_for_user(request: HttpRequest, pk: int) -> Letter:
    """Ownership written once: another user's letter is a 404."""
    letters = Letter.objects.for_user(request.user).select_related(
        "interview__application", "interviewer"
    )
    return get_object_or_404(letters, pk=pk)


@login_required
@require_safe
def letter_list(request: HttpRequest) -> HttpResponse:
    filters = LetterFilterForm(request.GET or None, user=request.user)
    letters = Letter.objects.select_related("interview__application", "interviewer")
    rows = LettersTodayFirst(
        filters.filter(letters.for_user(request.user)),
        filters.filter(letters.filter(interview__owner=request.user)),
        user=request.user,
        now=timezone.now(),
    )
    page = Paginator(rows, LETTERS_PER_PAGE).get_page(request.GET.get("page"))
    filtered = any(request.GET.get(name) for name in filters.fields)
    context = {
        "filters": filters,
        "page": page,
        "filtered": filtered,
        # The ZIP download follows the application filter when there is one.
        "zip_application": filters.cleaned_data.get("application")
        if filters.is_bound
        else None,
    }
    return render(request, "letters/list.html", context)


def _typed_text(letter: Letter, form: LetterTextForm) -> tuple[str, str]:
    """The subject and body in the editor, valid or not, cut to their limits so that
    checking an oversized paste costs no more than checking the longest letter."""
    if not form.is_bound:
        return letter.subject, letter.body
    form.is_valid()
    typed = {
        name: form.cleaned_data.get(name, str(form.data.get(name, "")))
        for name in ("subject", "body")
    }
    return typed["subject"][:LETTER_SUBJECT_MAX], typed["body"][:LETTER_BODY_MAX]


def _checklist_context(letter: Letter, subject: str, body: str) -> dict:
    items = letter_checklist(letter=letter, subject=subject, body=body)
    return {"checklist": items, "checklist_done": sum(item.ok for item in items)}


def _render_editor(
    request: HttpRequest, letter: Letter, form: LetterTextForm, status: int = 200
) -> HttpResponse:
    subject, body = _typed_text(letter, form)
    siblings = (
        Letter.objects.for_user(request.user)
        .filter(interview_id=letter.interview_id)
        .select_related("interviewer")
        .order_by("interviewer__name", "id")
    )
    actions = letter_actions(letter=letter)
    context = {
        "letter": letter,
        "interview": letter.interview,
        "application": letter.interview.application,
        "form": form,
        "siblings": siblings,
        "actions": actions,
        "editable": LetterAction.EDIT in actions,
        **_checklist_context(letter, subject, body),
    }
    return render(request, "letters/edit.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def letter_edit(request: HttpRequest, pk: int) -> HttpResponse:
    letter = _get_letter_for_user(request, pk)
    if request.method != "POST":
        return _render_editor(request, letter, LetterTextForm.for_letter(letter))
    form = LetterTextForm(request.POST)
    if not form.is_valid():
        return _render_editor(request, letter, form)
    try:
        letter_update_text(letter=letter, **form.cleaned_data)
    except LetterStatusError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Saved.")
    return redirect(letter)


@login_required
@require_POST
def letter_checklist_fragment(request: HttpRequest, pk: int) -> HttpResponse:
    """The checklist for the text being typed; nothing is saved."""
    letter = _get_letter_for_user(request, pk)
    subject, body = _typed_text(letter, LetterTextForm(request.POST))
    html = render_to_string(
        "letters/_checklist.html",
        _checklist_context(letter, subject, body),
        request=request,
    )
    return HttpResponse(html)


@login_required
@require_POST
def letter_finish_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the text and finish in one step; on refusal nothing is saved, the text stays."""
    letter = _get_letter_for_user(request, pk)
    form = LetterTextForm(request.POST)
    if not form.is_valid():
        return _render_editor(request, letter, form)
    try:
        with transaction.atomic():
            letter_update_text(letter=letter, **form.cleaned_data)
            letter_finish(letter=letter)
    except LetterStatusError as error:
        messages.error(request, str(error))
        letter.refresh_from_db()
        return _render_editor(request, letter, form)
    messages.success(
        request,
        "Finished. Send it from your email, then mark it as sent here.",
    )
    return redirect(letter)


def _left_message(letter: Letter) -> str:
    left = letters_left_for_interview(letter=letter)
    if left == 0:
        return "Every letter of this interview is sent or skipped."
    if left == 1:
        return "1 letter of this interview is left."
    return f"{left} letters of this interview are left."


def _status_action(change, done: str):
    """A POST-only view that applies one status change and says what is left. Posted
    from a draft's form, the text typed is saved with it (or the page comes back with it)."""

    @login_required
    @require_POST
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        letter = _get_letter_for_user(request, pk)
        typed = "body" in request.POST and LetterAction.EDIT in letter_actions(
            letter=letter
        )
        form = LetterTextForm(request.POST) if typed else None
        if form is not None and not form.is_valid():
            return _render_editor(request, letter, form)
        try:
            with transaction.atomic():
                if form is not None:
                    letter_update_text(letter=letter, **form.cleaned_data)
                change(letter=letter)
        except LetterStatusError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"{done} {_left_message(letter)}")
        return redirect(letter)

    view.__doc__ = change.__doc__
    return view


letter_mark_sent_view = _status_action(letter_mark_sent, "Marked as sent.")
letter_skip_view = _status_action(letter_skip, "Skipped.")


@login_required
@require_POST
def letter_reopen_view(request: HttpRequest, pk: int) -> HttpResponse:
    letter = _get_letter_for_user(request, pk)
    letter_reopen(letter=letter)
    messages.success(request, "Reopened as a draft: you can edit it again.")
    return redirect(letter)


@login_required
@require_http_methods(["GET", "POST"])
def letter_regenerate_view(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST replaces the text, keeping the old as previous."""
    letter = _get_letter_for_user(request, pk)
    if letter.status != LetterStatus.DRAFT:
        messages.error(request, "Reopen the letter before drafting it again.")
        return redirect(letter)
    if request.method != "POST":
        return render(request, "letters/regenerate_confirm.html", {"letter": letter})
    letter_regenerate(letter=letter)
    messages.success(
        request,
        "A fresh draft replaced the text. Your previous text is kept under "
        "“Previous version”.",
    )
    return redirect(letter)


@login_required
@require_POST
def letter_restore_view(request: HttpRequest, pk: int) -> HttpResponse:
    letter = _get_letter_for_user(request, pk)
    try:
        letter_restore_previous(letter=letter)
    except LetterStatusError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, "Restored the previous version; the replaced text is kept."
        )
    return redirect(letter)


@login_required
@require_POST
def letter_withdrawal(request: HttpRequest, pk: int) -> HttpResponse:
    """Draft the withdrawal letters of an application and open the first."""
    application = get_object_or_404(Application.objects.for_user(request.user), pk=pk)
    letters = letter_draft_withdrawal(application=application)
    if not letters:
        messages.info(
            request,
            "No withdrawal letter was drafted: it needs an interview with this "
            "company, and any withdrawal letters already drafted are in Letters.",
        )
        return redirect(application)
    count = len(letters)
    messages.success(
        request,
        "Drafted a withdrawal letter."
        if count == 1
        else f"Drafted {count} withdrawal letters; this is the first.",
    )
    return redirect(letters[0])
