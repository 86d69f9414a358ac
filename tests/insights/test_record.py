"""The work-search record: what counts automatically, edits, hiding, the weekly meter."""

import datetime as dt

import pytest
from django.db import connection
from django.urls import reverse

from applications.models import Application
from insights.models import Activity, EntryEdit
from insights.record import (
    record_entries,
    record_page,
    record_queryset,
    week_progress,
)
from tests.factories import ApplicationFactory, InterviewFactory, ParticipationFactory

RANGE = {"start": "2026-11-01", "end": "2026-11-30"}


def entries(user, **kwargs):
    return record_entries(record_queryset(user=user, **kwargs))


def test_applications_and_done_interviews_count_automatically(alice, frozen):
    application = ApplicationFactory(
        owner=alice,
        company="Zoë Analytics",
        role="Data Engineer",
        applied_on=dt.date(2026, 11, 20),
        posting_url="https://jobs.example/zoe",
    )
    done = InterviewFactory(
        application=application,
        format="onsite",
        ends_at=dt.datetime(2026, 11, 25, 23, 30, tzinfo=dt.UTC),
    )
    ParticipationFactory(interview=done, interviewer__name="Ana Rivera", position=0)
    ParticipationFactory(interview=done, interviewer__name="Bo Chen", position=1)
    InterviewFactory(application=application, status="scheduled", stage="second")
    found = entries(alice)
    assert [(e.kind, e.date) for e in found] == [
        ("application", dt.date(2026, 11, 20)),
        # 23:30 UTC is already the 26th in Berlin, the user's timezone.
        ("interview", dt.date(2026, 11, 26)),
    ]
    app_entry, interview_entry = found
    assert (app_entry.method, app_entry.result_label) == ("online", "Interviewing")
    assert app_entry.contact == "https://jobs.example/zoe"
    assert interview_entry.method == "in_person"
    assert sorted(interview_entry.person.split(", ")) == ["Ana Rivera", "Bo Chen"]
    assert interview_entry.label == "First interview"


def test_editing_an_automatic_entry_keeps_only_the_changes(alice, alice_client, frozen):
    application = ApplicationFactory(
        owner=alice, company="Nordlicht AG", role="Dev", applied_on=dt.date(2026, 11, 2)
    )
    url = reverse("insights:application_entry", args=[application.pk])
    form = alice_client.get(url).context["form"]
    data = {**form.initial, "person": "Frau Weiß", "date": "2026-11-02"}
    response = alice_client.post(url, data)
    assert response.status_code == 302
    edit = EntryEdit.objects.get(application=application)
    assert edit.person == "Frau Weiß"
    assert (edit.employer, edit.date, edit.result) == (None, None, None)
    # Fields left alone still follow the application.
    Application.objects.filter(pk=application.pk).update(
        company="Nordlicht SE", status="rejected"
    )
    (entry,) = entries(alice)
    assert (entry.employer, entry.person, entry.result_label) == (
        "Nordlicht SE",
        "Frau Weiß",
        "Rejected",
    )
    assert entry.edited
    page = alice_client.get(reverse("insights:record"), RANGE).content.decode()
    assert (
        "<td>Application"
        ' <span class="badge text-bg-light border">edited</span></td>\n'
        "    <td>Nordlicht SE</td>\n    <td>Dev</td>\n    <td>Frau Weiß</td>"
    ) in page
    alice_client.post(url, {"action": "restore"})
    assert not EntryEdit.objects.exists()
    assert entries(alice)[0].person == ""


