"""Finished letters leaving the app: one file per format, a mailto link, and ZIPs of many.

Only finished and sent letters export (``Letter.objects.exportable()``). A draft is
refused rather than stamped DRAFT: a watermark is easy to miss in a mail client, and a
half-written letter sent to an interviewer by mistake does more harm than no letter.

Every format is built from one ``LetterContent``, so all of them carry the same text.
"""

import datetime as dt
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, make_msgid
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import QuerySet
from django.utils import dateformat, timezone

from letters.models import Letter, LetterKind, LetterStatus

from .filenames import UniqueNames, filename_safe

# C0 and C1 controls except tab and newline; also the two XML non-characters and
# lone surrogates, which python-docx and the PDF writer cannot store.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
_NEWLINES = re.compile(r"\r\n|[\r\x85\u2028\u2029\x0b\x0c]")
_BLANK_LINES = re.compile(r"\n[ \t]*\n\s*")

# Longest mailto: URL we hand out. Outlook on Windows and some browsers cut near 2,000.
MAILTO_MAX_LENGTH = 1900


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
        return dateformat.format(self.date, "F j, Y")

    @property
    def contact_line(self) -> str:
        return " · ".join(self.sender_contact)

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
    application = letter.interview.application
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
        recipient_name=recipient_name,
        recipient_email=(interviewer.email if interviewer is not None else "") or "",
        recipient_lines=tuple(line for line in recipient_lines if line),
        subject=export_clean_line(letter.subject),
        body=body,
        signature=signature,
        file_stem=stem,
    )


def build_text(content: LetterContent) -> bytes:
    """UTF-8 plain text: the subject line, a blank line, then the letter."""
    return f"Subject: {content.subject}\n\n{content.text}\n".encode()


def _ascii_address(address: str) -> str:
    """Mail headers want an ASCII address: the domain in IDNA, or nothing if impossible."""
    local, at, domain = address.strip().rpartition("@")
    if not at or not local.isascii():
        return ""
    try:
        ascii_address = f"{local}@{domain.encode('idna').decode('ascii')}"
        # Stored rows may come from an import or the admin: only a single, valid
        # address (no CR/LF, no second recipient) may reach a header.
        validate_email(ascii_address)
    except (UnicodeError, ValidationError):
        return ""
    return ascii_address


# Headers are never folded: Python 3.11's folder drops the quotes of a long display
# name holding ':' or ';', turning one address into a group. Names and subjects are
# capped well under RFC 5322's 998-character line limit by the models.
_EML_POLICY = policy.SMTP.clone(max_line_length=998)


def build_eml(content: LetterContent) -> bytes:
    """RFC 5322 message, UTF-8, marked X-Unsent so mail clients open it as a new draft.

    Names and subject are single cleaned lines, so no CR/LF can reach a header.
    """
    message = EmailMessage(policy=_EML_POLICY)
    message["From"] = formataddr(
        (content.sender_name, _ascii_address(content.sender_email))
    )
    recipient = _ascii_address(content.recipient_email)
    if recipient:
        message["To"] = formataddr((content.recipient_name, recipient))
    message["Subject"] = content.subject
    message["Date"] = format_datetime(timezone.now())
    message["Message-ID"] = make_msgid(domain="jobtrack.invalid")
    message["X-Unsent"] = "1"
    message.set_content(content.text + "\n", charset="utf-8")
    return message.as_bytes()


@dataclass(frozen=True)
class ExportFormat:
    """One way out of the app; the table below is the whole list."""

    key: str
    label: str
    extension: str
    content_type: str
    build: Callable[[LetterContent], bytes]


def _build_docx(content: LetterContent) -> bytes:
    from .documents import build_docx  # python-docx loads only when asked for

    return build_docx(content)


def _build_pdf(content: LetterContent) -> bytes:
    from .documents import build_pdf  # ReportLab and fonts load only when asked

    return build_pdf(content)


