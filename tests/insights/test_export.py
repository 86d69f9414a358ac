"""The record's exports: what a spreadsheet or an agency clerk sees in the file."""

import csv
import datetime as dt
import io
import re
import subprocess

import pytest
from django.urls import reverse
from pypdf import PdfReader

from insights.export import LAYOUTS, PDF_PAGES_PER_PART, csv_cell
from insights.models import Activity
from tests.exports.support import (
    ARABIC_COMPANY,
    BIDI_MARKS,
    HEBREW_NAME,
)

RANGE = {"start": "2026-06-01", "end": "2026-11-30"}


def download(client, layout: str, fmt: str, **extra) -> tuple[object, bytes]:
    response = client.get(
        reverse("insights:export"), {**RANGE, "layout": layout, "fmt": fmt, **extra}
    )
    assert response.status_code == 200
    assert response.streaming
    return response, b"".join(response.streaming_content)


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+49 30 1234", "'+49 30 1234"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Café = good", "Café = good"),
        ("", ""),
    ],
)
def test_a_cell_that_would_be_a_formula_is_prefixed(value, cell):
    assert csv_cell(value) == cell


def test_csv_is_utf8_with_bom_and_neutralises_formulas(alice, alice_client, half_year):
    Activity.objects.create(
        owner=alice,
        date=dt.date(2026, 11, 27),
        employer='=HYPERLINK("http://evil.example","Click")',
        person="@admin",
        contact="+49 30 1234 5678",
        result="-",
    )
    response, body = download(alice_client, "us", "csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        'filename="work-search-us-2026-06-01-2026-11-30.csv"'
        in (response["Content-Disposition"])
    )
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0] == [column.heading for column in LAYOUTS["us"].columns]
    assert ["06/13/2026", "Application", "Müller & Söhne GmbH"] == rows[1][:3]
    evil = next(r for r in rows if "HYPERLINK" in r[2])
    assert evil[2].startswith("'=") and evil[4] == "'@admin"
    assert evil[5] == "'+49 30 1234 5678" and evil[7] == "'-"
    # 19 applications, 22 done interviews, 4 activities and the one above.
    assert len(rows) == 1 + 19 + 22 + 4 + 1


def test_german_layout_has_german_headings_and_dates(alice_client, half_year):
    _, body = download(alice_client, "de", "csv")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0] == [
        "Datum",
        "Unternehmen",
        "Stelle",
        "Aktivität",
        "Art der Bewerbung",
        "Ansprechpartner",
        "Status",
    ]
    assert rows[1][:3] == ["13.06.2026", "Müller & Söhne GmbH", "Datenanalyst"]
    assert rows[1][3:5] == ["Bewerbung", "Online"]
    assert rows[1][6] == "Absage"
    screen = next(r for r in rows if r[5] == "Jürgen Weiß")
    assert screen[0] == "23.06.2026"
    assert screen[3] == "Telefon- oder Videointerview" and screen[4] == "Telefonisch"


def test_hidden_entries_and_other_dates_are_left_out(alice, alice_client, frozen):
    Activity.objects.create(owner=alice, date=dt.date(2026, 11, 2), employer="Kept")
    Activity.objects.create(
        owner=alice, date=dt.date(2026, 11, 3), employer="Hidden", hidden=True
    )
    Activity.objects.create(owner=alice, date=dt.date(2026, 5, 31), employer="Before")
    _, body = download(alice_client, "texas", "csv")
    text = body.decode("utf-8-sig")
    assert "Kept" in text and "Hidden" not in text and "Before" not in text


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_every_pdf_page_carries_the_name_the_period_and_its_number(
    alice, alice_client, half_year, layout
):
    Activity.objects.bulk_create(
        Activity(
            owner=alice,
            date=dt.date(2026, 10, 1),
            employer=f"Fair {n} <b>not markup</b>",
        )
        for n in range(80)
    )
    response, body = download(alice_client, layout, "pdf")
    assert response["Content-Type"] == "application/pdf"
    pages = PdfReader(io.BytesIO(body)).pages
    assert len(pages) >= 3
    words = LAYOUTS[layout].words
    period = "01.06.2026 – 30.11.2026" if layout == "de" else "06/01/2026 – 11/30/2026"
    for number, page in enumerate(pages, start=1):
        text = page.extract_text()
        assert "Alice Martin" in text
        assert f"{words.period}: {period}" in text
        assert f"{words.page} {number}" in text
        assert LAYOUTS[layout].columns[1].heading.split()[0] in text
    assert "<b>not markup</b>" in "".join(p.extract_text() for p in pages)


