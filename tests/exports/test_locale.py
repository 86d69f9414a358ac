"""Letters as the user's country and script write them: right-to-left names read back in
reading order, the paper and date of the profile's country, honest file metadata."""

import datetime as dt
import io
import re
import subprocess
import unicodedata
import zipfile

import docx
import pytest
import time_machine
from django.urls import reverse

from exports.documents import pdf_display_text
from letters.drafting import letters_draft_for_interview
from letters.models import LetterStatus
from tests.exports.support import (
    ARABIC_COMPANY,
    ARABIC_NAME,
    BIDI_MARKS,
    HEBREW_NAME,
    docx_text,
    pdf_reader,
    pdf_text,
)
from tests.factories import (
    ApplicationFactory,
    InterviewerFactory,
    LetterFactory,
    ParticipationFactory,
    profile_post,
)

pytestmark = pytest.mark.django_db

EXPORT_MOMENT = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC)
HEBREW_PARAGRAPH = (
    "תודה רבה על הראיון היום. היה לי נעים מאוד לשמוע על הצוות, על הלקוחות ועל "
    "הפרויקט החדש, ואני מקווה מאוד שנדבר שוב בקרוב כדי להמשיך את השיחה על התפקיד "
    "ועל הדרך שבה אתם עובדים יחד."
)


def pdftotext(data: bytes) -> str:
    result = subprocess.run(
        ["pdftotext", "-", "-"], input=data, capture_output=True, check=True
    )
    return BIDI_MARKS.sub("", result.stdout.decode("utf-8"))


def download(client, letter, fmt: str) -> bytes:
    response = client.get(reverse("exports:letter", args=[letter.pk, fmt]))
    assert response.status_code == 200
    return response.content


NAMES_BODY = (
    f"Dear {HEBREW_NAME} and {ARABIC_NAME},\n\n"
    f"Thank you for the talk about the Atlas project at {ARABIC_COMPANY} "
    "in Cairo. It was a pleasure to meet you both.\n\n"
    "Best regards,"
)


def rtl_letter(owner, body=NAMES_BODY):
    application = ApplicationFactory(owner=owner, company=ARABIC_COMPANY)
    interviewer = InterviewerFactory(application=application, name=HEBREW_NAME)
    return LetterFactory(
        finished=True,
        interview__application=application,
        interviewer=interviewer,
        subject="Thank you – Data Engineer interview",
        body=body,
    )


def test_pdf_hebrew_and_arabic_names_read_back_in_reading_order(alice_client, alice):
    text = pdftotext(download(alice_client, rtl_letter(alice), "pdf"))

    lines = [line for line in text.splitlines() if line.strip()]
    assert HEBREW_NAME in lines  # the recipient line
    assert ARABIC_COMPANY in lines
    assert ARABIC_NAME in text
    # pdftotext spaces a line's direction changes on its own; the words are in order.
    nospace = "".join(text.split())
    for expected in (
        f"Dear {HEBREW_NAME} and {ARABIC_NAME},",
        f"talk about the Atlas project at {ARABIC_COMPANY} in Cairo.",
    ):
        assert "".join(expected.split()) in nospace
    # Reversed forms of the names are not what a reader copies.
    assert "יול הנד" not in text and HEBREW_NAME[::-1] not in nospace
    # Arabic is drawn joined, yet copies as plain letters.
    assert not any(0xFE70 <= ord(char) <= 0xFEFF for char in text)


def test_pdf_long_hebrew_paragraph_wraps_in_reading_order(alice_client, alice):
    """A paragraph all in Hebrew starts on its first line and reads on, line by line."""
    letter = rtl_letter(alice, body=f"שלום {HEBREW_NAME},\n\n{HEBREW_PARAGRAPH}")
    text = pdftotext(download(alice_client, letter, "pdf"))
    start = text.index("תודה רבה")
    end = text.index("יחד.") + len("יחד.")
    assert text[start:end].count("\n") >= 1  # it did wrap
    # pdftotext spaces full stops and commas in right-to-left lines on its own.
    assert "".join(text[start:end].split()) == "".join(HEBREW_PARAGRAPH.split())


def test_arabic_is_joined_and_set_in_display_order():
    shown, rtl = pdf_display_text(ARABIC_NAME, width=400, size=11)
    assert rtl
    assert all(0xFE70 <= ord(char) <= 0xFEFF for char in shown.replace(" ", ""))
    plain = unicodedata.normalize("NFKC", shown)
    assert plain == " ".join(word[::-1] for word in reversed(ARABIC_NAME.split()))
    assert pdf_display_text("Dear Ana,", width=400, size=11) == ("Dear Ana,", False)


