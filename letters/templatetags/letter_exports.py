"""``{% export_actions letter %}``: the send and download controls beside a letter."""

from django import template
from django.urls import reverse

from letters.export import FORMATS, letter_content, letter_mailto
from letters.models import Letter

register = template.Library()


@register.inclusion_tag("letters/_export_actions.html")
def export_actions(letter: Letter) -> dict:
    """Download links per format, a mailto link and a copy button; a note for drafts."""
    if not letter.is_exportable:
        return {"letter": letter, "exportable": False}
    content = letter_content(letter=letter)
    return {
        "letter": letter,
        "exportable": True,
        "text": content.text,
        "mailto": letter_mailto(content=content),
        "has_recipient_email": bool(content.recipient_email),
        "formats": [
            {
                "label": export_format.label,
                "extension": export_format.extension,
                "url": reverse("exports:letter", args=[letter.pk, export_format.key]),
            }
            for export_format in FORMATS.values()
        ],
    }
