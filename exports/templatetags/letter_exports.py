"""Export controls for templates.

``{% export_actions letter %}``: the send and download controls beside one letter.
``{% export_zip_form %}`` or ``{% export_zip_form application %}``: a ZIP of many.
"""

from django import template
from django.urls import reverse

from exports.content import letter_content
from exports.formats import DEFAULT_ZIP_FORMAT, FORMATS, letter_mailto
from letters.models import Letter

register = template.Library()


@register.inclusion_tag("exports/_actions.html")
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


@register.inclusion_tag("exports/_zip_form.html")
def export_zip_form(application=None) -> dict:
    """Download all finished letters (of one application, or of the user) as one ZIP."""
    if application is None:
        url = reverse("exports:zip_all")
    else:
        url = reverse("exports:zip_application", args=[application.pk])
    return {
        "url": url,
        "form_id": f"export-zip-{application.pk if application else 'all'}",
        "default": DEFAULT_ZIP_FORMAT,
        "formats": [(f.key, f"{f.label} (.{f.extension})") for f in FORMATS.values()],
    }
