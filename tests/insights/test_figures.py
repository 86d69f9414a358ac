"""The insights figures, checked by hand against insights.seeding.HALF_YEAR.

The hand count for "last 3 months" (30 Aug to 30 Nov 2026) is written out in
/work/wt/evidence/insights/figures-check.md; these tests hold the page to it.
"""

import datetime as dt

import pytest
from django.urls import reverse

from insights.figures import PercentileCont, insights_for_user, period_start
from tests.factories import (
    ApplicationFactory,
    InterviewFactory,
    LetterFactory,
    ParticipationFactory,
)


@pytest.fixture(params=["postgresql", "python"])
def medians(request, monkeypatch):
    """Each median taken by PostgreSQL, then in Python as on SQLite (`make run`)."""
    if request.param == "python":
        monkeypatch.setattr(PercentileCont, "supported", staticmethod(lambda _: False))
    return request.param


@pytest.mark.usefixtures("medians")
def test_last_three_months_thank_you_figures(half_year, frozen):
    ft = insights_for_user(user=half_year, period="quarter").follow_through
    # 17 interviews ended since 30 Aug, meeting 25 people; Mara Lind, Kim Park and
    # Raj Patel got no letter.
    assert (ft.people, ft.thanked, ft.sent) == (25, 22, 22)
    assert round(ft.rate * 100) == 88
    # Delays sorted: 1,1,1,2,2,2,2,2,3,3,3,3,4,4,4,5,5,6,8,26,30,50 hours.
    assert ft.median == dt.timedelta(hours=3)
    assert ft.p90 == dt.timedelta(hours=8 + 0.9 * 18)
    # Interviews end at 11:00; the 26, 30 and 50-hour letters went on a later day.
    assert (ft.same_day, ft.within_day) == (19, 19)


def test_last_three_months_funnel_and_endings(half_year, frozen):
    figures = insights_for_user(user=half_year, period="quarter")
    assert [(s.label, s.count) for s in figures.funnel] == [
        ("Applications", 12),
        ("Screen", 7),
        ("First interview", 5),
        ("Second or panel", 2),
        ("Final round", 2),
        ("Offer", 2),
    ]
    assert round(figures.funnel[1].conversion * 100) == 58
    e = figures.endings
    assert (e.open, e.offer, e.accepted, e.rejected, e.withdrawn) == (6, 1, 1, 3, 1)


@pytest.mark.usefixtures("medians")
def test_response_time_is_the_median_per_company(half_year, frozen):
    responses = {
        r.company: r
        for r in insights_for_user(user=half_year, period="quarter").responses
    }
    # Brightwave: applied day -85, screen day -80 (5 days), first interview 10:00 on
    # day -70 after the screen ended 11:00 on day -80 (9 days 23 hours).
    brightwave = responses["Brightwave Ltd"]
    assert brightwave.steps == 2
    assert brightwave.median_days == pytest.approx((5 + 9 + 23 / 24) / 2)
    assert "Müller & Söhne GmbH" not in responses  # applied before the period


def test_weekly_activity_counts_each_kind_in_its_week(half_year, frozen):
    weeks = insights_for_user(user=half_year, period="all").weeks
    assert len(weeks) == 26
    assert weeks[-1].start == dt.date(2026, 11, 30)
    # 26 weeks from Monday 8 June; the oldest application is from 13 June.
    assert weeks[0].start == dt.date(2026, 6, 8)
    assert sum(w.applications for w in weeks) == 19
    # Northwind's first interview, 3 days ago, and its screen 9 days ago.
    last = {w.start: w for w in weeks}
    assert last[dt.date(2026, 11, 23)].interviews == 1
    assert last[dt.date(2026, 11, 16)].interviews == 1


@pytest.mark.parametrize(
    ("today", "period", "start"),
    [
        (dt.date(2026, 5, 31), "quarter", dt.date(2026, 2, 28)),
        (dt.date(2026, 1, 15), "quarter", dt.date(2025, 10, 15)),
        (dt.date(2026, 1, 15), "month", dt.date(2026, 1, 1)),
        (dt.date(2026, 1, 15), "all", None),
    ],
)
def test_period_start(today, period, start):
    assert period_start(period=period, today=today) == start


def test_the_page_shows_the_figures_and_the_references(alice_client, half_year):
    response = alice_client.get(reverse("insights:overview"), {"period": "quarter"})
    page = response.content.decode()
    assert "22 of 25 people interviewed" in page
    assert "88%" in page
    assert "3 h 0 min" in page
    assert "24%" in page and "Robert Half" in page and "80%" in page
    assert "within 24 hours" in page
    assert "never decides" in page
    assert "ghosted" in page
    assert 'aria-hidden="true"' in page and "<caption" in page


@pytest.mark.usefixtures("medians")
def test_a_team_letter_thanks_everyone_met(alice, alice_client):
    interview = InterviewFactory(application=ApplicationFactory(owner=alice))
    ParticipationFactory(interview=interview)
    ParticipationFactory(interview=interview)
    LetterFactory(
        interview=interview,
        interviewer=None,
        status="sent",
        sent_at=interview.ends_at + dt.timedelta(hours=1),
    )
    ft = insights_for_user(user=alice, period="month").follow_through
    assert (ft.people, ft.thanked, ft.sent) == (2, 2, 1)


