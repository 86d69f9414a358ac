"""One save per form page: the page carries a token, the save consumes it.

A second post with the same token (a double click on a slow network, Back after saving
and saving again) saves nothing and is sent to what the first post made.
"""

import uuid
from collections.abc import Callable
from typing import TypeVar

from django.db import IntegrityError, transaction

from .models import Application, FormSubmission, Interview

Saved = TypeVar("Saved")


class AlreadySaved(Exception):
    """The token was consumed before; ``saved`` is what that save made (None if deleted)."""

    def __init__(self, saved):
        super().__init__("This form was already saved.")
        self.saved = saved


def submission_token_new() -> str:
    return str(uuid.uuid4())


def submission_token_parse(value) -> uuid.UUID | None:
    """The posted token, or None for a page that carried none (or a mangled one)."""
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def submission_check(*, user, token: uuid.UUID | None) -> None:
    """Raises AlreadySaved when the token was consumed by an earlier save."""
    if (
        token is not None
        and FormSubmission.objects.filter(owner=user, token=token).exists()
    ):
        raise AlreadySaved(_earlier(user=user, token=token))


def submitted_once(
    *,
    user,
    token: uuid.UUID | None,
    save: Callable[[], Saved],
    made: Callable[[Saved], Interview | Application],
) -> Saved:
    """Run ``save`` once per token, in one transaction with the token's row.

    A concurrent post with the same token waits on the unique index until the first
    commits, then raises AlreadySaved; without a token the save simply runs.
    """
    if token is None:
        return save()
    with transaction.atomic():
        try:
            with transaction.atomic():
                submission = FormSubmission.objects.create(owner=user, token=token)
        except IntegrityError:
            raise AlreadySaved(_earlier(user=user, token=token)) from None
        result = save()
        target = made(result)
        if isinstance(target, Interview):
            submission.interview = target
        else:
            submission.application = target
        submission.save(update_fields=["interview", "application"])
    return result


def _earlier(*, user, token):
    submission = (
        FormSubmission.objects.filter(owner=user, token=token)
        .select_related("interview", "application")
        .first()
    )
    return submission.saved_object() if submission is not None else None
