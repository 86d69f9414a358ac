"""The application menu writes the markup Django's own select writes."""

from django import forms
from django.utils.safestring import mark_safe

from applications.forms import MenuSelect

CHOICES = [
    ("", "— a new application —"),
    (7, "Data <Engineer> at Zoë & Co"),
    (9, "QA"),
    ('"x"', mark_safe("<b>kept</b>")),
]


def test_the_menu_matches_djangos_select_option_for_option():
    attrs = {
        "id": "x",
        "class": "form-select",
        "required": True,
        "disabled": False,
        "data-note": 'say "hi" & <go>',
    }
    for value in ("", "9", None, 9, "7", '"x"'):
        ours = MenuSelect(choices=CHOICES).render("application", value, attrs)
        django = forms.Select(choices=CHOICES).render("application", value, attrs)
        assert ours == django
    assert "Data &lt;Engineer&gt; at Zoë &amp; Co" in ours
    assert "<b>kept</b>" in ours and 'value="&quot;x&quot;" selected' in ours
