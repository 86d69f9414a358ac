"""One PDF written out of several small ones, object by object, as each arrives.

Why by hand: ReportLab, fpdf2 and pypdf all hold the whole document in memory until
they write it (ReportLab's PDFDocument keeps every page and formats the file as one
byte string; fpdf2 keeps FPDF.pages and its OutputProducer builds one bytearray;
pypdf's PdfWriter keeps every object in a list), so a long document costs memory in
proportion to its pages. A part ReportLab drew is small and complete: this module cuts
it into its objects by its cross-reference table, renumbers them into one sequence,
hangs its pages under one page tree, and writes every object out as soon as it is read.
What it keeps from part to part is one offset per object written and one object number
per page (a few integers a page, in arrays), which the cross-reference table and the
page tree at the end of the file need.

It reads what ReportLab writes: a classic cross-reference table with one subsection
(no cross-reference streams, no object streams, no incremental updates), and a page
tree of one Pages node whose pages carry their own resources. Anything else raises
PdfJoinError rather than writing a broken file. Stream data is copied as it is;
references are renumbered only in an object's dictionary, outside strings.
"""

import re
from array import array
from collections.abc import Callable, Iterable, Iterator

OUTPUT_CHUNK = 64 * 1024
PAGES_NUMBER = 1  # the page tree's object number, known before any page is written

_DELIMITERS = rb"\s()<>\[\]{}/%"
# A dictionary's tokens, as far as renaming needs them: references, font subset tags,
# the start of a literal string (skipped by _string_end, as strings nest), and the
# stream keyword.
_TOKEN = re.compile(
    rb"(?P<ref>(?P<number>\d+)\s+(?P<generation>\d+)\s+R)(?![^" + _DELIMITERS + rb"])"
    rb"|/(?P<tag>[A-Z]{6})\+"
    rb"|(?P<string>\()"
    rb"|(?P<stream>stream)(?=\r?\n)"
    rb"|%[^\r\n]*|<<|>>|<[0-9A-Fa-f\s]*>|[\[\]{}]"
    rb"|/[^" + _DELIMITERS + rb"]*|[^" + _DELIMITERS + rb"]+|\s+"
)
_STRING_PART = re.compile(rb"[()\\]")
_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_XREF_HEAD = re.compile(rb"xref\s+0\s+(\d+)[ \t]*\r?\n")
_XREF_ENTRY = re.compile(rb"(\d{10}) (\d{5}) ([nf])[ \r\n]{2}")
_OBJECT_HEAD = re.compile(rb"(\d+)\s+0\s+obj\b")
_REFERENCE = rb"\s+(\d+)\s+0\s+R"
_NAME = re.compile(rb"/([^" + _DELIMITERS + rb"]+)")
_PAGE_TREE_KEYS = {b"Type", b"Pages", b"Count", b"Kids"}


class PdfJoinError(ValueError):
    """A part this module cannot join without risking a broken file."""


def _string_end(data: bytes, start: int) -> int:
    """The index after the literal string opening at ``start`` (balanced, escapes)."""
    depth = 0
    position = start
    while match := _STRING_PART.search(data, position):
        position = match.end()
        char = match.group()
        if char == b"\\":
            position += 1
        elif char == b"(":
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                return position
    raise PdfJoinError("unterminated string")


class _Renaming:
    """A part's object numbers and font subset tags as they are in the joined file.

    Every part names its first font subsets AAAAAA+..., but different subsets in one
    file need different tags (ISO 32000-1, 9.6.4), so each part's tags are issued anew.
    """

    def __init__(self, numbers: dict[int, int], issue_tag: Callable[[], bytes]):
        self.numbers = numbers
        self.tags: dict[bytes, bytes] = {}
        self.issue_tag = issue_tag

    def __call__(self, body: bytes) -> bytes:
        """``body`` renamed up to its stream data, if any."""
        pieces = []
        copied = position = 0
        while position < len(body):
            match = _TOKEN.match(body, position)
            if match is None:
                raise PdfJoinError(f"unreadable object at {body[position:][:20]!r}")
            if match["stream"]:
                break
            if match["string"]:
                position = _string_end(body, position)
                continue
            if match["ref"]:
                pieces += [body[copied : match.start()], self._reference(match)]
                copied = match.end()
            elif match["tag"]:
                pieces += [body[copied : match.start("tag")], self._tag(match["tag"])]
                copied = match.end("tag")
            position = match.end()
        pieces.append(body[copied:])
        return b"".join(pieces)

    def _reference(self, match: re.Match) -> bytes:
        old = int(match["number"])
        if old not in self.numbers or match["generation"] != b"0":
            raise PdfJoinError(f"reference to an object not joined: {old}")
        return b"%d 0 R" % self.numbers[old]

    def _tag(self, old: bytes) -> bytes:
        if old not in self.tags:
            self.tags[old] = self.issue_tag()
        return self.tags[old]


class _TagIssuer:
    """AAAAAA, AAAAAB, ...: six capital letters, a new one each call."""

    def __init__(self):
        self.issued = 0

    def __call__(self) -> bytes:
        letters, rest = [], self.issued
        for _ in range(6):
            rest, letter = divmod(rest, 26)
            letters.append(ord("A") + letter)
        self.issued += 1
        return bytes(reversed(letters))


def _reference(dictionary: bytes, key: bytes) -> int:
    match = re.search(rb"/" + key + _REFERENCE, dictionary)
    if match is None:
        raise PdfJoinError(f"no /{key.decode()} reference")
    return int(match[1])


