"""The letters pages: the list, the editor with its live checklist, and status actions."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
)

from applications.models import Application

from .checklist import letter_checklist
from .drafting import letter_draft_withdrawal
from .forms import LetterFilterForm, LetterTextForm
from .history import text_diff, versions_recent
from .models import UNSENT_STATUSES, Letter, LetterStatus
from .status import (
    LetterConflict,
    LetterStatusError,
    letter_finish,
    letter_keep_text,
    letter_mark_sent,
    letter_regenerate,
    letter_reopen,
    letter_restore_version,
    letter_skip,
    letter_update_text,
    letters_left_for_interview,
)

LETTERS_PER_PAGE = 25
# The editor lists the newest versions; the history page has them all.
HISTORY_SHOWN = 8
VERSIONS_PER_PAGE = 25
STALE_MESSAGE = (
    "This letter changed in another tab or device since this page was opened, so "
    "nothing was changed. Here it is as it is now."
)


def _get_letter_for_user(request: HttpRequest, pk: int) -> Letter:
    """Ownership written once: another user's letter is a 404."""
    letters = Letter.objects.for_user(request.user).select_related(
        "interview__application", "interviewer"
    )
    return get_object_or_404(letters, pk=pk)


class _TodayFirst:
    """The list's rows in order, for the Paginator: unsent letters of interviews that
    ended today (the user's day) first, then every other letter newest first.

    Read as two ordered, limited queries rather than one sorted on a computed column,
    so a page costs an index walk however many letters the user has.
    """

    def __init__(self, letters, by_interview, *, user, now: dt.datetime):
        zone = user.zone
        today = timezone.localtime(now, zone).date()
        start = dt.datetime.combine(today, dt.time.min, tzinfo=zone)
        end = dt.datetime.combine(
            today + dt.timedelta(days=1), dt.time.min, tzinfo=zone
        )
        due_today = Q(
            interview__ends_at__gte=start,
            interview__ends_at__lt=end,
            status__in=UNSENT_STATUSES,
        )
        # The page is read through the interviews' owner (a letter's owner is always its
        # interview's): PostgreSQL then walks the interviews by end time through their
        # (owner, ends_at) index. Filtering on both owners made it misjudge the row count
        # as tiny and join and sort every letter instead.
        ordered = by_interview.order_by("-interview__ends_at", "id")
        self._letters = letters
        self._ordered = ordered
        self._today = ordered.filter(due_today)

    def count(self) -> int:
        return self._letters.order_by().count()

    def __getitem__(self, window: slice) -> list[Letter]:
        start, stop = window.start or 0, window.stop
        today = list(self._today[:stop])
        for letter in today:
            letter.due_today = True
        rows = today[start:stop]
        rest_start = max(start - len(today), 0)
        need = (stop - start) - len(rows)
        # The rest leaves out today's letters by id (all of them when the page needs the
        # rest); a negated date-and-status test was misjudged the same way. Read even
        # when today's letters fill the page: the same queries every time.
        others = self._ordered.exclude(pk__in=[letter.pk for letter in today])
        rest = list(others[rest_start : rest_start + max(need, 1)])
        return rows + rest[:need]


