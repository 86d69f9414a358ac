"""Small pieces of markup repeated on every row of the overview lists, as filters: a
filter costs a fraction of an ``{% include %}`` per row."""

from django import template
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import pluralize
from django.utils import timezone
from django.utils.formats import localize
from django.utils.html import format_html

from jobtrack.templatetags.dates import dated
from overview.labels import (
    APPLICATION_STATUS_LABELS,
    INTERVIEW_FORMAT_LABELS,
    STAGE_LABELS,
    label,
)

register = template.Library()


@register.filter(is_safe=True)
def status_badge(application) -> str:
    """The application's status as a coloured badge."""
    return format_html(
        '<span class="badge app-status app-status-{}">{}</span>',
        application.status,
        label(APPLICATION_STATUS_LABELS, application.status),
    )


@register.filter(expects_localtime=True, is_safe=True)
def short_date(when) -> str:
    """A day as "4 Mar" (with the year when it is not this year's), kept on one line."""
    return format_html(
        '<time class="text-nowrap" datetime="{}">{}</time>',
        date_filter(when, "c"),
        dated(when, "j M"),
    )


@register.filter(is_safe=True)
def coming_up(interview) -> str:
    """An interview's row in "Coming up": its company, stage, when and format. One
    filter per row: the row's five values as template variables cost more than the
    rest of the page's rows."""
    return format_html(
        '<a class="fw-semibold" href="{}">{}</a>\n'
        '<span class="text-body-secondary">· {}</span>\n'
        '<div class="small">{} · {}</div>',
        interview.get_absolute_url(),
        interview.application.company,
        label(STAGE_LABELS, interview.stage),
        _coming_up_when(interview),
        label(INTERVIEW_FORMAT_LABELS, interview.format),
    )


def _coming_up_when(interview) -> str:
    """When an interview is to be: "Thu 12 Mar, 15:30–16:30" when its start is known,
    else "Fri 13 Mar at 16:33" (its end)."""
    ends_at = timezone.localtime(interview.ends_at)
    end_time = f"{ends_at:%H:%M}"
    if interview.starts_at is None:
        return format_html(
            '<time datetime="{}">{} at {}</time>',
            ends_at.isoformat(),
            dated(ends_at, "D j M"),
            end_time,
        )
    starts_at = timezone.localtime(interview.starts_at)
    return format_html(
        '<time datetime="{}">{}</time>–<time datetime="{}">{}</time>',
        starts_at.isoformat(),
        dated(starts_at, "D j M, H:i"),
        ends_at.isoformat(),
        end_time,
    )


@register.filter(is_safe=True)
def application_in_group(application) -> str:
    """An application's row in its status group on Today: its company, role and the
    letters still to send, as one filter per row (see `coming_up`)."""
    unsent = application.unsent_letters
    return format_html(
        '<a href="{}">{}</a>\n<div class="small text-body-secondary">{}</div>{}',
        application.get_absolute_url(),
        application.company,
        application.role,
        format_html(
            '\n<div class="small">{} letter{} to send</div>',
            localize(unsent),
            pluralize(unsent),
        )
        if unsent
        else "",
    )
