"""Shared builders and independent readers for the export tests."""

import io
import re
import zipfile
from email import message_from_bytes, policy

import docx
from pypdf import PdfReader

from tests.factories import LetterFactory

# pdftotext marks right-to-left runs with embedding controls; they are not text.
BIDI_MARKS = re.compile("[\u202a-\u202e]")
HEBREW_NAME = "דנה לוי"
ARABIC_NAME = "مريم الحسن"
ARABIC_COMPANY = "شركة الأمل"


def squash(text: str) -> str:
    """Whitespace normalised: what 'the same text' means across formats."""
    return " ".join(text.split())


def finished_letter(**kwargs):
    return LetterFactory(finished=True, **kwargs)


def docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


def pdf_reader(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pdf_reader(data).pages)


def eml_message(data: bytes):
    return message_from_bytes(data, policy=policy.default)


def zip_members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        return {name: archive.read(name) for name in archive.namelist()}


SAFE_NAME = re.compile(r'^[^/\\:*?"<>|\x00-\x1f\']+$')
