"""Each export format read back by an independent reader carries exactly the letter."""

import datetime as dt

import pytest
import time_machine

from exports.content import export_clean_text, letter_content
from exports.formats import FORMATS, MAILTO_MAX_LENGTH, letter_export, letter_mailto
from letters.drafting import letters_draft_for_interview
from letters.models import LetterStatus
from tests.exports.support import (
    docx_text,
    eml_message,
    finished_letter,
    pdf_reader,
    pdf_text,
    squash,
)
from tests.factories import (
    ApplicationFactory,
    InterviewerFactory,
    ParticipationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

BODY = (
    "Dear Ms. Nguyễn,\n\n"
    "Thank you for our talk about the café's <b>billing</b> & ledger migration — "
    "and Дмитрий's question on Ἀθῆναι latency. 🚀🎉\n"
    "A second line in the same paragraph.\n\n"
    "I remain very interested in the role.\n\n"
    "Best regards,"
)


@pytest.fixture
def letter():
    user = UserFactory(
        full_name="Zoë Ångström",
        email="zoe@example.com",
        phone="+49 30 1234567",
        links="https://example.com/zoe\nhttps://github.com/zoe",
        signature="Zoë Ångström\nData engineer",
    )
    application = ApplicationFactory(
        owner=user, company="Zürich & <Co>", role="Data Engineer"
    )
    interviewer = InterviewerFactory(
        application=application,
        name="Nguyễn Thị Lan",
        title="Head of Data",
        email="lan@example.com",
    )
    return finished_letter(
        interview__application=application,
        interviewer=interviewer,
        subject="Thank you – Data Engineer interview",
        body=BODY,
    )


def expected_document_text(letter) -> str:
    content = letter_content(letter=letter)
    return squash("\n".join([*content.letterhead, content.text]))


def test_letter_text_is_body_then_profile_signature(letter):
    content = letter_content(letter=letter)
    assert content.text == BODY + "\nZoë Ångström\nData engineer"


def test_signature_already_in_the_body_is_not_repeated(letter):
    letter.body = BODY + "\nZoë Ångström\nData engineer"
    assert letter_content(letter=letter).text == letter.body


def test_drafted_sign_off_with_contact_lines_is_not_signed_twice(letter):
    letter.body = (
        BODY + "\nZoë Ångström\nData engineer\n+49 30 1234567\nhttps://example.com/zoe"
    )
    assert letter_content(letter=letter).text == letter.body


def test_signature_quoted_earlier_in_the_letter_still_signs_the_end(letter):
    letter.body = "Zoë Ångström\nData engineer\n\nDear Lan,\n\nThanks.\n\nBest,"
    assert letter_content(letter=letter).text.endswith(
        "Best,\nZoë Ångström\nData engineer"
    )


def test_text_export_is_subject_then_letter_in_utf8(letter):
    exported = letter_export(letter=letter, fmt="txt")
    content = letter_content(letter=letter)
    assert (
        exported.data.decode("utf-8")
        == f"Subject: {content.subject}\n\n{content.text}\n"
    )
    assert exported.content_type == "text/plain; charset=utf-8"


def test_docx_reopens_with_letterhead_and_exact_text(letter):
    exported = letter_export(letter=letter, fmt="docx")
    assert squash(docx_text(exported.data)) == expected_document_text(letter)


def test_docx_letterhead_order_is_sender_date_recipient_subject(letter):
    lines = docx_text(letter_export(letter=letter, fmt="docx").data).split("\n")
    assert lines[0] == "Zoë Ångström"
    assert (
        lines[1]
        == "zoe@example.com · +49 30 1234567 · https://example.com/zoe · https://github.com/zoe"
    )
    assert lines[3:6] == ["Nguyễn Thị Lan", "Head of Data", "Zürich & <Co>"]
    assert lines[6] == "Thank you – Data Engineer interview"
    assert lines[7] == "Dear Ms. Nguyễn,"


def test_pdf_extracts_to_the_same_text_on_one_page(letter):
    data = letter_export(letter=letter, fmt="pdf").data
    assert len(pdf_reader(data).pages) == 1
    assert squash(pdf_text(data)) == expected_document_text(letter)


def test_pdf_keeps_markup_characters_as_text(letter):
    text = pdf_text(letter_export(letter=letter, fmt="pdf").data)
    assert "<b>billing</b> & ledger" in text
    assert "Zürich & <Co>" in text


def test_pdf_emoji_extract_as_themselves(letter):
    assert "🚀🎉" in pdf_text(letter_export(letter=letter, fmt="pdf").data)


def test_pdf_wraps_long_lines_and_long_words_within_one_page(letter):
    long_word = "https://example.com/" + "segment/" * 40
    letter.body = "Dear Lan,\n\n" + "word " * 300 + "\n\n" + long_word + "\n\nBest,"
    data = letter_export(letter=letter, fmt="pdf").data
    text = pdf_text(data)
    assert len(pdf_reader(data).pages) == 1
    assert len(text.splitlines()) > 25  # 300 words and the URL broke into many lines
    content = letter_content(letter=letter)
    assert "".join(text.split()) == "".join(
        "\n".join([*content.letterhead, content.text]).split()
    )


def test_pdf_keeps_paragraphs_apart(letter):
    text = pdf_text(letter_export(letter=letter, fmt="pdf").data)
    assert "A second line in the same paragraph.\nI remain very interested" in text


def test_eml_headers_and_body_read_back(letter):
    message = eml_message(letter_export(letter=letter, fmt="eml").data)
    assert message["To"].addresses[0].display_name == "Nguyễn Thị Lan"
    assert message["To"].addresses[0].addr_spec == "lan@example.com"
    assert message["From"].addresses[0].display_name == "Zoë Ångström"
    assert message["Subject"] == "Thank you – Data Engineer interview"
    assert message["X-Unsent"] == "1"
    assert message["Date"] is not None
    assert message.get_content_type() == "text/plain"
    assert message.get_content_charset() == "utf-8"
    assert message["Content-Transfer-Encoding"] in {
        "8bit",
        "quoted-printable",
        "base64",
    }
    body = message.get_content().replace("\r\n", "\n")  # RFC 5322 lines end in CRLF
    assert body.rstrip("\n") == letter_content(letter=letter).text


def test_eml_lines_end_in_crlf_and_stay_short(letter):
    data = letter_export(letter=letter, fmt="eml").data
    assert b"\r\n" in data
    assert all(len(line) <= 998 for line in data.split(b"\r\n"))


def test_eml_to_the_hiring_team_has_no_to_header(letter):
    letter.interviewer = None
    message = eml_message(letter_export(letter=letter, fmt="eml").data)
    assert message["To"] is None
    assert message["Subject"] == letter.subject


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("subject", "Thanks\r\nBcc: victim@example.com"),
        ("subject", "Thanks\nX-Injected: yes"),
        ("name", 'Lan"\r\nBcc: victim@example.com'),
        ("name", "Lan\u2028Bcc: victim@example.com"),
    ],
)
def test_newlines_in_subject_or_name_cannot_add_a_header(letter, field, value):
    if field == "subject":
        letter.subject = value
    else:
        letter.interviewer.name = value
    data = letter_export(letter=letter, fmt="eml").data
    message = eml_message(data)
    assert message["Bcc"] is None
    assert message["X-Injected"] is None
    assert b"\r\nBcc:" not in data and b"\r\nX-Injected:" not in data
    assert [a.addr_spec for a in message["To"].addresses] == ["lan@example.com"]


