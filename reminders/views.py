"""The gone-quiet answers on an application (ghosted, not yet, they replied), and the
one-click unsubscribe from reminder emails (works signed out, the signed token is the key)."""

import functools

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from applications.selectors import application_of_user_or_404
from jobtrack.pagecache import data_changed

from .delivery import unsubscribe_user_id
from .followthrough import (
    application_checkin_replied,
    application_ghost_dismiss,
    application_mark_ghosted,
)
from .schedule import reminders_turn_off


def _back(request: HttpRequest) -> HttpResponse:
    """Back to the page the button was on (a local path only), else the dashboard."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("overview:dashboard")


def _gone_quiet_answer(answer):
    """The frame of the three answers: signed in, a POST, the user's application in;
    ``answer`` applies its rule and returns the message level and text; then back."""

    @login_required
    @require_POST
    @functools.wraps(answer)
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        application = application_of_user_or_404(user=request.user, pk=pk)
        messages.add_message(request, *answer(request, application))
        return _back(request)

    return view


@_gone_quiet_answer
def application_ghosted(request: HttpRequest, application) -> tuple[int, str]:
    skipped = application_mark_ghosted(application=application)
    stopped = (
        f"; {skipped} pending reminder{pluralize(skipped)} stopped" if skipped else ""
    )
    return messages.SUCCESS, f"{application.company} is marked as ghosted{stopped}."


@_gone_quiet_answer
def application_not_yet(request: HttpRequest, application) -> tuple[int, str]:
    application_ghost_dismiss(application=application)
    return messages.INFO, (
        f"{application.company} stays open; jobtrack asks again after "
        f"{request.user.ghost_after_days} quiet days."
    )


@_gone_quiet_answer
def application_replied(request: HttpRequest, application) -> tuple[int, str]:
    application_checkin_replied(application=application)
    return messages.SUCCESS, (
        f"Reply from {application.company} recorded; no more check-ins for this round."
    )


# Mail clients POST here without cookies or a CSRF token (RFC 8058 one-click): the signed
# token is what authorises the change, and all it can do is turn reminders off.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    user_id = unsubscribe_user_id(token=token)
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    if user is None:
        return render(request, "reminders/unsubscribe_invalid.html", status=400)
    if request.method == "POST":
        reminders_turn_off(user=user)
        data_changed(user_id=user.pk)  # signed out, DataChangedMiddleware knows no user
        return render(request, "reminders/unsubscribe_done.html", {"email": user.email})
    return render(request, "reminders/unsubscribe.html", {"email": user.email})
