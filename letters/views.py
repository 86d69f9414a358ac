"""The letters pages: the list, the editor with its live checklist, and status actions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
    require_safe,
)

from applications.models import Application
from jobtrack.bounds import LETTER_BODY_MAX, LETTER_SUBJECT_MAX, parse_id
from jobtrack.pagecache import cached_page
from jobtrack.paging import CappedPaginator
from jobtrack.templatetags.dates import dated_text

from .checklist import letter_checklist
from .combining import letters_combine
from .drafting import letter_draft_withdrawal
from .forms import LetterFilterForm, LetterTextForm
from .history import text_diff, versions_recent
from .models import Letter, LetterStatus
from .selectors import LettersTodayFirst, withdrawal_letter
from .status import (
    LetterAction,
    LetterConflict,
    LetterFinishBlocked,
    LetterStatusError,
    letter_actions,
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
# Past this many letters the list says "more than": the exact figure would cost a count
# of every letter on each page.
LETTERS_COUNTED_UP_TO = 300
# The editor of a letter in these states says how many letters of its interview are left.
DONE_WITH = (LetterStatus.SENT, LetterStatus.SKIPPED)
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
        "application", "interview", "interviewer"
    )
    return get_object_or_404(letters, pk=pk)


@login_required
@require_safe
@cached_page
def letter_list(request: HttpRequest) -> HttpResponse:
    filters = LetterFilterForm(request.GET or None, user=request.user)
    rows = LettersTodayFirst(
        filters.filter(Letter.objects.with_trashed_for_user(request.user)),
        filters.filter(Letter.objects.live().filter(interview__owner=request.user)),
        user=request.user,
        now=timezone.now(),
    )
    page = CappedPaginator(rows, LETTERS_PER_PAGE, cap=LETTERS_COUNTED_UP_TO).get_page(
        request.GET.get("page")
    )
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
    return {
        "checklist": items,
        "checklist_done": sum(item.ok for item in items),
        "checklist_status": letter.status,
    }


def _render_editor(
    request: HttpRequest, letter: Letter, form: LetterTextForm, status: int = 200
) -> HttpResponse:
    subject, body = _typed_text(letter, form)
    siblings = (
        Letter.objects.for_user(request.user)
        .filter(interview_id=letter.interview_id)
        .select_related("interviewer")
        .order_by("interviewer__name", "id")
        if letter.interview_id is not None
        else []
    )
    actions = letter_actions(letter=letter)
    versions = versions_recent(letter=letter, limit=HISTORY_SHOWN + 1)
    context = {
        "letter": letter,
        "interview": letter.interview,
        "application": letter.application,
        "form": form,
        "siblings": siblings,
        "actions": actions,
        "editable": LetterAction.EDIT in actions,
        "versions": versions[:HISTORY_SHOWN],
        "more_versions": len(versions) > HISTORY_SHOWN,
        # A letter done with (finished, sent, skipped) says what is left of its interview.
        "left_message": _left_message(letter) if letter.status in DONE_WITH else "",
        # Shown again after a refused post (finish, save): the address bar says the
        # editor's address, not the action's; the typed text stays on the page.
        "page_address": letter.get_absolute_url() if request.method == "POST" else "",
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
        "application": letter.application,
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
@cached_page
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
    """Save the text and finish in one step; on refusal nothing is saved, the text stays.
    When the checklist finds the letter half-written, the text is saved and a page names
    the items and asks: "Finish anyway" posts back with ``confirm``."""
    letter = _get_letter_for_user(request, pk)
    form = LetterTextForm(request.POST)
    if not form.is_valid():
        return _render_editor(request, letter, form)
    blocked = None
    try:
        with transaction.atomic():
            before = letter.revision
            letter_update_text(letter=letter, **form.cleaned_data)
            # Unchanged text: the finish itself must hold at the revision the page showed.
            revision = (
                letter.revision
                if letter.revision != before
                else form.cleaned_data["revision"]
            )
            try:
                letter_finish(
                    letter=letter,
                    revision=revision,
                    confirmed="confirm" in request.POST,
                )
            except LetterFinishBlocked as error:
                blocked = error  # the text stays saved; only the finish waits
    except LetterConflict as conflict:
        data = form.cleaned_data
        return _render_conflict(request, conflict.letter, data["subject"], data["body"])
    except LetterStatusError as error:
        messages.error(request, str(error))
        letter.refresh_from_db()
        return _render_editor(request, letter, form)
    if blocked is not None:
        context = {
            "letter": letter,
            "application": letter.application,
            "items": blocked.items,
        }
        return render(request, "letters/finish_confirm.html", context)
    return redirect(letter)


def _left_message(letter: Letter) -> str:
    if letter.interview_id is None:
        return ""
    left = letters_left_for_interview(letter=letter)
    if left == 0:
        return "Every letter of this interview is sent or skipped."
    if left == 1:
        return "1 letter of this interview is left."
    return f"{left} letters of this interview are left."


def _status_action(change, done: str):
    """A POST-only view that applies one status change. Posted from a draft's form, the
    text typed is saved with it (or the page comes back with it). Back on the editor, the
    letter's state note is the message; posted with ``next`` (the dashboard), a message
    there says what changed and what is left."""

    @login_required
    @require_POST
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        letter = _get_letter_for_user(request, pk)
        back = _next_url(request)
        typed = "body" in request.POST and LetterAction.EDIT in letter_actions(
            letter=letter
        )
        form = LetterTextForm(request.POST) if typed else None
        if form is not None and not form.is_valid():
            return _render_editor(request, letter, form)
        try:
            with transaction.atomic():
                revision = _posted_revision(request)
                if form is not None:
                    before = letter.revision
                    letter_update_text(letter=letter, **form.cleaned_data)
                    if letter.revision != before:
                        revision = letter.revision
                change(letter=letter, revision=revision)
        except LetterConflict as conflict:
            if form is not None:
                return _render_conflict(
                    request,
                    conflict.letter,
                    form.cleaned_data["subject"],
                    form.cleaned_data["body"],
                )
            messages.warning(request, STALE_MESSAGE)
        except LetterStatusError as error:
            messages.error(request, str(error))
        else:
            if back:
                messages.success(
                    request,
                    f"{done.format(name=letter.recipient_name)} {_left_message(letter)}".strip(),
                )
        return redirect(back or letter)

    view.__doc__ = change.__doc__
    return view


def _next_url(request: HttpRequest) -> str:
    """Where a status form asked to go back to, if it is a page of this site."""
    url = request.POST.get("next", "")
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return ""


letter_mark_sent_view = _status_action(
    letter_mark_sent, "Marked the letter to {name} as sent."
)
letter_skip_view = _status_action(letter_skip, "Skipped the letter to {name}.")


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
@cached_page
def letter_history(request: HttpRequest, pk: int) -> HttpResponse:
    """Every kept version of the letter, newest first."""
    letter = _get_letter_for_user(request, pk)
    versions = letter.versions.defer("body").order_by("-saved_at", "-id")
    page = Paginator(versions, VERSIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "letters/history.html",
        {"letter": letter, "application": letter.application, "page": page},
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
        "application": letter.application,
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
        f"Restored the version of {dated_text(version.saved_at, 'j M, H:i')}. "
        "The text it replaced is kept in the history.",
    )
    return redirect(letter)


@login_required
@require_POST
def letter_withdrawal(request: HttpRequest, pk: int) -> HttpResponse:
    """Draft the application's withdrawal letter, or open the one already there."""
    application = get_object_or_404(Application.objects.for_user(request.user), pk=pk)
    if letter_draft_withdrawal(application=application):
        messages.success(request, "Drafted the withdrawal letter.")
    return redirect(withdrawal_letter(application=application))


@login_required
@require_POST
def letter_combine_view(request: HttpRequest, pk: int) -> HttpResponse:
    """One letter for a person met twice that day: the later one kept, the other skipped."""
    letter = _get_letter_for_user(request, pk)
    other = (
        Letter.objects.for_user(request.user)
        .filter(pk=parse_id(request.POST.get("other")))
        .first()
    )
    try:
        if other is None:
            raise LetterStatusError("There is no other letter to combine it with.")
        kept = letters_combine(letter=letter, other=other)
    except LetterStatusError as error:
        messages.error(request, str(error))
        return redirect(letter.interview)
    messages.success(
        request,
        f"One letter to {kept.recipient_name} now covers both conversations; "
        "the other one is skipped (you can still open it).",
    )
    return redirect(kept)
