"""The plain values a letter template sees, computed from the interview log.

Templates never get model objects: every value here is a string, a bool or a list of
strings, and an empty string means "leave the sentence out".
"""

import zoneinfo

from applications.models import ConversationNotes, Greeting, InterviewFormat
from jobtrack.text import names_joined

# Words that start a noted phrase but read wrong capitalised in the middle of a sentence.
_LOWER_FIRST = frozenset(
    "a an the how what why when where which who whether your our my their his her its "
    "this that these those some one two three it we they you there".split()
)
_HONORIFICS = frozenset("mr mrs ms miss mx dr prof sir dame".split())
_TRAILING = ".,;:!?…-–— \t"

FORMAT_NOUNS = {
    InterviewFormat.PHONE: "call",
    InterviewFormat.VIDEO: "video call",
    InterviewFormat.ONSITE: "conversation",
}
CLOSINGS = ("Best regards,", "Kind regards,", "With thanks,")
CASUAL_KINDS = frozenset({"screen", "checkin"})


def clause(text: str | None) -> str:
    """A noted phrase made fit for the middle of a sentence: one line, no end stop."""
    text = " ".join((text or "").split()).rstrip(_TRAILING).strip()
    first, _, rest = text.partition(" ")
    if first.lower() in _LOWER_FIRST and first[:1].isupper() and first[1:].islower():
        text = f"{first.lower()} {rest}".strip()
    return text


def sentence(text: str | None) -> str:
    """A noted phrase used as a sentence of its own (the template adds the full stop)."""
    text = " ".join((text or "").split()).rstrip(_TRAILING).strip()
    return text[:1].upper() + text[1:]


def first_name(name: str) -> str:
    words = [w for w in name.split() if w.lower().rstrip(".") not in _HONORIFICS]
    return words[0] if words else name.strip()


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
) -> dict:
    """Everything one draft needs, as strings; empty means the sentence is dropped."""
    notes = merged_notes(participation, interview)
    invited = (
        participation is not None and participation.greeting == Greeting.FIRST_NAME
    )
    name = " ".join(interviewer.name.split()) if interviewer is not None else ""
    decided_on = application.decision_expected_on
    return {
        "company": " ".join(application.company.split()),
        "role": " ".join(application.role.split()),
        "is_team": interviewer is None,
        "name": name,
        "first_name": first_name(name),
        "first_names_invited": invited,
        "casual": kind in CASUAL_KINDS,
        "format_noun": FORMAT_NOUNS.get(interview.format, "conversation"),
        "interview_date": interview_date(interview) if interview.ends_at else "",
        "decision_date": f"{decided_on.day} {decided_on:%B}" if decided_on else "",
        "next_step": clause(application.next_step),
        "reason": sentence(application.withdrawal_reason),
        "others": names_joined(list(others)),
        "detail": clause(notes["specific_detail"]),
        "topics": clause(notes["topics"]),
        "learned": clause(notes["learned"]),
        "challenge": clause(notes["challenge"]),
        "how_to_meet": clause(notes["how_to_meet_challenge"]),
        "open_question": clause(notes["open_question"]),
        "question_end": "?" if notes["open_question"].rstrip().endswith("?") else ".",
        "materials": clause(notes["materials"]),
        "link": notes["link_to_share"],
        "closing": CLOSINGS[variant % len(CLOSINGS)],
        "signature_lines": signature_lines(user),
    }


def tidy_paragraphs(text: str) -> str:
    """One sentence per template line joined into paragraphs; a line of "¶" ends one.

    A paragraph left with a single sentence (its other fields empty) takes in the next,
    so a sparse log still reads as a letter rather than a list of lines.
    """
    paragraphs: list[list[str]] = []
    current: list[str] = []
    for line in text.splitlines() + ["¶"]:
        line = " ".join(line.split())
        if line == "¶":
            if current and paragraphs and len(paragraphs[-1]) == 1:
                paragraphs[-1].extend(current)
            elif current:
                paragraphs.append(current)
            current = []
        elif line:
            current.append(line)
    return "\n\n".join(" ".join(sentences) for sentences in paragraphs)


def tidy_lines(text: str) -> str:
    """Lines kept as written, each stripped; empty lines dropped."""
    return "\n".join(
        " ".join(line.split()) for line in text.splitlines() if line.strip()
    )
