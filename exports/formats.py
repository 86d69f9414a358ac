"""Finished letters leaving the app: one file per format, a mailto link, and ZIPs of many.

Only finished and sent letters export (``Letter.objects.exportable()``). A draft is
refused rather than stamped DRAFT: a watermark is easy to miss in a mail client, and a
half-written letter sent to an interviewer by mistake does more harm than no letter.

Every format is built from one ``LetterContent``, so all of them carry the same text.
"""

import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import QuerySet
from django.utils import timezone

from letters.models import Letter

from .content import LetterContent, letter_content
from .filenames import UniqueNames, filename_safe

# Longest mailto: URL we hand out. Outlook on Windows and some browsers cut near 2,000.
MAILTO_MAX_LENGTH = 1900


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


def _mailbox(name: str, address: str) -> Address | None:
    """A header mailbox whose only address is the validated one.

    ``Address`` quotes or encodes the display name whole, so a name such as
    ``Ana Müller <ceo@evil.test>`` stays a name; ``formataddr`` encoded only the
    accented word and left the rest to be read as another address.
    """
    address = _ascii_address(address)
    return Address(display_name=name, addr_spec=address) if address else None


def build_eml(content: LetterContent) -> bytes:
    """RFC 5322 message, UTF-8, marked X-Unsent so mail clients open it as a new draft.

    Names and subject are single cleaned lines, so no CR/LF can reach a header.
    """
    message = EmailMessage(policy=_EML_POLICY)
    if sender := _mailbox(content.sender_name, content.sender_email):
        message["From"] = sender
    if recipient := _mailbox(content.recipient_name, content.recipient_email):
        message["To"] = recipient
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
    return letters.exportable().select_related("owner", "interviewer", "application")


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
