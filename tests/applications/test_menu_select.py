"""The application menu writes the markup Django's own select writes."""

from django import forms

from applications.forms import MenuSelect

CHOICES = [("", "— a new application —"), (7, "Data <Engineer> at Zoë & Co"), (9, "QA")]


def test_the_menu_matches_djangos_select_option_for_option():
    attrs = {"id": "x", "class": "form-select", "required": True, "disabled": False}
    for value in ("", "9", None, 9, "7"):
        ours = MenuSelect(choices=CHOICES).render("application", value, attrs)
        django = forms.Select(choices=CHOICES).render("application", value, attrs)
        assert ours == django
    assert "Data &lt;Engineer&gt; at Zoë &amp; Co" in ours
