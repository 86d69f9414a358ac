"""Deleting moves to the Trash; the Trash page lists it and restores it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
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


def _already_in_trash(model, request: HttpRequest, pk: int) -> bool:
    """A second click on Delete: the first one already moved it to the Trash."""
    return model.objects.trashed_for_user(request.user).filter(pk=pk).exists()


def _to_trash(request: HttpRequest) -> HttpResponse:
    messages.info(request, "It is in the Trash already; you can restore it from here.")
    return redirect("trash:index")


@login_required
@require_http_methods(["GET", "POST"])
def application_delete(request: HttpRequest, pk: int) -> HttpResponse:
    if request.method == "POST" and _already_in_trash(Application, request, pk):
        return _to_trash(request)
    application = application_of_user_or_404(user=request.user, pk=pk)
    if request.method == "POST":
        application_trash(application=application)
        messages.success(
            request,
            f"Moved {application} to the Trash, with everything logged for it. "
            f"You can restore it there for {TRASH_KEEPS.days} days.",
        )
        return redirect("overview:application_list")
    return render(
        request,
        "trash/application_confirm_delete.html",
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
@require_http_methods(["GET", "POST"])
def interview_delete(request: HttpRequest, pk: int) -> HttpResponse:
    if request.method == "POST" and _already_in_trash(Interview, request, pk):
        return _to_trash(request)
    interview = interview_of_user_or_404(user=request.user, pk=pk)
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
        "trash/interview_confirm_delete.html",
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
def restore_application(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        application = application_restore(user=request.user, pk=pk)
    except Application.DoesNotExist:
        # A second click on Restore finds it restored already; anything else is a 404.
        return redirect(application_of_user_or_404(user=request.user, pk=pk))
    messages.success(request, f"Restored {application}, with everything logged for it.")
    return redirect(application)


@login_required
@require_POST
def restore_interview(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        interview = interview_restore(user=request.user, pk=pk)
    except Interview.DoesNotExist:
        return redirect(interview_of_user_or_404(user=request.user, pk=pk))
    messages.success(request, "Restored the interview, with its letters.")
    return redirect(interview)
