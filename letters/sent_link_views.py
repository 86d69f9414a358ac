"""The page the reminder email's "Mark as sent" link opens: GET asks, POST marks."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from jobtrack.pagecache import data_changed

from .models import LetterStatus
from .sent_link import letter_for_sent_token
from .status import LetterConflict, LetterStatusError, letter_mark_sent

STALE = (
    "This letter changed since the page was opened, so nothing was changed. "
    "Here it is as it is now."
)


@never_cache
@require_http_methods(["GET", "POST"])
def letter_sent_link(request: HttpRequest, token: str) -> HttpResponse:
    """Works signed out: the signed token is the key, and it opens only this letter.
    A GET never changes anything (mail scanners follow links)."""
    letter = letter_for_sent_token(token=token)
    if letter is None:
        return render(request, "letters/sent_link_invalid.html", status=400)
    error = ""
    if request.method == "POST" and letter.status != LetterStatus.SENT:
        revision = request.POST.get("revision", "")
        try:
            letter_mark_sent(
                letter=letter,
                revision=int(revision)
                if revision.isascii() and revision.isdigit()
                else -1,
            )
        except LetterConflict as conflict:
            letter, error = conflict.letter, STALE
        except LetterStatusError as refused:
            error = str(refused)
        else:
            # Often opened signed out, where DataChangedMiddleware knows no user.
            data_changed(user_id=letter.owner_id)
            return redirect(request.path)
    context = {
        "letter": letter,
        "application": letter.application,
        "error": error,
        "owner_signed_in": request.user.is_authenticated
        and request.user.pk == letter.owner_id,
    }
    # Times as the owner lives them, whoever opens the link.
    with timezone.override(letter.owner.zone):
        return render(
            request, "letters/sent_link.html", context, status=409 if error else 200
        )
