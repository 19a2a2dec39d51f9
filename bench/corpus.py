"""Benchmark corpus generator: any number of agreements, of any length, offline.

Three kinds, all made from the project's own sample templates
(``bench/sample_sources/*.txt`` and the news pages in ``samples/*.html``), so
nothing is downloaded and the same seed always gives the same bytes:

``digital``  text-layer PDFs laid out with reportlab's canvas: the opening of a
             template (title, numbers, parties, recitals), then articles drawn
             from every template's ``Pasal`` sections, renumbered, until the
             requested page count is filled, then a signature block.
``scanned``  the digital PDFs rendered to 300 dpi greyscale page images with
             pypdfium2 and written back as image-only PDFs (no text layer); the
             page images are kept as PNG files for the Tesseract reference.
``html``     news pages: the skeleton of one sample page with paragraphs drawn
             from all of them, a unique title and a publication date.

Usage::

    python -m bench.corpus digital --docs 20 --pages 10 --out bench/out/c1
    python -m bench.corpus scanned --docs 1 --pages 3 --out bench/out/s1
    python -m bench.corpus html --docs 100 --out bench/out/h1
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import html
import random
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "bench" / "sample_sources"
HTML_SAMPLES = ROOT / "samples"

PAGE_W, PAGE_H = 595.2756, 841.8898  # A4 in points
MARGIN = 2.5 * 72 / 2.54
FONT, FONT_BOLD = "Times-Roman", "Times-Bold"
SIZE = 11.0
LEADING = SIZE * 1.35
SCAN_DPI = 300
MAX_ARTICLE_NUMBER = 999  # the segmenter reads up to three digits

_ARTICLE_LINE = re.compile(r"^# Pasal \d+\b(?P<rest>.*)$")
_NUMBER_LINE = re.compile(r"^## (?:NOMOR|Nomor)\s*:")


# ---------------------------------------------------------------- templates


@dataclass
class Template:
    name: str
    opening: list[str]
    closing: list[str]
    articles: list[list[str]] = field(default_factory=list)


def _source_lines(path: Path) -> tuple[dict[str, str], list[str]]:
    lines = path.read_text(encoding="utf-8").split("\n")
    options: dict[str, str] = {}
    index = 0
    while index < len(lines) and lines[index].startswith("@"):
        key, _, value = lines[index][1:].partition(":")
        options[key.strip()] = value.strip()
        index += 1
    return options, [line for line in lines[index:] if line != "<<PAGE>>"]


def load_templates() -> list[Template]:
    """Agreement templates: every marked-up sample source with Pasal articles."""
    templates = []
    for path in sorted(SOURCES.glob("*.txt")):
        options, lines = _source_lines(path)
        if options.get("format") not in ("pdf", "docx"):
            continue
        starts = [i for i, line in enumerate(lines) if _ARTICLE_LINE.match(line)]
        if len(starts) < 2:
            continue
        # The signature block: the first table row after the last article.
        last = starts[-1]
        sign = next(
            (i for i in range(last, len(lines)) if lines[i].startswith("|")),
            len(lines),
        )
        template = Template(
            name=path.stem, opening=lines[: starts[0]], closing=lines[sign:]
        )
        bounds = [*starts, sign]
        for begin, end in zip(bounds, bounds[1:], strict=False):
            template.articles.append(lines[begin:end])
        templates.append(template)
    if not templates:
        raise SystemExit(f"no agreement templates in {SOURCES}")
    return templates


# ------------------------------------------------------------------- layout


@dataclass
class _Line:
    text: str
    font: str
    align: str  # left, centre, right
    indent: float
    gap: float  # space before the line, in points


class Layout:
    """A tiny typesetter: wraps blocks into lines and breaks pages (fast)."""

    def __init__(self) -> None:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        self._width = stringWidth
        self.pages: list[list[tuple[float, _Line]]] = [[]]
        self.y = PAGE_H - MARGIN

    @property
    def page_count(self) -> int:
        return len(self.pages)

    def block_lines(self, line: str) -> list[_Line]:
        """One source line (sample markup) as typeset lines."""
        if line.strip() == "":
            return [_Line("", FONT, "left", 0, SIZE * 0.2)]
        if line.startswith("|"):
            cells = [cell.strip() for cell in line.strip()[1:-1].split("|")]
            text = "    ".join(cell for cell in cells if cell)
            return self._wrap(text or " ", FONT, "left", 0, 0)
        kinds = (
            ("## ", FONT, "centre", 0.0),
            ("# ", FONT_BOLD, "centre", 0.0),
            ("! ", FONT_BOLD, "left", 0.0),
            ("~ ", FONT, "right", 0.0),
            (">> ", FONT, "left", 1.6 * 72 / 2.54),
            ("> ", FONT, "left", 0.9 * 72 / 2.54),
        )
        for prefix, font, align, indent in kinds:
            if line.startswith(prefix):
                return self._wrap(line[len(prefix) :], font, align, indent, 0)
        return self._wrap(line, FONT, "left", 0, SIZE * 0.3)

    def _wrap(
        self, text: str, font: str, align: str, indent: float, gap: float
    ) -> list[_Line]:
        width = PAGE_W - 2 * MARGIN - indent
        lines: list[_Line] = []
        current = ""
        for word in text.split():
            candidate = f"{current} {word}" if current else word
            if current and self._width(candidate, font, SIZE) > width:
                lines.append(_Line(current, font, align, indent, 0))
                current = word
            else:
                current = candidate
        lines.append(_Line(current, font, align, indent, 0))
        lines[0].gap = gap
        return lines

    def height(self, lines: list[_Line]) -> float:
        return sum(line.gap + LEADING for line in lines)

    def room(self) -> float:
        """Points left on the current page."""
        return self.y - MARGIN

    def add(self, lines: list[_Line]) -> None:
        for line in lines:
            step = line.gap + LEADING
            if self.y - step < MARGIN:
                self.pages.append([])
                self.y = PAGE_H - MARGIN
                step = LEADING
            self.y -= step
            self.pages[-1].append((self.y, line))

    def page_break(self) -> None:
        if self.pages[-1]:
            self.pages.append([])
            self.y = PAGE_H - MARGIN

    def render(self, target: Path, *, title: str, header: str, footer: str) -> int:
        from reportlab.pdfgen.canvas import Canvas

        canvas = Canvas(str(target), pagesize=(PAGE_W, PAGE_H), invariant=1)
        canvas.setTitle(title)
        canvas.setAuthor("")
        canvas.setCreator("")
        canvas.setProducer("")
        for number, page in enumerate(self.pages, start=1):
            canvas.setFont(FONT, SIZE - 2)
            if number > 1:
                canvas.drawCentredString(
                    PAGE_W / 2, PAGE_H - 1.5 * 72 / 2.54, header.format(page=number)
                )
            canvas.drawCentredString(PAGE_W / 2, 1.3 * 72 / 2.54, footer)
            for y, line in page:
                canvas.setFont(line.font, SIZE)
                if line.align == "centre":
                    canvas.drawCentredString(PAGE_W / 2, y, line.text)
                elif line.align == "right":
                    canvas.drawRightString(PAGE_W - MARGIN, y, line.text)
                else:
                    canvas.drawString(MARGIN + line.indent, y, line.text)
            canvas.showPage()
        canvas.save()
        return len(self.pages)


# ----------------------------------------------------------------- agreements


def _renumber(line: str, rng: random.Random, index: int) -> str:
    """A Nomor line made unique to this document (so its sha256 is new)."""
    head, _, _ = line.partition(":")
    serial = rng.randint(100, 999)
    month = "I II III IV V VI VII VIII IX X XI XII".split()[rng.randrange(12)]
    return f"{head}: {serial}/PKS-BENCH/{index:06d}/{month}/{rng.randint(2019, 2025)}"


def agreement_layout(
    templates: list[Template], rng: random.Random, index: int, pages: int
) -> tuple[Layout, str]:
    """Typeset one agreement of ``pages`` pages (more only if its opening is)."""
    template = templates[rng.randrange(len(templates))]
    pool = [article for t in templates for article in t.articles]
    layout = Layout()
    for line in template.opening:
        if _NUMBER_LINE.match(line):
            line = _renumber(line, rng, index)
        layout.add(layout.block_lines(line))
    closing = [
        typeset for line in template.closing for typeset in layout.block_lines(line)
    ]
    closing_height = layout.height(closing)
    number = 0
    misses = 0
    while misses < 12:
        article = pool[rng.randrange(len(pool))]
        number = number % MAX_ARTICLE_NUMBER + 1
        head = _ARTICLE_LINE.match(article[0])
        rest = head.group("rest") if head else ""
        typeset = layout.block_lines(f"# Pasal {number}{rest}")
        for line in article[1:]:
            typeset.extend(layout.block_lines(line))
        need = layout.height(typeset)
        last_page = layout.page_count == pages
        if layout.page_count > pages or (
            last_page and need + closing_height > layout.room()
        ):
            number -= 1
            misses += 1
            continue
        if not last_page and layout.page_count == pages - 1:
            # Spilling onto the last page must still leave room to close.
            spill = need - layout.room()
            if spill > 0 and spill + closing_height > PAGE_H - 2 * MARGIN:
                number -= 1
                misses += 1
                continue
        layout.add(typeset)
    layout.add(closing)
    return layout, template.name


def write_digital(out: Path, *, docs: int, pages: int, seed: int) -> list[Path]:
    """``docs`` text-layer agreements of ``pages`` pages each, in ``out``."""
    templates = load_templates()
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(docs):
        rng = random.Random(f"{seed}:digital:{pages}:{index}")
        layout, name = agreement_layout(templates, rng, index, pages)
        target = out / f"pks_{index:06d}_{pages}p.pdf"
        layout.render(
            target,
            title=f"{name} #{index}",
            header="- {page} -",
            footer="Paraf PIHAK PERTAMA : ........        Paraf PIHAK KEDUA : ........",
        )
        paths.append(target)
    return paths


# -------------------------------------------------------------------- scanned


def write_scanned(out: Path, *, docs: int, pages: int, seed: int) -> list[Path]:
    """Image-only PDFs at 300 dpi, made by rendering digital ones.

    The page images stay beside them (``<name>/p0001.png``) so that Tesseract
    can be timed on exactly the same pixels.
    """
    import pypdfium2 as pdfium  # type: ignore[import-untyped]
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    digital = write_digital(out / "_digital", docs=docs, pages=pages, seed=seed)
    paths = []
    for source in digital:
        target = out / source.name.replace("pks_", "scan_")
        images = out / target.stem
        images.mkdir(parents=True, exist_ok=True)
        canvas = Canvas(str(target), pagesize=(PAGE_W, PAGE_H), invariant=1)
        document = pdfium.PdfDocument(source)
        try:
            for number in range(len(document)):
                page = document[number]
                bitmap = page.render(scale=SCAN_DPI / 72, grayscale=True)
                image = bitmap.to_pil().convert("L")
                bitmap.close()
                page.close()
                png = images / f"p{number + 1:04d}.png"
                image.save(png, optimize=False)
                jpeg = images / f"p{number + 1:04d}.jpg"
                image.save(jpeg, quality=80, dpi=(SCAN_DPI, SCAN_DPI))
                canvas.drawImage(ImageReader(str(jpeg)), 0, 0, PAGE_W, PAGE_H)
                canvas.showPage()
                jpeg.unlink()
        finally:
            document.close()
        canvas.save()
        paths.append(target)
    return paths


# ----------------------------------------------------------------------- news

_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)
_CONTENT = re.compile(
    r'(<div class="post-content">)(.*?)(\n    </div>\n  </article>)', re.S
)


def _news_templates() -> tuple[list[str], list[str]]:
    pages = [p.read_text(encoding="utf-8") for p in sorted(HTML_SAMPLES.glob("*.html"))]
    if not pages:
        raise SystemExit(f"no news samples in {HTML_SAMPLES}")
    paragraphs = [
        body
        for page in pages
        for match in [_CONTENT.search(page)]
        if match
        for body in _PARAGRAPH.findall(match.group(2))[1:]
    ]
    return pages, paragraphs


def news_page(
    pages: list[str], paragraphs: list[str], rng: random.Random, index: int
) -> str:
    page = pages[rng.randrange(len(pages))]
    date = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(6 * 365))
    hour, minute = rng.randrange(7, 20), rng.randrange(60)
    stamp = f"{date.isoformat()}T{hour:02d}:{minute:02d}:00+07:00"
    page = re.sub(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00", stamp, page)
    page = re.sub(
        r"(<title>)(.*?)( - )",
        lambda m: f"{m.group(1)}{m.group(2)} (Bagian {index}){m.group(3)}",
        page,
        count=1,
    )
    match = _CONTENT.search(page)
    if not match:
        return page
    body = match.group(2)
    first = _PARAGRAPH.search(body)
    lead = first.group(0) if first else ""
    chosen = rng.sample(paragraphs, k=min(len(paragraphs), rng.randint(5, 9)))
    serial = html.escape(f"Nomor arsip redaksi {index:06d}-{rng.randint(1000, 9999)}.")
    new_body = "\n      ".join(
        [lead, *(f"<p>{p}</p>" for p in chosen), f"<p>{serial}</p>"]
    )
    return page[: match.start(2)] + "\n      " + new_body + page[match.end(2) :]


def write_html(out: Path, *, docs: int, seed: int) -> list[Path]:
    pages, paragraphs = _news_templates()
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(docs):
        rng = random.Random(f"{seed}:html:{index}")
        target = out / f"berita_{index:06d}.html"
        target.write_text(news_page(pages, paragraphs, rng, index), encoding="utf-8")
        paths.append(target)
    return paths


# ------------------------------------------------------------------- caching


def corpus(kind: str, *, docs: int, pages: int = 1, seed: int = 1, root: Path) -> Path:
    """The folder holding this corpus, generated once and reused (by its key)."""
    key = f"{kind}-d{docs}-p{pages}-s{seed}-{_generator_hash()}"
    folder = root / key
    done = folder / ".complete"
    if done.exists():
        return folder
    if kind == "digital":
        write_digital(folder, docs=docs, pages=pages, seed=seed)
    elif kind == "scanned":
        write_scanned(folder, docs=docs, pages=pages, seed=seed)
    elif kind == "html":
        write_html(folder, docs=docs, seed=seed)
    else:
        raise ValueError(kind)
    done.write_text("ok\n")
    return folder


def files(folder: Path, pattern: str) -> list[Path]:
    return sorted(folder.glob(pattern))


def _generator_hash() -> str:
    """Changes when this generator or its templates change (invalidates caches)."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    for path in sorted(SOURCES.glob("*.txt")) + sorted(HTML_SAMPLES.glob("*.html")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:8]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("kind", choices=["digital", "scanned", "html"])
    parser.add_argument("--docs", type=int, default=10)
    parser.add_argument("--pages", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    if args.kind == "digital":
        made = write_digital(args.out, docs=args.docs, pages=args.pages, seed=args.seed)
    elif args.kind == "scanned":
        made = write_scanned(args.out, docs=args.docs, pages=args.pages, seed=args.seed)
    else:
        made = write_html(args.out, docs=args.docs, seed=args.seed)
    print(f"wrote {len(made)} files to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
