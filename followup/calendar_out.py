"""Calendar out: one interview as an .ics file, and each user's private feed.

Every event is written in the zone the interview was logged in, with its VTIMEZONE, so a
client shows the same wall-clock time the user typed. UIDs are stable per row, so a
subscribed calendar updates an event in place instead of adding a copy.
"""

import datetime as dt
import zoneinfo

import icalendar
from django.db.models import Count, Q
from django.urls import reverse

from applications.dashboard import day_bounds
from applications.models import Application, Interview, InterviewStatus
from letters.models import UNSENT_STATUSES

from .models import CalendarFeed, feed_token_new

PRODID = "-//jobtrack//follow-through//EN"
UID_DOMAIN = "jobtrack"
# An interview logged with only its end is shown as the hour before it.
ASSUMED_LENGTH = dt.timedelta(hours=1)
# The feed keeps recent rows so a client does not drop yesterday's interview at once.
FEED_PAST = dt.timedelta(days=30)
# Bounded work per request, however long the user's history.
FEED_LIMIT = 1000
# How often clients that honour it should fetch the feed again.
FEED_REFRESH = "PT1H"


def _zone(name: str, fallback: zoneinfo.ZoneInfo) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return fallback


def _calendar(*, name: str = "") -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("PRODID", PRODID)
    calendar.add("VERSION", "2.0")
    calendar.add("CALSCALE", "GREGORIAN")
    calendar.add("METHOD", "PUBLISH")
    if name:
        calendar.add("X-WR-CALNAME", name)
        calendar.add("NAME", name)
        calendar.add("REFRESH-INTERVAL", dt.timedelta(hours=1))
        calendar.add("X-PUBLISHED-TTL", FEED_REFRESH)
    return calendar


def interview_event(
    interview: Interview, *, site_url: str, stamp: dt.datetime, zone
) -> icalendar.Event:
    """One interview as a VEVENT, in its own zone, linking back to its page."""
    application = interview.application
    local = _zone(interview.timezone, zone)
    ends_at = interview.ends_at.astimezone(local)
    starts_at = (interview.starts_at or interview.ends_at - ASSUMED_LENGTH).astimezone(
        local
    )
    event = icalendar.Event()
    event.add("UID", f"interview-{interview.pk}@{UID_DOMAIN}")
    event.add("DTSTAMP", stamp)
    event.add("DTSTART", starts_at)
    event.add("DTEND", ends_at)
    event.add(
        "SUMMARY",
        f"{interview.get_stage_display()}: {application.role} at {application.company}",
    )
    page = site_url + interview.get_absolute_url()
    lines = [f"{interview.get_format_display()} interview.", f"In jobtrack: {page}"]
    invite = getattr(interview, "invite", None)
    if invite is not None and invite.join_url:
        lines.insert(1, f"Join: {invite.join_url}")
        event.add("LOCATION", invite.location or invite.join_url)
        event.add("URL", invite.join_url)
    elif invite is not None and invite.location:
        event.add("LOCATION", invite.location)
    else:
        event.add("URL", page)
    if interview.starts_at is None:
        lines.append("Only the end time was logged; the start shown is assumed.")
    event.add("DESCRIPTION", "\n".join(lines))
    event.add("STATUS", "CONFIRMED")
    return event


def interview_ics(*, interview: Interview, site_url: str, now: dt.datetime) -> bytes:
    """The "Add to calendar" file of one interview."""
    calendar = _calendar()
    zone = _zone(interview.owner.timezone, zoneinfo.ZoneInfo("UTC"))
    calendar.add_component(
        interview_event(interview, site_url=site_url, stamp=now, zone=zone)
    )
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _all_day(*, uid: str, day: dt.date, summary: str, description: str, stamp):
    event = icalendar.Event()
    event.add("UID", uid)
    event.add("DTSTAMP", stamp)
    event.add("DTSTART", day)
    event.add("DTEND", day + dt.timedelta(days=1))
    event.add("SUMMARY", summary)
    event.add("DESCRIPTION", description)
    event.add("TRANSP", "TRANSPARENT")
    return event


def feed_ics(*, user, site_url: str, now: dt.datetime) -> bytes:
    """A user's feed: interviews from a month ago on, today's letters still to send,
    and the decision dates of applications still open. Three queries."""
    zone = user.zone
    calendar = _calendar(name="jobtrack interviews")
    # 1. Interviews, with the join link of those that came from an invite.
    interviews = (
        Interview.objects.for_user(user)
        .filter(ends_at__gte=now - FEED_PAST)
        .select_related("application", "invite")
        .order_by("ends_at", "id")[:FEED_LIMIT]
    )
    for interview in interviews:
        calendar.add_component(
            interview_event(interview, site_url=site_url, stamp=now, zone=zone)
        )
    # 2. Interviews over today whose letters are not all sent: the day's deadline.
    day_start, day_end = day_bounds(now=now, zone=zone)
    today = day_start.date()
    due_today = (
        Interview.objects.for_user(user)
        .filter(
            status=InterviewStatus.DONE, ends_at__gte=day_start, ends_at__lt=day_end
        )
        .annotate(
            unsent=Count("letters", filter=Q(letters__status__in=UNSENT_STATUSES))
        )
        .filter(unsent__gt=0)
        .select_related("application")
        .order_by("ends_at", "id")
    )
    for interview in due_today:
        application = interview.application
        calendar.add_component(
            _all_day(
                uid=f"letters-{interview.pk}-{today:%Y%m%d}@{UID_DOMAIN}",
                day=today,
                summary=f"Send thank-you letters: {application.company}",
                description=(
                    f"{interview.unsent} letter{'s' if interview.unsent != 1 else ''} "
                    f"to send today for {application.role} at {application.company}.\n"
                    f"{site_url}{interview.get_absolute_url()}"
                ),
                stamp=now,
            )
        )
    # 3. Decision dates of open applications, from a month ago on.
    decisions = Application.objects.for_user(user).decisions_due(
        start=today - FEED_PAST, end=today + dt.timedelta(days=366)
    )[:FEED_LIMIT]
    for application in decisions:
        calendar.add_component(
            _all_day(
                uid=f"decision-{application.pk}@{UID_DOMAIN}",
                day=application.decision_expected_on,
                summary=f"Decision expected: {application.company}",
                description=(
                    f"They said you would hear back about {application.role} at "
                    f"{application.company} by today.\n"
                    f"{site_url}{application.get_absolute_url()}"
                ),
                stamp=now,
            )
        )
    calendar.add_missing_timezones()
    return calendar.to_ical()


def feed_for_token(token: str) -> CalendarFeed | None:
    """The live feed a URL names; a revoked or renewed token names none."""
    if not token or len(token) > 64:
        return None
    return (
        CalendarFeed.objects.filter(token=token, owner__is_active=True)
        .select_related("owner")
        .first()
    )


def feed_renew(*, user) -> CalendarFeed:
    """A new private address; the old one stops working at once."""
    feed, _ = CalendarFeed.objects.update_or_create(
        owner=user, defaults={"token": feed_token_new()}
    )
    return feed


def feed_revoke(*, user) -> None:
    CalendarFeed.objects.filter(owner=user).delete()


def feed_url(*, feed: CalendarFeed, site_url: str) -> str:
    return site_url + reverse("followup:feed", args=[feed.token])