def test_hiding_keeps_the_entry_listed_but_out_of_exports_and_the_count(
    alice, alice_client, frozen
):
    application = ApplicationFactory(owner=alice, applied_on=dt.date(2026, 11, 30))
    url = reverse("insights:application_entry", args=[application.pk])
    alice_client.post(url, {"action": "hide"})
    assert [e.hidden for e in entries(alice)] == [True]
    assert entries(alice, include_hidden=False) == []
    assert week_progress(user=alice).count == 0
    page = alice_client.get(reverse("insights:record"), RANGE).content.decode()
    assert '<tr class="text-body-secondary">' in page
    assert '<span class="badge text-bg-secondary">hidden</span>' in page
    assert (
        f'form="entry-visibility" formaction="{url}" name="action" value="show">Show'
        f'<span class="visually-hidden"> Application, {application.company}, Mon 30 Nov'
        in page
    )
    alice_client.post(url, {"action": "show"})
    assert not EntryEdit.objects.exists()
    assert week_progress(user=alice).count == 1


def test_adding_editing_hiding_and_deleting_an_activity(alice, alice_client, frozen):
    add = reverse("insights:activity_add")
    response = alice_client.post(
        add,
        {
            "kind": "job_fair",
            "date": "2026-11-28",
            "employer": "Jobmesse Köln",
            "position": "",
            "person": "Herr Öztürk",
            "contact": "messe@example.de",
            "method": "in_person",
            "result": "Zwei Kontakte",
            "back": "https://evil.example/",
        },
    )
    assert response["Location"] == reverse("insights:record")
    activity = Activity.objects.get()
    assert (activity.owner, activity.employer) == (alice, "Jobmesse Köln")
    edit = reverse("insights:activity_edit", args=[activity.pk])
    alice_client.post(edit, {"action": "hide"})
    activity.refresh_from_db()
    assert activity.hidden
    alice_client.post(edit, {"action": "delete"})
    assert not Activity.objects.exists()


