"""The record's exports stream: the heap's peak does not follow the number of rows.

Measured with tracemalloc while consuming the stream as a WSGI server does. The suite
compares 600 and 1,800 rows, both above the 500-row read chunk, as tracemalloc slows
ReportLab about fourfold; the closing note's figures at 1,000 and 10,000 come from
the same test with -s and JOBTRACK_EXPORT_SIZES=1000,10000.
"""

import datetime as dt
import os
import tempfile
import tracemalloc

import pytest

from insights.export import record_export
from insights.models import Activity

# The Python heap while exporting, fonts loaded. The CSV holds one chunk of rows at a
# time. The PDF holds one page of rows, plus each finished page's compressed drawing
# until ReportLab writes the file. Measured on PostgreSQL: CSV 0.98 MiB at 1,000 rows
# and 1.15 at 10,000; PDF 1.15 MiB at 1,000 and 4.28 at 10,000 (0.35 KiB a row).
PEAK_BOUND = {"csv": 4 * 1024 * 1024, "pdf": 6 * 1024 * 1024}
# What more rows may add: the PDF's finished pages, about 0.35 KiB a row; and noise.
GROWTH_PER_ROW = {"csv": 0, "pdf": 400}
NOISE = 256 * 1024
SIZES = tuple(
    int(n) for n in os.environ.get("JOBTRACK_EXPORT_SIZES", "600,1800").split(",")
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


def export_peak(user, fmt: str) -> tuple[int, int]:
    """(peak traced bytes, file size) of one export written to disk."""
    tracemalloc.start()
    size = 0
    try:
        _, _, chunks = record_export(
            user=user, layout="de", fmt=fmt, start=START, end=END
        )
        with tempfile.TemporaryFile() as out:
            for chunk in chunks:
                size += len(chunk)
                out.write(chunk)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak, size


@pytest.mark.parametrize("fmt", ["csv", "pdf"])
def test_export_memory_is_flat_in_rows(alice, fmt):
    small_rows, large_rows = SIZES
    make_activities(alice, small_rows)
    export_peak(alice, fmt)  # loads the fonts, which stay for the process
    small, small_size = export_peak(alice, fmt)
    make_activities(alice, large_rows - small_rows)
    large, large_size = export_peak(alice, fmt)
    print(
        f"\n{fmt}: peak {small / 2**20:.2f} MiB at {small_rows:,} activities "
        f"({small_size / 2**20:.2f} MB file), {large / 2**20:.2f} MiB at "
        f"{large_rows:,} ({large_size / 2**20:.2f} MB file)"
    )
    assert large_size > 2 * small_size
    assert large - small < NOISE + GROWTH_PER_ROW[fmt] * (large_rows - small_rows)
    assert large < PEAK_BOUND[fmt]
