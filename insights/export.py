"""The work-search record as a file an unemployment office accepts: CSV or a PDF table.

Each layout is a row of this module's LAYOUTS table: its title, columns, date format and
words. Both formats read the record in chunks (insights.record.record_stream) and hand
the response an iterator, so memory stays flat in the number of rows: the PDF is drawn
in parts of a few pages, each written out (exports.pdf_join) before the next is drawn.
"""

import csv
import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, LETTER, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph

from applications.models import ApplicationStatus, Stage
from exports import documents
from exports.pdf_join import joined_pdf

from .models import ActivityKind, ContactMethod
from .record import ENGLISH, RecordEntry, Words, record_stream

# Spreadsheet programs run a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_ROWS_PER_CHUNK = 200
# ReportLab holds a part's pages uncompressed (about 20 KiB each) until the part is
# written; each part repeats the font subsets it uses (a few KiB each, compressed).
PDF_PAGES_PER_PART = 25


GERMAN = Words(
    kinds={
        ActivityKind.APPLICATION: "Bewerbung",
        ActivityKind.INTERVIEW: "Vorstellungsgespräch",
        ActivityKind.JOB_FAIR: "Jobmesse",
        ActivityKind.WORKSHOP: "Workshop",
        ActivityKind.NETWORKING: "Netzwerktreffen",
        ActivityKind.AGENCY: "Termin bei der Agentur",
        ActivityKind.OTHER: "Sonstiges",
    },
    stages={
        Stage.SCREEN: "Telefon- oder Videointerview",
        Stage.FIRST: "Erstes Vorstellungsgespräch",
        Stage.SECOND: "Zweites Vorstellungsgespräch",
        Stage.LATER: "Weitere Gesprächsrunde",
        Stage.PANEL: "Gespräch mit mehreren Personen",
        Stage.FINAL: "Letzte Gesprächsrunde",
    },
    methods={
        ContactMethod.ONLINE: "Online",
        ContactMethod.EMAIL: "E-Mail",
        ContactMethod.IN_PERSON: "Persönlich",
        ContactMethod.PHONE: "Telefonisch",
        ContactMethod.VIDEO: "Video",
    },
    statuses={
        ApplicationStatus.SAVED: "Vorgemerkt",
        ApplicationStatus.APPLIED: "Beworben",
        ApplicationStatus.INTERVIEWING: "Im Auswahlverfahren",
        ApplicationStatus.OFFER: "Angebot erhalten",
        ApplicationStatus.ACCEPTED: "Angebot angenommen",
        ApplicationStatus.REJECTED: "Absage",
        ApplicationStatus.WITHDRAWN: "Zurückgezogen",
        ApplicationStatus.GHOSTED: "Keine Rückmeldung",
    },
    period="Zeitraum",
    page="Seite",
)


def _activity(entry: RecordEntry, words: Words) -> str:
    return entry.activity(words)


def _result(entry: RecordEntry, words: Words) -> str:
    return entry.result_text(words)


def _method(entry: RecordEntry, words: Words) -> str:
    return entry.method_text(words)


@dataclass(frozen=True)
class Column:
    heading: str
    value: Callable[[RecordEntry, Words], str]
    width: float


@dataclass(frozen=True)
class Layout:
    key: str
    name: str
    title: str
    date_format: str
    columns: tuple[Column, ...]
    words: Words = ENGLISH
    pagesize: tuple[float, float] = field(default=landscape(LETTER))

    def date(self, value: dt.date) -> str:
        return value.strftime(self.date_format)

    def cells(self, entry: RecordEntry) -> list[str]:
        return [
            self.date(entry.date) if index == 0 else column.value(entry, self.words)
            for index, column in enumerate(self.columns)
        ]


def _position_or_activity(entry: RecordEntry, words: Words) -> str:
    return entry.position or _activity(entry, words)


def _date(entry, words):
    return ""  # filled by Layout.cells, which knows the layout's date format


def _field(name: str) -> Callable[[RecordEntry, Words], str]:
    return lambda entry, words: getattr(entry, name)