@login_required
def letter_list(request: HttpRequest) -> HttpResponse:
    filters = LetterFilterForm(request.GET or None, user=request.user)
    letters = Letter.objects.select_related("interview__application", "interviewer")
    rows = _TodayFirst(
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


def _checklist_context(letter: Letter, subject: str, body: str) -> dict:
    items = letter_checklist(letter=letter, subject=subject, body=body)
    return {"checklist": items, "checklist_done": sum(item.ok for item in items)}


def _render_editor(
    request: HttpRequest, letter: Letter, form: LetterTextForm, status: int = 200
) -> HttpResponse:
    if form.is_bound and not form.errors:
        subject, body = form.cleaned_data["subject"], form.cleaned_data["body"]
    else:
        subject, body = letter.subject, letter.body
    siblings = (
        Letter.objects.for_user(request.user)
        .filter(interview_id=letter.interview_id)
        .select_related("interviewer")
        .order_by("interviewer__name", "id")
    )
    versions = versions_recent(letter=letter, limit=HISTORY_SHOWN + 1)
    context = {
        "letter": letter,
        "interview": letter.interview,
        "application": letter.interview.application,
        "form": form,
        "siblings": siblings,
        "is_draft": letter.status == LetterStatus.DRAFT,
        "versions": versions[:HISTORY_SHOWN],
        "more_versions": len(versions) > HISTORY_SHOWN,
        **_checklist_context(letter, subject, body),
    }
    return render(request, "letters/edit.html", context, status=status)


def _render_conflict(
    request: HttpRequest,
    letter: Letter,
    subject: str,
    body: str,
    form: LetterTextForm | None = None,
) -> HttpResponse:
    """Both texts side by side: the posted one stays editable, nothing typed is lost.
    ``form``: the posted form when it had errors, so they show beside the text."""
    form = form or LetterTextForm(
        initial={"subject": subject, "body": body, "revision": letter.revision}
    )
    context = {
        "letter": letter,
        "application": letter.interview.application,
        "form": form,
        "diff": text_diff(letter.body, body),
    }
    return render(request, "letters/conflict.html", context, status=409)


def _posted_revision(request: HttpRequest) -> int | None:
    """The revision the posting page showed; None from a page that carried none."""
    value = request.POST.get("revision", "")
    return int(value) if value.isascii() and value.isdigit() else None


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
    except LetterConflict as conflict:
        return _render_conflict(
            request,
            conflict.letter,
            form.cleaned_data["subject"],
            form.cleaned_data["body"],
        )
    except LetterStatusError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Saved.")
    return redirect(letter)


@login_required
@require_POST
def letter_keep_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The conflict page's "Save this text": it becomes current, the other stays in history."""
    letter = _get_letter_for_user(request, pk)
    form = LetterTextForm(request.POST)
    if not form.is_valid():
        body = request.POST.get("body", "")
        return _render_conflict(request, letter, "", body, form=form)
    if form.cleaned_data["revision"] is None:
        data = form.cleaned_data
        return _render_conflict(request, letter, data["subject"], data["body"])
    try:
        letter_keep_text(letter=letter, **form.cleaned_data)
    except LetterConflict as conflict:
        data = form.cleaned_data
        return _render_conflict(request, conflict.letter, data["subject"], data["body"])
    messages.success(
        request, "Saved your text. The text it replaced is kept in the history."
    )
    return redirect(letter)


@login_required
@require_POST
def letter_checklist_fragment(request: HttpRequest, pk: int) -> HttpResponse:
    """The checklist for the text being typed; nothing is saved."""
    letter = _get_letter_for_user(request, pk)
    form = LetterTextForm(request.POST)
    form.is_valid()
    subject = form.cleaned_data.get("subject", request.POST.get("subject", ""))
    body = form.cleaned_data.get("body", request.POST.get("body", ""))
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
    except LetterConflict as conflict:
        data = form.cleaned_data
        return _render_conflict(request, conflict.letter, data["subject"], data["body"])
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
    """A POST-only view that applies one status change and says what is left."""

    @login_required
    @require_POST
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        letter = _get_letter_for_user(request, pk)
        try:
            change(letter=letter, revision=_posted_revision(request))
        except LetterConflict:
            messages.warning(request, STALE_MESSAGE)
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
    try:
        letter_reopen(letter=letter, revision=_posted_revision(request))
    except LetterConflict:
        messages.warning(request, STALE_MESSAGE)
    else:
        messages.success(request, "Reopened as a draft: you can edit it again.")
    return redirect(letter)


@login_required
@require_http_methods(["GET", "POST"])
def letter_regenerate_view(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST replaces the text, the old one kept in history."""
    letter = _get_letter_for_user(request, pk)
    if letter.status != LetterStatus.DRAFT:
        messages.error(request, "Reopen the letter before drafting it again.")
        return redirect(letter)
    if request.method != "POST":
        return render(request, "letters/regenerate_confirm.html", {"letter": letter})
    letter_regenerate(letter=letter)
    messages.success(
        request,
        "A fresh draft replaced the text. Your previous text is kept in the history "
        "below.",
    )
    return redirect(letter)


@login_required
@require_GET
def letter_history(request: HttpRequest, pk: int) -> HttpResponse:
    """Every kept version of the letter, newest first."""
    letter = _get_letter_for_user(request, pk)
    versions = letter.versions.defer("body").order_by("-saved_at", "-id")
    page = Paginator(versions, VERSIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "letters/history.html",
        {"letter": letter, "application": letter.interview.application, "page": page},
    )


def _get_version(request: HttpRequest, pk: int, version_pk: int):
    letter = _get_letter_for_user(request, pk)
    return letter, get_object_or_404(letter.versions, pk=version_pk)


@login_required
@require_GET
def letter_version(request: HttpRequest, pk: int, version_pk: int) -> HttpResponse:
    """One version beside the current text, with what changed between them."""
    letter, version = _get_version(request, pk, version_pk)
    context = {
        "letter": letter,
        "application": letter.interview.application,
        "version": version,
        "is_current": (version.subject, version.body) == (letter.subject, letter.body),
        "diff": text_diff(version.body, letter.body),
    }
    return render(request, "letters/version.html", context)


@login_required
@require_POST
def letter_version_restore(
    request: HttpRequest, pk: int, version_pk: int
) -> HttpResponse:
    letter, version = _get_version(request, pk, version_pk)
    try:
        letter_restore_version(letter=letter, version=version)
    except LetterStatusError as error:
        messages.error(request, str(error))
        return redirect(version)
    messages.success(
        request,
        f"Restored the version of {timezone.localtime(version.saved_at):%d %b, %H:%M}. "
        "The text it replaced is kept in the history.",
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
