"""crispy-forms fields rendered once per process where nothing in them comes from a user.

crispy's ``as_crispy_field`` renders its Bootstrap field template (some hundred template
nodes) for every field of every request. An unbound field whose value is empty, its
declared initial or one of its fixed choices renders the same markup every time, so that
markup is kept per process, keyed by everything it is made of. Bound fields (errors, typed
text), values that came from a user or the clock, and menus built from the database are
rendered each time.
"""

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms, template
from django.utils.safestring import mark_safe

register = template.Library()

CACHE_LIMIT = 2048
_rendered: dict[tuple, str] = {}


def _fixed_choices(field: forms.Field) -> tuple | None:
    """The field's choices when they are a plain list, not a database query."""
    if isinstance(field, forms.ModelChoiceField):
        return None
    choices = getattr(field, "choices", ())
    if not isinstance(choices, list | tuple):
        return None
    return tuple((str(value), str(label)) for value, label in choices)


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
    widget = field.widget
    return (
        type(bound.form).__qualname__,
        type(widget).__qualname__,
        bound.html_name,
        bound.auto_id,
        str(value),
        repr(sorted(widget.attrs.items())),
        choices,
        str(bound.label),
        str(field.help_text),
        field.required,
        field.disabled,
    )


@register.filter
def as_crispy_field_once(bound: forms.BoundField) -> str:
    """``as_crispy_field``, from the process's copy when the markup is fixed."""
    key = _key(bound)
    if key is None:
        return as_crispy_field(bound)
    markup = _rendered.get(key)
    if markup is None:
        if len(_rendered) >= CACHE_LIMIT:
            _rendered.clear()
        markup = _rendered[key] = mark_safe(as_crispy_field(bound))
    return markup