class _Part:
    """A whole PDF's objects, by number: their byte ranges, root, page tree and info."""

    def __init__(self, data: bytes):
        self.data = data
        end = _STARTXREF.search(data, max(0, len(data) - 64))
        if end is None:
            raise PdfJoinError("no startxref at the end")
        self.xref = int(end[1])
        head = _XREF_HEAD.match(data, self.xref)
        if head is None:
            raise PdfJoinError("no classic cross-reference table starting at 0")
        count = int(head[1])
        entries = data[head.end() : head.end() + 20 * count]
        trailer = data[head.end() + 20 * count : end.start()]
        if not trailer.lstrip().startswith(b"trailer") or b"/Prev" in trailer:
            raise PdfJoinError("more than one cross-reference section")
        if b"/Encrypt" in trailer:
            raise PdfJoinError("encrypted")
        offsets = {}
        for number, entry in enumerate(_XREF_ENTRY.finditer(entries)):
            if number and entry[3] == b"n":
                offsets[number] = int(entry[1])
        if len(offsets) != count - 1:
            raise PdfJoinError("cross-reference table with free or unreadable entries")
        ordered = sorted(offsets, key=offsets.get)
        ends = [offsets[number] for number in ordered[1:]] + [self.xref]
        self.ranges = {n: (offsets[n], e) for n, e in zip(ordered, ends, strict=True)}
        self.header = data[: offsets[ordered[0]]]
        self.root = _reference(trailer, b"Root")
        self.info = _reference(trailer, b"Info")
        self.pages = _reference(self.dictionary(self.root), b"Pages")
        tree = self.dictionary(self.pages)
        kids = re.search(rb"/Kids\s*\[([^\]]*)\]", tree)
        pages_count = re.search(rb"/Count\s+(\d+)", tree)
        if kids is None or pages_count is None:
            raise PdfJoinError("page tree without /Kids or /Count")
        self.kids = [int(n) for n in re.findall(rb"(\d+)\s+0\s+R", kids[1])]
        if int(pages_count[1]) != len(self.kids):
            raise PdfJoinError("nested page tree")
        if set(_NAME.findall(tree)) - _PAGE_TREE_KEYS:
            raise PdfJoinError("page tree with inherited attributes")

    def body(self, number: int) -> bytes:
        """The object's text after its ``N 0 obj`` (with ``endobj``)."""
        start, end = self.ranges[number]
        head = _OBJECT_HEAD.match(self.data, start)
        if head is None or int(head[1]) != number:
            raise PdfJoinError(f"object {number} is not where the table says")
        return self.data[head.end() : end]

    def dictionary(self, number: int) -> bytes:
        return self.body(number).rsplit(b"endobj", 1)[0]

    def kept_objects(self) -> list[int]:
        """Every object but the root, the page tree and the info, in file order."""
        dropped = {self.root, self.pages, self.info}
        return [number for number in self.ranges if number not in dropped]


class _Output:
    """Bytes written, counted, and handed on in chunks of about OUTPUT_CHUNK."""

    def __init__(self):
        self.offset = 0
        self.pieces: list[bytes] = []
        self.buffered = 0

    def write(self, data: bytes) -> Iterator[bytes]:
        self.pieces.append(data)
        self.offset += len(data)
        self.buffered += len(data)
        if self.buffered >= OUTPUT_CHUNK:
            yield from self.flush()

    def flush(self) -> Iterator[bytes]:
        if self.pieces:
            yield b"".join(self.pieces)
        self.pieces, self.buffered = [], 0


def _copy_objects(
    part: _Part, *, out: _Output, offsets: array, kids: array, issue_tag: _TagIssuer
) -> Iterator[bytes]:
    """Writes the part's objects, numbered on from ``offsets``; records its pages."""
    kept = part.kept_objects()
    numbers = {part.pages: PAGES_NUMBER}
    numbers.update((old, len(offsets) + 1 + i) for i, old in enumerate(kept))
    renamed = _Renaming(numbers, issue_tag)
    for old in kept:
        offsets.append(out.offset)
        yield from out.write(b"%d 0 obj" % numbers[old] + renamed(part.body(old)))
    kids.extend(numbers[page] for page in part.kids)


def joined_pdf(parts: Iterable[bytes]) -> Iterator[bytes]:
    """One PDF of the parts' pages in order, with the first part's document info.

    Each part is read, written and let go before the next is asked for.
    """
    out = _Output()
    offsets = array("Q", [0])  # offsets[n - 1]: object n's; PAGES_NUMBER's set last
    kids = array("Q")
    issue_tag = _TagIssuer()
    info = None
    for data in parts:
        part = _Part(data)
        del data
        if info is None:
            info = _Renaming({}, issue_tag)(part.body(part.info))
            yield from out.write(part.header)
        yield from _copy_objects(
            part, out=out, offsets=offsets, kids=kids, issue_tag=issue_tag
        )
        yield from out.flush()
        del part  # holds nothing of this part while the next one is drawn
    if info is None:
        raise PdfJoinError("no parts")
    offsets[PAGES_NUMBER - 1] = out.offset
    yield from out.write(
        b"%d 0 obj\n<< /Type /Pages /Count %d /Kids [" % (PAGES_NUMBER, len(kids))
    )
    for page in kids:
        yield from out.write(b" %d 0 R" % page)
    yield from out.write(b" ] >>\nendobj\n")
    catalog, info_number = len(offsets) + 1, len(offsets) + 2
    offsets.append(out.offset)
    yield from out.write(
        b"%d 0 obj\n<< /Type /Catalog /Pages %d 0 R >>\nendobj\n"
        % (catalog, PAGES_NUMBER)
    )
    offsets.append(out.offset)
    yield from out.write(b"%d 0 obj" % info_number + info)
    xref = out.offset
    yield from out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(offsets) + 1))
    for offset in offsets:
        yield from out.write(b"%010d 00000 n \n" % offset)
    yield from out.write(
        b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
        % (len(offsets) + 1, catalog, info_number, xref)
    )
    yield from out.flush()
