"""The record's exports stream: the heap's peak does not follow the number of rows.

Measured with tracemalloc while consuming the stream as a WSGI server does. The suite
compares 1,500 and 3,500 rows (tracemalloc slows ReportLab about fourfold): both above
the 500-row read chunk, both PDFs drawn in several parts (insights.export.
PDF_PAGES_PER_PART). The closing note's figures at 1,000 and 10,000 come from the same
test with -s and JOBTRACK_EXPORT_SIZES=1000,10000.
"""

import datetime as dt
import os
import tempfile
import tracemalloc

import pytest
from pypdf import PdfReader

from insights.export import PDF_PAGES_PER_PART, record_export
from insights.models import Activity

# The Python heap while exporting, fonts loaded. The CSV holds one chunk of rows at a
# time; the PDF one part of pages, drawn and then written out. Measured on PostgreSQL:
# CSV 1.14 MiB at 1,000 rows and 1.19 at 10,000; PDF 1.81 and 2.01.
PEAK_BOUND = {"csv": 4 * 1024 * 1024, "pdf": 3 * 1024 * 1024}
# What more rows may add: noise. The PDF's object offsets and page numbers grow by
# under 100 bytes a page (about 10 KiB at 3,500 rows), well inside it.
NOISE = 256 * 1024
SIZES = tuple(
    int(n) for n in os.environ.get("JOBTRACK_EXPORT_SIZES", "1500,3500").split(",")
)
START, END = dt.date(2020, 1, 1), dt.date(2026, 12, 31)


def make_activities(user, count: int) -> None:
    Activity.objects.bulk_create(
        (
            Activity(
                owner=user,
                kind="networking",
                date=START + dt.timedelta(days=n % 2000),
                employer=f"Société Générale d’Études {n}",
                position="Ingénieur·e données – Zürich",
                person="Zoë Ångström",
                contact="zoe@example.com",
                method="in_person",
                result="Réponse attendue",
            )
            for n in range(count)
        ),
        batch_size=1000,
    )


def export_peak(user, fmt: str) -> tuple[int, int, int]:
    """(peak traced bytes, file size, PDF pages) of one export written to disk."""
    with tempfile.TemporaryFile() as out:
        tracemalloc.start()
        try:
            _, _, chunks = record_export(
                user=user, layout="de", fmt=fmt, start=START, end=END
            )
            for chunk in chunks:
                out.write(chunk)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        size = out.tell()
        out.seek(0)
        pages = len(PdfReader(out).pages) if fmt == "pdf" else 0
    return peak, size, pages


@pytest.mark.parametrize("fmt", ["csv", "pdf"])
def test_export_memory_is_flat_in_rows(alice, fmt):
    small_rows, large_rows = SIZES
    make_activities(alice, 50)
    export_peak(alice, fmt)  # loads the fonts, which stay for the process
    make_activities(alice, small_rows - 50)
    small, small_size, small_pages = export_peak(alice, fmt)
    make_activities(alice, large_rows - small_rows)
    large, large_size, _ = export_peak(alice, fmt)
    print(
        f"\n{fmt}: peak {small / 2**20:.2f} MiB at {small_rows:,} activities "
        f"({small_size / 2**20:.2f} MB file), {large / 2**20:.2f} MiB at "
        f"{large_rows:,} ({large_size / 2**20:.2f} MB file)"
    )
    assert large_size > 2 * small_size
    if fmt == "pdf":
        assert small_pages > PDF_PAGES_PER_PART  # two parts or more
    assert large - small < NOISE
    assert large < PEAK_BOUND[fmt]
