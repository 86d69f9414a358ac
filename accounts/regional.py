"""What a user's country decides: paper size, how dates are written, the time zone list.

The country comes from the profile's time zone, read from the IANA ``zone.tab`` that the
``tzdata`` package ships: it names each canonical zone once, with its country, and leaves
out aliases ("US/Eastern", "Asia/Calcutta") and pseudo-zones ("Factory", "localtime").

The rule, kept simple on purpose:
- paper: US Letter in the United States and Canada, A4 everywhere else;
- dates: "November 30, 2026" in the United States and Canada; "30.11.2026" where the dotted
  numeric form is the everyday one (German-speaking, Nordic except Sweden, and most of
  central and eastern Europe, Turkey and Kazakhstan); "30 November 2026" everywhere else.
A zone with no country (UTC) counts as "everywhere else". Either can be set on the profile.
"""

import functools
from importlib import resources

from django.db import models

LETTER_COUNTRIES = frozenset({"US", "CA"})
DOTTED_DATE_COUNTRIES = frozenset(
    {
        *("DE", "AT", "CH", "LI"),
        *("NO", "DK", "FI", "IS"),
        *("PL", "CZ", "SK", "SI", "HR", "RS", "BA", "ME", "MK", "RO", "BG"),
        *("EE", "LV", "LT", "RU", "UA", "BY", "TR", "KZ"),
    }
)

# Offered first in the time zone list: the most populous places and main business zones.
COMMON_ZONES = (
    "UTC",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Phoenix",
    "America/Los_Angeles",
    "America/Anchorage",
    "Pacific/Honolulu",
    "America/Toronto",
    "America/Vancouver",
    "America/Halifax",
    "America/Mexico_City",
    "America/Bogota",
    "America/Sao_Paulo",
    "America/Argentina/Buenos_Aires",
    "Europe/London",
    "Europe/Dublin",
    "Europe/Lisbon",
    "Europe/Madrid",
    "Europe/Paris",
    "Europe/Amsterdam",
    "Europe/Berlin",
    "Europe/Zurich",
    "Europe/Rome",
    "Europe/Stockholm",
    "Europe/Warsaw",
    "Europe/Athens",
    "Europe/Kyiv",
    "Europe/Istanbul",
    "Europe/Moscow",
    "Africa/Lagos",
    "Africa/Cairo",
    "Africa/Nairobi",
    "Africa/Johannesburg",
    "Asia/Jerusalem",
    "Asia/Dubai",
    "Asia/Karachi",
    "Asia/Kolkata",
    "Asia/Dhaka",
    "Asia/Bangkok",
    "Asia/Jakarta",
    "Asia/Singapore",
    "Asia/Manila",
    "Asia/Shanghai",
    "Asia/Hong_Kong",
    "Asia/Seoul",
    "Asia/Tokyo",
    "Australia/Perth",
    "Australia/Sydney",
    "Pacific/Auckland",
)


class PaperSize(models.TextChoices):
    AUTOMATIC = "auto", "Automatic, from your time zone"
    A4 = "a4", "A4"
    LETTER = "letter", "US Letter"


class DateStyle(models.TextChoices):
    AUTOMATIC = "auto", "Automatic, from your time zone"
    DAY_MONTH = "day_month", "30 November 2026"
    DOTTED = "dotted", "30.11.2026"
    MONTH_DAY = "month_day", "November 30, 2026"


# Django date format strings (English month names, as the letters are in English).
DATE_FORMATS = {
    DateStyle.DAY_MONTH: "j F Y",
    DateStyle.DOTTED: "d.m.Y",
    DateStyle.MONTH_DAY: "F j, Y",
}


@functools.cache
def zone_countries() -> dict[str, str]:
    """Canonical zone name → ISO country code, from ``zone.tab``, in its order."""
    text = resources.files("tzdata.zoneinfo").joinpath("zone.tab").read_text("utf-8")
    countries = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            country, _coordinates, zone, *_comment = line.split("\t")
            countries[zone] = country
    return countries


def paper_for(*, paper_size: str, zone: str) -> str:
    """``PaperSize.A4`` or ``PaperSize.LETTER`` for a profile's choice and time zone."""
    if paper_size != PaperSize.AUTOMATIC:
        return PaperSize(paper_size)
    if zone_countries().get(zone) in LETTER_COUNTRIES:
        return PaperSize.LETTER
    return PaperSize.A4


def date_style_for(*, date_style: str, zone: str) -> str:
    """The ``DateStyle`` (never automatic) for a profile's choice and time zone."""
    if date_style != DateStyle.AUTOMATIC:
        return DateStyle(date_style)
    country = zone_countries().get(zone)
    if country in LETTER_COUNTRIES:
        return DateStyle.MONTH_DAY
    if country in DOTTED_DATE_COUNTRIES:
        return DateStyle.DOTTED
    return DateStyle.DAY_MONTH


def _label(zone: str) -> str:
    return zone.replace("_", " ")


def timezone_choices(*, current: str = "") -> list[tuple[str, list[tuple[str, str]]]]:
    """Grouped choices: common zones first, then every canonical zone by region.

    A stored zone that is not canonical (an old alias) is offered at the top so saving
    the profile keeps it until the user picks another.
    """
    canonical = sorted({*zone_countries(), "UTC"})
    groups: dict[str, list[tuple[str, str]]] = {}
    for zone in canonical:
        region = zone.partition("/")[0] if "/" in zone else "Other"
        groups.setdefault(region, []).append((zone, _label(zone)))
    choices = [("Common", [(zone, _label(zone)) for zone in COMMON_ZONES])]
    if current and current not in canonical:
        choices.insert(0, ("Your current setting", [(current, _label(current))]))
    return choices + [(region, groups[region]) for region in sorted(groups)]