def test_quotes_in_recipient_name_are_quoted_not_split(letter):
    letter.interviewer.name = 'Lan "The Boss", PhD <x@evil.test>'
    message = eml_message(letter_export(letter=letter, fmt="eml").data)
    (address,) = message["To"].addresses
    assert address.addr_spec == "lan@example.com"
    assert address.display_name == 'Lan "The Boss", PhD <x@evil.test>'


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_control_characters_and_markup_never_break_a_format(letter, fmt):
    letter.body = "Dear <b>Lan</b> & co,\x00\x07\x1b[31m\x0c\ufffe\n\n\tIndented\x85line &amp; <i>"
    letter.subject = "Thanks\x00 <script>"
    letter.owner.full_name = "Zoë\x08 <b>"
    letter.owner.signature = "\x01Zoë"
    exported = letter_export(letter=letter, fmt=fmt)
    assert exported.data
    if fmt == "docx":
        assert "Dear <b>Lan</b> & co," in docx_text(exported.data)
    if fmt == "pdf":
        assert "Dear <b>Lan</b> & co," in pdf_text(exported.data)


def test_clean_text_drops_controls_and_keeps_tabs_and_newlines():
    assert export_clean_text("a\x00b\tc\r\nd\re\x1b\u2028f") == "ab\tc\nd\ne\nf"