def test_a_letter_thanks_its_person_at_its_interview_only(alice, frozen):
    """Met twice, thanked once; and the other person at that interview not at all."""
    application = ApplicationFactory(owner=alice)
    first, second = (
        InterviewFactory(application=application, ends_at=frozen - dt.timedelta(days=d))
        for d in (3, 2)
    )
    ana = ParticipationFactory(interview=first).interviewer
    ParticipationFactory(interview=first)
    ParticipationFactory(interview=second, interviewer=ana)
    LetterFactory(
        interview=first,
        interviewer=ana,
        status="sent",
        sent_at=first.ends_at + dt.timedelta(hours=1),
    )
    ft = insights_for_user(user=alice, period="month").follow_through
    assert (ft.people, ft.thanked, ft.sent) == (3, 1, 1)


def test_no_data_shows_dashes_not_errors(alice_client):
    response = alice_client.get(reverse("insights:overview"))
    assert response.status_code == 200
    assert "0 of 0 people" in response.content.decode()


def _interviewed(user, company: str, applied: dt.date, *starts: dt.datetime) -> None:
    application = ApplicationFactory(owner=user, company=company, applied_on=applied)
    for start in starts:
        InterviewFactory(
            application=application,
            starts_at=start,
            ends_at=start + dt.timedelta(hours=1),
        )


@pytest.mark.usefixtures("medians")
def test_response_times_per_company_median_and_order(alice, frozen):
    """Odd and even numbers of steps, a start before the application date (no
    negative days), and a tie in median days ordered by name as Python orders text."""
    june = dt.date(2026, 6, 1)

    def at(day: int, hour: int = 10) -> dt.datetime:
        return dt.datetime(2026, 6, day, hour, tzinfo=dt.UTC)

    # Gaps: 2 days; 3 days 23 h (10:00 on the 7th after 11:00 on the 3rd); 2 days 5 h.
    _interviewed(alice, "Three Steps", june, at(3), at(7), at(9, 16))
    # Gaps: 4 days; 0 (started before the application date).
    _interviewed(alice, "  Two Steps ", june, at(5))
    _interviewed(alice, "Two Steps", dt.date(2026, 6, 9), at(2))
    _interviewed(alice, "Zeta", june, at(6))
    _interviewed(alice, "Ábaco", june, at(6))
    responses = [
        (r.company, r.median_days, r.steps)
        for r in insights_for_user(user=alice, period="all").responses
    ]
    assert responses == [
        ("Zeta", 5, 1),
        ("Ábaco", 5, 1),
        ("Three Steps", pytest.approx(2 + 5 / 24), 3),
        ("Two Steps", 2, 2),
    ]


@pytest.mark.usefixtures("medians")
def test_companies_come_fifty_a_page(alice, alice_client, frozen):
    june = dt.date(2026, 6, 1)
    for n in range(51):
        start = dt.datetime(2026, 6, 1, 10, tzinfo=dt.UTC) + dt.timedelta(days=n)
        _interviewed(alice, f"Co {n:02}", june, start)
    url = reverse("insights:overview")

    first = alice_client.get(url, {"period": "all"}).content.decode()
    assert "1–50 of 51 companies" in first and "Page 1 of 2" in first
    assert "?period=all&amp;page=2#response-title" in first
    assert "Co 50" in first and "Co 01" in first and "Co 00" not in first

    second = alice_client.get(url, {"period": "all", "page": 2}).content.decode()
    assert "51–51 of 51 companies" in second and "Page 2 of 2" in second
    assert "?period=all&amp;page=1#response-title" in second
    assert "Co 00" in second and "Co 01" not in second

    # As Django's paginator reads a page number: past the end or below 1 the last
    # page, not a whole number the first.
    for page, shown in (("9", 2), ("0", 2), ("two", 1), ("", 1)):
        text = alice_client.get(url, {"period": "all", "page": page}).content.decode()
        assert f"Page {shown} of 2" in text
        assert ("Co 00" in text) == (shown == 2)


@pytest.mark.usefixtures("medians")
def test_a_step_across_the_change_of_summer_time_counts_as_the_clock_shows(
    alice, frozen
):
    """Berlin's clocks go back an hour at 01:00 UTC on 25 October 2026: an interview
    ending 02:30 summer time and the next starting 02:40 winter time are ten minutes
    apart on the user's clock."""
    assert alice.timezone == "Europe/Berlin"
    _interviewed(
        alice,
        "Clockwork",
        dt.date(2026, 10, 25),
        dt.datetime(2026, 10, 24, 23, 30, tzinfo=dt.UTC),
        dt.datetime(2026, 10, 25, 1, 40, tzinfo=dt.UTC),
    )
    (clockwork,) = insights_for_user(user=alice, period="all").responses
    # Steps: 0 days since applying, then 10 minutes.
    assert clockwork.median_days == pytest.approx(5 / 1440)
