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

    @classmethod
    def for_user(cls, user) -> "Prefs":
        return cls(
            zone=user.zone,
            enabled=user.reminders_enabled,
            first_delay_minutes=user.first_reminder_delay_minutes,
            evening_hour=user.evening_reminder_hour,
            quiet_start=user.quiet_hours_start,
            quiet_end=user.quiet_hours_end,
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
