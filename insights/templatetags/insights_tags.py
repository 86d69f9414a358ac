"""Filters for the insights page's figures."""

import datetime as dt

from django import template

register = template.Library()


@register.filter
def share(value: float | None) -> str:
    """0.243 → "24%"; no data → an en dash."""
    return "–" if value is None else f"{round(value * 100)}%"


@register.filter
def span(value: dt.timedelta | None) -> str:
    """A time to send, to the nearest minute: "45 min", "26 h 20 min", "3 days 4 h"."""
    if value is None:
        return "–"
    minutes = round(value.total_seconds() / 60)
    hours, minutes = divmod(minutes, 60)
    if hours >= 48:
        return f"{hours // 24} days {hours % 24} h"
    if hours:
        return f"{hours} h {minutes} min"
    return f"{minutes} min"
