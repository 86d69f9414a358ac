"""Fields rendered once per process: the same markup as crispy's, never a user's data."""

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms

from jobtrack.templatetags import crispy_once
from jobtrack.templatetags.crispy_once import as_crispy_field_once


class Card(forms.Form):
    name = forms.CharField(required=False, help_text="As they introduced themselves.")
    greeting = forms.ChoiceField(
        choices=[("formal", "Formal"), ("first", "First name")],
        initial="formal",
        widget=forms.RadioSelect,
    )


def test_an_empty_field_is_rendered_once_with_crispys_markup():
    crispy_once._rendered.clear()
    form = Card(prefix="people-0")
    first = as_crispy_field_once(form["name"])
    assert first == as_crispy_field(form["name"])
    assert len(crispy_once._rendered) == 1
    assert as_crispy_field_once(Card(prefix="people-0")["name"]) is first
    other = as_crispy_field_once(Card(prefix="people-1")["name"])
    assert 'name="people-1-name"' in other and len(crispy_once._rendered) == 2


def test_a_fixed_choice_is_kept_and_each_choice_has_its_own_copy():
    crispy_once._rendered.clear()
    formal = as_crispy_field_once(Card()["greeting"])
    first = as_crispy_field_once(Card(initial={"greeting": "first"})["greeting"])
    assert formal != first
    assert first == as_crispy_field(Card(initial={"greeting": "first"})["greeting"])


def test_a_users_text_and_a_submitted_form_are_never_kept():
    crispy_once._rendered.clear()
    named = Card(initial={"name": "Ana Rivera"})
    assert "Ana Rivera" in as_crispy_field_once(named["name"])
    posted = Card({"name": "Ben Okafor", "greeting": "nonsense"})
    posted.is_valid()
    markup = as_crispy_field_once(posted["greeting"])
    assert "is-invalid" in markup or "invalid-feedback" in markup
    as_crispy_field_once(posted["name"])
    assert crispy_once._rendered == {}
    assert "Ana Rivera" not in as_crispy_field_once(Card()["name"])


def test_templates_are_compiled_once_per_process():
    from django.template import engines

    loader, _ = engines["django"].engine.loaders[0]
    assert loader == "django.template.loaders.cached.Loader"
