"""Safe download and ZIP member names, and the Content-Disposition header that carries them.

Company names, roles and interviewers are typed by the user, so a name such as
``../../etc "x"`` must never reach a file system or a header as it is. Django's
``get_valid_filename`` keeps ``..`` and is ASCII-only, hence these rules of our own.
"""

import re
import unicodedata

# Characters that Windows, macOS or a shell treat specially, plus both path separators.
_FORBIDDEN = re.compile(r'[<>:"/\\|?*\'`]')
_DOTS = re.compile(r"\.{2,}")
_SPACES = re.compile(r"\s+")
_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$", re.I)

# Letters and dashes that NFKD does not reduce to ASCII, spelled as people would.
_ASCII_FOLD = str.maketrans(
    {
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
        **{"ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O"},
        **{"ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "þ": "th", "Þ": "Th", "ı": "i"},
    }
)

# Leaves room under the 255-byte limit of common file systems for " (999)" and an extension.
MAX_STEM_BYTES = 180


def _strip_invisible(text: str) -> str:
    """Drop control, format and unassigned characters (C*), keeping ordinary spaces."""
    if text.isprintable():  # the common case, decided in C
        return text
    return "".join(
        " " if ch in "\t\n\r\x0b\x0c\x85\u2028\u2029" else ch
        for ch in text
        if ch in "\t\n\r\x0b\x0c\x85\u2028\u2029"
        or not unicodedata.category(ch).startswith("C")
    )


def _truncate_bytes(text: str, limit: int) -> str:
    encoded = text.encode("utf-8")[:limit]
    return encoded.decode("utf-8", errors="ignore")


def filename_part(text: str) -> str:
    """One safe component of a file name: no separators, quotes, ``..`` or controls."""
    text = unicodedata.normalize("NFC", text or "")
    text = _strip_invisible(text)
    text = _FORBIDDEN.sub("-", text)
    text = _DOTS.sub(".", text)
    text = _SPACES.sub(" ", text)
    return text.strip(" .-_")


def filename_safe(stem: str, *, extension: str, fallback: str = "letter") -> str:
    """A whole file name ``<stem>.<extension>`` that is safe on every common system."""
    stem = _truncate_bytes(filename_part(stem), MAX_STEM_BYTES).strip(" .-_")
    if not stem:
        stem = fallback
    if _WINDOWS_RESERVED.match(stem):
        stem = f"_{stem}"
    extension = filename_part(extension).lower() or "bin"
    return f"{stem}.{extension}"


class UniqueNames:
    """Hands out names never given before in one archive, compared case-insensitively.

    Case-insensitive because macOS and Windows unpack ``A.txt`` and ``a.txt`` into one file.
    Only hashes are kept, so a ZIP of many letters holds no second copy of every name;
    a hash collision costs at most an unneeded " (2)".
    """

    def __init__(self) -> None:
        self._taken: set[int] = set()

    def claim(self, name: str) -> str:
        stem, _, extension = name.rpartition(".")
        candidate, number = name, 1
        while hash(candidate.casefold()) in self._taken:
            number += 1
            candidate = f"{stem} ({number}).{extension}"
        self._taken.add(hash(candidate.casefold()))
        return candidate
