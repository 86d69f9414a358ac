"""A letter's status badge, and a row of the letters list, each written by a tag: the
list writes 25 rows, and the template's lookups per row cost more than the rest of
the page."""

from django import template
from django.template.defaultfilters import date as date_filter
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from jobtrack.markup import escaped
from jobtrack.templatetags.dates import dated_text

register = template.Library()

ROW_TODAY = " letter-row-today"
SEND_TODAY = '<span class="badge text-bg-warning me-1">Send today</span>'


@register.simple_tag
def letter_status_badge(letter) -> str:
    return format_html(
        '<span class="badge letter-status letter-status-{}">{}</span>',
        letter.status,
        letter.get_status_display(),
    )


@register.simple_tag
def letter_list_row(letter) -> str:
    """One row of the letters list: who it is for, the job, its kind and round, and
    whether it is due today."""
    title = letter.interviewer.title if letter.interviewer_id else ""
    about = escaped(letter.get_kind_display())
    if letter.interview_id:
        ends_at = letter.interview.ends_at
        about += (
            f' · <time datetime="{escaped(date_filter(timezone.localtime(ends_at), "c"))}">'
            f"{escaped(dated_text(ends_at, 'D j M Y, H:i'))}</time>"
        )
    due = letter.due_today
    return mark_safe(
        f'<li class="list-group-item letter-row{ROW_TODAY if due else ""}">\n'
        '    <div class="d-flex flex-wrap justify-content-between gap-2">\n'
        "      <div>\n"
        f'        <a class="fw-semibold" href="{escaped(letter.get_absolute_url())}">'
        f"{escaped(letter.recipient_name)}</a>\n"
        + (
            f'        <span class="text-body-secondary small">· {escaped(title)}</span>\n'
            if title
            else ""
        )
        + f'        <div class="small">{escaped(letter.application.role)} at '
        f"{escaped(letter.application.company)}</div>\n"
        f'        <div class="small text-body-secondary">{about}</div>\n'
        "      </div>\n"
        '      <div class="text-sm-end">\n'
        f"        {SEND_TODAY if due else ''}\n"
        f"        {letter_status_badge(letter)}\n"
        "      </div>\n"
        "    </div>\n"
        "  </li>"
    )
