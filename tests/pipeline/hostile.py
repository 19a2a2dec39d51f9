"""A corpus of hostile inputs, built from scratch by the tests (nothing downloaded).

Each :class:`Case` writes one entry into a folder and says how it must end:
the ledger status and reason. The PDFs are mostly written byte by byte with
:func:`raw_pdf`, so each defect is exactly the one named.
"""

from __future__ import annotations

import hashlib
import io
import os
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import AGREEMENT_LINES, text_pdf

HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
AGREEMENT_TEXT = "\n".join(AGREEMENT_LINES)


def raw_pdf(
    objects: list[bytes], *, junk: bytes = b"", xref: bool = True, trailer: bytes = b""
) -> bytes:
    """A PDF from object bodies numbered 1..n; object 1 is the catalog."""
    out = bytearray(junk + b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    start = len(out)
    if xref:
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
        out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\n" % (len(objects) + 1, trailer)
    out += b"startxref\n%d\n%%%%EOF\n" % start
    return bytes(out)


def stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n%s\nendstream" % (len(data), extra, data)


def text_ops(lines: list[str], *, font: bytes = b"/F1") -> bytes:
    ops = [b"BT %s 11 Tf 14 TL 50 800 Td" % font]
    for line in lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops.append(b"(%s) Tj T*" % escaped.encode("latin-1"))
    ops.append(b"ET")
    return b"\n".join(ops)


def one_page_pdf(
    content: bytes,
    *,
    mediabox: bytes = b"[0 0 595 842]",
    font: bytes = HELVETICA,
    extra_resources: bytes = b"",
    extra_objects: tuple[bytes, ...] = (),
    content_filter: bytes = b"",
    trailer: bytes = b"",
) -> bytes:
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox %s /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> %s >> >>" % (mediabox, extra_resources)
    )
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            page,
            stream(content, content_filter),
            font,
            *extra_objects,
        ],
        trailer=trailer,
    )


def agreement_raw_pdf(**options: bytes) -> bytes:
    return one_page_pdf(text_ops(AGREEMENT_LINES), **options)


def many_pages_pdf(count: int) -> bytes:
    kids = b" ".join(b"%d 0 R" % (n + 5) for n in range(count))
    pages = [
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R "
        b"/Resources << /Font << /F1 4 0 R >> >> >>"
    ] * count
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count),
            stream(text_ops(AGREEMENT_LINES[:3])),
            HELVETICA,
            *pages,
        ]
    )


def compression_bomb_pdf(megabytes: int) -> bytes:
    """A content stream of NULs deflated twice: a few KB on disk."""
    packer = zlib.compressobj(1)
    zeros = bytes(1 << 20)
    inner = b"".join(packer.compress(zeros) for _ in range(megabytes)) + packer.flush()
    outer = zlib.compress(inner, 9)
    return one_page_pdf(outer, content_filter=b"/Filter [/FlateDecode /FlateDecode] ")


def nested_pdf(depth: int) -> bytes:
    deep = b"[" * depth + b"]" * depth
    return agreement_raw_pdf(extra_resources=b"/Deep %s" % deep)


def cyclic_page_tree_pdf() -> bytes:
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 2 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            stream(text_ops(AGREEMENT_LINES)),
            HELVETICA,
        ]
    )


def looping_xref_pdf() -> bytes:
    """The trailer's /Prev points at its own xref section."""
    good = agreement_raw_pdf()
    start = int(good.rsplit(b"startxref\n", 1)[1].split(b"\n", 1)[0])
    return agreement_raw_pdf(trailer=b"/Prev %d " % start)


def broken_xref_pdf() -> bytes:
    good = agreement_raw_pdf()
    head, tail = good.split(b"xref\n", 1)
    return head + b"xref\n" + tail.replace(b" 00000 n", b" 99999 q")


