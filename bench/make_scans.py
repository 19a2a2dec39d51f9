"""Make the scanned samples in ``samples/scanned/`` from the digital samples.

Each scan is a digital sample PDF rasterised and degraded the way an office
scanner and a signing ceremony degrade paper: 200 or 300 dpi, a skew of
0.5-2 degrees, noise, blur, JPEG artefacts, a binding shadow, colour paper,
a red stamp, a blue signature, a meterai sticker and initials on every page.
The random choices come from a seed per sample, so running the script twice
gives the same images.

Each scan ``<twin>__<variant>.<ext>`` gets ``<twin>__<variant>.expected.json``:
the gold of its digital twin ``samples/<twin>.expected.json`` plus ``"text"``,
the twin's text as pks reads it without its running headers and footers
(page furniture that the OCR cleanup removes), which ``pks eval`` uses for the
character error rate. Re-run this script after changing a twin's gold.

Variant names carry the group ``pks eval`` reports: ``clean300`` or
``noisy200``; ``mixed`` is a digital PDF whose signature page is a scan, and
``tiff`` a multi-page TIFF image.

    .venv/bin/python bench/make_scans.py
"""

from __future__ import annotations

import io
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageDraw, ImageFilter

from pipeline.discover import source_file
from pipeline.readers import read

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
OUT = SAMPLES / "scanned"
SOURCES = ROOT / "bench" / "sample_sources"
PAPER = (246, 242, 230)  # off-white recycled office paper
RED, BLUE = (200, 30, 40), (25, 45, 160)


@dataclass(frozen=True)
class Scan:
    twin: str
    variant: str
    dpi: int
    skew: float
    colour: bool = False
    noise: float = 0.0  # standard deviation of grey noise
    specks: float = 0.0  # share of pixels turned into dark specks
    blur: float = 0.0  # Gaussian radius in pixels
    quality: int = 80  # JPEG quality
    marks: bool = False  # stamp, signature, meterai and initials
    shadow: bool = False  # binding shadow on the left edge
    seed: int = 0


SCANS = [
    Scan("pks_lapas_blk_pelatihan", "clean300", 300, 0.7, seed=1),
    Scan("pks_lpka_pkbm_pendidikan_kesetaraan", "clean300", 300, -1.0, seed=2),
    Scan(
        "adendum_pks_bapas_medan_dinsos",
        "clean300_colour",
        300,
        0.5,
        colour=True,
        marks=True,
        seed=3,
    ),
    Scan(
        "surat_undangan_penandatanganan_pks",
        "clean300_shadow",
        300,
        -1.5,
        shadow=True,
        noise=4,
        seed=4,
    ),
    Scan(
        "mou_universitas_pemkab_kampar",
        "noisy200",
        200,
        1.5,
        noise=12,
        specks=0.0008,
        blur=0.6,
        quality=45,
        seed=5,
    ),
    Scan(
        "pks_lapas_narkotika_bnnk_rehabilitasi",
        "noisy200",
        200,
        -2.0,
        noise=10,
        specks=0.001,
        blur=0.5,
        quality=50,
        marks=True,
        seed=6,
    ),
    Scan(
        "pks_tiga_pihak_rutan_puskesmas_yayasan",
        "noisy200_colour",
        200,
        1.2,
        colour=True,
        noise=8,
        blur=0.6,
        quality=40,
        marks=True,
        shadow=True,
        seed=7,
    ),
    Scan(
        "pks_lpka_pkbm_pendidikan_kesetaraan",
        "noisy200",
        200,
        0.8,
        noise=14,
        specks=0.0005,
        blur=0.7,
        quality=35,
        seed=8,
    ),
]
MIXED = Scan(
    "pks_lapas_narkotika_bnnk_rehabilitasi",
    "mixed",
    300,
    0.9,
    colour=True,
    marks=True,
    quality=70,
    seed=9,
)
TIFF = Scan("surat_undangan_penandatanganan_pks", "tiff", 300, -0.6, seed=10)


