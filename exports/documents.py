"""DOCX and PDF letters with a letterhead: the sender on top, date, recipient, then the text.

ReportLab's own fonts stop at Latin-1, so PDF fonts ship in ``exports/fonts/`` with their
licences: Noto Sans, Noto Sans Symbols, Noto Emoji in black and white and Noto Sans for
other scripts (OFL), and WenQuanYi Micro Hei for Chinese, Japanese and Korean (Apache 2.0).
Each character is set in the first font that has it, and every font is embedded. A
character no font has is drawn as an empty box; emoji are monochrome and ZWJ sequences
show as their parts.

ReportLab draws characters in the order it is given them, one glyph per character, so
right-to-left text is prepared first: Arabic is shaped into its joined letter forms
(arabic-reshaper), each line is wrapped in reading order and then set in display order
(python-bidi), and the ToUnicode map gives the joined forms back as plain letters.
"""

import functools
import io
import re
import threading
import unicodedata
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import arabic_reshaper
from bidi.algorithm import get_display
from django.utils import timezone
from docx import Document
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor, Twips
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.platypus import HRFlowable, Paragraph, SimpleDocTemplate

from .content import LetterContent

# --- DOCX -------------------------------------------------------------------------------


def _docx_border_below(paragraph) -> None:
    """A thin rule under the letterhead; python-docx has no API for paragraph borders."""
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in {
        "w:val": "single",
        "w:sz": "6",
        "w:space": "6",
        "w:color": "999999",
    }.items():
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _docx_lines(paragraph, lines: list[str], **font) -> None:
    for index, line in enumerate(lines):
        run = paragraph.add_run(line)
        for name, value in font.items():
            if name == "color":
                run.font.color.rgb = value
            else:
                setattr(run.font, name, value)
        if index < len(lines) - 1:
            run.add_break(WD_BREAK.LINE)


# The parts that differ per letter; every other part of the file is the same each time.
_DOCX_PER_LETTER = ("word/document.xml", "docProps/core.xml")
_DOCX_ZIP_TIME = (2026, 1, 1, 0, 0, 0)  # fixed: the export time is in docProps/core.xml
# Width and height of each paper, as Word stores them (twentieths of a point).
_DOCX_PAPER = {"a4": (Mm(210), Mm(297)), "letter": (Twips(12240), Twips(15840))}
_PDF_PAPER = {"a4": A4, "letter": LETTER}
# Fastest deflate for the per-letter parts: small XML, and a letter stays well under 10 ms.
_DOCX_COMPRESSLEVEL = 1
_docx_cache = threading.local()


def _docx_member(archive: zipfile.ZipFile, name: str, data: bytes, level: int) -> None:
    member = zipfile.ZipInfo(name, _DOCX_ZIP_TIME)
    member.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(member, data, compresslevel=level)


def _docx_template() -> tuple[Document, bytes]:
    """A Document with the page and Normal style set, and a ZIP of every part that does
    not change, made once per thread (python-docx is not thread-safe).

    Parsing the default template and compressing its styles, theme and settings took
    most of the time of a letter; a letter now adds its own two parts to a copy.
    """
    cached = getattr(_docx_cache, "template", None)
    if cached is None:
        document = Document()
        section = document.sections[0]
        section.left_margin = section.right_margin = Cm(2.5)
        section.top_margin = section.bottom_margin = Cm(2)
        normal = document.styles["Normal"]
        normal.font.name = "Calibri"
        normal.font.size = Pt(11)
        normal.paragraph_format.space_after = Pt(8)
        saved, shared = io.BytesIO(), io.BytesIO()
        document.save(saved)
        with zipfile.ZipFile(saved) as source, zipfile.ZipFile(shared, "w") as target:
            for name in source.namelist():
                if name not in _DOCX_PER_LETTER:
                    _docx_member(target, name, source.read(name), level=6)
        cached = _docx_cache.template = (document, shared.getvalue())
    return cached


