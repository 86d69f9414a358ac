"""Sending one user's claimed reminders as one email, and recording what happened.

Each attempt first takes the rows over with a new token (a conditional UPDATE whose row
count decides), so a message delivered twice by the broker, or a worker that outlived its
lease, cannot send again. The row is marked sent right after the mail server accepts the
message, before the SMTP connection is closed: that gap is the only duplicate window left.
"""

import datetime as dt
import random
import smtplib
import time
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.core import signing
from django.core.mail import get_connection
from django.db import DatabaseError, close_old_connections, transaction
from django.db.models import F, Prefetch
from django.urls import reverse
from django.utils import timezone

from jobtrack.emails import make_message
from jobtrack.text import names_joined
from letters.models import THANK_YOU_KINDS, Letter, LetterStatus
from letters.sent_link import letter_sent_token

from .checkins import checkin_message, checkins_decide
from .models import CHECKIN_REMINDER_KINDS, Reminder, ReminderKind
from .rules import Prefs, Verdict, reminder_decide

UNSUBSCRIBE_SALT = "letters.reminders.unsubscribe"


# How a letter's status reads in the email: "finished" means ready to go out.
STATUS_WORDS = {LetterStatus.DRAFT: "draft", LetterStatus.FINISHED: "ready to send"}


class MailDeferred(Exception):
    """The mail server said "later" (4xx) or could not be reached: try again after `delay`."""

    def __init__(self, reason: str, delay: float, token: str):
        super().__init__(reason)
        self.reason = reason
        self.delay = delay
        self.token = token  # the retry must present the token of this attempt


@dataclass
class Outcome:
    sent: list[int] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)
    waiting: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)


def unsubscribe_token(*, user) -> str:
    """A signed, unforgeable token naming the user, for the one-click unsubscribe link."""
    return signing.TimestampSigner(salt=UNSUBSCRIBE_SALT).sign_object({"u": user.pk})


def unsubscribe_user_id(*, token: str) -> int | None:
    """The user a token was made for, or None when it was tampered with or is too old."""
    try:
        data = signing.TimestampSigner(salt=UNSUBSCRIBE_SALT).unsign_object(
            token, max_age=dt.timedelta(days=settings.REMINDER_UNSUBSCRIBE_MAX_AGE_DAYS)
        )
    except (signing.BadSignature, ValueError, TypeError):
        return None
    user_id = data.get("u") if isinstance(data, dict) else None
    return user_id if isinstance(user_id, int) else None


def reminder_retry_delay(*, attempts: int) -> float:
    """Exponential backoff with jitter: base·2^(n-1), capped, times a random 0.5–1.5."""
    base = settings.REMINDER_RETRY_BASE_SECONDS
    delay = min(base * 2 ** max(attempts - 1, 0), settings.REMINDER_RETRY_MAX_SECONDS)
    return delay * random.uniform(0.5, 1.5)  # noqa: S311 - jitter, not security


