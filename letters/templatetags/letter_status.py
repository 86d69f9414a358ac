"""A letter's status badge, written by a tag: the list writes one per row, and an
included template per row cost more than the rest of the row."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def letter_status_badge(letter) -> str:
    return format_html(
        '<span class="badge letter-status letter-status-{}">{}</span>',
        letter.status,
        letter.get_status_display(),
    )
