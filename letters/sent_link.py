"""The reminder email's one-click "Mark as sent" link: a signed token for one letter.

The token alone opens the confirmation page, signed in or not: someone reading the email
on a phone is rarely signed in there, and all the token can do is mark that one letter of
that owner as sent (undone by Reopen; the text is kept). It is salted for this purpose,
expires, and a GET only shows the page, so a mail scanner that follows links changes
nothing.
"""

import datetime as dt

from django.core import signing

from .models import Letter

SENT_LINK_SALT = "letters.mark-sent-link"
SENT_LINK_MAX_AGE = dt.timedelta(days=7)


def letter_sent_token(*, letter: Letter) -> str:
    """A token bound to the letter and its owner."""
    signer = signing.TimestampSigner(salt=SENT_LINK_SALT)
    return signer.sign_object({"l": letter.pk, "u": letter.owner_id})


def letter_for_sent_token(*, token: str) -> Letter | None:
    """The letter the token was made for, while it still belongs to the same owner;
    None when the token was tampered with, is older than a week or names no letter."""
    try:
        data = signing.TimestampSigner(salt=SENT_LINK_SALT).unsign_object(
            token, max_age=SENT_LINK_MAX_AGE
        )
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(data, dict):
        return None
    letter_id, owner_id = data.get("l"), data.get("u")
    if not (isinstance(letter_id, int) and isinstance(owner_id, int)):
        return None
    return (
        Letter.objects.select_related("application", "interviewer", "owner")
        .filter(pk=letter_id, owner_id=owner_id)
        .first()
    )
