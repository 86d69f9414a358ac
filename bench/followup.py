"""Follow-through: reading an invite into the log form's pre-fill, and a year of
interviews served as the private calendar feed."""

import datetime as dt
import statistics
import time

from .env import BASE_DIR

INVITE_EMAIL = "invites@bench.invalid"
FEED_EMAIL = "feed@bench.invalid"
INVITES = BASE_DIR / "tests" / "followup" / "invites"
# The invite user's records: the size of an active search, one company per fixture.
INVITE_APPLICATIONS = 300
FEED_APPLICATIONS = 100
FEED_DAYS = 365


def _user(email: str):
    from accounts.models import User
    from bench.seeding import seed_users

    user = User.objects.filter(email=email).first()
    created = user is None
    if created:
        user = seed_users(count=1, first_email=email)[0]
        user.timezone = "Europe/Berlin"
        user.save(update_fields=["timezone"])
    return user, created


def _analyze() -> None:
    """Planner statistics for the rows just laid (autovacuum would, minutes later)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def invite_import(*, runs: int) -> dict[str, tuple[float, float]]:
    """Median milliseconds per fixture invite: parse, match to the user's records and
    build the pre-fill, as the import view does (without the HTTP round trip)."""
    from applications.models import Application, Interviewer
    from followup.invite_prefill import invite_prefill
    from followup.invites import invite_parse

    user, created = _user(INVITE_EMAIL)
    if created:
        companies = ["Initech", "Umbrella Corporation", "Hooli GmbH"]
        applications = Application.objects.bulk_create(
            Application(
                owner=user,
                company=companies[n] if n < 3 else f"Company {n}",
                role="Engineer",
            )
            for n in range(INVITE_APPLICATIONS)
        )
        Interviewer.objects.bulk_create(
            Interviewer(
                owner=user,
                application=application,
                name=f"Person {n}",
                email=f"person{n}@company{n}.example",
            )
            for n, application in enumerate(applications)
        )
    _analyze()
    results = {}
    for path in sorted(INVITES.iterdir()):
        data = path.read_bytes()
        timings = []
        for _ in range(runs + 1):
            started = time.perf_counter()
            parsed = invite_parse(data=data, user_email=user.email, zone=user.zone)
            invite_prefill(user=user, invite=parsed)
            timings.append((time.perf_counter() - started) * 1000)
        timings = timings[1:]  # the first warms the caches
        results[path.name] = (statistics.median(timings), min(timings))
    return results


def feed(*, runs: int) -> tuple[float, float, int, int]:
    """Median milliseconds for the feed view of a user with an interview every day for
    a year (each from an invite, with its join link) and decision dates; the bytes and
    events served."""
    from django.test import RequestFactory
    from django.utils import timezone

    from applications.models import Application, Interview, InterviewStatus
    from followup.models import CalendarFeed, InterviewInvite
    from followup.views import feed as feed_view

    user, _ = _user(FEED_EMAIL)
    # Laid anew each run, so the year always starts today.
    Application.objects.for_user(user).delete()
    now = timezone.now()
    applications = Application.objects.bulk_create(
        Application(
            owner=user,
            company=f"Company {n}",
            role="Engineer",
            decision_expected_on=(now + dt.timedelta(days=n * 3)).date(),
        )
        for n in range(FEED_APPLICATIONS)
    )
    interviews = Interview.objects.bulk_create(
        Interview(
            owner=user,
            application=applications[day % FEED_APPLICATIONS],
            status=InterviewStatus.SCHEDULED,
            starts_at=now + dt.timedelta(days=day, hours=1),
            ends_at=now + dt.timedelta(days=day, hours=2),
            timezone="Europe/Berlin",
        )
        for day in range(FEED_DAYS)
    )
    InterviewInvite.objects.bulk_create(
        InterviewInvite(
            owner=user,
            interview=interview,
            uid=f"bench-{interview.pk}@example.com",
            join_url=f"https://meet.google.com/abc-{interview.pk}",
        )
        for interview in interviews
    )
    _analyze()
    token = CalendarFeed.objects.get_or_create(owner=user)[0].token
    request = RequestFactory().get(f"/followup/calendar/{token}.ics")
    timings = []
    for _ in range(runs + 1):
        started = time.perf_counter()
        response = feed_view(request, token=token)
        timings.append((time.perf_counter() - started) * 1000)
    body = response.content
    timings = timings[1:]
    return (
        statistics.median(timings),
        min(timings),
        len(body),
        body.count(b"BEGIN:VEVENT"),
    )
