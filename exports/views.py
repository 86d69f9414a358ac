"""Download views for finished letters: one file, or a streamed ZIP of many.

Thin by design: load through ``for_user`` (another user's id is a 404), pick the format
from the table in ``exports.formats``, and hand back the bytes. Drafts are a 404 here:
see ``exports.formats`` for why they are refused rather than marked.
"""

from django.contrib.auth.decorators import login_required
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from applications.models import Application, Interview
from letters.models import Letter

from .filenames import filename_safe
from .formats import DEFAULT_ZIP_FORMAT, FORMATS, letter_export, letters_zip_stream


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _zip_format(request: HttpRequest) -> str:
    fmt = request.GET.get("format", DEFAULT_ZIP_FORMAT)
    if fmt not in FORMATS:
        raise Http404("Unknown export format.")
    return fmt


@login_required
@require_GET
def letter(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """One finished or sent letter as a file."""
    if fmt not in FORMATS:
        raise Http404("Unknown export format.")
    found = get_object_or_404(
        Letter.objects.for_user(request.user)
        .exportable()
        .select_related("owner", "interviewer", "application"),
        pk=pk,
    )
    exported = letter_export(letter=found, fmt=fmt)
    response = HttpResponse(
        exported.data,
        content_type=exported.content_type,
        headers={
            "Content-Disposition": content_disposition_header(True, exported.name)
        },
    )
    return _private(response)


def _zip_response(letters, *, stem: str, fmt: str) -> StreamingHttpResponse:
    name = filename_safe(stem, extension="zip")
    response = StreamingHttpResponse(
        letters_zip_stream(letters=letters, fmt=fmt),
        content_type="application/zip",
        headers={"Content-Disposition": content_disposition_header(True, name)},
    )
    return _private(response)


@login_required
@require_GET
def zip_all(request: HttpRequest) -> StreamingHttpResponse:
    """Every finished and sent letter of the user, streamed as one ZIP."""
    fmt = _zip_format(request)
    today = timezone.localdate(timezone=request.user.zone).isoformat()
    return _zip_response(
        Letter.objects.for_user(request.user),
        stem=f"jobtrack letters {today}",
        fmt=fmt,
    )


@login_required
@require_GET
def zip_application(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    """The finished and sent letters of one application, streamed as one ZIP."""
    fmt = _zip_format(request)
    application = get_object_or_404(Application.objects.for_user(request.user), pk=pk)
    return _zip_response(
        Letter.objects.for_user(request.user).filter(application=application),
        stem=f"{application.company} - {application.role} - letters",
        fmt=fmt,
    )


@login_required
@require_GET
def zip_interview(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    """The finished and sent letters of one interview (offered before deleting it)."""
    fmt = _zip_format(request)
    interview = get_object_or_404(
        Interview.objects.for_user(request.user).select_related("application"), pk=pk
    )
    application = interview.application
    day = timezone.localdate(interview.ends_at, timezone=request.user.zone)
    return _zip_response(
        Letter.objects.for_user(request.user).filter(interview=interview),
        stem=f"{application.company} - {application.role} - {day.isoformat()} - letters",
        fmt=fmt,
    )
