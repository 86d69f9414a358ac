"""`python -m bench.seed`: the numbers asked for, every letter state, rows that obey the rules."""

import datetime as dt

import pytest
import time_machine

from accounts.models import User
from applications.models import Application, Interview, Interviewer, Participation
from bench.seed import seed as run_seed
from letters.models import Letter, LetterStatus
from reminders.models import Reminder


def seed(**options):
    argv = [f"--{name.replace('_', '-')}={value}" for name, value in options.items()]
    return run_seed(argv)


@pytest.mark.django_db
def test_seed_creates_the_counts_asked_for_per_user():
    seed(users=2, applications=10, interviews=50, letters=100, reminders=20)

    assert User.objects.count() == 2
    for user in User.objects.all():
        assert Application.objects.for_user(user).count() == 10
        assert Interview.objects.for_user(user).count() == 50
        assert Letter.objects.for_user(user).count() == 100
        # Scheduled interviews get no reminders, so at most the number asked for.
        assert 0 < Reminder.objects.for_user(user).count() <= 20


@pytest.mark.django_db
def test_seeded_letters_are_in_every_state_and_reminders_pending_and_sent():
    seed(users=1, applications=10, interviews=40, letters=80, reminders=20)

    assert set(Letter.objects.values_list("status", flat=True)) == set(LetterStatus)
    assert Reminder.objects.pending().exists()
    assert Reminder.objects.filter(sent_at__isnull=False).exists()
    assert Letter.objects.filter(interviewer__isnull=True).exists()  # to the team


@pytest.mark.django_db
def test_seeded_rows_belong_to_their_owner_and_letters_to_people_met():
    seed(users=2, applications=5, interviews=15, letters=30, reminders=4)

    for letter in Letter.objects.select_related("interview", "interviewer"):
        assert letter.interview.owner_id == letter.owner_id
        if letter.interviewer_id:
            assert letter.interviewer.application_id == letter.interview.application_id
            assert Participation.objects.filter(
                interview=letter.interview, interviewer=letter.interviewer
            ).exists()
    assert not Interviewer.objects.exclude(
        owner_id__in=Application.objects.values("owner_id")
    ).exists()


@pytest.mark.django_db
def test_seed_with_an_email_makes_a_user_who_can_sign_in(client):
    output = seed(
        users=1, applications=3, interviews=3, letters=3, user_email="Demo@Example.com"
    )

    assert "demo@example.com" in output
    assert client.login(username="demo@example.com", password="demo-password-2026")
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_seed_adds_to_an_existing_user_with_that_email():
    seed(
        users=1, applications=2, interviews=2, letters=2, user_email="demo@example.com"
    )
    seed(
        users=1, applications=3, interviews=3, letters=3, user_email="demo@example.com"
    )

    demo = User.objects.get(email="demo@example.com")
    assert User.objects.count() == 1
    assert Application.objects.for_user(demo).count() == 5


@pytest.mark.django_db
@pytest.mark.parametrize(
    "moment",
    [
        pytest.param("2026-12-01T12:00:00+00:00", id="midday"),
        # 03:00 in Berlin, the user's zone: two of today's three ended before
        # midnight UTC, on the previous day there.
        pytest.param("2026-12-01T02:00:00+00:00", id="berlin-3am"),
        pytest.param("2026-11-30T23:20:00+00:00", id="berlin-just-after-midnight"),
    ],
)
def test_seed_newest_interviews_ended_today_with_draft_letters_for_the_dashboard(
    client, moment
):
    with time_machine.travel(dt.datetime.fromisoformat(moment), tick=False):
        seed(
            users=1, applications=4, interviews=8, letters=8, user_email="d@example.com"
        )
        client.login(username="d@example.com", password="demo-password-2026")

        board = client.get("/").context["board"]

    assert len(board.attention) == 3
    assert all(
        letter.status == LetterStatus.DRAFT
        for interview in board.attention
        for letter in interview.letters
    )


@pytest.mark.django_db
def test_seed_refuses_negative_counts(capsys):
    with pytest.raises(SystemExit):
        seed(letters=-1)
    assert "--letters cannot be negative" in capsys.readouterr().err


@pytest.mark.django_db
def test_seed_with_no_applications_makes_an_empty_account():
    seed(users=1, applications=0, interviews=10, letters=10, reminders=5)

    assert User.objects.count() == 1
    assert not Interview.objects.exists() and not Letter.objects.exists()


@pytest.mark.django_db
def test_seeded_letters_belong_to_done_interviews_only():
    seed(users=1, applications=20, interviews=120, letters=240, reminders=0)

    assert Interview.objects.filter(status="scheduled").exists()
    assert not Letter.objects.filter(interview__status="scheduled").exists()
    assert Letter.objects.count() == 240


@pytest.mark.django_db
def test_seeded_rows_carry_their_own_past_times_not_the_moment_of_seeding():
    seed(users=1, applications=5, interviews=20, letters=20, reminders=10)

    old = Interview.objects.order_by("ends_at").first()
    assert (old.created_at, old.updated_at) == (old.ends_at, old.ends_at)
    letter = Letter.objects.filter(interview=old).first()
    assert letter.created_at == old.ends_at
    assert letter.updated_at == old.ends_at + dt.timedelta(hours=2)
    for reminder in Reminder.objects.select_related("interview"):
        assert reminder.created_at == reminder.interview.ends_at
    newest, oldest = Application.objects.order_by("-updated_at")[::4]
    assert newest.updated_at > oldest.updated_at > oldest.created_at
    for person in Interviewer.objects.select_related("application"):
        assert person.created_at == person.application.created_at