def smtp_error_is_permanent(exc: BaseException) -> bool:
    """5xx answers are final; 4xx answers, timeouts and dropped connections are not."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        return bool(codes) and all(500 <= code < 600 for code in codes)
    code = getattr(exc, "smtp_code", None)
    return isinstance(code, int) and 500 <= code < 600


def _error_text(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "; ".join(
            f"{rcpt}: {code} {msg.decode(errors='replace') if isinstance(msg, bytes) else msg}"
            for rcpt, (code, msg) in exc.recipients.items()
        )
    if isinstance(exc, smtplib.SMTPResponseException):
        msg = exc.smtp_error
        text = msg.decode(errors="replace") if isinstance(msg, bytes) else str(msg)
        return f"{exc.smtp_code} {text}"
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def reminders_send_batch(
    *, ids, token: str | uuid.UUID, now: dt.datetime | None = None
) -> Outcome:
    """Send the claimed reminders, one email per user, and record what happened.

    Raises MailDeferred when the mail server should be tried again later.

    1. Take the rows over: new token, attempts + 1, fresh lease — only if still ours.
    2. Give up on rows that reached the attempt cap; decide send/wait/drop for the rest.
    3. Render one email per user, send them all over one SMTP connection, marking each
       user's rows sent as soon as the server accepts their email.
    """
    now = now or timezone.now()
    new_token = uuid.uuid4()
    lease_until = now + dt.timedelta(seconds=settings.REMINDER_LEASE_SECONDS)
    outcome = Outcome()
    with transaction.atomic():
        taken = (
            Reminder.objects.pending()
            .live()
            .filter(pk__in=list(ids), claim_token=token, claimed_until__gt=now)
            .update(
                claim_token=new_token,
                claimed_until=lease_until,
                attempts=F("attempts") + 1,
            )
        )
    if not taken:
        return outcome
    # The rows taken over: by primary key, then token (claim_token has no index).
    mine = Reminder.objects.filter(pk__in=list(ids), claim_token=new_token)
    cap = settings.REMINDER_MAX_ATTEMPTS
    capped = list(mine.filter(attempts__gt=cap).values_list("pk", flat=True))
    if capped:
        _release(capped, failed_at=now, last_error=f"gave up after {cap} attempts")
        outcome.failed += capped
    rows = list(
        mine.exclude(pk__in=capped)
        .select_related("owner", "interview__application")
        .prefetch_related(
            Prefetch(
                "interview__letters",
                queryset=Letter.objects.unsent().select_related("interviewer"),
                to_attr="unsent_letters",
            )
        )
        .order_by("interview__ends_at", "id")
    )
    checkins = [row for row in rows if row.kind in CHECKIN_REMINDER_KINDS]
    rows = [row for row in rows if row.kind not in CHECKIN_REMINDER_KINDS]
    emails = _checkin_emails(checkins, now=now, outcome=outcome) if checkins else []
    if not rows and not emails:
        return outcome
    first_sent = dict(
        Reminder.objects.filter(
            interview__in=[r.interview_id for r in rows],
            kind=ReminderKind.FIRST,
            sent_at__isnull=False,
        ).values_list("interview_id", "sent_at")
    )
    # One email per user. A sweep hands over every user it claimed in one task, so the
    # emails of many users share this task's queries and one SMTP connection.
    per_owner: dict[int, list[Reminder]] = {}
    for row in rows:
        per_owner.setdefault(row.owner_id, []).append(row)
    for owner_rows in per_owner.values():
        to_send = _decide(owner_rows, now=now, first_sent=first_sent, outcome=outcome)
        if to_send:
            emails.append(
                (to_send, reminder_message(user=to_send[0].owner, rows=to_send))
            )
    if emails:
        _deliver(emails, token=new_token, outcome=outcome)
    return outcome


def _decide(rows, *, now, first_sent: dict, outcome: Outcome) -> list[Reminder]:
    """One user's rows: record drops and waits, return the rows to send now."""
    prefs = Prefs.for_user(rows[0].owner)
    to_send = []
    # First reminders before evening ones: when both of an interview are due at once (the
    # sweep was down for hours), the interview is listed once and the evening one dropped.
    for row in sorted(rows, key=lambda r: r.kind != ReminderKind.FIRST):
        decision = reminder_decide(
            kind=ReminderKind(row.kind),
            now=now,
            ends_at=row.interview.ends_at,
            prefs=prefs,
            unsent_letters=len(row.interview.unsent_letters),
            first_sent_at=first_sent.get(row.interview_id),
        )
        if decision.verdict == Verdict.DROP:
            _release([row.pk], skipped_at=now, skip_reason=decision.reason)
            outcome.skipped.append(row.pk)
        elif decision.verdict == Verdict.WAIT:
            _release([row.pk], due_at=decision.not_before)
            outcome.waiting.append(row.pk)
        else:
            to_send.append(row)
            if row.kind == ReminderKind.FIRST:
                first_sent[row.interview_id] = now
    return to_send


