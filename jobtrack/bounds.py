"""How much one request may carry: text lengths, the date range, the people per interview.

Every limit sits far beyond what a person writes, so only a script or a paste by mistake
meets one, and then as a form error that keeps the text. They bound the work a request
can cause: database rows, drafting, and PDF layout (``exports.documents``).
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils.deconstruct import deconstructible

# A letter of 20,000 characters is about eight printed pages.
LETTER_SUBJECT_MAX = 200
LETTER_BODY_MAX = 20_000
# Each interview note goes into a letter once at most: eight notes of this length, the
# link and the wording of the longest draft still fit in LETTER_BODY_MAX.
NOTE_MAX = 2_000
# The application's own notes are a running log, never drafted from.
APPLICATION_NOTES_MAX = 10_000
# The profile's closing lines and links go under every letter: with every note at
# NOTE_MAX, the longest draft still fits in LETTER_BODY_MAX.
SIGNATURE_MAX = 2_000
PROFILE_LINKS_MAX = 1_000
# People met at one interview: a panel of a dozen is already rare.
PEOPLE_PER_INTERVIEW_MAX = 12

# Dates a user types: anything outside is a typo (0001, 20266) and would overflow the
# reminder arithmetic, which adds hours and days to them.
EARLIEST_DATE = dt.date(1990, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)
DATE_RANGE_MESSAGE = (
    f"Enter a date between {EARLIEST_DATE.year} and {LATEST_DATE.year}; check the year."
)

# Ids in query strings and form posts: ASCII digits only (str.isdigit accepts "²"), and
# no longer than a PostgreSQL bigint.
_ID_MAX_DIGITS = 18


@deconstructible
class TextLengthValidator(MaxLengthValidator):
    """MaxLengthValidator whose message says by how much, with readable numbers; the
    page around it says that nothing typed was lost."""

    message = (
        "This is %(show_value)s characters long; the limit is %(limit_value)s. "
        "Shorten it, then save again."
    )

    def __call__(self, value):
        if len(value) > self.limit_value:
            params = {
                "limit_value": f"{self.limit_value:,}",
                "show_value": f"{len(value):,}",
                "value": value,
            }
            raise ValidationError(self.message, code=self.code, params=params)


def long_text_formfield(db_field, **kwargs):
    """A model field as a form field; a TextField with a max_length checks it on the
    server with TextLengthValidator and gives its textarea no ``maxlength``: browsers cut
    a longer paste silently, and the cut part would be lost."""
    if isinstance(db_field, models.TextField) and db_field.max_length:
        kwargs["max_length"] = None
        kwargs["validators"] = [TextLengthValidator(db_field.max_length)]
    return db_field.formfield(**kwargs)


def max_length_constraint(
    *fields: str, limit: int, name: str
) -> models.CheckConstraint:
    """The database's copy of text fields' max_length, which Django enforces for a
    TextField in forms only."""
    condition = Q()
    for field in fields:
        condition &= Q(LessThanOrEqual(Length(field), limit))
    return models.CheckConstraint(
        condition=condition,
        name=name,
        violation_error_message=f"Keep each text under {limit:,} characters.",
    )


def validate_date_in_range(value: dt.date | dt.datetime | None) -> None:
    """A date or datetime a user typed lies between EARLIEST_DATE and LATEST_DATE."""
    if value is None:
        return
    day = value.date() if isinstance(value, dt.datetime) else value
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise ValidationError(DATE_RANGE_MESSAGE, code="date_range")


def parse_id(value: object) -> int | None:
    """A primary key from request data, or None for anything that is not one."""
    text = str(value or "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > _ID_MAX_DIGITS:
        return None
    return int(text)