def rasterise(pdf: pdfium.PdfDocument, index: int, scan: Scan) -> Image.Image:
    page = pdf[index]
    image = page.render(scale=scan.dpi / 72).to_pil().convert("RGB")
    page.close()
    return image


def degrade(
    image: Image.Image, scan: Scan, rng: np.random.Generator, *, last: bool
) -> Image.Image:
    if scan.marks:
        image = add_marks(image, scan, rng, last=last)
    pixels = np.asarray(image).astype(np.float64)
    if scan.colour:
        pixels = pixels / 255.0 * np.array(PAPER)
    if scan.shadow:
        width = pixels.shape[1]
        ramp = np.clip(np.linspace(0, 1, width // 12), 0, 1) ** 0.5
        fade = np.ones(width)
        fade[: ramp.size] = 0.35 + 0.65 * ramp
        pixels *= fade[None, :, None]
    if scan.noise:
        pixels += rng.normal(0, scan.noise, pixels.shape[:2])[..., None]
    if scan.specks:
        mask = rng.random(pixels.shape[:2]) < scan.specks
        pixels[mask] = 40
    image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    fill = PAPER if scan.colour else (255, 255, 255)
    image = image.rotate(scan.skew, resample=Image.Resampling.BICUBIC, fillcolor=fill)
    if scan.blur:
        image = image.filter(ImageFilter.GaussianBlur(scan.blur))
    return image if scan.colour else image.convert("L")


def add_marks(
    image: Image.Image, scan: Scan, rng: np.random.Generator, *, last: bool
) -> Image.Image:
    image = image.copy()
    draw = ImageDraw.Draw(image)
    unit = scan.dpi / 300
    w, h = image.size
    ink = BLUE if scan.colour else (60, 60, 60)
    # Initials on every page, bottom right.
    scribble(draw, (int(w * 0.82), int(h * 0.93)), int(120 * unit), ink, rng)
    if not last:
        return image
    top = signature_gap(image)
    scribble(draw, (int(w * 0.12), top), int(380 * unit), ink, rng)
    scribble(draw, (int(w * 0.58), top), int(380 * unit), ink, rng)
    stamp_ink = RED if scan.colour else (110, 110, 110)
    centre = (int(w * 0.2), top + int(60 * unit))
    radius = int(150 * unit)
    for r in (radius, radius - int(22 * unit)):
        draw.ellipse(
            [centre[0] - r, centre[1] - r, centre[0] + r, centre[1] + r],
            outline=stamp_ink,
            width=max(2, int(6 * unit)),
        )
    for k in range(14):  # the stamp's ring of lettering, as dashes
        angle = 2 * math.pi * k / 14
        x = centre[0] + (radius - 11 * unit) * math.cos(angle)
        y = centre[1] + (radius - 11 * unit) * math.sin(angle)
        draw.rectangle(
            [x - 6 * unit, y - 3 * unit, x + 6 * unit, y + 3 * unit], fill=stamp_ink
        )
    # The meterai sticker beside the second signature.
    left, upper = int(w * 0.55), top - int(40 * unit)
    draw.rectangle(
        [left, upper, left + int(180 * unit), upper + int(100 * unit)],
        fill=(235, 200, 205) if scan.colour else (215, 215, 215),
    )
    return image


def signature_gap(image: Image.Image) -> int:
    """Middle row of the tallest blank band in the lower half: where people sign."""
    grey = np.asarray(image.convert("L"))
    blank = (grey < 128).sum(axis=1) == 0
    height = len(blank)
    best, best_len, start = height * 3 // 4, 0, None
    for row in range(height // 2, int(height * 0.9)):
        if blank[row] and start is None:
            start = row
        elif not blank[row] and start is not None:
            if row - start > best_len:
                best, best_len = (start + row) // 2, row - start
            start = None
    return best


def scribble(
    draw: ImageDraw.ImageDraw,
    origin: tuple[int, int],
    length: int,
    ink: tuple[int, int, int],
    rng: np.random.Generator,
) -> None:
    x0, y0 = origin
    points = []
    for t in np.linspace(0, 1, 60):
        x = x0 + t * length
        y = (
            y0
            + math.sin(t * rng.uniform(9, 14)) * length * 0.08
            + rng.normal(0, length * 0.01)
        )
        points.append((x, y))
    draw.line(points, fill=ink, width=max(2, length // 90))


def jpeg(image: Image.Image, quality: int) -> Image.Image:
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=quality)
    return Image.open(io.BytesIO(buffer.getvalue()))


def scan_pages(scan: Scan, indexes: list[int] | None = None) -> list[Image.Image]:
    pdf = pdfium.PdfDocument(SAMPLES / f"{scan.twin}.pdf")
    count = len(pdf)
    rng = np.random.default_rng(scan.seed)
    chosen = indexes if indexes is not None else list(range(count))
    pages = [
        degrade(rasterise(pdf, i, scan), scan, rng, last=i == count - 1) for i in chosen
    ]
    pdf.close()
    return pages


def save_pdf(pages: list[Image.Image], scan: Scan, path: Path) -> None:
    # Pillow embeds L and RGB pages as JPEG (DCTDecode) at this quality.
    first, *rest = pages
    first.save(
        path,
        format="PDF",
        save_all=True,
        append_images=rest,
        resolution=scan.dpi,
        quality=scan.quality,
    )


def save_mixed(scan: Scan, path: Path) -> None:
    """The digital twin with its last (signature) page replaced by a scan."""
    digital = pdfium.PdfDocument(SAMPLES / f"{scan.twin}.pdf")
    last = len(digital) - 1
    scanned_page = io.BytesIO()
    save_pdf(scan_pages(scan, [last]), scan, scanned_page)  # type: ignore[arg-type]
    digital.del_page(last)
    digital.import_pages(pdfium.PdfDocument(scanned_page.getvalue()))
    digital.save(path)
    digital.close()


def save_tiff(scan: Scan, path: Path) -> None:
    pages = [
        page.point(lambda v: 255 if v > 150 else 0).convert("1")
        for page in scan_pages(scan)
    ]
    first, *rest = pages
    first.save(
        path,
        format="TIFF",
        save_all=True,
        append_images=rest,
        compression="group4",
        dpi=(scan.dpi, scan.dpi),
    )


def furniture(twin: str) -> list[re.Pattern[str]]:
    """Running header and footer lines of a twin, from its source's directives."""
    patterns = []
    for line in (SOURCES / f"{twin}.txt").read_text("utf-8").splitlines():
        if not line.strip():
            break
        key, _, value = line.partition(":")
        if key in ("@header", "@footer"):
            template = re.escape(" ".join(value.split())).replace(r"\{page\}", r"\d+")
            patterns.append(re.compile(rf"^\s*{template}\s*$"))
    return patterns


def gold_text(twin: str) -> str:
    raw = read(*source_file(SAMPLES / f"{twin}.pdf"))
    patterns = furniture(twin)
    lines = [" ".join(line.split()) for line in raw.text.splitlines()]
    return "\n".join(line for line in lines if not any(p.match(line) for p in patterns))


def write_gold(scan: Scan, name: str) -> None:
    gold = json.loads((SAMPLES / f"{scan.twin}.expected.json").read_text("utf-8"))
    gold["text"] = gold_text(scan.twin)
    text = json.dumps(gold, ensure_ascii=False, indent=2) + "\n"
    (OUT / f"{name}.expected.json").write_text(text, "utf-8")


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for scan in SCANS:
        name = f"{scan.twin}__{scan.variant}"
        save_pdf(scan_pages(scan), scan, OUT / f"{name}.pdf")
        write_gold(scan, name)
    name = f"{MIXED.twin}__{MIXED.variant}"
    save_mixed(MIXED, OUT / f"{name}.pdf")
    write_gold(MIXED, name)
    name = f"{TIFF.twin}__{TIFF.variant}"
    save_tiff(TIFF, OUT / f"{name}.tif")
    write_gold(TIFF, name)
    for path in sorted(OUT.iterdir()):
        print(f"{path.stat().st_size:>9} {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