LAYOUTS = {
    layout.key: layout
    for layout in (
        Layout(
            key="us",
            name="Work search log (US, generic)",
            title="Work search log",
            date_format="%m/%d/%Y",
            columns=(
                Column("Date", _date, 1.0),
                Column("Activity", _activity, 1.4),
                Column("Employer or event", _field("employer"), 1.8),
                Column("Position", _field("position"), 1.8),
                Column("Person contacted", _field("person"), 1.5),
                Column("Address, email, website or phone", _field("contact"), 2.0),
                Column("Method", _method, 0.9),
                Column("Result", _result, 1.4),
            ),
        ),
        Layout(
            key="ny_ws5",
            name="New York WS5 columns",
            title="Work search record (WS5)",
            date_format="%m/%d/%Y",
            columns=(
                Column("Date of contact", _date, 1.0),
                Column("Employer name", _field("employer"), 1.8),
                Column("Address, email or website; phone", _field("contact"), 2.2),
                Column("Person contacted", _field("person"), 1.5),
                Column("Method of contact", _method, 1.0),
                Column(
                    "Position applied for or other activity", _position_or_activity, 2.0
                ),
                Column("Result", _result, 1.3),
            ),
        ),
        Layout(
            key="texas",
            name="Texas work search log columns",
            title="Work search log",
            date_format="%m/%d/%Y",
            columns=(
                Column("Date", _date, 1.0),
                Column("Type of work search activity", _activity, 1.6),
                Column("Employer or event", _field("employer"), 1.8),
                Column("Position", _field("position"), 1.6),
                Column("Person contacted", _field("person"), 1.5),
                Column("Contact information", _field("contact"), 2.0),
                Column("Results", _result, 1.4),
            ),
        ),
        Layout(
            key="de",
            name="Bewerbungsnachweis (Germany)",
            title="Bewerbungsnachweis",
            date_format="%d.%m.%Y",
            words=GERMAN,
            pagesize=landscape(A4),
            columns=(
                Column("Datum", _date, 1.0),
                Column("Unternehmen", _field("employer"), 1.9),
                Column("Stelle", _field("position"), 1.9),
                Column("Aktivität", _activity, 1.6),
                Column("Art der Bewerbung", _method, 1.1),
                Column("Ansprechpartner", _field("person"), 1.5),
                Column("Status", _result, 1.4),
            ),
        ),
    )
}
LAYOUT_CHOICES = [(layout.key, layout.name) for layout in LAYOUTS.values()]


@dataclass(frozen=True)
class ExportRequest:
    layout: Layout
    start: dt.date
    end: dt.date
    person: str

    def period_text(self) -> str:
        return f"{self.layout.date(self.start)} – {self.layout.date(self.end)}"

    def filename(self, extension: str) -> str:
        return (
            f"work-search-{self.layout.key}-{self.start:%Y-%m-%d}-"
            f"{self.end:%Y-%m-%d}.{extension}"
        )


def csv_cell(value: str) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


class _Line:
    """csv.writer's file: hands back the line written instead of storing it."""

    def write(self, line: str) -> str:
        return line


def csv_chunks(
    *, export: ExportRequest, entries: Iterable[RecordEntry]
) -> Iterator[bytes]:
    """UTF-8 with a byte-order mark, so spreadsheet programs read accents right."""
    writer = csv.writer(_Line())
    layout = export.layout
    lines = ["\ufeff", writer.writerow([c.heading for c in layout.columns])]
    for entry in entries:
        lines.append(writer.writerow([csv_cell(cell) for cell in layout.cells(entry)]))
        if len(lines) >= CSV_ROWS_PER_CHUNK:
            yield "".join(lines).encode()
            lines = []
    yield "".join(lines).encode()


MARGIN = 1.4 * cm
CELL_PAD = 3
HEADER_GAP = 1.6 * cm
FOOTER_GAP = 1.0 * cm
GRID = colors.HexColor("#9aa4ad")
HEAD_FILL = colors.HexColor("#e9ecef")