def build_docx(content: LetterContent) -> bytes:
    """A Word letter; text was cleaned of control characters, which python-docx rejects."""
    document, shared = _docx_template()
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    section = document.sections[0]
    section.page_width, section.page_height = _DOCX_PAPER[content.paper]

    name = document.add_paragraph()
    name.paragraph_format.space_after = Pt(2)
    _docx_lines(name, [content.sender_name], size=Pt(18), bold=True)
    contact = document.add_paragraph()
    if content.contact_line:
        _docx_lines(
            contact,
            [content.contact_line],
            size=Pt(9),
            color=RGBColor(0x55, 0x55, 0x55),
        )
    _docx_border_below(contact)
    contact.paragraph_format.space_after = Pt(18)

    document.add_paragraph(content.date_line)
    _docx_lines(document.add_paragraph(), list(content.recipient_lines))
    subject = document.add_paragraph()
    subject.paragraph_format.space_before = Pt(6)
    _docx_lines(subject, [content.subject], bold=True)
    for block in content.paragraphs:
        document.add_paragraph(
            block
        )  # python-docx turns \n into breaks and \t into tabs

    properties = document.core_properties
    properties.title = content.subject
    properties.author = content.sender_name
    properties.comments = ""
    properties.last_modified_by = content.sender_name
    properties.created = properties.modified = timezone.now().replace(microsecond=0)
    buffer = io.BytesIO(shared)
    with zipfile.ZipFile(buffer, "a") as archive:
        _docx_member(
            archive, "word/document.xml", document.part.blob, _DOCX_COMPRESSLEVEL
        )
        _docx_member(
            archive,
            "docProps/core.xml",
            document.part.package._core_properties_part.blob,
            _DOCX_COMPRESSLEVEL,
        )
    return buffer.getvalue()


# --- PDF fonts --------------------------------------------------------------------------


def _extracted_as(point: int) -> str:
    """What copying a glyph gives, as UTF-16 hex: the character itself, or for a joined
    Arabic form (Presentation Forms A and B) the letters it shows. A ligature's letters
    are given in display order, like the glyphs around it, so a reader that turns a
    right-to-left line back into reading order gets them the right way round too."""
    char = chr(point)
    if 0xFB50 <= point <= 0xFDFF or 0xFE70 <= point <= 0xFEFF:
        char = unicodedata.normalize("NFKC", char)[::-1]
    return char.encode("utf-16-be", "surrogatepass").hex().upper()


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """ReportLab's ToUnicode map with two corrections, so text extraction and copy-paste
    give what the user typed: code points past U+FFFF as UTF-16 pairs, as the PDF
    specification asks for (ReportLab 5.1 writes five hex digits), and joined Arabic
    forms as their letters."""
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        f"/CIDSystemInfo << /Registry ({fontname}) /Ordering ({fontname}) /Supplement 0 >> def",
        f"/CMapName /{fontname} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>",
        "endcodespacerange",
        f"{len(subset)} beginbfchar",
        *(
            f"<{code:02X}> <{_extracted_as(point)}>"
            for code, point in enumerate(subset)
        ),
        "endbfchar",
        "endcmap",
        "CMapName currentdict /CMap defineresource pop",
        "end",
        "end",
    ]
    return "\n".join(lines)


@functools.cache
def _fix_reportlab_to_unicode() -> None:
    ttfonts.makeToUnicodeCMap = _to_unicode_cmap


BODY_FONT = "JobtrackSans"
FONT_DIR = Path(__file__).resolve().parent / "fonts"
# Fallbacks in the order they are tried; each is read from disk on first need only.
_FALLBACK_FILES = ["NotoSansSymbols[wght].ttf", "NotoEmoji[wght].ttf"] + sorted(
    path.name
    for path in FONT_DIR.glob("NotoSans?*[[]wght].ttf")
    if not path.name.startswith("NotoSansSymbols")
)
_CJK_FILE = FONT_DIR / "wqy-microhei.ttc"
# Joiners and variation selectors belong to the character before them.
_COMBINING_INVISIBLES = {"\u200d", "\ufe0e", "\ufe0f"}


@functools.cache
def _ttf(path: Path, name: str) -> ttfonts.TTFont:
    font = ttfonts.TTFont(name, str(path), subfontIndex=0)
    pdfmetrics.registerFont(font)
    return font


def _body_font() -> ttfonts.TTFont:
    return _ttf(FONT_DIR / "NotoSans[wght].ttf", BODY_FONT)


def pdf_body_font() -> str:
    """The body font's name, registered with ReportLab, for every PDF that sets user
    text; with the text-extraction fix applied, so what a reader copies is what the user
    typed."""
    _fix_reportlab_to_unicode()
    return _body_font().fontName


