"""The timing rules of "When to remind", as a table of cases and as properties."""

import datetime as dt
import zoneinfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reminders.models import ReminderKind
from reminders.rules import (
    EVENING_GAP,
    Prefs,
    Verdict,
    in_quiet_hours,
    local_day_bounds,
    reminder_decide,
    reminder_times,
)

Z = zoneinfo.ZoneInfo


def local(zone: str, text: str) -> dt.datetime:
    """A wall-clock time in a zone, as an aware instant ("2026-11-23 14:00")."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=Z(zone))


def as_local(instant: dt.datetime | None, zone: str) -> str | None:
    return (
        None if instant is None else f"{instant.astimezone(Z(zone)):%Y-%m-%d %H:%M %Z}"
    )


NO_QUIET = {"quiet_start": 0, "quiet_end": 0}

# zone, interview ended (local), logged (local), prefs overrides, first, evening (local)
CASES = [
    pytest.param(
        "Europe/Berlin", "2026-11-23 14:00", "2026-11-23 14:05", {},
        "2026-11-23 15:00 CET", "2026-11-23 18:00 CET", id="berlin-afternoon",
    ),
    pytest.param(
        "America/New_York", "2026-11-23 10:30", "2026-11-23 10:31", {},
        "2026-11-23 11:30 EST", "2026-11-23 18:00 EST", id="new-york-morning",
    ),
    pytest.param(
        "Asia/Kolkata", "2026-11-23 09:00", "2026-11-23 09:10", {},
        "2026-11-23 10:00 IST", "2026-11-23 18:00 IST", id="kolkata-half-hour-offset",
    ),
    pytest.param(
        "Asia/Tokyo", "2026-11-23 17:30", "2026-11-23 17:35", {},
        "2026-11-23 18:30 JST", None, id="first-after-evening-hour-no-evening",
    ),
    pytest.param(
        "Europe/Berlin", "2026-11-23 16:30", "2026-11-23 16:40", {},
        "2026-11-23 17:30 CET", None, id="first-within-hour-of-evening-no-evening",
    ),
    pytest.param(
        "Europe/Berlin", "2026-11-23 14:00", "2026-11-23 19:30", {},
        "2026-11-23 19:30 CET", None, id="logged-after-evening-hour-sends-at-once",
    ),
    pytest.param(
        "Europe/Berlin", "2026-11-23 15:00", "2026-11-24 09:00", {},
        None, None, id="logged-the-next-day-nothing",
    ),
    pytest.param(
        "America/Los_Angeles", "2026-11-23 23:30", "2026-11-24 00:10", NO_QUIET,
        None, None, id="logged-after-midnight-nothing",
    ),
    pytest.param(
        "Europe/Berlin", "2026-11-23 20:30", "2026-11-23 20:35", {},
        None, None, id="first-falls-in-quiet-hours-until-day-ends",
    ),
    pytest.param(
        "Europe/Berlin", "2026-11-23 06:30", "2026-11-23 06:40", {},
        "2026-11-23 08:00 CET", "2026-11-23 18:00 CET", id="early-interview-waits-for-quiet-end",
    ),
    pytest.param(
        # Spring forward in Berlin: 18:00 CEST is 16:00 UTC, an hour earlier than the day before.
        "Europe/Berlin", "2026-03-29 12:00", "2026-03-29 12:05", {},
        "2026-03-29 13:00 CEST", "2026-03-29 18:00 CEST", id="dst-spring-forward-berlin",
    ),
    pytest.param(
        # Fall back in New York: an hour after 01:30 EDT the clock shows 01:30 again (EST).
        "America/New_York", "2026-11-01 01:30", "2026-11-01 01:35", NO_QUIET,
        "2026-11-01 01:30 EST", "2026-11-01 18:00 EST", id="dst-fall-back-delay-is-elapsed-time",
    ),
    pytest.param(
        "Australia/Sydney", "2026-10-04 23:00", "2026-10-04 23:05", NO_QUIET,
        None, None, id="dst-day-23-hours-ends-sooner",
    ),
    pytest.param(
        "Europe/Berlin", "2026-11-23 12:00", "2026-11-23 12:00",
        {"first_delay_minutes": 30, "evening_hour": 20, "quiet_start": 22, "quiet_end": 7},
        "2026-11-23 12:30 CET", "2026-11-23 20:00 CET", id="custom-preferences",
    ),
    pytest.param(
        "Europe/Berlin", "2026-11-23 12:00", "2026-11-23 12:00", {"evening_hour": 22},
        "2026-11-23 13:00 CET", None, id="evening-hour-inside-quiet-hours-skipped",
    ),
    pytest.param(
        "Europe/Berlin", "2026-11-23 12:00", "2026-11-23 12:00", {"enabled": False},
        None, None, id="reminders-turned-off",
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    ("zone", "ended", "logged", "prefs", "first", "evening"), CASES
)
def test_reminder_times_follow_the_users_local_rules(
    zone, ended, logged, prefs, first, evening
):
    times = reminder_times(
        ends_at=local(zone, ended),
        logged_at=local(zone, logged),
        prefs=Prefs(zone=Z(zone), **prefs),
    )
    assert as_local(times.get(ReminderKind.FIRST), zone) == first
    assert as_local(times.get(ReminderKind.EVENING), zone) == evening
    assert all(t.tzinfo == dt.UTC for t in times.values())


def test_evening_on_spring_forward_day_is_an_hour_earlier_in_utc():
    berlin = Prefs(zone=Z("Europe/Berlin"))
    before = reminder_times(
        ends_at=local("Europe/Berlin", "2026-03-28 12:00"),
        logged_at=local("Europe/Berlin", "2026-03-28 12:00"),
        prefs=berlin,
    )
    on = reminder_times(
        ends_at=local("Europe/Berlin", "2026-03-29 12:00"),
        logged_at=local("Europe/Berlin", "2026-03-29 12:00"),
        prefs=berlin,
    )
    assert before[ReminderKind.EVENING].time() == dt.time(17, 0)
    assert on[ReminderKind.EVENING].time() == dt.time(16, 0)


# Decisions at send time: the sweep rechecks because things change after scheduling.
BERLIN = Prefs(zone=Z("Europe/Berlin"))
ENDED = local("Europe/Berlin", "2026-11-23 14:00")
DECISIONS = [
    pytest.param({}, Verdict.SEND, "", id="send"),
    pytest.param({"prefs": Prefs(zone=Z("Europe/Berlin"), enabled=False)}, Verdict.DROP,
                 "reminders are turned off", id="turned-off-since"),
    pytest.param({"unsent_letters": 0}, Verdict.DROP, "every letter is sent or skipped",
                 id="all-letters-sent-or-skipped"),
    pytest.param({"now": local("Europe/Berlin", "2026-11-24 00:05")}, Verdict.DROP,
                 "the interview's day is over", id="sweep-ran-after-the-day"),
    pytest.param({"now": local("Europe/Berlin", "2026-11-23 21:10")}, Verdict.DROP,
                 "quiet hours until the day is over", id="late-sweep-in-quiet-hours"),
    pytest.param({"kind": ReminderKind.EVENING, "now": local("Europe/Berlin", "2026-11-23 18:00"),
                  "first_sent_at": local("Europe/Berlin", "2026-11-23 17:20")}, Verdict.DROP,
                 "the first reminder went out within the hour", id="evening-right-after-first"),
    pytest.param({"kind": ReminderKind.EVENING, "now": local("Europe/Berlin", "2026-11-23 18:00"),
                  "first_sent_at": local("Europe/Berlin", "2026-11-23 16:55")}, Verdict.SEND,
                 "", id="evening-after-an-hour"),
]  # fmt: skip


@pytest.mark.parametrize(("changes", "verdict", "reason"), DECISIONS)
def test_reminder_decide_at_send_time(changes, verdict, reason):
    args = {
        "kind": ReminderKind.FIRST,
        "now": local("Europe/Berlin", "2026-11-23 15:01"),
        "ends_at": ENDED,
        "prefs": BERLIN,
        "unsent_letters": 2,
        "first_sent_at": None,
    } | changes
    decision = reminder_decide(**args)
    assert (decision.verdict, decision.reason) == (verdict, reason)


def test_reminder_due_before_quiet_hours_end_waits_until_they_end():
    decision = reminder_decide(
        kind=ReminderKind.FIRST,
        now=local("Europe/Berlin", "2026-11-23 07:10"),
        ends_at=local("Europe/Berlin", "2026-11-23 06:00"),
        prefs=BERLIN,
        unsent_letters=1,
    )
    assert decision.verdict == Verdict.WAIT
    assert as_local(decision.not_before, "Europe/Berlin") == "2026-11-23 08:00 CET"


# ---- Properties over generated timezones, times and preferences ----------------------

ZONES = sorted(zoneinfo.available_timezones() - {"Factory", "localtime"})
prefs_strategy = st.builds(
    Prefs,
    zone=st.sampled_from(ZONES).map(Z),
    first_delay_minutes=st.integers(5, 600),
    evening_hour=st.integers(0, 23),
    quiet_start=st.integers(0, 23),
    quiet_end=st.integers(0, 23),
)
# Naive bounds, as Hypothesis wants them; every generated value is made UTC at once.
instants = st.datetimes(
    min_value=dt.datetime(2025, 1, 1),  # noqa: DTZ001
    max_value=dt.datetime(2027, 12, 31),  # noqa: DTZ001
).map(lambda naive: naive.replace(tzinfo=dt.UTC))
SWEEP = dt.timedelta(minutes=2)


def first_allowed(start: dt.datetime, end: dt.datetime, prefs: Prefs):
    """Brute force: the first minute from `start` on that is outside quiet hours."""
    t = start
    while t < end:
        if not in_quiet_hours(instant=t, prefs=prefs):
            return t
        t += dt.timedelta(minutes=1)
    return None


@settings(max_examples=300, deadline=None)
@given(prefs=prefs_strategy, ends_at=instants, late=st.integers(0, 36 * 60))
def test_property_times_lie_in_the_day_outside_quiet_hours_and_none_missed(
    prefs, ends_at, late
):
    logged_at = ends_at + dt.timedelta(minutes=late)
    times = reminder_times(ends_at=ends_at, logged_at=logged_at, prefs=prefs)
    day_start, day_end = local_day_bounds(instant=ends_at, zone=prefs.zone)
    for due in times.values():
        assert max(ends_at, logged_at) <= due < day_end
        assert not in_quiet_hours(instant=due, prefs=prefs)
    # 0 missed: whenever some minute of the day after the delay is allowed, the first
    # reminder is scheduled, and no later than the first such minute.
    earliest = max(ends_at + dt.timedelta(minutes=prefs.first_delay_minutes), logged_at)
    allowed = first_allowed(earliest, day_end, prefs)
    if allowed is None:
        assert ReminderKind.FIRST not in times
    else:
        assert ReminderKind.FIRST in times
        assert earliest <= times[ReminderKind.FIRST] <= allowed
    # 0 doubled: the evening one never comes within the hour after the first.
    if ReminderKind.EVENING in times:
        assert times[ReminderKind.EVENING] > ends_at
        if ReminderKind.FIRST in times:
            assert (
                times[ReminderKind.EVENING] - times[ReminderKind.FIRST] >= EVENING_GAP
            )


@settings(max_examples=200, deadline=None)
@given(prefs=prefs_strategy, ends_at=instants, late=st.integers(0, 12 * 60))
def test_property_simulated_sweeps_send_each_reminder_once_never_in_quiet_hours(
    prefs, ends_at, late
):
    """Sweeps every two minutes over the day: each reminder that is due with time to spare
    before quiet hours or midnight is sent exactly once; nothing is sent in quiet hours."""
    logged_at = ends_at + dt.timedelta(minutes=late)
    due = dict(reminder_times(ends_at=ends_at, logged_at=logged_at, prefs=prefs))
    _, day_end = local_day_bounds(instant=ends_at, zone=prefs.zone)
    sent: dict[ReminderKind, list[dt.datetime]] = {kind: [] for kind in due}
    pending = dict(due)
    now = logged_at
    while pending and now < day_end + dt.timedelta(hours=1):
        for kind, due_at in sorted(pending.items(), key=lambda item: item[1]):
            if due_at > now:
                continue
            first_sent = (
                sent.get(ReminderKind.FIRST, [None])[0]
                if sent.get(ReminderKind.FIRST)
                else None
            )
            decision = reminder_decide(
                kind=kind,
                now=now,
                ends_at=ends_at,
                prefs=prefs,
                unsent_letters=1,
                first_sent_at=first_sent,
            )
            if decision.verdict == Verdict.SEND:
                sent[kind].append(now)
                del pending[kind]
            elif decision.verdict == Verdict.WAIT:
                pending[kind] = decision.not_before
            else:
                del pending[kind]
        now += SWEEP
    for kind, times in sent.items():
        assert len(times) <= 1, "doubled"
        for t in times:
            assert not in_quiet_hours(instant=t, prefs=prefs)
            assert t < day_end
        # Sent unless a sweep's lateness pushed it into quiet hours or past midnight.
        spare = due[kind] + SWEEP
        if spare < day_end and not any(
            in_quiet_hours(instant=due[kind] + dt.timedelta(seconds=s), prefs=prefs)
            for s in range(0, int(SWEEP.total_seconds()) + 1, 30)
        ):
            if kind == ReminderKind.EVENING and sent.get(ReminderKind.FIRST):
                # Dropped only when the first went out within the hour before it.
                assert (
                    times
                    or due[kind] - sent[ReminderKind.FIRST][0] < EVENING_GAP + SWEEP
                )
            else:
                assert len(times) == 1, "missed"
