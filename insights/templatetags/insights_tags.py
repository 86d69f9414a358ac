"""Filters for the insights page's figures, and the work-search record's rows."""

import datetime as dt

from django import template
from django.utils.html import format_html

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


@register.simple_tag
def record_row(entry, day_text: str, back_query: str) -> str:
    """One entry's row of the record's table, written by one tag: a page has 50 rows,
    and the template's dozen lookups per row cost more than the rest of the page."""
    label, edit_url = entry.label, entry.edit_url
    named = format_html(
        '<span class="visually-hidden"> {}, {}, {}</span>',
        label,
        entry.employer,
        day_text,
    )
    return format_html(
        "<tr{}>\n"
        '    <td class="text-nowrap">{}</td>\n'
        "    <td>{}{}{}</td>\n"
        "    <td>{}</td>\n"
        "    <td>{}</td>\n"
        "    <td>{}</td>\n"
        "    <td>{}</td>\n"
        "    <td>{}</td>\n"
        '    <td class="text-nowrap">\n'
        '      <a class="btn btn-sm btn-outline-primary" href="{}?back={}">Edit{}</a>\n'
        '      <button class="btn btn-sm btn-link" type="submit" form="entry-visibility"'
        ' formaction="{}" name="action" value="{}">{}{}</button>\n'
        "    </td>\n"
        "  </tr>",
        format_html(' class="{}"', "text-body-secondary") if entry.hidden else "",
        day_text,
        label,
        format_html(' <span class="badge text-bg-light border">{}</span>', "edited")
        if entry.edited
        else "",
        format_html(' <span class="badge text-bg-secondary">{}</span>', "hidden")
        if entry.hidden
        else "",
        entry.employer,
        entry.position,
        entry.person,
        entry.method_label,
        entry.result_label,
        edit_url,
        back_query,
        named,
        edit_url,
        "show" if entry.hidden else "hide",
        "Show" if entry.hidden else "Hide",
        named,
    )
