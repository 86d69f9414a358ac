"""Fields rendered once per process: the same markup as crispy's, never a user's data."""

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms

from applications.forms import MenuSelect
from applications.models import Application
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


class Log(forms.Form):
    reason = forms.CharField(required=False, help_text="In a few words.")
    application = forms.ModelChoiceField(
        queryset=Application.objects.none(), widget=MenuSelect
    )
    ended = forms.DateTimeField()


def test_a_users_value_is_written_into_markup_kept_without_it():
    crispy_once._around_widget.clear()
    for reason in ("Took <another> offer", "Moved away"):
        form = Log(initial={"reason": reason})
        markup = as_crispy_field_once(form["reason"])
        assert markup == as_crispy_field(Log(initial={"reason": reason})["reason"])
    assert len(crispy_once._around_widget) == 1
    before, after, attrs = next(iter(crispy_once._around_widget.values()))
    assert "offer" not in before + after and "Moved" not in before + after
    assert attrs["aria-describedby"] == "id_reason_helptext"


def test_a_menu_from_the_database_and_a_time_get_their_own_options_and_value():
    crispy_once._around_widget.clear()
    for options, when in (
        ([("1", "QA at Fernway")], "2026-11-30 09:00"),
        ([("2", "Data <Engineer>")], "2026-12-01 17:30"),
    ):
        form, reference = Log(initial={"ended": when}), Log(initial={"ended": when})
        for each in (form, reference):
            each.fields["application"].choices = options
        for name in ("application", "ended"):
            assert as_crispy_field_once(form[name]) == as_crispy_field(reference[name])
    assert len(crispy_once._around_widget) == 2
    assert "Data &lt;Engineer&gt;" in as_crispy_field_once(form["application"])
