"""Deleting moves to the Trash; the Trash page lists it and restores it. Applications and
interviews go through the same pages, told apart by one row of ``KINDS`` each."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from applications.models import Application, Interview
from applications.selectors import (
    application_of_user_or_404,
    interview_of_user_or_404,
)

from .rules import (
    TRASH_KEEPS,
    application_restore,
    application_trash,
    application_trash_contents,
    interview_restore,
    interview_trash,
    interview_trash_contents,
    trash_for_user,
)


@dataclass(frozen=True)
class Kind:
    """What the delete and restore pages need to know of one kind of row."""

    model: type[models.Model]
    load: Callable  # (user=, pk=) -> the user's live row, else 404
    trash: Callable  # (row) -> None
    contents: Callable  # (user, row) -> TrashContents
    restore: Callable  # (user=, pk=) -> the restored row, else model.DoesNotExist
    zip_url: str
    moved: str  # the message after the delete, formatted with the row
    restored: str  # the message after the restore, formatted with the row
    after_delete: Callable  # (row) -> the page to show next


KINDS = {
    "application": Kind(
        model=Application,
        load=application_of_user_or_404,
        trash=lambda row: application_trash(application=row),
        contents=lambda user, row: application_trash_contents(
            user=user, application=row
        ),
        restore=application_restore,
        zip_url="exports:zip_application",
        moved="Moved {row} to the Trash, with everything logged for it.",
        restored="Restored {row}, with everything logged for it.",
        after_delete=lambda row: reverse("overview:application_list"),
    ),
    "interview": Kind(
        model=Interview,
        load=interview_of_user_or_404,
        trash=lambda row: interview_trash(interview=row),
        contents=lambda user, row: interview_trash_contents(user=user, interview=row),
        restore=interview_restore,
        zip_url="exports:zip_interview",
        moved="Moved the interview to the Trash, with its letters.",
        restored="Restored the interview, with its letters.",
        after_delete=lambda row: row.application.get_absolute_url(),
    ),
}


@login_required
@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """Asks first, naming what goes with it, then moves the row to the Trash."""
    rows = KINDS[kind]
    if request.method == "POST" and _already_in_trash(rows.model, request, pk):
        messages.info(
            request, "It is in the Trash already; you can restore it from here."
        )
        return redirect("trash:index")
    row = rows.load(user=request.user, pk=pk)
    if request.method == "POST":
        rows.trash(row)
        messages.success(
            request,
            rows.moved.format(row=row)
            + f" You can restore it there for {TRASH_KEEPS.days} days.",
        )
        return redirect(rows.after_delete(row))
    application = row if isinstance(row, Application) else row.application
    return render(
        request,
        f"trash/{kind}_confirm_delete.html",
        {
            kind: row,
            "application": application,
            "contents": rows.contents(request.user, row),
            "keep_days": TRASH_KEEPS.days,
            "zip_url": reverse(rows.zip_url, args=[row.pk]),
        },
    )


def _already_in_trash(model, request: HttpRequest, pk: int) -> bool:
    """A second click on Delete: the first one already moved it to the Trash."""
    return model.objects.trashed_for_user(request.user).filter(pk=pk).exists()


@login_required
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "trash/index.html",
        {"entries": trash_for_user(user=request.user), "keep_days": TRASH_KEEPS.days},
    )


@login_required
@require_POST
def restore(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    rows = KINDS[kind]
    try:
        row = rows.restore(user=request.user, pk=pk)
    except rows.model.DoesNotExist:
        # A second click on Restore finds it restored already; anything else is a 404.
        return redirect(rows.load(user=request.user, pk=pk))
    messages.success(request, rows.restored.format(row=row))
    return redirect(row)
