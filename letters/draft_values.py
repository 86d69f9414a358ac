"""The plain values a letter template sees, computed from the interview log.

Templates never get model objects: every value here is a string, a bool or a list of
strings, and an empty string means "leave the sentence out".
"""

import zoneinfo

from applications.models import ConversationNotes, Greeting, InterviewFormat
from jobtrack.text import names_joined
from letters.notes import HONORIFICS, Note, shape_note

FORMAT_NOUNS = {
    InterviewFormat.PHONE: "call",
    InterviewFormat.VIDEO: "video call",
    InterviewFormat.ONSITE: "conversation",
}
CLOSINGS = ("Best regards,", "Kind regards,", "With thanks,")
CASUAL_KINDS = frozenset({"screen", "checkin"})


def first_name(name: str) -> str:
    words = [w for w in name.split() if w.lower().rstrip(".") not in HONORIFICS]
    return words[0] if words else name.strip()


def greeting_name(name: str, greeting: str) -> str:
    """How the letter names its reader: "Dana" on a first-name basis, "Dr. Whitaker"
    when the name carries a title, the full name when asked or when nothing else fits."""
    name = " ".join(name.split())
    words = name.split()
    if greeting == Greeting.FIRST_NAME:
        return first_name(name)
    titled = len(words) > 1 and words[0].lower().rstrip(".") in HONORIFICS
    if greeting == Greeting.FORMAL and titled:
        return f"{words[0]} {words[-1]}"
    return name


def long_date(value) -> str:
    return f"{value:%A} {value.day} {value:%B}"


def interview_date(interview) -> str:
    try:
        zone = zoneinfo.ZoneInfo(interview.timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo("UTC")
    return long_date(interview.ends_at.astimezone(zone))


def merged_notes(participation, interview) -> dict[str, str]:
    """The person's own notes, each empty field falling back to the interview's notes."""
    notes = {}
    for field in ConversationNotes.NOTE_FIELDS:
        own = getattr(participation, field, "") if participation is not None else ""
        notes[field] = (own or "").strip() or (
            getattr(interview, field, "") or ""
        ).strip()
    return notes


def signature_lines(user) -> list[str]:
    """The user's signature (else their name), plus phone and links not already in it."""
    lines = [
        line.strip() for line in (user.signature or "").splitlines() if line.strip()
    ]
    if not lines:
        lines = [user.full_name.strip() or user.display_name]
    text = "\n".join(lines)
    extras = [user.phone or ""] + (user.links or "").splitlines()
    for extra in (e.strip() for e in extras):
        if extra and extra not in text:
            lines.append(extra)
    return lines


def letter_values(
    *,
    interview,
    application,
    user,
    kind: str,
    variant: int,
    interviewer=None,
    participation=None,
    others: list[str] = (),
    coordinator: bool = False,
) -> dict:
    """Everything around the notes, as strings; empty means the sentence is dropped."""
    greeting = participation.greeting if participation is not None else Greeting.FORMAL
    name = " ".join(interviewer.name.split()) if interviewer is not None else ""
    decided_on = application.decision_expected_on
    return {
        "company": " ".join(application.company.split()),
        "role": " ".join(application.role.split()),
        "is_team": interviewer is None,
        "coordinator": coordinator,
        "name": name,
        "greeting_name": greeting_name(name, greeting),
        "first_names_invited": greeting == Greeting.FIRST_NAME,
        "casual": kind in CASUAL_KINDS,
        "format_noun": FORMAT_NOUNS.get(
            getattr(interview, "format", ""), "conversation"
        ),
        "interview_date": interview_date(interview) if interview is not None else "",
        "decision_date": f"{decided_on.day} {decided_on:%B}" if decided_on else "",
        "next_step_note": shape_note(
            application.next_step, slot="next_step", keep=_proper(application)
        ),
        "reason_note": shape_note(
            application.withdrawal_reason, slot="reason", keep=_proper(application)
        ),
        "others": names_joined(list(others)),
        "link": (
            (getattr(participation, "link_to_share", "") or "").strip()
            or (getattr(interview, "link_to_share", "") or "").strip()
        ),
        "closing": CLOSINGS[variant % len(CLOSINGS)],
        "signature_lines": signature_lines(user),
    }


def letter_notes(
    *, interview, application, participation=None, interviewer=None, others=()
) -> dict[str, Note]:
    """The person's notes shaped for the letter (each empty one falls back to the
    interview's, if any); their own notes speak to them, so "she showed me" becomes
    "you"."""
    keep = _proper(application) | frozenset(
        word for name in others for word in name.split()
    )
    notes = {}
    for field in ConversationNotes.NOTE_FIELDS:
        if field == "link_to_share":
            continue
        own = (getattr(participation, field, "") or "").strip() if participation else ""
        reader = interviewer.name if interviewer is not None and own else ""
        text = own or (getattr(interview, field, "") or "").strip()
        notes[field] = shape_note(text, slot=field, reader=reader, keep=keep)
    return notes


def _proper(application) -> frozenset[str]:
    """Words never lowered: the company's and the role's as the user typed them."""
    return frozenset(f"{application.company} {application.role}".split())


def tidy_lines(text: str) -> str:
    """Lines kept as written, each stripped; empty lines dropped."""
    return "\n".join(
        " ".join(line.split()) for line in text.splitlines() if line.strip()
    )