def page_size_pdf(data: bytes) -> tuple[int, int]:
    box = pdf_reader(data).pages[0].mediabox
    return round(float(box.width)), round(float(box.height))


def page_size_docx(data: bytes) -> tuple[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("word/document.xml").decode()
    size = re.search(r"<w:sectPr.*?<w:pgSz ([^>]*)/>", xml, re.S).group(1)
    attrs = dict(re.findall(r'w:(\w+)="(\d+)"', size))
    return attrs["w"], attrs["h"]


A4_PDF, LETTER_PDF = (595, 842), (612, 792)
A4_DOCX, LETTER_DOCX = ("11906", "16838"), ("12240", "15840")


@pytest.mark.parametrize(
    ("zone", "pdf_size", "docx_size", "date"),
    [
        ("Europe/Berlin", A4_PDF, A4_DOCX, "30.11.2026"),
        ("Europe/London", A4_PDF, A4_DOCX, "30 November 2026"),
        ("Asia/Tokyo", A4_PDF, A4_DOCX, "30 November 2026"),
        ("America/New_York", LETTER_PDF, LETTER_DOCX, "November 30, 2026"),
        ("America/Toronto", LETTER_PDF, LETTER_DOCX, "November 30, 2026"),
    ],
)
def test_paper_and_date_follow_the_profiles_time_zone(
    client, alice, zone, pdf_size, docx_size, date
):
    client.force_login(alice)
    response = client.post(
        reverse("accounts:profile"),
        profile_post(alice, timezone=zone),
    )
    assert response.status_code == 302
    letter = rtl_letter(alice)
    with time_machine.travel(EXPORT_MOMENT):
        pdf = download(client, letter, "pdf")
        word = download(client, letter, "docx")

    assert page_size_pdf(pdf) == pdf_size
    assert page_size_docx(word) == docx_size
    assert date in pdftotext(pdf).splitlines()
    assert date in docx_text(word).splitlines()


def test_profile_choice_overrides_the_automatic_paper_and_date(client, alice):
    client.force_login(alice)  # Europe/Berlin: A4 and 30.11.2026 unless changed
    response = client.post(
        reverse("accounts:profile"),
        profile_post(alice, paper_size="letter", date_style="month_day"),
    )
    assert response.status_code == 302
    letter = rtl_letter(alice)
    with time_machine.travel(EXPORT_MOMENT):
        pdf = download(client, letter, "pdf")
        word = download(client, letter, "docx")
    assert page_size_pdf(pdf) == LETTER_PDF
    assert page_size_docx(word) == LETTER_DOCX
    assert "November 30, 2026" in pdf_text(pdf)
    assert "November 30, 2026" in docx_text(word)


def test_profile_names_what_automatic_gives(alice_client):
    html = alice_client.get(reverse("accounts:profile")).content.decode()
    assert "Automatic (A4)" in html
    assert "Automatic (30.11.2026)" in html


def test_docx_is_created_and_modified_at_export_time(alice_client, alice):
    letter = rtl_letter(alice)
    with time_machine.travel(EXPORT_MOMENT):
        data = download(alice_client, letter, "docx")
    properties = docx.Document(io.BytesIO(data)).core_properties
    assert properties.created == EXPORT_MOMENT
    assert properties.modified == EXPORT_MOMENT
    assert properties.author == properties.last_modified_by == "Alice Martin"


def test_contact_details_appear_once_in_a_drafted_letter(alice_client, alice):
    """Drafts sign off with phone and links; the letterhead then carries the email only."""
    alice.phone = "+49 30 1234567"
    alice.links = "https://example.com/alice"
    alice.signature = "Alice Martin"
    alice.save()
    participation = ParticipationFactory(interview__application__owner=alice)
    (letter,) = letters_draft_for_interview(interview=participation.interview)
    letter.status = LetterStatus.FINISHED
    letter.finished_at = letter.updated_at
    letter.save()
    for fmt, read in (("pdf", pdftotext), ("docx", docx_text)):
        text = read(download(alice_client, letter, fmt))
        assert text.count("+49 30 1234567") == 1, fmt
        assert text.count("https://example.com/alice") == 1, fmt
        assert text.count("alice@example.com") == 1, fmt


def test_pdf_embeds_every_font_it_names(alice_client, alice, tmp_path):
    path = tmp_path / "letter.pdf"
    path.write_bytes(download(alice_client, rtl_letter(alice), "pdf"))
    report = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, check=True, text=True
    ).stdout
    rows = report.splitlines()[2:]
    assert rows, report
    assert "Helvetica" not in report
    for row in rows:
        # name type encoding emb sub uni object-id: every font embedded
        assert row.split()[-5] == "yes", row