def _checkin_emails(rows, *, now, outcome: Outcome) -> list:
    """Record the check-ins that wait or no longer apply; one email per user for the rest."""
    plan = checkins_decide(rows, now=now)
    for pk, reason in plan.dropped:
        _release([pk], skipped_at=now, skip_reason=reason)
        outcome.skipped.append(pk)
    for pk, not_before in plan.waiting:
        _release([pk], due_at=not_before)
        outcome.waiting.append(pk)
    return [
        (
            user_rows,
            checkin_message(
                user=user_rows[0].owner,
                rows=user_rows,
                unsubscribe_url=settings.SITE_URL
                + reverse(
                    "reminders:unsubscribe",
                    args=[unsubscribe_token(user=user_rows[0].owner)],
                ),
            ),
        )
        for user_rows in plan.to_send.values()
    ]


def _deliver(emails, *, token: uuid.UUID, outcome: Outcome) -> None:
    """Send the emails over one SMTP connection, marking each user's rows sent as soon as
    the server accepts their email. A 5xx fails that user's rows and the others go on; a
    4xx or a lost connection defers every email not yet accepted (MailDeferred)."""
    cap = settings.REMINDER_MAX_ATTEMPTS
    waiting = list(emails)
    connection = get_connection(fail_silently=False)
    try:
        connection.open()
        while waiting:
            to_send, message = waiting[0]
            send_ids = [row.pk for row in to_send]
            try:
                connection.send_messages([message])
            except (smtplib.SMTPException, OSError) as exc:
                if not smtp_error_is_permanent(exc):
                    raise
                _release(
                    send_ids,
                    failed_at=timezone.now(),
                    last_error=_error_text(exc)[:2000],
                )
                outcome.failed += send_ids
            else:
                # Mark at once: the mail server has the message; closing can wait.
                _mark_sent(send_ids, token=token)
                outcome.sent += send_ids
            waiting.pop(0)
    except (smtplib.SMTPException, OSError) as exc:
        rows = [row for to_send, _ in waiting for row in to_send]
        send_ids = [row.pk for row in rows]
        reason = _error_text(exc)[:2000]
        if smtp_error_is_permanent(exc):
            _release(send_ids, failed_at=timezone.now(), last_error=reason)
            outcome.failed += send_ids
            return
        attempts = max(row.attempts for row in rows)
        if attempts >= cap:
            _release(
                send_ids,
                failed_at=timezone.now(),
                last_error=f"gave up after {attempts} attempts: {reason}",
            )
            outcome.failed += send_ids
            return
        delay = reminder_retry_delay(attempts=attempts)
        # Keep the lease past the retry, so no sweep takes the rows while it waits.
        Reminder.objects.filter(pk__in=send_ids, claim_token=token).update(
            last_error=reason,
            claimed_until=timezone.now()
            + dt.timedelta(seconds=delay + settings.REMINDER_LEASE_SECONDS),
        )
        raise MailDeferred(reason, delay, str(token)) from exc
    finally:
        try:
            connection.close()
        except Exception:  # noqa: BLE001 - the messages are already recorded
            pass


def _mark_sent(ids, *, token, tries: int = 4) -> None:
    """Record the send; a database blip is retried here, as a resend would be a duplicate."""
    for attempt in range(tries):
        try:
            Reminder.objects.filter(pk__in=ids, claim_token=token).update(
                sent_at=timezone.now(), claimed_until=None, last_error=""
            )
            return
        except DatabaseError:
            if attempt == tries - 1:
                raise
            close_old_connections()
            time.sleep(0.25 * 2**attempt)


def _release(ids, **changes) -> None:
    """Record an end state (or a new due time) and drop the lease."""
    Reminder.objects.filter(pk__in=ids).update(
        claimed_until=None, claim_token=None, **changes
    )


