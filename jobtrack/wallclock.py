"""The user's wall clock: their local day and their quiet hours, read the same way everywhere."""

import datetime as dt


def local_at(day: dt.date, hour: int, zone) -> dt.datetime:
    """The UTC instant a local wall clock shows `hour`:00 on `day`.

    In a spring-forward gap that time does not exist; fold=0 then reads it with the offset
    from before the change, which lands just after the gap (02:00 → 03:00). In a repeated
    hour it is the first of the two.
    """
    naive = dt.datetime.combine(day, dt.time(hour))
    return naive.replace(tzinfo=zone).astimezone(dt.UTC)


def local_day_bounds(*, instant: dt.datetime, zone) -> tuple[dt.datetime, dt.datetime]:
    """The UTC instants where the local day containing `instant` starts and ends."""
    day = instant.astimezone(zone).date()
    return local_at(day, 0, zone), local_at(day + dt.timedelta(days=1), 0, zone)


def hour_in_quiet_hours(*, hour: int, start: int, end: int) -> bool:
    """Whether a local hour (0–23) falls in quiet hours, which may wrap past midnight;
    start == end means no quiet hours."""
    if start == end:
        return False
    if start < end:
        return start <= hour < end
    return hour >= start or hour < end
