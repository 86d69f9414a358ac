"""Data for the integration runs: users with a reminder due right now."""

import datetime as dt

from django.utils import timezone

from reminders.models import Reminder, ReminderKind
from tests.factories import (
    ApplicationFactory,
    InterviewerFactory,
    InterviewFactory,
    LetterFactory,
    ReminderFactory,
    UserFactory,
)


def midday_zone() -> str:
    """A fixed-offset zone where it is about noon now: no quiet hours, no midnight nearby."""
    offset = 12 - timezone.now().hour  # -11 … +12
    return f"Etc/GMT{-offset:+d}" if offset else "UTC"


def due_reminders(count: int) -> list[Reminder]:
    """`count` users, each with an interview that just ended, one unsent letter, one due row."""
    zone = midday_zone()
    now = timezone.now()
    rows = []
    for n in range(count):
        user = UserFactory(email=f"user{n}@example.com", timezone=zone)
        application = ApplicationFactory(owner=user, company=f"Company {n}")
        interview = InterviewFactory(
            application=application, ends_at=now - dt.timedelta(minutes=70)
        )
        LetterFactory(
            interview=interview,
            interviewer=InterviewerFactory(application=application, name=f"Ana {n}"),
        )
        rows.append(
            ReminderFactory(
                interview=interview,
                kind=ReminderKind.FIRST,
                due_at=now - dt.timedelta(seconds=1),
            )
        )
    return rows


def due_checkins(count: int) -> list[Reminder]:
    """`count` users, each with a round ten days ago, its thank-yous sent, a coordinator
    met, and its first check-in due now."""
    zone = midday_zone()
    now = timezone.now()
    rows = []
    for n in range(count):
        user = UserFactory(email=f"user{n}@example.com", timezone=zone)
        application = ApplicationFactory(owner=user, company=f"Company {n}")
        interview = InterviewFactory(
            application=application, ends_at=now - dt.timedelta(days=10)
        )
        InterviewerFactory(
            application=application, name=f"Ana {n}", is_coordinator=True
        )
        rows.append(
            ReminderFactory(
                interview=interview,
                kind=ReminderKind.CHECKIN_1,
                due_at=now - dt.timedelta(seconds=1),
            )
        )
    return rows