@pytest.mark.parametrize(
    ("date", "message"),
    [
        ("1999-12-31", "Pick a date between"),
        ("2031-01-01", "Pick a date between"),
        ("2026-1²-01", "Enter a valid date"),
    ],
)
def test_a_wrong_date_is_explained_and_the_typing_kept(
    alice_client, frozen, date, message
):
    response = alice_client.post(
        reverse("insights:activity_add"),
        {
            "kind": "workshop",
            "date": date,
            "employer": "שלום Workshop",
            "method": "video",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "שלום Workshop" in page
    assert not Activity.objects.exists()


def test_a_reversed_range_says_so(alice_client, frozen):
    response = alice_client.get(
        reverse("insights:record"), {"start": "2026-11-30", "end": "2026-11-01"}
    )
    assert "The start date comes after the end date" in response.content.decode()
    response = alice_client.get(
        reverse("insights:export"),
        {"start": "2026-11-30", "end": "2026-11-01", "layout": "us", "fmt": "csv"},
    )
    assert response.status_code == 400
    assert "The start date comes after the end date" in response.content.decode()


def test_the_week_meter_counts_different_days(alice, alice_client, frozen):
    """Monday 30 Nov 2026: three activities, two of them on Monday."""
    for day in (dt.date(2026, 11, 30), dt.date(2026, 11, 30), dt.date(2026, 12, 1)):
        Activity.objects.create(owner=alice, date=day, employer="Fair")
    Activity.objects.create(owner=alice, date=dt.date(2026, 11, 29), employer="Last")
    week = week_progress(user=alice)
    assert (week.count, week.days, week.target, week.met) == (3, 2, 3, False)
    page = alice_client.get(reverse("overview:dashboard")).content.decode()
    # The dashboard shows the welcome, not the meter, to someone with no applications.
    ApplicationFactory(owner=alice, applied_on=dt.date(2026, 12, 2))
    page = alice_client.get(reverse("overview:dashboard")).content.decode()
    assert "4 activities on 3 different days" in page
    assert "Target met" in page
    alice.weekly_activity_target = 5
    alice.save()
    page = alice_client.get(reverse("overview:dashboard")).content.decode()
    assert 'max="5"' in page and "2 more to go" in page


def test_the_target_is_set_in_the_profile(alice, alice_client):
    form = alice_client.get(reverse("accounts:profile")).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(weekly_activity_target="4", weekly_target_different_days="")
    response = alice_client.post(reverse("accounts:profile"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    alice.refresh_from_db()
    assert (alice.weekly_activity_target, alice.weekly_target_different_days) == (
        4,
        False,
    )
    data.update(weekly_activity_target="40")
    response = alice_client.post(reverse("accounts:profile"), data)
    assert "Ensure this value is less than or equal to 21" in response.content.decode()


def _grow(user, count: int) -> None:
    for n in range(count):
        interview = InterviewFactory(
            application=ApplicationFactory(
                owner=user, applied_on=dt.date(2026, 11, 1 + n % 29)
            ),
            ends_at=dt.datetime(2026, 11, 1 + n % 29, 12, tzinfo=dt.UTC),
        )
        ParticipationFactory(interview=interview)
        Activity.objects.create(owner=user, date=interview.ends_at.date(), employer="X")


@pytest.mark.parametrize("name", ["insights:record", "overview:dashboard"])
def test_record_query_count_does_not_grow(
    alice, alice_client, frozen, django_assert_num_queries, name
):
    """Guards against a query per entry (people of an interview, edits)."""
    _grow(alice, 1)
    queries = {"insights:record": 5, "overview:dashboard": 10}[name]
    # record: session, user, the page's dates, the page's entries read whole, week
    # meter; the dashboard as tests/overview/test_dashboard.py
    # counts it (no letters of today, no check-ins)
    with django_assert_num_queries(queries):
        alice_client.get(reverse(name), RANGE)
    _grow(alice, 499)
    with django_assert_num_queries(queries):
        alice_client.get(reverse(name), RANGE)


def test_a_period_counts_each_entry_by_its_edited_day_or_its_own(alice, frozen):
    """The week (Mon 30 Nov 2026, Berlin) read through the indexes: an edit's date wins
    either way, an application with no date applied counts on the day it was added, and
    an interview ending late on Sunday UTC counts on Monday in Berlin."""
    long_ago = ApplicationFactory(owner=alice, applied_on=dt.date(2026, 3, 2))
    EntryEdit.objects.create(
        owner=alice, application=long_ago, date=dt.date(2026, 12, 1)
    )
    moved_out = ApplicationFactory(owner=alice, applied_on=dt.date(2026, 12, 2))
    EntryEdit.objects.create(
        owner=alice, application=moved_out, date=dt.date(2026, 11, 2)
    )
    undated = ApplicationFactory(owner=alice, applied_on=None)
    Application.objects.filter(pk=undated.pk).update(
        created_at=dt.datetime(2026, 11, 29, 23, 30, tzinfo=dt.UTC)
    )
    InterviewFactory(
        application=moved_out,
        ends_at=dt.datetime(2026, 11, 29, 23, 30, tzinfo=dt.UTC),
    )
    InterviewFactory(
        application=moved_out,
        ends_at=dt.datetime(2026, 11, 29, 22, 30, tzinfo=dt.UTC),
    )
    week = [
        (e.kind, e.date, e.source_pk)
        for e in entries(alice, start=dt.date(2026, 11, 30), end=dt.date(2026, 12, 6))
    ]
    assert week == [
        ("application", dt.date(2026, 11, 30), undated.pk),
        ("interview", dt.date(2026, 11, 30), week[1][2]),
        ("application", dt.date(2026, 12, 1), long_ago.pk),
    ]
    assert week_progress(user=alice).count == 3


def test_the_record_shows_a_page_at_a_time(alice, alice_client, frozen):
    """Entries of a long period come 50 a page, oldest first. A page with more after it
    says how many entries it has reached, the last page how many there are; the week
    meter keeps to the whole period."""
    for day in range(1, 31):
        Activity.objects.create(
            owner=alice, date=dt.date(2026, 11, day), employer=f"Fair {day:02}"
        )
        Activity.objects.create(
            owner=alice, date=dt.date(2026, 11, day), employer=f"Talk {day:02}"
        )
    url = reverse("insights:record")

    first = alice_client.get(url, RANGE).content.decode()
    assert "More than 50 entries from 1 Nov 2026 to 30 Nov 2026" in first
    assert "Page 1</span>" in first
    assert "?start=2026-11-01&amp;end=2026-11-30&amp;page=2" in first
    assert "Fair 25" in first and "Fair 26" not in first
    assert "2 activities on 1 different day" in first  # Monday 30 Nov, on page 2

    second = alice_client.get(url, {**RANGE, "page": 2}).content.decode()
    assert "60 entries from 1 Nov 2026" in second and "Page 2 of 2" in second
    assert "?start=2026-11-01&amp;end=2026-11-30&amp;page=1" in second
    assert "Fair 26" in second and "Talk 30" in second and "Fair 25" not in second

    # A page number typed by hand: not a number, a Unicode digit, below one, just
    # past the end, far past it.
    for typed, shown in (
        ("abc", "Page 1</span>"),
        ("²", "Page 1</span>"),
        ("0", "Page 2 of 2"),
        ("3", "Page 2 of 2"),
        ("9" * 30, "Page 2 of 2"),
    ):
        response = alice_client.get(url, {**RANGE, "page": typed})
        assert response.status_code == 200
        assert shown in response.content.decode()


def test_an_empty_period_past_its_end_shows_its_one_page(alice_client, frozen):
    page = alice_client.get(reverse("insights:record"), {**RANGE, "page": 4})
    assert "0 entries from 1 Nov 2026" in page.content.decode()
    assert "Nothing recorded in this period" in page.content.decode()


def _mixed_record(user) -> None:
    """Entries of every part a page reads: applications with a day applied and without
    one, done interviews (late in the day in UTC, the next day in Berlin), entries
    dated by an edit, added activities; hidden, scheduled and deleted rows too."""
    for n in range(24):
        application = ApplicationFactory(
            owner=user, applied_on=dt.date(2026, 11, 1 + n % 9)
        )
        for hour in (9, 23):
            InterviewFactory(
                application=application,
                ends_at=dt.datetime(2026, 11, 2 + n % 7, hour, 30, tzinfo=dt.UTC),
            )
        Activity.objects.create(
            owner=user,
            date=dt.date(2026, 11, 1 + n % 5),
            employer=f"Fair {n}",
            kind=("job_fair", "workshop")[n % 2],
            hidden=n % 6 == 0,
        )
    for n in range(6):
        undated = ApplicationFactory(owner=user, applied_on=None)
        Application.objects.filter(pk=undated.pk).update(
            created_at=dt.datetime(2026, 11, 3 + n % 2, 22 + n % 2, 30, tzinfo=dt.UTC)
        )
    moved = ApplicationFactory(owner=user, applied_on=dt.date(2026, 10, 1))
    EntryEdit.objects.create(owner=user, application=moved, date=dt.date(2026, 11, 4))
    interview = InterviewFactory(
        application=moved, ends_at=dt.datetime(2026, 10, 2, 12, tzinfo=dt.UTC)
    )
    EntryEdit.objects.create(
        owner=user, interview=interview, date=dt.date(2026, 11, 2), hidden=True
    )
    moved_out = ApplicationFactory(owner=user, applied_on=dt.date(2026, 11, 2))
    EntryEdit.objects.create(
        owner=user, application=moved_out, date=dt.date(2026, 12, 24)
    )
    InterviewFactory(
        application=moved_out,
        status="scheduled",
        ends_at=dt.datetime(2026, 11, 3, 12, tzinfo=dt.UTC),
    )
    deleted = ApplicationFactory(owner=user, applied_on=dt.date(2026, 11, 3))
    Application.objects.filter(pk=deleted.pk).update(trashed_at=NOW_UTC)


NOW_UTC = dt.datetime(2026, 11, 30, 11, tzinfo=dt.UTC)


@pytest.mark.parametrize("limit_each_part", [True, False], ids=["postgres", "sqlite"])
def test_pages_read_one_after_another_are_the_record_in_order(
    alice, frozen, monkeypatch, limit_each_part
):
    """A page reads each part only up to its own end; read one after another, the pages
    are the period's record, in its order. SQLite, which cannot limit each part of a
    union, reads the parts whole and pages the same."""
    _mixed_record(alice)
    monkeypatch.setattr(
        connection.features, "supports_slicing_ordering_in_compound", limit_each_part
    )
    start, end = dt.date(2026, 11, 1), dt.date(2026, 11, 30)
    record = [
        (e.kind, e.source_pk, e.date, e.hidden)
        for e in entries(alice, start=start, end=end)
    ]
    assert len(record) == 24 + 48 + 24 + 6 + 2
    pages, number = [], 1
    while True:
        page = record_page(user=alice, start=start, end=end, number=number, per_page=7)
        pages.append(page)
        if not page.has_next:
            break
        number += 1
    assert [
        (e.kind, e.source_pk, e.date, e.hidden) for page in pages for e in page.entries
    ] == record
    assert [page.total for page in pages] == [None] * (len(pages) - 1) + [len(record)]


def test_a_day_lists_its_entries_in_the_order_they_happened(alice, frozen):
    """Two interviews of one day: the one that ended first comes first, whichever was
    logged first."""
    application = ApplicationFactory(owner=alice, applied_on=dt.date(2026, 11, 2))
    later = InterviewFactory(
        application=application, ends_at=dt.datetime(2026, 11, 3, 15, tzinfo=dt.UTC)
    )
    earlier = InterviewFactory(
        application=application, ends_at=dt.datetime(2026, 11, 3, 9, tzinfo=dt.UTC)
    )
    for found in (
        entries(alice),
        record_page(
            user=alice,
            start=dt.date(2026, 11, 1),
            end=dt.date(2026, 11, 30),
            number=1,
            per_page=50,
        ).entries,
    ):
        assert [e.source_pk for e in found if e.kind == "interview"] == [
            earlier.pk,
            later.pk,
        ]


def test_a_page_reads_each_entry_whole(alice, alice_client, frozen):
    """An interview on the page shows the people met and an edited application its
    edit, as on an unpaginated record."""
    application = ApplicationFactory(owner=alice, applied_on=dt.date(2026, 11, 2))
    EntryEdit.objects.create(owner=alice, application=application, result="Called")
    interview = InterviewFactory(
        application=application,
        ends_at=dt.datetime(2026, 11, 3, 12, tzinfo=dt.UTC),
    )
    ParticipationFactory(interview=interview, interviewer__name="Ana Rivera")
    ParticipationFactory(interview=interview, interviewer__name="Bo Chen")
    page = alice_client.get(reverse("insights:record"), RANGE).content.decode()
    assert "Ana Rivera, Bo Chen" in page or "Bo Chen, Ana Rivera" in page
    assert "Called" in page and "edited" in page


def test_an_entry_is_edited_by_any_changed_field_and_not_by_hiding_it(alice, frozen):
    """A field cleared to "" or an edited date marks the entry edited; an edit that
    only hides it does not."""
    hidden, cleared, redated = ApplicationFactory.create_batch(
        3, owner=alice, applied_on=dt.date(2026, 11, 20)
    )
    EntryEdit.objects.create(owner=alice, application=hidden, hidden=True)
    EntryEdit.objects.create(owner=alice, application=cleared, contact="")
    EntryEdit.objects.create(
        owner=alice, application=redated, date=dt.date(2026, 11, 21)
    )
    edited = {entry.source_pk: entry.edited for entry in entries(alice)}
    assert edited == {hidden.pk: False, cleared.pk: True, redated.pk: True}
