"""Filters for the insights page's figures, and the work-search record's rows."""

import datetime as dt

from django import template
from django.utils.formats import date_format
from django.utils.safestring import mark_safe

from jobtrack.markup import escaped

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


HIDDEN_ROW = ' class="text-body-secondary"'
EDITED_BADGE = ' <span class="badge text-bg-light border">edited</span>'
HIDDEN_BADGE = ' <span class="badge text-bg-secondary">hidden</span>'


@register.simple_tag
def record_row(entry, day_text: str, back_query: str) -> str:
    """One entry's row of the record's table, written by one tag: a page has 50 rows,
    and the template's dozen lookups per row cost more than the rest of the page."""
    hidden = entry.hidden
    edit_url, back = escaped(entry.edit_url), escaped(back_query)
    day = escaped(day_text)
    label, employer = escaped(entry.label), escaped(entry.employer)
    named = f'<span class="visually-hidden"> {label}, {employer}, {day}</span>'
    action, action_text = ("show", "Show") if hidden else ("hide", "Hide")
    return mark_safe(
        f"<tr{HIDDEN_ROW if hidden else ''}>\n"
        f'    <td class="text-nowrap">{day}</td>\n'
        f"    <td>{label}{EDITED_BADGE if entry.edited else ''}"
        f"{HIDDEN_BADGE if hidden else ''}</td>\n"
        f"    <td>{employer}</td>\n"
        f"    <td>{escaped(entry.position)}</td>\n"
        f"    <td>{escaped(entry.person)}</td>\n"
        f"    <td>{escaped(entry.method_label)}</td>\n"
        f"    <td>{escaped(entry.result_label)}</td>\n"
        '    <td class="text-nowrap">\n'
        f'      <a class="btn btn-sm btn-outline-primary" href="{edit_url}?back={back}">'
        f"Edit{named}</a>\n"
        '      <button class="btn btn-sm btn-link" type="submit" form="entry-visibility"'
        f' formaction="{edit_url}" name="action" value="{action}">'
        f"{action_text}{named}</button>\n"
        "    </td>\n"
        "  </tr>"
    )


@register.simple_tag
def weekly_chart_marks(chart) -> str:
    """The weekly chart's columns and week ticks, written by one tag: a period of a
    year or more draws hundreds of columns, and the template's five lookups per column
    cost more than the rest of the page."""
    label_y = int(chart.baseline) + 16
    columns = "".join(
        f'<rect x="{escaped(c.x)}" y="{escaped(c.y)}" width="{escaped(c.width)}"'
        f' height="{escaped(c.height)}" fill="{escaped(c.colour)}"></rect>'
        for c in chart.bars
    )
    ticks = "".join(
        f'<text x="{tick.position:.1f}" y="{label_y}" font-size="12"'
        f' text-anchor="middle">{escaped(tick.text)}</text>'
        for tick in chart.ticks
    )
    return mark_safe(columns + ticks)


@register.simple_tag
def weekly_rows(weeks) -> str:
    """The weekly table's rows, written by one tag for the same reason."""
    return mark_safe(
        "\n          ".join(
            f'<tr><th scope="row" class="fw-normal">'
            f"{escaped(date_format(week.start, 'j M Y'))}</th>"
            f'<td class="text-end">{week.applications}</td>'
            f'<td class="text-end">{week.interviews}</td>'
            f'<td class="text-end">{week.letters}</td></tr>'
            for week in weeks
        )
    )
