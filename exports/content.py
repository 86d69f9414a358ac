"""What a letter export shows, gathered and cleaned once; every format lays it out."""

import datetime as dt
import re
from dataclasses import dataclass

from django.utils import dateformat, timezone

from letters.models import Letter, LetterKind, LetterStatus

# C0 and C1 controls except tab and newline; also the two XML non-characters and
# lone surrogates, which python-docx and the PDF writer cannot store.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
_NEWLINES = re.compile(r"\r\n|[\r\x85\u2028\u2029\x0b\x0c]")
_BLANK_LINES = re.compile(r"\n[ \t]*\n\s*")


def export_clean_text(text: str) -> str:
    """Multi-line text every format can hold: one kind of newline, no control characters."""
    text = _NEWLINES.sub("\n", text or "")
    text = _CONTROLS.sub("", text)
    lines = [line.rstrip() for line in text.split("\n")]
    return "\n".join(lines).strip("\n")


def export_clean_line(text: str) -> str:
    """One header-safe line: a newline here could otherwise start a new email header."""
    return " ".join(export_clean_text(text).split())


@dataclass(frozen=True)
class LetterContent:
    """Everything a format shows, cleaned once; formats only lay it out."""

    sender_name: str
    sender_email: str
    sender_contact: tuple[str, ...]
    date: dt.date
    date_format: str  # a Django date format, as the user writes dates
    paper: str  # "a4" or "letter"
    recipient_name: str
    recipient_email: str
    recipient_lines: tuple[str, ...]
    subject: str
    body: str
    signature: str
    file_stem: str

    @property
    def text(self) -> str:
        """The letter as the user sends it: body, then the signature from the profile.

        A body ending in a sign-off such as "Best regards," takes the signature on the
        next line, as people write it by hand.
        """
        if not self.signature:
            return self.body
        joint = "\n" if self.body.endswith(",") else "\n\n"
        return f"{self.body}{joint}{self.signature}" if self.body else self.signature

    @property
    def paragraphs(self) -> list[str]:
        """Blocks separated by blank lines; single newlines stay inside a block."""
        return [block for block in _BLANK_LINES.split(self.text) if block.strip()]

    @property
    def date_line(self) -> str:
        return dateformat.format(self.date, self.date_format)

    @property
    def contact_line(self) -> str:
        """The letterhead's contact details, less those the sign-off already shows:
        each appears once in the letter."""
        sign_off = " ".join(_BLANK_LINES.split(self.text)[-1].split())
        return " · ".join(item for item in self.sender_contact if item not in sign_off)

    @property
    def letterhead(self) -> list[str]:
        """Lines above the body in DOCX and PDF, in order."""
        return [
            self.sender_name,
            self.contact_line,
            self.date_line,
            *self.recipient_lines,
            self.subject,
        ]


def _already_signed(body: str, signature: str) -> bool:
    """Drafts end with the sign-off block: closing, signature, then phone and links."""
    last_block = _BLANK_LINES.split(body)[-1]
    return " ".join(signature.split()) in " ".join(last_block.split())


def letter_content(*, letter: Letter) -> LetterContent:
    """Gather and clean what a letter export shows (needs owner, interviewer, application)."""
    user = letter.owner
    application = letter.application
    interviewer = letter.interviewer
    body = export_clean_text(letter.body)
    signature = export_clean_text(user.signature)
    if signature and _already_signed(body, signature):
        signature = ""
    contact = [user.email, export_clean_line(user.phone)]
    contact += [export_clean_line(link) for link in user.links.splitlines()]
    if letter.status == LetterStatus.SENT and letter.sent_at:
        date = timezone.localtime(letter.sent_at, user.zone).date()
    else:
        date = timezone.localdate(timezone=user.zone)
    recipient_name = export_clean_line(letter.recipient_name) or "Hiring team"
    recipient_lines = [recipient_name]
    if interviewer is not None:
        recipient_lines.append(export_clean_line(interviewer.title))
    recipient_lines.append(export_clean_line(application.company))
    kind = LetterKind(letter.kind).label
    stem = " - ".join(
        part
        for part in (
            export_clean_line(application.company),
            export_clean_line(application.role),
            recipient_name,
            kind,
        )
        if part
    )
    return LetterContent(
        sender_name=export_clean_line(user.full_name)
        or export_clean_line(user.email.partition("@")[0]),
        sender_email=user.email,
        sender_contact=tuple(line for line in contact if line),
        date=date,
        date_format=user.date_format,
        paper=user.paper,
        recipient_name=recipient_name,
        recipient_email=(interviewer.email if interviewer is not None else "") or "",
        recipient_lines=tuple(line for line in recipient_lines if line),
        subject=export_clean_line(letter.subject),
        body=body,
        signature=signature,
        file_stem=stem,
    )
