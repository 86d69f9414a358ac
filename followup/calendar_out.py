"""Calendar out: one interview as an .ics file, and each user's private feed.

Every event is written in the zone the interview was logged in, with its VTIMEZONE, so a
client shows the same wall-clock time the user typed. UIDs are stable per row, so a
subscribed calendar updates an event in place instead of adding a copy.
"""

import datetime as dt
import functools
import zoneinfo

from django.db.models import Count, F, Q
from django.urls import reverse

from applications.models import (
    Application,
    Interview,
    InterviewFormat,
    InterviewStatus,
    Stage,
)
from jobtrack.wallclock import local_day_bounds
from letters.models import UNSENT_STATUSES
from reminders.models import CHECKIN_REMINDER_KINDS, Reminder

from .ics import Event, calendar_bytes
from .models import CalendarFeed, feed_token_new

PRODID = "-//jobtrack//follow-through//EN"
UID_DOMAIN = "jobtrack"
FEED_NAME = "jobtrack interviews"
# An interview logged with only its end is shown as the hour before it.
ASSUMED_LENGTH = dt.timedelta(hours=1)
# The feed keeps recent rows so a client does not drop yesterday's interview at once.
FEED_PAST = dt.timedelta(days=30)
# Decision dates this far ahead are shown; the feed's work stays bounded.
FEED_AHEAD = dt.timedelta(days=366)
FEED_LIMIT = 1000
STAGE_LABELS = dict(Stage.choices)
FORMAT_LABELS = dict(InterviewFormat.choices)


def event_rows(interviews) -> list:
    """What an interview's event shows, as plain rows: a feed reads hundreds at once,
    and the notes, the longest columns, stay in the database."""
    return list(
        interviews.annotate(
            company=F("application__company"),
            role=F("application__role"),
            join_url=F("invite__join_url"),
            location=F("invite__location"),
        ).values_list(
            "pk",
            "stage",
            "format",
            "starts_at",
            "ends_at",
            "timezone",
            "company",
            "role",
            "join_url",
            "location",
            named=True,
        )
    )


@functools.cache
def _path_for(name: str):
    """pk -> path of a detail page, reversing the pattern once rather than per row."""
    marker = 2_147_483_647
    pattern = reverse(name, args=[marker]).replace(str(marker), "{}")
    return pattern.format


@functools.cache
def _zone_name(name: str, fallback: str) -> str:
    for candidate in (name, fallback):
        try:
            zoneinfo.ZoneInfo(candidate)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            continue
        return candidate
    return "UTC"


def interview_event(row, *, site_url: str, stamp: dt.datetime, zone: str) -> Event:
    """One interview (a row of ``event_rows``) as an event in the zone it was logged
    in, linking back to its page."""
    page = site_url + _path_for("overview:interview_detail")(row.pk)
    fmt = FORMAT_LABELS.get(row.format, row.format)
    lines = [f"{fmt} interview.", f"In jobtrack: {page}"]
    join_url = row.join_url or ""
    if join_url:
        lines.insert(1, f"Join: {join_url}")
    if row.starts_at is None:
        lines.append("Only the end time was logged; the start shown is assumed.")
    return Event(
        uid=f"interview-{row.pk}@{UID_DOMAIN}",
        stamp=stamp,
        start=row.starts_at or row.ends_at - ASSUMED_LENGTH,
        end=row.ends_at,
        zone=_zone_name(row.timezone, zone),
        summary=f"{STAGE_LABELS.get(row.stage, row.stage)}: {row.role} at {row.company}",
        description="\n".join(lines),
        location=row.location or join_url,
        url=join_url or page,
    )


def interview_ics(*, row, user, site_url: str, now: dt.datetime) -> bytes:
    """The "Add to calendar" file of one interview."""
    event = interview_event(row, site_url=site_url, stamp=now, zone=user.timezone)
    return calendar_bytes(events=[event], prodid=PRODID)


def feed_ics(*, user, site_url: str, now: dt.datetime) -> bytes:
    """A user's feed: interviews from a month ago on, today's letters still to send,
    the decision dates of applications still open and the check-in days to come. Four
    queries."""
    return calendar_bytes(
        events=feed_events(user=user, site_url=site_url, now=now),
        prodid=PRODID,
        name=FEED_NAME,
    )


def feed_events(*, user, site_url: str, now: dt.datetime) -> list[Event]:
    zone = user.timezone
    # 1. Interviews, with the join link of those that came from an invite.
    rows = event_rows(
        Interview.objects.for_user(user)
        .filter(ends_at__gte=now - FEED_PAST)
        .order_by("ends_at", "id")[:FEED_LIMIT]
    )
    events = [
        interview_event(row, site_url=site_url, stamp=now, zone=zone) for row in rows
    ]
    # 2. Interviews over today whose letters are not all sent: the day's deadline.
    day_start, day_end = local_day_bounds(instant=now, zone=user.zone)
    today = now.astimezone(user.zone).date()
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
        n = interview.unsent
        events.append(
            Event(
                uid=f"letters-{interview.pk}-{today:%Y%m%d}@{UID_DOMAIN}",
                stamp=now,
                start=today,
                end=today + dt.timedelta(days=1),
                summary=f"Send thank-you letters: {application.company}",
                description=(
                    f"{n} letter{'s' if n != 1 else ''} to send today for "
                    f"{application.role} at {application.company}.\n"
                    f"{site_url}{_path_for('overview:interview_detail')(interview.pk)}"
                ),
                transparent=True,
            )
        )
    # 3. Decision dates of open applications, from a month ago on.
    decisions = Application.objects.for_user(user).decisions_due(
        start=today - FEED_PAST, end=today + FEED_AHEAD
    )[:FEED_LIMIT]
    for application in decisions:
        day = application.decision_expected_on
        events.append(
            Event(
                uid=f"decision-{application.pk}@{UID_DOMAIN}",
                stamp=now,
                start=day,
                end=day + dt.timedelta(days=1),
                summary=f"Decision expected: {application.company}",
                description=(
                    f"They said you would hear back about {application.role} at "
                    f"{application.company} by today.\n"
                    f"{site_url}{_path_for('overview:application_detail')(application.pk)}"
                ),
                transparent=True,
            )
        )
    # 4. Check-in days still to come: the day jobtrack drafts the check-in and emails.
    checkins = (
        Reminder.objects.for_user(user)
        .pending()
        .filter(
            kind__in=CHECKIN_REMINDER_KINDS,
            due_at__gte=day_start,
            due_at__lt=now + FEED_AHEAD,
        )
        .select_related("interview__application")
        .order_by("due_at", "id")[:FEED_LIMIT]
    )
    for row in checkins:
        application = row.interview.application
        day = row.due_at.astimezone(user.zone).date()
        events.append(
            Event(
                uid=f"checkin-{row.pk}@{UID_DOMAIN}",
                stamp=now,
                start=day,
                end=day + dt.timedelta(days=1),
                summary=f"Check in: {application.company}",
                description=(
                    f"No answer yet about {application.role} at "
                    f"{application.company}: a short check-in is drafted for you "
                    f"today.\n"
                    f"{site_url}{_path_for('overview:application_detail')(application.pk)}"
                ),
                transparent=True,
            )
        )
    return events


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
