"""File and ZIP member names are safe, and the header carries non-ASCII names intact."""

from urllib.parse import unquote

import pytest
from django.utils.http import content_disposition_header
from hypothesis import given
from hypothesis import strategies as st

from exports.filenames import UniqueNames, filename_safe
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


@given(st.text())
def test_a_safe_name_makes_a_one_line_ascii_header(stem):
    name = filename_safe(stem, extension="zip")
    header = content_disposition_header(True, name)
    assert header.isascii()
    assert "\r" not in header and "\n" not in header
    if header.startswith('attachment; filename="'):
        assert header == f'attachment; filename="{name}"'
    else:
        extended = header.removeprefix("attachment; filename*=utf-8''")
        assert unquote(extended) == name
        assert " " not in extended and '"' not in extended


def test_unique_names_number_repeats_case_insensitively():
    names = UniqueNames()
    claimed = [names.claim(n) for n in ["A.txt", "a.txt", "A.txt", "A (2).txt"]]
    assert claimed == ["A.txt", "a (2).txt", "A (3).txt", "A (2) (2).txt"]