def poppler(tool: str, pdf, *options: str) -> str:
    """What poppler's pdfinfo or pdftotext prints for the file; a warning fails."""
    result = subprocess.run(
        [tool, *options, str(pdf), *(["-"] if tool == "pdftotext" else [])],
        capture_output=True,
        check=True,
    )
    assert result.stderr == b""
    return result.stdout.decode("utf-8")


def test_a_record_drawn_in_parts_reads_as_one_pdf_numbered_throughout(
    alice, alice_client, tmp_path
):
    employers = ["Müller & Söhne", "ООО «Ромашка»", "東京データ株式会社"]
    count = 32 * PDF_PAGES_PER_PART  # more pages than one part, at 28 rows a page
    Activity.objects.bulk_create(
        Activity(
            owner=alice,
            date=dt.date(2026, 6, 1) + dt.timedelta(days=n // 5),
            employer=f"{employers[n % 3]} {n:04d}",
        )
        for n in range(count)
    )
    pdf = tmp_path / "record.pdf"
    pdf.write_bytes(download(alice_client, "de", "pdf")[1])

    info = poppler("pdfinfo", pdf)
    pages = int(re.search(r"^Pages:\s+(\d+)$", info, re.MULTILINE)[1])
    assert pages > PDF_PAGES_PER_PART
    assert re.search(r"^Title:\s+Bewerbungsnachweis – Alice Martin$", info, re.M)
    text = poppler("pdftotext", pdf)
    numbered = re.findall(r"^Seite (\d+)$", text, re.MULTILINE)
    assert numbered == [str(n) for n in range(1, pages + 1)]
    # Every row once: none lost or repeated where one part ends and the next begins.
    rows = re.findall(rf"^(?:{'|'.join(employers)}) (\d{{4}})$", text, re.MULTILINE)
    assert sorted(int(n) for n in rows) == list(range(count))
    first_of_second_part = str(PDF_PAGES_PER_PART + 1)
    page = poppler(
        "pdftotext", pdf, "-f", first_of_second_part, "-l", first_of_second_part
    )
    assert f"Seite {first_of_second_part}" in page
    assert "Alice Martin" in page and "Zeitraum: 01.06.2026 – 30.11.2026" in page
    assert re.search(r"^東京データ株式会社 \d{4}$", page, re.MULTILINE)
    assert re.search(r"^ООО «Ромашка» \d{4}$", page, re.MULTILINE)


def test_right_to_left_names_in_the_pdf_table_read_back_in_reading_order(
    alice, alice_client, half_year, tmp_path
):
    """A Hebrew contact and an Arabic employer are drawn in display order (Arabic
    joined), as in the letters' PDFs: a reader copies the names as they were typed."""
    Activity.objects.create(
        owner=alice,
        date=dt.date(2026, 10, 1),
        employer=ARABIC_COMPANY,
        person=HEBREW_NAME,
    )
    _, body = download(alice_client, "us", "pdf")
    pdf = tmp_path / "record.pdf"
    pdf.write_bytes(body)
    text = BIDI_MARKS.sub("", poppler("pdftotext", pdf))

    assert HEBREW_NAME in text and ARABIC_COMPANY in text
    assert HEBREW_NAME[::-1] not in text and ARABIC_COMPANY[::-1] not in text
