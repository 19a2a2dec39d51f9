"""Regenerate the bundled sample documents in ``samples/`` from their sources.

Every file ``bench/sample_sources/<name>.txt`` (UTF-8) describes one sample and
produces ``samples/<name>.pdf``, ``samples/<name>.docx`` or ``samples/<name>.txt``.
The HTML news samples are written by hand in ``samples/`` and are not generated.
The gold files ``samples/<name>.expected.json`` are written by hand too.

Source markup
-------------
The file starts with a block of directives, one per line, ended by a blank line:

``@format: pdf|docx|text``   output type (required)
``@font: Times|Helvetica``   body font (PDF: Times-Roman/Helvetica, DOCX: Times New
                             Roman/Arial); default Times
``@size: 11``                body font size in points
``@header: text``            running header line; ``{page}`` is the page number
``@footer: text``            running footer line; ``{page}`` is the page number
``@header_from: 2``          first page that shows the header/footer (default 1)
``@encoding: utf-8``         text output only: ``utf-8``, ``cp1252`` or ``utf-16``
                             (UTF-16 little endian with a byte order mark)
``@newline: lf|crlf``        text output only: line ending (default lf)
``@title: ...``              document metadata title (PDF info / DOCX core property)

For ``text`` output the remaining lines are written verbatim (no markup).
For ``pdf`` and ``docx`` output every remaining line is one paragraph:

``<<PAGE>>``                 page break
``(empty line)``             small vertical space
``# text``                   centred bold line (headings, ``Pasal`` lines)
``## text``                  centred normal line (``Nomor : ...`` lines)
``! text``                   left aligned bold line
``~ text``                   right aligned line (place and date of a letter)
``> text``                   indented item with a hanging indent (level 1)
``>> text``                  indented item with a hanging indent (level 2)
``| a | b | c |``            table row; consecutive rows form one borderless table.
                             A row of three cells whose middle cell is ``:`` is a
                             key/value row (narrow first and middle columns).
                             An empty cell is written as ``|  |``.
anything else                justified body paragraph, wrapped to the page width

Output is deterministic: PDFs are written with reportlab's ``invariant=1`` and
DOCX archives get fixed timestamps and core properties, so running the script
twice gives byte-identical files.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from reportlab import rl_config
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import (
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "bench" / "sample_sources"
OUT = ROOT / "samples"

FIXED_TIME = dt.datetime(2025, 1, 1, 0, 0, 0)
ZIP_TIME = (2025, 1, 1, 0, 0, 0)

PDF_FONTS = {
    "Times": ("Times-Roman", "Times-Bold"),
    "Helvetica": ("Helvetica", "Helvetica-Bold"),
}
DOCX_FONTS = {"Times": "Times New Roman", "Helvetica": "Arial"}


@dataclass
class Source:
    """A parsed source file: directives plus body lines."""

    name: str
    options: dict[str, str] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)

    @property
    def fmt(self) -> str:
        return self.options["format"]

    @property
    def font(self) -> str:
        return self.options.get("font", "Times")

    @property
    def size(self) -> float:
        return float(self.options.get("size", "11"))

    @property
    def header_from(self) -> int:
        return int(self.options.get("header_from", "1"))


def parse_source(path: Path) -> Source:
    """Split a source file into its directive block and its body lines."""
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    src = Source(name=path.stem)
    i = 0
    while i < len(lines) and lines[i].startswith("@"):
        key, _, value = lines[i][1:].partition(":")
        src.options[key.strip()] = value.strip()
        i += 1
    if i < len(lines) and lines[i] == "":
        i += 1
    src.lines = lines[i:]
    if "format" not in src.options:
        raise ValueError(f"{path}: missing @format directive")
    return src


def split_row(line: str) -> list[str]:
    """Cells of a ``| a | b |`` table row."""
    inner = line.strip()[1:-1]
    return [cell.strip() for cell in inner.split("|")]


def group_blocks(lines: list[str]) -> list[tuple[str, object]]:
    """Turn body lines into blocks: (kind, payload); table rows are grouped."""
    blocks: list[tuple[str, object]] = []
    rows: list[list[str]] = []
    for line in lines:
        if line.startswith("|") and line.rstrip().endswith("|"):
            rows.append(split_row(line))
            continue
        if rows:
            blocks.append(("table", rows))
            rows = []
        if line == "<<PAGE>>":
            blocks.append(("page", None))
        elif line.strip() == "":
            blocks.append(("space", None))
        elif line.startswith("## "):
            blocks.append(("centre", line[3:]))
        elif line.startswith("# "):
            blocks.append(("centre_bold", line[2:]))
        elif line.startswith("! "):
            blocks.append(("left_bold", line[2:]))
        elif line.startswith("~ "):
            blocks.append(("right", line[2:]))
        elif line.startswith(">> "):
            blocks.append(("indent2", line[3:]))
        elif line.startswith("> "):
            blocks.append(("indent1", line[2:]))
        else:
            blocks.append(("body", line))
    if rows:
        blocks.append(("table", rows))
    return blocks


def column_fractions(rows: list[list[str]]) -> list[float]:
    """Relative column widths of a table."""
    ncols = max(len(r) for r in rows)
    if ncols == 3 and all(len(r) == 3 and r[1] in (":", "") for r in rows):
        return [0.28, 0.03, 0.69]
    return [1.0 / ncols] * ncols


# --------------------------------------------------------------------------- PDF


def build_pdf(src: Source, target: Path) -> None:
    """Render a source to an A4 PDF with reportlab platypus."""
    regular, bold = PDF_FONTS[src.font]
    size = src.size
    leading = size * 1.35
    base = {"fontName": regular, "fontSize": size, "leading": leading}
    styles = {
        "body": ParagraphStyle(
            "body", alignment=TA_JUSTIFY, spaceAfter=size * 0.3, **base
        ),
        "centre": ParagraphStyle("centre", alignment=TA_CENTER, **base),
        "centre_bold": ParagraphStyle(
            "centre_bold",
            alignment=TA_CENTER,
            fontName=bold,
            fontSize=size,
            leading=leading,
        ),
        "left_bold": ParagraphStyle(
            "left_bold",
            alignment=TA_LEFT,
            fontName=bold,
            fontSize=size,
            leading=leading,
        ),
        "right": ParagraphStyle("right", alignment=TA_RIGHT, **base),
        "indent1": ParagraphStyle(
            "indent1",
            alignment=TA_JUSTIFY,
            leftIndent=0.9 * cm,
            firstLineIndent=-0.6 * cm,
            spaceAfter=size * 0.2,
            **base,
        ),
        "indent2": ParagraphStyle(
            "indent2",
            alignment=TA_JUSTIFY,
            leftIndent=1.6 * cm,
            firstLineIndent=-0.6 * cm,
            spaceAfter=size * 0.2,
            **base,
        ),
        "cell": ParagraphStyle("cell", alignment=TA_LEFT, **base),
    }
    left = right = 2.5 * cm
    frame_width = A4[0] - left - right
    story: list[object] = []
    for kind, payload in group_blocks(src.lines):
        if kind == "page":
            story.append(PageBreak())
        elif kind == "space":
            story.append(Spacer(1, size * 0.6))
        elif kind == "table":
            rows = payload
            assert isinstance(rows, list)
            fractions = column_fractions(rows)
            ncols = len(fractions)
            data = [
                [
                    Paragraph(escape(cell), styles["cell"])
                    for cell in row + [""] * (ncols - len(row))
                ]
                for row in rows
            ]
            table = Table(
                data,
                colWidths=[f * frame_width for f in fractions],
                hAlign="LEFT",
            )
            table.setStyle(
                TableStyle(
                    [
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("LEFTPADDING", (0, 0), (-1, -1), 2),
                        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                        ("TOPPADDING", (0, 0), (-1, -1), 1),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                    ]
                )
            )
            story.append(table)
        else:
            assert isinstance(payload, str)
            story.append(Paragraph(escape(payload), styles[kind]))

    header = src.options.get("header")
    footer = src.options.get("footer")

    def decorate(canvas: object, doc: object) -> None:
        page = canvas.getPageNumber()  # type: ignore[attr-defined]
        if page < src.header_from:
            return
        canvas.saveState()  # type: ignore[attr-defined]
        canvas.setFont(regular, size - 2)  # type: ignore[attr-defined]
        if header:
            canvas.drawCentredString(  # type: ignore[attr-defined]
                A4[0] / 2, A4[1] - 1.5 * cm, header.format(page=page)
            )
        if footer:
            canvas.drawCentredString(  # type: ignore[attr-defined]
                A4[0] / 2, 1.3 * cm, footer.format(page=page)
            )
        canvas.restoreState()  # type: ignore[attr-defined]

    rl_config.invariant = 1
    doc = SimpleDocTemplate(
        str(target),
        pagesize=A4,
        leftMargin=left,
        rightMargin=right,
        topMargin=2.5 * cm,
        bottomMargin=2.5 * cm,
        title=src.options.get("title", ""),
        author="",
        subject="",
        creator="",
        producer="",
        invariant=1,
    )
    doc.build(story, onFirstPage=decorate, onLaterPages=decorate)


# -------------------------------------------------------------------------- DOCX


def add_page_field(paragraph: object, text: str) -> None:
    """Write ``text`` into a header/footer paragraph, ``{page}`` as a PAGE field."""
    before, marker, after = text.partition("{page}")
    if before:
        paragraph.add_run(before)  # type: ignore[attr-defined]
    if marker:
        run = paragraph.add_run()  # type: ignore[attr-defined]
        begin = OxmlElement("w:fldChar")
        begin.set(qn("w:fldCharType"), "begin")
        instr = OxmlElement("w:instrText")
        instr.set(qn("xml:space"), "preserve")
        instr.text = " PAGE "
        sep = OxmlElement("w:fldChar")
        sep.set(qn("w:fldCharType"), "separate")
        num = OxmlElement("w:t")
        num.text = "1"
        end = OxmlElement("w:fldChar")
        end.set(qn("w:fldCharType"), "end")
        for element in (begin, instr, sep, num, end):
            run._r.append(element)
    if after:
        paragraph.add_run(after)  # type: ignore[attr-defined]


def build_docx(src: Source, target: Path) -> None:
    """Render a source to a DOCX document with python-docx."""
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = DOCX_FONTS[src.font]
    normal.font.size = Pt(src.size)
    normal.paragraph_format.space_after = Pt(3)
    section = document.sections[0]
    section.page_width = Cm(21.0)
    section.page_height = Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.5))
    if src.options.get("header"):
        add_page_field(section.header.paragraphs[0], src.options["header"])
        section.header.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    if src.options.get("footer"):
        add_page_field(section.footer.paragraphs[0], src.options["footer"])
        section.footer.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER

    for kind, payload in group_blocks(src.lines):
        if kind == "page":
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        elif kind == "space":
            document.add_paragraph()
        elif kind == "table":
            rows = payload
            assert isinstance(rows, list)
            fractions = column_fractions(rows)
            table = document.add_table(rows=len(rows), cols=len(fractions))
            table.alignment = WD_TABLE_ALIGNMENT.LEFT
            table.autofit = False
            for r, row in enumerate(rows):
                for c, width in enumerate(fractions):
                    cell = table.cell(r, c)
                    cell.width = Cm(16.0 * width)
                    cell.text = row[c] if c < len(row) else ""
        else:
            assert isinstance(payload, str)
            para = document.add_paragraph()
            run = para.add_run(payload)
            fmt = para.paragraph_format
            if kind in ("centre", "centre_bold"):
                para.alignment = WD_ALIGN_PARAGRAPH.CENTER
                fmt.space_after = Pt(0)
            elif kind == "right":
                para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            elif kind == "left_bold":
                para.alignment = WD_ALIGN_PARAGRAPH.LEFT
            else:
                para.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            if kind in ("centre_bold", "left_bold"):
                run.bold = True
            if kind in ("indent1", "indent2"):
                fmt.left_indent = Cm(0.9 if kind == "indent1" else 1.6)
                fmt.first_line_indent = Cm(-0.6)

    props = document.core_properties
    props.author = ""
    props.last_modified_by = ""
    props.title = src.options.get("title", "")
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    props.last_printed = FIXED_TIME
    props.revision = 1
    props.comments = ""
    props.keywords = ""
    props.subject = ""

    buffer = io.BytesIO()
    document.save(buffer)
    target.write_bytes(normalise_zip(buffer.getvalue()))


def normalise_zip(data: bytes) -> bytes:
    """Rewrite a zip archive with fixed timestamps so the bytes are reproducible."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as zin,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout,
    ):
        for info in zin.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            zout.writestr(fixed, zin.read(info.filename))
    return out.getvalue()


# -------------------------------------------------------------------------- text


def build_text(src: Source, target: Path) -> None:
    """Write a plain text sample in the requested encoding and line ending."""
    newline = "\r\n" if src.options.get("newline", "lf") == "crlf" else "\n"
    text = newline.join(src.lines) + newline
    encoding = src.options.get("encoding", "utf-8").lower()
    if encoding == "utf-16":
        data = b"\xff\xfe" + text.encode("utf-16-le")
    else:
        data = text.encode(encoding)
    target.write_bytes(data)


BUILDERS = {"pdf": build_pdf, "docx": build_docx, "text": build_text}
EXTENSIONS = {"pdf": ".pdf", "docx": ".docx", "text": ".txt"}


def main(argv: list[str]) -> int:
    """Build every sample, or only those named on the command line."""
    OUT.mkdir(exist_ok=True)
    wanted = set(argv)
    for path in sorted(SOURCES.glob("*.txt")):
        if wanted and path.stem not in wanted:
            continue
        src = parse_source(path)
        target = OUT / f"{src.name}{EXTENSIONS[src.fmt]}"
        BUILDERS[src.fmt](src, target)
        print(f"wrote {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