def reminder_subject(*, interviews: list[dict], evening: bool) -> str:
    """Say what to do: "Send your thank-you letters to Ana and Ben at Acme today"."""
    letters = [letter for item in interviews for letter in item["letters"]]
    noun = "thank-you " if all(x["thank_you"] for x in letters) else ""
    noun += "letter" if len(letters) == 1 else "letters"
    companies = list(dict.fromkeys(item["company"] for item in interviews))
    if len(companies) == 1:
        names = list(dict.fromkeys(x["recipient"] for x in letters))
        people = names_joined(names, most=3) or "the hiring team"
        what = f"your {noun} to {people} at {companies[0]}"
    else:
        what = f"your {noun} to {names_joined(companies, most=3)}"
    if evening:
        return f"Before the day ends: send {what}"
    return f"Send {what} today"


def reminder_heading(*, count: int, evening: bool) -> str:
    letters = "One letter" if count == 1 else f"{count} letters"
    if evening:
        return f"{letters} still to send today"
    return f"{letters} to send today"


def reminder_intro(*, interviews: int, letters: int, evening: bool) -> str:
    """The opening sentence, worded for one interview or several, one letter or more."""
    if evening:
        unsent = "one letter is" if letters == 1 else f"{letters} letters are"
        return (
            f"The day is nearly over and {unsent} still unsent. A short, specific note "
            "sent today is remembered; one sent next week is not."
        )
    if interviews > 1:
        return (
            f"Your {interviews} interviews are over: now is the best moment to send "
            "your letters, while each conversation is still fresh."
        )
    if letters == 1:
        return (
            "Your interview is over: now is the best moment to send your letter, "
            "while the conversation is fresh for both of you."
        )
    return (
        f"Your interview is over: now is the best moment to send your {letters} "
        "letters, while the conversation is fresh for everyone you met."
    )


def reminder_message(*, user, rows: list[Reminder]):
    """The email for one user: every interview of the batch with its unsent letters."""
    zone = user.zone
    interviews = []
    for row in rows:
        interview = row.interview
        application = interview.application
        ended = interview.ends_at.astimezone(zone)
        interviews.append(
            {
                "company": application.company,
                "role": application.role,
                "stage": interview.get_stage_display(),
                "ended": f"{ended:%A %-d %B, %H:%M}",
                "zone": str(zone.key).replace("_", " "),
                "letters": [
                    {
                        "recipient": letter.recipient_name,
                        "subject": letter.subject,
                        "status": STATUS_WORDS.get(letter.status, letter.status),
                        "thank_you": letter.kind in THANK_YOU_KINDS,
                        "url": settings.SITE_URL
                        + reverse("letters:edit", args=[letter.pk]),
                        "sent_url": settings.SITE_URL
                        + reverse(
                            "letters:sent_link",
                            args=[letter_sent_token(letter=letter)],
                        ),
                    }
                    for letter in interview.unsent_letters
                ],
            }
        )
    evening = all(row.kind == ReminderKind.EVENING for row in rows)
    unsubscribe_url = settings.SITE_URL + reverse(
        "reminders:unsubscribe", args=[unsubscribe_token(user=user)]
    )
    letter_count = sum(len(item["letters"]) for item in interviews)
    ctx = {
        "name": user.display_name,
        "subject": reminder_subject(interviews=interviews, evening=evening),
        "heading": reminder_heading(count=letter_count, evening=evening),
        "intro": reminder_intro(
            interviews=len(interviews), letters=letter_count, evening=evening
        ),
        "evening": evening,
        "interviews": interviews,
        "letter_count": letter_count,
        "settings_url": settings.SITE_URL + reverse("accounts:profile"),
        "unsubscribe_url": unsubscribe_url,
        "site_url": settings.SITE_URL,
    }
    headers = {
        "List-Unsubscribe": f"<{unsubscribe_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Auto-Submitted": "auto-generated",
    }
    return make_message("reminder", user.email, ctx, headers=headers)