def glyph_storm_pdf(glyphs: int) -> bytes:
    word = "kerja "
    lines = [word * 15] * (glyphs // (len(word) * 15))
    ops = [b"BT /F1 2 Tf 3 TL 10 835 Td"]
    ops += [b"(%s) Tj T*" % line.encode() for line in lines]
    ops.append(b"ET")
    return one_page_pdf(b"\n".join(ops))


def broken_image_pdf() -> bytes:
    image = stream(
        b"\xff\xd8\xff\xe0garbage-not-a-jpeg" * 10,
        b"/Type /XObject /Subtype /Image /Width 4000 /Height 4000 "
        b"/ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode ",
    )
    content = text_ops(AGREEMENT_LINES) + b"\nq 100 0 0 100 50 50 cm /Im1 Do Q"
    return one_page_pdf(
        content,
        extra_resources=b"/XObject << /Im1 6 0 R >>",
        extra_objects=(image,),
    )


def unmapped_font_pdf() -> bytes:
    """A Type 0 font, Identity-H, no ToUnicode: PDFium prints raw glyph codes."""
    font = (
        b"<< /Type /Font /Subtype /Type0 /BaseFont /Nothing /Encoding /Identity-H "
        b"/DescendantFonts [6 0 R] >>"
    )
    cid_font = (
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Nothing "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
        b"/FontDescriptor 7 0 R /CIDToGIDMap /Identity >>"
    )
    descriptor = (
        b"<< /Type /FontDescriptor /FontName /Nothing /Flags 4 "
        b"/FontBBox [0 0 1000 1000] /ItalicAngle 0 /Ascent 800 /Descent -200 "
        b"/CapHeight 700 /StemV 80 >>"
    )
    lines = [
        b"<%s> Tj T*"
        % b"".join(b"%04x" % ((i * j * 7919) % 900 + 20) for j in range(30))
        for i in range(1, 40)
    ]
    content = b"BT /F1 11 Tf 14 TL 50 800 Td\n" + b"\n".join(lines) + b"\nET"
    return one_page_pdf(content, font=font, extra_objects=(cid_font, descriptor))


# --- encryption (Algorithms 2, 3 and 5 of ISO 32000-1, revisions 3 and 4) ---

_PAD = bytes.fromhex("28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a")
_FILE_ID = bytes(range(16))


def _rc4(key: bytes, data: bytes) -> bytes:
    box = list(range(256))
    j = 0
    for i in range(256):
        j = (j + box[i] + key[i % len(key)]) % 256
        box[i], box[j] = box[j], box[i]
    out, i, j = bytearray(), 0, 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + box[i]) % 256
        box[i], box[j] = box[j], box[i]
        out.append(byte ^ box[(box[i] + box[j]) % 256])
    return bytes(out)


def _rc4_rounds(key: bytes, data: bytes) -> bytes:
    for round_ in range(20):
        data = _rc4(bytes(b ^ round_ for b in key), data)
    return data


def _security(user: bytes, owner: bytes, permissions: int) -> tuple[bytes, ...]:
    digest = hashlib.md5((owner + _PAD)[:32]).digest()
    for _ in range(50):
        digest = hashlib.md5(digest).digest()
    o_value = _rc4_rounds(digest[:16], (user + _PAD)[:32])
    p_bytes = struct.pack("<i", permissions)
    key = hashlib.md5((user + _PAD)[:32] + o_value + p_bytes + _FILE_ID).digest()
    for _ in range(50):
        key = hashlib.md5(key).digest()
    u_value = _rc4_rounds(key, hashlib.md5(_PAD + _FILE_ID).digest()) + bytes(16)
    return key, o_value, u_value


def _encrypt(key: bytes, number: int, data: bytes, *, aes: bool) -> bytes:
    salt = b"sAlT" if aes else b""
    object_key = hashlib.md5(key + struct.pack("<i", number)[:3] + b"\0\0" + salt)
    if not aes:
        return _rc4(object_key.digest()[:16], data)
    from cryptography.hazmat.primitives import padding
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    iv = bytes(16)
    padder = padding.PKCS7(128).padder()
    padded = padder.update(data) + padder.finalize()
    cipher = Cipher(algorithms.AES(object_key.digest()[:16]), modes.CBC(iv))
    encryptor = cipher.encryptor()
    return iv + encryptor.update(padded) + encryptor.finalize()