@functools.cache
def _font_for(char: str) -> str:
    """The first font that has a glyph for ``char``; the body font when none has."""
    point = ord(char)
    if point in _body_font().face.charToGlyph or point < 0x20:
        return BODY_FONT
    fallbacks = [FONT_DIR / name for name in _FALLBACK_FILES] + [_CJK_FILE]
    for index, path in enumerate(fallbacks):
        font = _ttf(path, f"{BODY_FONT}Fallback{index}")
        if point in font.face.charToGlyph:
            return font.fontName
    return BODY_FONT


def pdf_markup(text: str) -> str:
    """Paragraph markup for user text: escaped, with runs switched to fallback fonts."""
    runs: list[tuple[str, list[str]]] = []
    for char in text:
        if char == "\n":
            runs.append(("<br/>", []))
            continue
        if char in _COMBINING_INVISIBLES and runs and runs[-1][1]:
            runs[-1][1].append(char)
            continue
        font = _font_for(char)
        if runs and runs[-1][0] == font:
            runs[-1][1].append(char)
        else:
            runs.append((font, [char]))
    parts = []
    for font, chars in runs:
        if font == "<br/>":
            parts.append(font)
        elif font == BODY_FONT:
            parts.append(escape("".join(chars)))
        else:
            parts.append(f'<font name="{font}">{escape("".join(chars))}</font>')
    return "".join(parts)


# --- PDF right-to-left text ------------------------------------------------------------

# Harakat (vowel marks) are kept: they are part of how a name is spelled.
_RESHAPER = arabic_reshaper.ArabicReshaper(configuration={"delete_harakat": False})


def _is_rtl(char: str) -> bool:
    return unicodedata.bidirectional(char) in {"R", "AL"}


