"""When to remind: the pure timing rules of letters-guide.md "When to remind".

Everything here is a function of instants (aware datetimes) and the user's preferences, so
the rules can be tested as a table and as properties without a database. All arithmetic on
durations is done on absolute time; wall-clock rules (the evening hour, quiet hours, "the
interview's day") are evaluated in the user's zone, so DST change days come out right.
"""

import datetime as dt
import enum
import zoneinfo
from dataclasses import dataclass

from jobtrack.wallclock import hour_in_quiet_hours, local_at, local_day_bounds

from .models import ReminderKind

UTC = dt.UTC
# The evening reminder is not sent if the first one went out less than this long before it.
EVENING_GAP = dt.timedelta(hours=1)


@dataclass(frozen=True)
class Prefs:
    """The user's reminder preferences, copied off accounts.User."""

    zone: zoneinfo.ZoneInfo
    enabled: bool = True
    first_delay_minutes: int = 60
    evening_hour: int = 18
    quiet_start: int = 21
    quiet_end: int = 8
    checkin_working_days: int = 3

    @classmethod
    def for_user(cls, user) -> "Prefs":
        return cls(
            zone=user.zone,
            enabled=user.reminders_enabled,
            first_delay_minutes=user.first_reminder_delay_minutes,
            evening_hour=user.evening_reminder_hour,
            quiet_start=user.quiet_hours_start,
            quiet_end=user.quiet_hours_end,
            checkin_working_days=user.checkin_working_days,
        )


def in_quiet_hours(*, instant: dt.datetime, prefs: Prefs) -> bool:
    """True when the user's wall clock is inside quiet hours (start == end: none)."""
    return hour_in_quiet_hours(
        hour=instant.astimezone(prefs.zone).hour,
        start=prefs.quiet_start,
        end=prefs.quiet_end,
    )


def quiet_hours_end_after(*, instant: dt.datetime, prefs: Prefs) -> dt.datetime:
    """The first instant at or after `instant` that is outside quiet hours."""
    if not in_quiet_hours(instant=instant, prefs=prefs):
        return instant
    local = instant.astimezone(prefs.zone)
    day = local.date()
    if local.hour >= prefs.quiet_end:  # quiet hours run past midnight
        day += dt.timedelta(days=1)
    return local_at(day, prefs.quiet_end, prefs.zone)


def reminder_times(
    *, ends_at: dt.datetime, logged_at: dt.datetime, prefs: Prefs
) -> dict[ReminderKind, dt.datetime]:
    """The due time (UTC) of each reminder an interview gets; a kind left out gets none.

    1. The window is the interview's local day, from the end of the interview.
    2. First: `delay` after the end, or at once when logged later; moved out of quiet hours.
    3. Evening: at the evening hour of that day, if the interview ended before it, it is
       not quiet then, and the first reminder is at least an hour earlier.
    """
    if not prefs.enabled:
        return {}
    # Durations are added in UTC: `aware + timedelta` in a local zone is wall-clock maths.
    ends_at, logged_at = ends_at.astimezone(UTC), logged_at.astimezone(UTC)
    _, day_end = local_day_bounds(instant=ends_at, zone=prefs.zone)
    earliest = max(ends_at, logged_at)
    if earliest >= day_end:
        return {}  # logged after the interview's day was over
    times: dict[ReminderKind, dt.datetime] = {}
    first = max(ends_at + dt.timedelta(minutes=prefs.first_delay_minutes), logged_at)
    first = quiet_hours_end_after(instant=first, prefs=prefs)
    if first < day_end:
        times[ReminderKind.FIRST] = first.astimezone(UTC)
    day = ends_at.astimezone(prefs.zone).date()
    evening = local_at(day, prefs.evening_hour, prefs.zone)
    if (
        evening > ends_at
        and evening >= logged_at
        and evening < day_end
        and not in_quiet_hours(instant=evening, prefs=prefs)
        and (
            ReminderKind.FIRST not in times
            or times[ReminderKind.FIRST] + EVENING_GAP <= evening
        )
    ):
        times[ReminderKind.EVENING] = evening
    return times


class Verdict(enum.StrEnum):
    SEND = "send"
    WAIT = "wait"
    DROP = "drop"


@dataclass(frozen=True)
class Decision:
    verdict: Verdict
    reason: str = ""
    not_before: dt.datetime | None = None


