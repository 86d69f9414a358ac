"""crispy-forms fields rendered once per process where nothing in them comes from a user.

crispy's ``as_crispy_field`` renders its Bootstrap field template (some hundred template
nodes) for every field of every request. An unbound field whose value is empty, its
declared initial or one of its fixed choices renders the same markup every time, so that
markup is kept per process, keyed by everything it is made of.

A field holding a value from a user or the clock, or a menu built from the database, is
kept as the markup around its widget: crispy renders it once with a marker where the
widget goes (remembering the attributes it gives the widget), and each request writes
only the widget, with its own value and choices, into that place. Fields whose choices
crispy writes itself (radio buttons, checkboxes) and bound fields (errors, typed text)
are rendered by crispy each time.
"""

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms, template
from django.utils.safestring import mark_safe

register = template.Library()

CACHE_LIMIT = 2048
_rendered: dict[tuple, str] = {}
# Markup before and after the widget, and the attributes crispy gave the widget.
_around_widget: dict[tuple, tuple[str, str, dict] | None] = {}
WIDGET_MARK = "\x00crispy-once-widget\x00"


def _fixed_choices(field: forms.Field) -> tuple | None:
    """The field's choices when they are a plain list, not a database query."""
    if isinstance(field, forms.ModelChoiceField):
        return None
    choices = getattr(field, "choices", ())
    if not isinstance(choices, list | tuple):
        return None
    return tuple((str(value), str(label)) for value, label in choices)


def _shape(bound: forms.BoundField) -> tuple:
    """Everything the field's markup is made of besides its value and choices."""
    field = bound.field
    widget = field.widget
    return (
        type(bound.form).__qualname__,
        type(widget).__qualname__,
        bound.html_name,
        bound.auto_id,
        repr(sorted(widget.attrs.items())),
        str(bound.label),
        str(field.help_text),
        field.required,
        field.disabled,
    )


def _key(bound: forms.BoundField) -> tuple | None:
    """What the field's markup is made of, or None when it may hold a user's data."""
    if bound.form.is_bound:
        return None
    field = bound.field
    choices = _fixed_choices(field)
    if choices is None:
        return None
    value = bound.value()
    fixed_values = {str(field.initial)} | {value for value, _ in choices}
    if value not in (None, "", False) and str(value) not in fixed_values:
        return None
    return (*_shape(bound), str(value), choices)


def _around_key(bound: forms.BoundField) -> tuple | None:
    """The key of the markup around the widget, or None when crispy must render it all:
    a bound field, or choices crispy writes one by one."""
    if bound.form.is_bound or isinstance(bound.field.widget, forms.RadioSelect):
        return None
    return _shape(bound)


def _render_around(bound: forms.BoundField) -> tuple[str, str, dict] | None:
    """crispy's markup split where the widget goes, and the widget's attributes; None
    when the widget is not written exactly once."""
    widget = bound.field.widget
    given = []

    def mark(name, value, attrs=None, renderer=None):
        given.append(widget.build_attrs(widget.attrs, attrs))
        return WIDGET_MARK

    widget.render = mark
    try:
        markup = str(as_crispy_field(bound))
    finally:
        del widget.render
    if len(given) != 1 or markup.count(WIDGET_MARK) != 1:
        return None
    before, after = markup.split(WIDGET_MARK)
    return before, after, given[0]


def _remember(store: dict, key: tuple, make):
    if key not in store:
        if len(store) >= CACHE_LIMIT:
            store.clear()
        store[key] = make()
    return store[key]


@register.filter
def as_crispy_field_once(bound: forms.BoundField) -> str:
    """``as_crispy_field``, from the process's copy of what is fixed in it."""
    key = _key(bound)
    if key is not None:
        return _remember(_rendered, key, lambda: mark_safe(as_crispy_field(bound)))
    key = _around_key(bound)
    around = key and _remember(_around_widget, key, lambda: _render_around(bound))
    if not around:
        return as_crispy_field(bound)
    before, after, attrs = around
    return mark_safe(before + bound.as_widget(attrs=dict(attrs)) + after)
