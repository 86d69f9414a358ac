"""The insights page reads kept figures (FiguresSnapshot): taken on the first view,
shown stale while a worker brings them up to date after a change or a new day."""

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from accounts.models import User
from insights.figures import insights_for_user
from insights.models import CompanyFigure, FiguresSnapshot
from insights.tasks import insights_refresh_task
from jobtrack.pagecache import data_changed
from tests.factories import (
    ApplicationFactory,
    InterviewFactory,
    LetterFactory,
    ParticipationFactory,
)

URL = reverse("insights:overview")
STALE = "Newer ones are being worked out; reload in a moment."


def _grow(user, count: int, *, company: str = "Co") -> None:
    """``count`` applications, each with a done interview, a person and a sent letter."""
    for n in range(count):
        interview = InterviewFactory(
            application=ApplicationFactory(owner=user, company=f"{company} {n % 40}")
        )
        participation = ParticipationFactory(interview=interview)
        LetterFactory(
            interview=interview,
            interviewer=participation.interviewer,
            status="sent",
            sent_at=interview.ends_at + dt.timedelta(hours=2),
        )


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _changed(user) -> None:
    """As after any POST of the user's (DataChangedMiddleware)."""
    data_changed(user_id=user.pk)


def test_the_first_view_takes_the_figures_and_keeps_them(alice, alice_client):
    _grow(alice, 3)
    assert not FiguresSnapshot.objects.exists()

    page = alice_client.get(URL, {"period": "all"}).content.decode()

    assert "3 of 3 people" in page and STALE not in page
    snapshot = FiguresSnapshot.objects.get(owner=alice, period="all")
    assert snapshot.payload["follow_through"]["people"] == 3
    assert snapshot.companies.count() == 3


@pytest.mark.parametrize("period", ["month", "all"])
def test_a_later_view_reads_the_kept_figures_in_the_same_few_queries(
    alice, alice_client, django_assert_num_queries, period
):
    """Taking the figures runs 7 queries over the whole account; reading them runs 4,
    however much data there is."""
    _grow(alice, 1)
    alice_client.get(URL, {"period": period})
    # session, user, the snapshot, its page of companies
    with django_assert_num_queries(4):
        alice_client.get(URL, {"period": period})

    _grow(alice, 499)
    _changed(alice)
    alice_client.get(URL, {"period": period})  # refreshed after its response
    with django_assert_num_queries(4):
        response = alice_client.get(URL, {"period": period})
    assert "500 of 500 people" in response.content.decode()


def test_after_a_change_the_page_says_newer_figures_are_coming(
    alice, alice_client, requests_leave_commit_work_queued
):
    _grow(alice, 1)
    alice_client.get(URL, {"period": "all"})
    _grow(alice, 1)
    _changed(alice)

    response = alice_client.get(URL, {"period": "all"})

    page = response.content.decode()
    assert STALE in page and "1 of 1 person" in page
    assert "no-store" in response["Cache-Control"]


def test_the_refresh_after_a_stale_view_brings_the_figures_up_to_date(
    alice, alice_client
):
    _grow(alice, 1)
    alice_client.get(URL, {"period": "all"})
    _grow(alice, 1)
    _changed(alice)

    assert STALE in alice_client.get(URL, {"period": "all"}).content.decode()

    page = alice_client.get(URL, {"period": "all"}).content.decode()
    assert STALE not in page and "2 of 2 people" in page
    alice.refresh_from_db()
    snapshot = FiguresSnapshot.objects.get(owner=alice, period="all")
    assert snapshot.reflects == alice.data_changed_at


@pytest.mark.page_cache
def test_figures_being_worked_out_are_never_a_kept_page(alice, alice_client):
    """The refresh runs in the worker, which moves no data_changed_at: a kept copy of
    the stale page would say "being worked out" for a minute after it was done."""
    alice_client.get(reverse("overview:dashboard"))  # the CSRF cookie, as a browser
    _grow(alice, 1)
    alice_client.get(URL, {"period": "all"})
    _grow(alice, 1)
    _changed(alice)

    assert STALE in alice_client.get(URL, {"period": "all"}).content.decode()

    page = alice_client.get(URL, {"period": "all"}).content.decode()
    assert STALE not in page and "2 of 2 people" in page


def test_a_stale_snapshot_asks_for_one_refresh_until_it_is_done(
    alice, django_capture_on_commit_callbacks
):
    insights_for_user(user=alice, period="all")
    _changed(alice)
    alice.refresh_from_db()
    asked = []

    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            figures = insights_for_user(
                user=alice,
                period="all",
                enqueue_refresh=lambda *args: asked.append(args),
            )

    assert figures.stale
    assert asked == [(alice.pk, "all")]
    insights_refresh_task(*asked[0])
    again = insights_for_user(
        user=alice, period="all", enqueue_refresh=lambda *args: asked.append(args)
    )
    assert not again.stale and len(asked) == 1


def test_without_a_worker_stale_figures_are_brought_up_to_date_in_the_call(alice):
    insights_for_user(user=alice, period="all")
    _grow(alice, 2)
    _changed(alice)
    alice.refresh_from_db()

    figures = insights_for_user(user=alice, period="all")

    assert not figures.stale and figures.follow_through.people == 2


def test_a_new_day_makes_the_figures_stale(alice, alice_client, frozen):
    alice_client.get(URL, {"period": "month"})
    with time_machine.travel(frozen + dt.timedelta(days=1), tick=False):
        page = alice_client.get(URL, {"period": "month"}).content.decode()
        assert STALE in page and "Figures as of Mon 30 Nov, 12:00." in page
        assert "to today, 30 November 2026" in page

        page = alice_client.get(URL, {"period": "month"}).content.decode()
        assert STALE not in page
        assert "From 1 December 2026 to today, 1 December 2026" in page


def test_another_users_figures_never_show(alice, charlie):
    _grow(charlie, 3, company="Charlie's")
    _signed_in(charlie).get(URL, {"period": "all"})
    alice_page = _signed_in(alice).get(URL, {"period": "all"}).content.decode()

    assert "0 of 0 people" in alice_page and "Charlie" not in alice_page
    assert FiguresSnapshot.objects.filter(owner=alice).count() == 1
    assert CompanyFigure.objects.filter(snapshot__owner=alice).count() == 0
    charlie_page = _signed_in(charlie).get(URL, {"period": "all"}).content.decode()
    assert "3 of 3 people" in charlie_page


def test_the_refresh_of_a_deleted_account_does_nothing(alice):
    user_id = alice.pk
    insights_for_user(user=alice, period="all")
    User.objects.filter(pk=user_id).delete()

    insights_refresh_task(user_id, "all")

    assert not FiguresSnapshot.objects.exists()
