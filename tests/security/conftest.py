import datetime as dt
import sys

import pytest
from django.test import Client
from django.utils import timezone

from followup.models import CalendarFeed, InterviewInvite
from insights.models import Activity
from letters.history import letter_version_keep_drafted
from tests.factories import (
    ApplicationFactory,
    InterviewFactory,
    LetterFactory,
    ParticipationFactory,
    ReminderFactory,
)
from trash.rules import application_trash, interview_trash


@pytest.fixture
def alice_objects(alice) -> dict:
    """One object of every kind, all alice's: the ids another user must never reach."""
    application = ApplicationFactory(owner=alice, company="Alicorp", role="Engineer")
    interview = InterviewFactory(application=application)
    participation = ParticipationFactory(interview=interview)
    letter = LetterFactory(
        interview=interview,
        interviewer=participation.interviewer,
        status="finished",
        finished_at=timezone.now(),
    )
    letter_version_keep_drafted(letter=letter)
    reminder = ReminderFactory(
        interview=interview,
        kind="first",
        due_at=timezone.now() + dt.timedelta(hours=1),
    )
    # What alice deleted: an application, and an interview of the live one.
    trashed_application = ApplicationFactory(
        owner=alice, company="Alicorp", role="Gone"
    )
    application_trash(application=trashed_application)
    trashed_interview = InterviewFactory(application=application, stage="second")
    interview_trash(interview=trashed_interview)
    activity = Activity.objects.create(
        owner=alice, date=timezone.localdate(), employer="Alicorp job fair"
    )
    InterviewInvite.objects.create(
        owner=alice, interview=interview, uid="alice-invite@example.com"
    )
    CalendarFeed.objects.create(owner=alice)
    return {
        "activity": activity,
        "trashed_application": trashed_application,
        "trashed_interview": trashed_interview,
        "application": application,
        "interview": interview,
        "interviewer": participation.interviewer,
        "participation": participation,
        "letter": letter,
        "letter_version": letter.versions.get(),
        "reminder": reminder,
    }


@pytest.fixture
def alice_own_client(alice) -> Client:
    """alice signed in on a client of her own (tests also use charlie's `client`)."""
    own = Client()
    own.force_login(alice)
    return own


def pytest_terminal_summary(terminalreporter):
    """The fuzzing example counts, for the closing note."""
    counts = {}
    for module in (
        "tests.security.test_fuzz_forms",
        "tests.security.test_fuzz_exports",
    ):
        found = sys.modules.get(module)
        counts.update(getattr(found, "EXAMPLES_RUN", {}))
    if counts:
        terminalreporter.section("hypothesis examples run")
        for name, count in counts.items():
            terminalreporter.write_line(f"{name}: {count}")
        terminalreporter.write_line(f"total: {sum(counts.values())}")