def reminder_decide(
    *,
    kind: ReminderKind,
    now: dt.datetime,
    ends_at: dt.datetime,
    prefs: Prefs,
    unsent_letters: int,
    first_sent_at: dt.datetime | None = None,
) -> Decision:
    """At send time: send now, wait (quiet hours), or drop with the reason.

    Rechecked when the sweep picks a row up, because things change after scheduling:
    letters get sent, preferences change, and a sweep can run late.
    """
    now = now.astimezone(UTC)
    if not prefs.enabled:
        return Decision(Verdict.DROP, "reminders are turned off")
    if unsent_letters == 0:
        return Decision(Verdict.DROP, "every letter is sent or skipped")
    _, day_end = local_day_bounds(instant=ends_at, zone=prefs.zone)
    if now >= day_end:
        return Decision(Verdict.DROP, "the interview's day is over")
    if (
        kind == ReminderKind.EVENING
        and first_sent_at
        and now - first_sent_at < EVENING_GAP
    ):
        return Decision(Verdict.DROP, "the first reminder went out within the hour")
    if in_quiet_hours(instant=now, prefs=prefs):
        resume = quiet_hours_end_after(instant=now, prefs=prefs)
        if resume >= day_end:
            return Decision(Verdict.DROP, "quiet hours until the day is over")
        return Decision(Verdict.WAIT, "quiet hours", not_before=resume)
    return Decision(Verdict.SEND)


# -- check-ins after a round (letters-guide.md, the check-in row) ----------------------

# A check-in reminder arrives mid-morning in the user's zone, a working day's start.
CHECKIN_HOUR = 10
# With no decision date given, the first check-in comes this long after the round.
CHECKIN_WITHOUT_DATE = dt.timedelta(days=7)
# The second (and last) check-in of a round comes at least this long after the first.
CHECKIN_GAP = dt.timedelta(days=7)


def working_days_after(day: dt.date, count: int) -> dt.date:
    """The date `count` working days (Monday to Friday) after `day`."""
    while count > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def checkin_due_at(
    *,
    decision_on: dt.date | None,
    last_round_end: dt.datetime,
    working_days: int,
    prefs: Prefs,
) -> dt.datetime:
    """When the first check-in of a round is due (UTC).

    `working_days` after the date they gave, or a week after the round when they gave
    none; never before the day after the round; at CHECKIN_HOUR local time, moved out of
    quiet hours.
    """
    round_day = last_round_end.astimezone(prefs.zone).date()
    if decision_on is not None:
        day = working_days_after(decision_on, working_days)
    else:
        day = (
            (last_round_end.astimezone(UTC) + CHECKIN_WITHOUT_DATE)
            .astimezone(prefs.zone)
            .date()
        )
    day = max(day, round_day + dt.timedelta(days=1))
    due = local_at(day, CHECKIN_HOUR, prefs.zone)
    return quiet_hours_end_after(instant=due, prefs=prefs).astimezone(UTC)


def checkin_times(
    *,
    decision_on: dt.date | None,
    last_round_end: dt.datetime,
    working_days: int,
    prefs: Prefs,
    first_sent_at: dt.datetime | None = None,
) -> dict[ReminderKind, dt.datetime]:
    """Both check-ins of a round: the first, and the second a week after the first was
    sent (or was due, while it is still to come)."""
    first = checkin_due_at(
        decision_on=decision_on,
        last_round_end=last_round_end,
        working_days=working_days,
        prefs=prefs,
    )
    second = quiet_hours_end_after(
        instant=(first_sent_at or first).astimezone(UTC) + CHECKIN_GAP, prefs=prefs
    )
    return {
        ReminderKind.CHECKIN_1: first,
        ReminderKind.CHECKIN_2: second.astimezone(UTC),
    }


def checkin_moved_on(
    *,
    status_is_interviewing: bool,
    status_changed_at: dt.datetime | None,
    scheduled_at: dt.datetime,
    newer_round: bool,
    replied_at: dt.datetime | None,
    checked_in_by_letter: bool,
) -> str:
    """Why a check-in no longer applies to its round ("" while it still does)."""
    if not status_is_interviewing:
        return "the application has moved on"
    if status_changed_at is not None and status_changed_at > scheduled_at:
        return "the status changed after the round"
    if newer_round:
        return "a newer round is logged"
    if replied_at is not None and replied_at > scheduled_at:
        return "they replied"
    if checked_in_by_letter:
        return "the check-in letter is already sent"
    return ""


def checkin_decide(
    *,
    kind: ReminderKind,
    now: dt.datetime,
    prefs: Prefs,
    moved_on: str,
    first_sent_at: dt.datetime | None = None,
) -> Decision:
    """At send time: send a check-in reminder now, wait, or drop it with the reason.

    Unlike the thank-you reminders a check-in is not tied to a day: quiet hours only
    move it to the next morning.
    """
    now = now.astimezone(UTC)
    if moved_on:
        return Decision(Verdict.DROP, moved_on)
    if not prefs.enabled:
        return Decision(Verdict.DROP, "reminders are turned off")
    if kind == ReminderKind.CHECKIN_2:
        if first_sent_at is None:
            return Decision(Verdict.DROP, "the first check-in was not sent")
        if now < first_sent_at + CHECKIN_GAP:
            return Decision(
                Verdict.WAIT,
                "a week after the first check-in",
                not_before=quiet_hours_end_after(
                    instant=first_sent_at + CHECKIN_GAP, prefs=prefs
                ),
            )
    if in_quiet_hours(instant=now, prefs=prefs):
        return Decision(
            Verdict.WAIT,
            "quiet hours",
            not_before=quiet_hours_end_after(instant=now, prefs=prefs),
        )
    return Decision(Verdict.SEND)