def _reads_right_to_left(text: str) -> bool:
    """The paragraph direction Unicode gives it: that of its first strong letter."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in {"R", "AL"}:
            return True
        if kind == "L":
            return False
    return False


def _text_width(text: str, size: float) -> float:
    return sum(pdfmetrics.stringWidth(char, _font_for(char), size) for char in text)


def _wrap_in_reading_order(line: str, *, width: float, size: float) -> list[str]:
    """Lines of at most ``width``, cut at spaces, a word too long for a line cut anywhere."""
    lines: list[str] = []
    current = ""
    for word in line.split(" "):
        candidate = f"{current} {word}" if current else word
        if not current or _text_width(candidate, size) <= width:
            current = candidate
            continue
        lines.append(current)
        current = word
        while len(current) > 1 and _text_width(current, size) > width:
            cut = len(current) - 1
            while cut > 1 and _text_width(current[:cut], size) > width:
                cut -= 1
            lines.append(current[:cut])
            current = current[cut:]
    lines.append(current)
    return lines


def pdf_display_text(text: str, *, width: float, size: float) -> tuple[str, bool]:
    """``text`` as ReportLab must be given it, and whether it reads right to left.

    Text without right-to-left letters is returned as it is. Otherwise Arabic is
    joined, each line is wrapped while still in reading order (so a long paragraph's
    first words stay on its first line), and each line is then put in display order.
    """
    if not any(_is_rtl(char) for char in text):
        return text, False
    rtl = _reads_right_to_left(text)
    shown = []
    for line in _RESHAPER.reshape(text).split("\n"):
        for piece in _wrap_in_reading_order(line, width=width, size=size):
            shown.append(get_display(piece, base_dir="R" if rtl else "L"))
    return "\n".join(shown), rtl


# --- PDF layout -------------------------------------------------------------------------

# Longest text laid out as one ReportLab paragraph. Layout time grows faster than the
# length (a paragraph that crosses a page is laid out again for every page), so a longer
# block is set as consecutive paragraphs of at most this many characters.
PDF_CHUNK_CHARS = 1_500
# Where a long block is cut, best first: a line break, a sentence end, any space.
_CUT_POINTS = (re.compile(r"\n"), re.compile(r"(?<=[.!?…])\s"), re.compile(r"\s"))


def _cut_at(block: str, limit: int) -> tuple[int, int]:
    """Where the first chunk of ``block`` ends, and where the next one starts."""
    window = block[: limit + 1]
    for pattern in _CUT_POINTS:
        found = [m for m in pattern.finditer(window) if m.start() > 0]
        if found:
            return found[-1].start(), found[-1].end()
    cut = limit  # one run of non-space text: cut it, not inside a character's marks
    while cut > 1 and (
        unicodedata.combining(block[cut]) or block[cut] in _COMBINING_INVISIBLES
    ):
        cut -= 1
    return cut, cut


def pdf_chunks(block: str, *, limit: int = PDF_CHUNK_CHARS) -> list[str]:
    """``block`` in order as pieces of at most ``limit`` characters; only the one space
    or line break at each cut is dropped, as the cut ends the line there anyway."""
    chunks = []
    while len(block) > limit:
        end, start = _cut_at(block, limit)
        chunks.append(block[:end])
        block = block[start:]
    chunks.append(block)
    return chunks


def _styles() -> dict[str, ParagraphStyle]:
    # uriWasteReduce lets a long URL break after "/" or "-" rather than mid-word.
    base = ParagraphStyle(
        "body",
        fontName=BODY_FONT,
        fontSize=11,
        leading=15.5,
        spaceAfter=9,
        uriWasteReduce=0.3,
    )
    grey = colors.HexColor("#555555")
    return {
        "name": ParagraphStyle(
            "name",
            base,
            fontSize=20,
            leading=24,
            spaceAfter=4,
            textColor=colors.HexColor("#1f2d3d"),
        ),
        "contact": ParagraphStyle(
            "contact", base, fontSize=9, leading=12, textColor=grey, spaceAfter=6
        ),
        "date": ParagraphStyle("date", base, spaceBefore=14, spaceAfter=14),
        "recipient": ParagraphStyle("recipient", base, spaceAfter=16),
        # Lines of the recipient block before its last, each set with its own direction.
        "recipient_line": ParagraphStyle("recipient_line", base, spaceAfter=0),
        "subject": ParagraphStyle(
            "subject",
            base,
            fontSize=12,
            leading=16,
            spaceAfter=12,
            textColor=colors.HexColor("#1f2d3d"),
        ),
        "body": base,
        # A piece of a long block that is not its last: no gap after it.
        "body_piece": ParagraphStyle("body_piece", base, spaceAfter=0),
    }


def pdf_paragraph(
    text: str, style: ParagraphStyle, *, width: float, rtl_flush_right: bool
) -> Paragraph:
    """User text as a paragraph ``width`` wide, right-to-left text in display order;
    with ``rtl_flush_right`` one that reads right to left is set flush right, as its
    writer would align it."""
    # A little narrower than the frame, so ReportLab never re-wraps a prepared line.
    shown, rtl = pdf_display_text(text, width=width * 0.98, size=style.fontSize)
    if rtl and rtl_flush_right:
        style = ParagraphStyle(f"{style.name}_rtl", style, alignment=TA_RIGHT)
    return Paragraph(pdf_markup(shown), style)


def build_pdf(content: LetterContent) -> bytes:
    """A one-page letter for a normal length on the user's paper; long lines and long
    words wrap. Only the vendored fonts are used, all embedded (no Helvetica)."""
    pdf_body_font()
    styles = _styles()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=_PDF_PAPER[content.paper],
        leftMargin=2.4 * cm,
        rightMargin=2.4 * cm,
        topMargin=2 * cm,
        bottomMargin=2 * cm,
        title=content.subject,
        author=content.sender_name,
        subject=content.subject,
        creator="jobtrack",
        initialFontName=BODY_FONT,
    )
    width = document.width

    def paragraph(text: str, style: str) -> Paragraph:
        return pdf_paragraph(
            text, styles[style], width=width, rtl_flush_right=style.startswith("body")
        )

    story = [paragraph(content.sender_name, "name")]
    if content.contact_line:
        story.append(paragraph(content.contact_line, "contact"))
    story += [
        HRFlowable(width="100%", thickness=0.6, color=colors.HexColor("#999999")),
        paragraph(content.date_line, "date"),
        *(paragraph(line, "recipient_line") for line in content.recipient_lines[:-1]),
        paragraph(content.recipient_lines[-1], "recipient"),
        paragraph(content.subject, "subject"),
    ]
    for block in content.paragraphs:
        *pieces, last = pdf_chunks(block)
        story += [paragraph(piece, "body_piece") for piece in pieces]
        story.append(paragraph(last, "body"))
    document.build(story)
    return buffer.getvalue()