def encrypted_pdf(*, user: bytes, owner: bytes, aes: bool) -> bytes:
    """The agreement page encrypted with RC4-128 (R3) or AES-128 (R4)."""
    key, o_value, u_value = _security(user, owner, -4)
    content = _encrypt(key, 4, text_ops(AGREEMENT_LINES), aes=aes)
    if aes:
        filters = (
            b"/V 4 /R 4 /CF << /StdCF << /CFM /AESV2 /Length 16 /AuthEvent /DocOpen >> >> "
            b"/StmF /StdCF /StrF /StdCF"
        )
    else:
        filters = b"/V 2 /R 3"
    encrypt = b"<< /Filter /Standard %s /Length 128 /O <%s> /U <%s> /P -4 >>" % (
        filters,
        o_value.hex().encode(),
        u_value.hex().encode(),
    )
    file_id = _FILE_ID.hex().encode()
    trailer = b"/Encrypt 6 0 R /ID [<%s> <%s>] " % (file_id, file_id)
    return one_page_pdf(content, extra_objects=(encrypt,), trailer=trailer)


# --- the cases ---


@dataclass(frozen=True)
class Case:
    name: str
    write: Callable[[Path], None]
    status: str
    reason: str | None = None


def _bytes(data: bytes | Callable[[], bytes]) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        path.write_bytes(data() if callable(data) else data)

    return write


def _text(text: str, encoding: str = "utf-8") -> Callable[[Path], None]:
    return _bytes(text.encode(encoding))


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "bukan PDF")
    return buffer.getvalue()


def _truncated_docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document>" + "x" * 5000)
    return buffer.getvalue()[:400]


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _symlink_loop(path: Path) -> None:
    other = path.with_name(path.name + ".other")
    path.symlink_to(other)
    other.symlink_to(path)


def _dangling(path: Path) -> None:
    path.symlink_to(path.with_name("nowhere.pdf"))


def _unreadable(path: Path) -> None:
    path.write_text(AGREEMENT_TEXT)
    path.chmod(0)


AGREEMENT_PDF = text_pdf([AGREEMENT_LINES[:14], AGREEMENT_LINES[14:]])
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(40)
HTML_PAGE = (
    "<!doctype html><html><head><title>Penandatanganan PKS</title></head><body>"
    "<article><h1>Lapas Teluk Kuantan teken PKS dengan BLK</h1>"
    + "".join(f"<p>{line}</p>" for line in AGREEMENT_LINES)
    + "</article></body></html>"
)
NESTED_HTML = (
    "<html><body>"
    + "<div>" * 5000
    + AGREEMENT_TEXT
    + "</div>" * 5000
    + "</body></html>"
)
LONG_LINE_HTML = (
    "<html><head><title>Berita</title></head><body><p>"
    + "Perjanjian kerja sama pelatihan. " * 32000
    + "</p></body></html>"
)


