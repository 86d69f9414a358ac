"""Calendar in and out: thin views over followup's rules."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from applications.models import Interview
from jobtrack.pagecache import cached_page

from .calendar_out import (
    event_rows,
    feed_for_token,
    feed_ics,
    feed_renew,
    feed_revoke,
)
from .calendar_out import interview_ics as interview_ics_file
from .forms import InviteImportForm
from .invite_prefill import (
    interview_for_invite_uid,
    invite_prefill,
    invite_prefill_store,
)
from .invites import InviteError, invite_parse

CALENDAR_TYPE = "text/calendar; charset=utf-8"


@login_required
@require_http_methods(["GET", "POST"])
@cached_page
def invite_import(request: HttpRequest) -> HttpResponse:
    """Read an invite and open the log form filled in with it; errors keep the page."""
    posted = request.method == "POST"
    form = InviteImportForm(
        request.POST if posted else None, request.FILES if posted else None
    )
    existing = None
    if posted and form.is_valid():
        try:
            parsed = invite_parse(
                data=form.cleaned_data["data"],
                user_email=request.user.email,
                zone=request.user.zone,
            )
        except InviteError as error:
            form.add_error(None, error.message)
            existing = interview_for_invite_uid(user=request.user, uid=error.uid)
        else:
            prefill = invite_prefill(user=request.user, invite=parsed)
            key = invite_prefill_store(session=request.session, prefill=prefill)
            url = reverse("applications:interview_log")
            return redirect(f"{url}?{urlencode({'invite': key})}")
    return render(
        request, "followup/invite_import.html", {"form": form, "existing": existing}
    )


@login_required
@require_GET
def interview_ics(request: HttpRequest, pk: int) -> HttpResponse:
    rows = event_rows(Interview.objects.for_user(request.user).filter(pk=pk))
    if not rows:
        raise Http404("No such interview.")
    body = interview_ics_file(
        row=rows[0], user=request.user, site_url=settings.SITE_URL, now=timezone.now()
    )
    response = HttpResponse(body, content_type=CALENDAR_TYPE)
    response["Content-Disposition"] = f'attachment; filename="interview-{pk}.ics"'
    return response


@never_cache
@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The private feed; the token is the only key, so an unknown one is a plain 404."""
    found = feed_for_token(token)
    if found is None:
        raise Http404("No such calendar.")
    body = feed_ics(user=found.owner, site_url=settings.SITE_URL, now=timezone.now())
    response = HttpResponse(body, content_type=CALENDAR_TYPE)
    response["Content-Disposition"] = 'inline; filename="jobtrack.ics"'
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


@login_required
@require_POST
def feed_new(request: HttpRequest) -> HttpResponse:
    had_feed = hasattr(request.user, "calendar_feed")
    feed_renew(user=request.user)
    messages.success(
        request,
        "Your calendar has a new private address; the old one no longer works."
        if had_feed
        else "Your private calendar address is ready: add it to your calendar app.",
    )
    return redirect(reverse("accounts:profile") + "#calendar")


@login_required
@require_POST
def feed_stop(request: HttpRequest) -> HttpResponse:
    feed_revoke(user=request.user)
    messages.success(
        request,
        "Your calendar address is turned off; calendars using it stop updating.",
    )
    return redirect(reverse("accounts:profile") + "#calendar")