FORMATS: dict[str, ExportFormat] = {
    f.key: f
    for f in (
        ExportFormat("txt", "Text", "txt", "text/plain; charset=utf-8", build_text),
        ExportFormat(
            "docx",
            "Word",
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            _build_docx,
        ),
        ExportFormat("pdf", "PDF", "pdf", "application/pdf", _build_pdf),
        ExportFormat("eml", "Email file", "eml", "message/rfc822", build_eml),
    )
}
DEFAULT_ZIP_FORMAT = "txt"


@dataclass(frozen=True)
class ExportedFile:
    name: str
    content_type: str
    data: bytes


def letter_export(*, letter: Letter, fmt: str) -> ExportedFile:
    """One exportable letter in one format; a draft raises ValueError (see module doc)."""
    if not letter.is_exportable:
        raise ValueError("Only finished or sent letters can be exported.")
    export_format = FORMATS[fmt]
    content = letter_content(letter=letter)
    return ExportedFile(
        name=filename_safe(content.file_stem, extension=export_format.extension),
        content_type=export_format.content_type,
        data=export_format.build(content),
    )


@dataclass(frozen=True)
class MailtoLink:
    url: str
    complete: bool  # False: the body did not fit, the user pastes the copied letter


MAILTO_SHORT_BODY = (
    "[Paste your letter here: use “Copy letter” in jobtrack, then paste.]"
)


def letter_mailto(*, content: LetterContent) -> MailtoLink:
    """RFC 6068 link; falls back to subject plus a paste note when the URL grows too long."""
    address = quote(_ascii_address(content.recipient_email), safe="@")
    subject = quote(content.subject, safe="")
    body = quote(content.text.replace("\n", "\r\n"), safe="")
    url = f"mailto:{address}?subject={subject}&body={body}"
    if len(url) <= MAILTO_MAX_LENGTH:
        return MailtoLink(url=url, complete=True)
    short = quote(MAILTO_SHORT_BODY, safe="")
    return MailtoLink(
        url=f"mailto:{address}?subject={subject}&body={short}", complete=False
    )


class _Drain:
    """A write-only file for zipfile: holds one member's bytes until they are streamed.

    It has no ``tell``/``seek``, so zipfile writes data descriptors and never rewinds.
    A bytearray, not a list of pieces: the central directory arrives in thousands of
    small writes at the end, and each piece would cost an object header of its own.
    """

    def __init__(self) -> None:
        self._buffer = bytearray()

    def write(self, data) -> int:
        self._buffer += data
        return len(data)

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data = bytes(self._buffer)
        self._buffer.clear()
        return data


def _zip_time(letter: Letter) -> tuple[int, int, int, int, int, int]:
    moment = letter.sent_at or letter.finished_at or letter.updated_at
    local = timezone.localtime(moment, letter.owner.zone)
    return max(local.timetuple()[:6], (1980, 1, 1, 0, 0, 0))


def letters_for_zip(letters: QuerySet) -> QuerySet:
    """The exportable letters of a queryset with everything a file needs, in one query."""
    return letters.exportable().select_related(
        "owner", "interviewer", "interview__application"
    )


def letters_zip_stream(
    *, letters: QuerySet, fmt: str = DEFAULT_ZIP_FORMAT, chunk_size: int = 200
) -> Iterator[bytes]:
    """Yield a ZIP piece by piece: memory holds one letter, not the archive."""
    drain = _Drain()
    names = UniqueNames()
    with zipfile.ZipFile(drain, mode="w", compression=zipfile.ZIP_DEFLATED) as archive:
        for letter in letters_for_zip(letters).iterator(chunk_size=chunk_size):
            exported = letter_export(letter=letter, fmt=fmt)
            info = zipfile.ZipInfo(names.claim(exported.name), _zip_time(letter))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, exported.data)
            yield drain.take()
    yield drain.take()
