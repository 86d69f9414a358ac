"""exports.pdf_join: parts ReportLab drew read as one PDF, or are refused."""

import io

import pytest
from reportlab.pdfgen import canvas

from exports.documents import pdf_body_font
from exports.pdf_join import PdfJoinError, joined_pdf
from tests.exports.support import pdf_reader

# Looks like references and holds a bracket: must come through as written.
TITLE = "Report (1 0 R) 2 0 R ) \\ Zoë"


def part(number: int, pages: int = 2) -> bytes:
    drawing = canvas.Canvas(io.BytesIO(), invariant=1)
    drawing.setTitle(TITLE if number == 0 else f"part {number}")
    for page in range(pages):
        drawing.setFont(pdf_body_font(), 12)
        drawing.drawString(72, 720, f"Part {number} page {page} Ærø {'ß' * number}")
        drawing.showPage()
    return drawing.getpdfdata()


def test_parts_read_as_one_pdf_in_order_with_the_first_parts_info():
    joined = b"".join(joined_pdf(part(number) for number in range(3)))

    reader = pdf_reader(joined)
    texts = [page.extract_text() for page in reader.pages]
    assert [text.split(" Ærø")[0] for text in texts] == [
        f"Part {number} page {page}" for number in range(3) for page in range(2)
    ]
    assert reader.metadata.title == TITLE
    fonts = {
        font.idnum: font.get_object()["/BaseFont"]
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
        if "+" in font.get_object()["/BaseFont"]
    }
    assert len(fonts) == 3  # each part's own subset, each with its own tag
    assert len(set(fonts.values())) == 3


@pytest.mark.parametrize(
    ("broken", "reason"),
    [
        (b"%PDF-1.4\nnot a document\n", "no startxref"),
        # Changes of the same length, so the cross-reference table still holds.
        (part(0).replace(b"/Count 2", b"/Count 3"), "nested page tree"),
        (part(0).replace(b"/Type /Pages", b"/Rotate 180 "), "inherited attributes"),
    ],
)
def test_a_part_it_cannot_join_safely_is_refused(broken, reason):
    with pytest.raises(PdfJoinError, match=reason):
        b"".join(joined_pdf([part(1), broken]))
