"""File and ZIP member names are safe, and the header carries non-ASCII names intact."""

from urllib.parse import unquote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exports.filenames import (
    UniqueNames,
    content_disposition,
    filename_ascii,
    filename_safe,
)
from tests.exports.support import SAFE_NAME


@pytest.mark.parametrize(
    ("stem", "expected"),
    [
        ("../../etc/passwd", "etc-passwd.txt"),
        ("..\\..\\boot.ini", "boot.ini.txt"),
        ("Acme \"Quotes\" 'R' Us", "Acme -Quotes- -R- Us.txt"),
        ("A\x00B\x1b[31m\nC\r\nD\tE", "AB[31m C D E.txt"),
        ("...", "letter.txt"),
        ("CON", "_CON.txt"),
        ("Zürich – Rôle 日本", "Zürich – Rôle 日本.txt"),
        ("a: b | c? *d* <e>", "a- b - c- -d- -e.txt"),
    ],
)
def test_filename_safe_removes_paths_quotes_and_controls(stem, expected):
    assert filename_safe(stem, extension="txt") == expected


@given(st.text())
def test_filename_safe_always_yields_one_plain_component(stem):
    name = filename_safe(stem, extension="pdf")
    assert SAFE_NAME.match(name)
    assert ".." not in name
    assert name.endswith(".pdf") and len(name) > len(".pdf")
    assert len(name.encode("utf-8")) <= 255
    assert name == name.strip()


def test_long_names_are_cut_on_a_character_boundary():
    name = filename_safe("é" * 500, extension="docx")
    assert len(name.encode("utf-8")) <= 200
    assert name.endswith("é.docx")


def test_content_disposition_ascii_name_has_no_extended_parameter():
    assert (
        content_disposition("Acme - Data.pdf")
        == 'attachment; filename="Acme - Data.pdf"'
    )


def test_content_disposition_non_ascii_uses_rfc5987_and_ascii_fallback():
    header = content_disposition("Zürich – Lan 日本.pdf")
    fallback, extended = header.split("; filename*=")
    assert fallback == 'attachment; filename="Zurich - Lan.pdf"'
    assert extended.startswith("UTF-8''")
    assert unquote(extended.removeprefix("UTF-8''")) == "Zürich – Lan 日本.pdf"
    assert " " not in extended and "'" not in extended.removeprefix("UTF-8''")


def test_ascii_fallback_of_a_wholly_non_ascii_name_is_not_empty():
    assert filename_ascii("日本.txt") == "download.txt"


@given(st.text())
def test_content_disposition_is_one_header_line(stem):
    header = content_disposition(filename_safe(stem, extension="zip"))
    assert header.isascii()
    assert "\r" not in header and "\n" not in header
    assert header.count('"') == 2


def test_unique_names_number_repeats_case_insensitively():
    names = UniqueNames()
    claimed = [names.claim(n) for n in ["A.txt", "a.txt", "A.txt", "A (2).txt"]]
    assert claimed == ["A.txt", "a (2).txt", "A (3).txt", "A (2) (2).txt"]