class _PdfTable:
    """Draws the record page by page: a heading on each, rows that wrap, page numbers.

    The pages are drawn in parts of PDF_PAGES_PER_PART, each a whole small PDF, which
    exports.pdf_join writes out as one file: ReportLab holds a document's pages until
    it writes them, so a part bounds what it holds.
    """

    def __init__(self, export: ExportRequest):
        self.font = documents.pdf_body_font()
        self.export = export
        self.layout = export.layout
        width, self.height = self.layout.pagesize
        usable = width - 2 * MARGIN
        total = sum(c.width for c in self.layout.columns)
        self.widths = [usable * c.width / total for c in self.layout.columns]
        self.cell = ParagraphStyle("cell", fontName=self.font, fontSize=8, leading=10)
        self.head = ParagraphStyle("head", self.cell, textColor=colors.black)
        self.page = 0
        self.canvas = None

    def _open_part(self) -> None:
        self.canvas = canvas.Canvas(
            None, pagesize=self.layout.pagesize, pageCompression=1, invariant=1
        )
        self.canvas.setTitle(f"{self.layout.title} – {self.export.person}")
        self.canvas.setAuthor(self.export.person)
        self.canvas.setCreator("jobtrack")

    def _closed_part(self) -> bytes:
        """The part as a whole PDF; its canvas is done with."""
        data = self.canvas.getpdfdata()
        self.canvas = None
        return data

    def _row(self, texts: list[str], style) -> tuple[list[Paragraph], float]:
        cells = [
            documents.pdf_paragraph(
                text, style, width=width - 2 * CELL_PAD, rtl_flush_right=True
            )
            for text, width in zip(texts, self.widths, strict=True)
        ]
        heights = [
            cell.wrap(width - 2 * CELL_PAD, self.height)[1]
            for cell, width in zip(cells, self.widths, strict=True)
        ]
        return cells, max(heights) + 2 * CELL_PAD

    def _draw_row(self, cells, height: float, y: float, fill=None) -> float:
        c = self.canvas
        x = MARGIN
        top = y
        y -= height
        if fill is not None:
            c.setFillColor(fill)
            c.rect(MARGIN, y, sum(self.widths), height, stroke=0, fill=1)
        c.setStrokeColor(GRID)
        c.setLineWidth(0.5)
        for cell, width in zip(cells, self.widths, strict=True):
            cell.drawOn(c, x + CELL_PAD, top - CELL_PAD - cell.height)
            c.rect(x, y, width, height, stroke=1, fill=0)
            x += width
        return y

    def _start_page(self) -> float:
        self.page += 1
        c = self.canvas
        words = self.layout.words
        top = self.height - MARGIN
        heading = documents.pdf_paragraph(
            f"{self.layout.title} – {self.export.person}",
            ParagraphStyle("title", fontName=self.font, fontSize=13, leading=16),
            width=sum(self.widths),
            rtl_flush_right=False,
        )
        heading.wrap(sum(self.widths), 40)
        heading.drawOn(c, MARGIN, top - heading.height)
        c.setFont(self.font, 9)
        c.setFillColor(colors.black)
        c.drawString(
            MARGIN,
            top - heading.height - 12,
            f"{words.period}: {self.export.period_text()}",
        )
        c.drawRightString(
            MARGIN + sum(self.widths),
            MARGIN - FOOTER_GAP / 2,
            f"{words.page} {self.page}",
        )
        head, head_height = self._row(
            [column.heading for column in self.layout.columns], self.head
        )
        return self._draw_row(head, head_height, top - HEADER_GAP, fill=HEAD_FILL)

    def parts(self, entries: Iterable[RecordEntry]) -> Iterator[bytes]:
        """The record as PDFs of PDF_PAGES_PER_PART pages, numbered on across parts."""
        self._open_part()
        y = self._start_page()
        for entry in entries:
            cells, height = self._row(self.layout.cells(entry), self.cell)
            if y - height < MARGIN:
                self.canvas.showPage()
                if self.page % PDF_PAGES_PER_PART == 0:
                    yield self._closed_part()
                    self._open_part()
                y = self._start_page()
            y = self._draw_row(cells, height, y)
        yield self._closed_part()


def pdf_chunks(
    *, export: ExportRequest, entries: Iterable[RecordEntry]
) -> Iterator[bytes]:
    """The PDF, each part written out as soon as it is drawn."""
    return joined_pdf(_PdfTable(export).parts(entries))


FORMATS = {
    "csv": ("text/csv; charset=utf-8", csv_chunks),
    "pdf": ("application/pdf", pdf_chunks),
}


def record_export(*, user, layout: str, fmt: str, start: dt.date, end: dt.date):
    """(content type, file name, chunks) of the user's record for the period."""
    export = ExportRequest(
        layout=LAYOUTS[layout],
        start=start,
        end=end,
        person=user.full_name or user.email,
    )
    content_type, chunks = FORMATS[fmt]
    entries = record_stream(user=user, start=start, end=end)
    return content_type, export.filename(fmt), chunks(export=export, entries=entries)