def cases() -> list[Case]:
    """Every hostile case (at least 30), with the status and reason it must end with."""
    return [
        Case("empty.pdf", _bytes(b""), "failed", "empty"),
        Case("whitespace.txt", _text(" \n\t \r\n  \n"), "failed", "empty"),
        Case("truncated.pdf", _bytes(AGREEMENT_PDF[:300]), "failed", "corrupt"),
        Case(
            "truncated_half.pdf",
            _bytes(AGREEMENT_PDF[: len(AGREEMENT_PDF) // 2]),
            "failed",
            "corrupt",
        ),
        Case("broken_xref.pdf", _bytes(broken_xref_pdf), "loaded"),
        Case("looping_xref.pdf", _bytes(looping_xref_pdf), "loaded"),
        Case(
            "junk_before_header.pdf",
            _bytes(lambda: b"From: arsip\r\n" * 20 + agreement_raw_pdf()),
            "loaded",
        ),
        Case("png_named.pdf", _bytes(PNG), "failed", "corrupt"),
        Case("html_named.pdf", _text(HTML_PAGE), "loaded"),
        Case("zip_named.pdf", _bytes(_zip), "failed", "unsupported"),
        Case(
            "user_password_rc4.pdf",
            _bytes(lambda: encrypted_pdf(user=b"rahasia", owner=b"pemilik", aes=False)),
            "failed",
            "encrypted",
        ),
        Case(
            "user_password_aes.pdf",
            _bytes(lambda: encrypted_pdf(user=b"rahasia", owner=b"pemilik", aes=True)),
            "failed",
            "encrypted",
        ),
        Case(
            "owner_only_rc4.pdf",
            _bytes(lambda: encrypted_pdf(user=b"", owner=b"pemilik", aes=False)),
            "loaded",
        ),
        Case(
            "owner_only_aes.pdf",
            _bytes(lambda: encrypted_pdf(user=b"", owner=b"pemilik", aes=True)),
            "loaded",
        ),
        Case("deeply_nested.pdf", _bytes(lambda: nested_pdf(100_000)), "loaded"),
        Case("cyclic_page_tree.pdf", _bytes(cyclic_page_tree_pdf), "failed", "corrupt"),
        Case(
            "compression_bomb.pdf",
            _bytes(lambda: compression_bomb_pdf(512)),
            "failed",
            "memory",
        ),
        Case(
            "huge_page.pdf",
            _bytes(lambda: agreement_raw_pdf(mediabox=b"[0 0 14400 14400]")),
            "loaded",
        ),
        Case(
            "zero_size_page.pdf",
            _bytes(lambda: agreement_raw_pdf(mediabox=b"[0 0 0 0]")),
            "loaded",
        ),
        Case(
            "thousands_of_pages.pdf",
            _bytes(lambda: many_pages_pdf(3000)),
            "deferred",
            "too_large",
        ),
        Case("glyph_storm.pdf", _bytes(lambda: glyph_storm_pdf(40_000)), "loaded"),
        Case("broken_image.pdf", _bytes(broken_image_pdf), "loaded"),
        Case("unmapped_font.pdf", _bytes(unmapped_font_pdf), "failed", "needs_ocr"),
        Case(
            "no_text_layer.pdf",
            _bytes(lambda: text_pdf([[], []])),
            "failed",
            "needs_ocr",
        ),
        Case("nul_bytes.txt", _text(AGREEMENT_TEXT.replace(" ", " \x00", 5)), "loaded"),
        Case(
            "lone_surrogate.txt",
            _bytes(
                ("\ufeff" + AGREEMENT_TEXT).encode("utf-16-le")
                + b"\x00\xd8"
                + "akhir".encode("utf-16-le")
            ),
            "loaded",
        ),
        Case("long_line.html", _text(LONG_LINE_HTML), "deferred", "too_large"),
        Case("nested.html", _text(NESTED_HTML), "failed", "empty"),
        Case(
            "windows1252.txt",
            _text(AGREEMENT_TEXT + "\n“Kesepakatan” – Rp 5.000,- café", "cp1252"),
            "loaded",
        ),
        Case("utf16.txt", _text("\ufeff" + AGREEMENT_TEXT, "utf-16-le"), "loaded"),
        Case(
            "invalid_utf8.txt",
            _bytes(AGREEMENT_TEXT.encode() + b"\xff\xfe\xc3\x28 akhir"),
            "loaded",
        ),
        Case(
            "mixed_nfc_nfd.txt",
            _text(AGREEMENT_TEXT + "\nKoperasi Cafe\u0301 dan caf\u00e9"),
            "loaded",
        ),
        Case(
            "zero_width_bidi.txt",
            _text(AGREEMENT_TEXT.replace("Pasal", "Pa\u200bsal\u202e", 1)),
            "loaded",
        ),
        Case("truncated.docx", _bytes(_truncated_docx), "failed", "corrupt"),
        Case("fifo.pdf", _fifo, "failed", "unreadable"),
        Case("symlink_loop.pdf", _symlink_loop, "failed", "unreadable"),
        Case("dangling_link.pdf", _dangling, "failed", "unreadable"),
        Case("unreadable.txt", _unreadable, "failed", "unreadable"),
        Case("nama dengan spasi.txt", _text(AGREEMENT_TEXT + "\nspasi"), "loaded"),
        Case("baris\nbaru.txt", _text(AGREEMENT_TEXT + "\nbaris baru"), "loaded"),
        Case("перевод соглашения.txt", _text(AGREEMENT_TEXT + "\nкириллица"), "loaded"),
        Case("協定書.txt", _text(AGREEMENT_TEXT + "\n漢字"), "loaded"),
    ]


def build(folder: Path, *, as_root_skip: bool = True) -> list[Case]:
    """Write every case into ``folder``; return the cases written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for case in cases():
        if case.write is _unreadable and as_root_skip and os.geteuid() == 0:
            continue  # root reads a chmod 000 file: the dangling link stands in
        case.write(folder / case.name)
        written.append(case)
    return written
