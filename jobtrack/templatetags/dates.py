"""``{{ when|dated:"D j M, H:i" }}``: a date written without its year while it is this
year's, with the year after the month (``D j M Y, H:i``) when it is not, so that a date
in another year never passes for this one."""

import datetime as dt
import functools
import re

from django import template
from django.template.defaultfilters import date as date_filter
from django.utils import timezone, translation

register = template.Library()

# The first month token (M, F, N, b, n, m) not escaped with a backslash.
MONTH_TOKEN = re.compile(r"(?<!\\)([MFNbnm])")


def format_with_year(fmt: str) -> str:
    """The same format with the year after the month (or at the end if it has none)."""
    if "Y" in fmt or "y" in fmt:
        return fmt
    with_year, found = MONTH_TOKEN.subn(r"\1 Y", fmt, count=1)
    return with_year if found else f"{fmt} Y"


def needs_year(value, *, today: dt.date | None = None) -> bool:
    """Whether a date, or a datetime in the active time zone, is of another year."""
    today = today or timezone.localdate()
    return value.year != today.year


@functools.lru_cache(maxsize=4096)
def _date_written(value: dt.datetime, zone, fmt: str, language: str) -> str:
    return date_filter(value, fmt)


@register.filter(expects_localtime=True, is_safe=False)
def dated(value, fmt: str):
    """The template engine has put a datetime in the active time zone already.

    A datetime's text is remembered per process for each time, zone, format and
    language: a list writes the same few times many times (every letter of an
    interview shows its end), and formatting one costs more than the rest of its row.
    The zone is part of the key because equal instants in two zones are equal
    datetimes that are written differently."""
    if value in (None, ""):
        return ""
    if needs_year(value):
        fmt = format_with_year(fmt)
    if isinstance(value, dt.datetime):
        return _date_written(value, value.tzinfo, fmt, translation.get_language())
    return date_filter(value, fmt)


def dated_text(value, fmt: str) -> str:
    """The filter for Python callers (messages): the value in the active time zone."""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return dated(value, fmt)