def test_draft_is_refused_for_export(letter):
    letter.status = LetterStatus.DRAFT
    with pytest.raises(ValueError, match="finished or sent"):
        letter_export(letter=letter, fmt="pdf")


def test_sent_letter_is_dated_the_day_it_was_sent(letter):
    letter.status = LetterStatus.SENT
    letter.sent_at = dt.datetime(2026, 3, 4, 23, 30, tzinfo=dt.UTC)  # 5 March in Berlin
    letter.owner.timezone = "Europe/Berlin"
    assert letter_content(letter=letter).date_line == "05.03.2026"


def test_finished_letter_is_dated_today_in_the_users_timezone(letter):
    letter.owner.timezone = "Pacific/Auckland"
    with time_machine.travel(dt.datetime(2026, 6, 1, 13, 0, tzinfo=dt.UTC)):
        assert letter_content(letter=letter).date_line == "2 June 2026"


def test_mailto_is_percent_encoded_with_crlf_line_breaks(letter):
    link = letter_mailto(content=letter_content(letter=letter))
    assert link.complete
    assert link.url.startswith(
        "mailto:lan@example.com?subject=Thank%20you%20%E2%80%93%20"
    )
    assert "%0D%0A%0D%0A" in link.url
    assert "&body=Dear%20Ms.%20Nguy%E1%BB%85n" in link.url
    for raw in (" ", "\n", "&b", "<", "#"):
        assert raw not in link.url.split("?", 1)[1].replace("&body=", "")


def test_mailto_falls_back_to_subject_and_paste_note_when_too_long(letter):
    letter.body = "Dear Lan,\n\n" + "A rather long sentence about the work. " * 80
    link = letter_mailto(content=letter_content(letter=letter))
    assert not link.complete
    assert len(link.url) <= MAILTO_MAX_LENGTH
    assert "subject=Thank%20you" in link.url
    assert "Paste%20your%20letter" in link.url


def test_pdf_embeds_fonts_for_cjk_and_symbols_and_extracts_them(letter):
    letter.interviewer.name = "王小明"
    letter.body = "Dear 王小明, 田中さん and 김민수,\n\nThank you ✓ ★ → € Ω Ж.\n\nBest,"
    data = letter_export(letter=letter, fmt="pdf").data
    text = pdf_text(data)
    assert "Dear 王小明, 田中さん and 김민수," in text
    assert "Thank you ✓ ★ → € Ω Ж." in text
    fonts = [
        font.get_object()
        for page in pdf_reader(data).pages
        for font in page["/Resources"]["/Font"].values()
    ]
    truetype = [font for font in fonts if font["/Subtype"] == "/TrueType"]
    assert len(truetype) >= 2  # the body font and at least one fallback
    assert all("/FontFile2" in font["/FontDescriptor"] for font in truetype)  # embedded


def test_a_drafted_letter_exports_with_its_signature_once():
    """Drafting already signs the letter (signature, phone, links); export adds nothing."""
    user = UserFactory(signature="Zoë Martin\nData engineer", phone="+1 555 0100")
    participation = ParticipationFactory(interview__application__owner=user)
    (letter,) = letters_draft_for_interview(interview=participation.interview)
    text = letter_content(letter=letter).text
    assert text == export_clean_text(letter.body)
    assert text.count("Data engineer") == 1
