"""Decoding bytes of unknown encoding, shared by media sniffing and the readers.

Archives of Indonesian agreements hold text saved by many tools: UTF-8 with
or without a BOM, UTF-16 from Windows "Unicode" exports (sometimes without a
BOM) and Windows-1252 from older editors. :func:`decode_text` tries them in
that order and never fails, so a file is judged on its content, not on an
exception from a codec. Kept apart from the readers so that sniffing a file
does not import the PDF and HTML libraries.
"""

from __future__ import annotations

import codecs

_BOMS = (
    # UTF-32 before UTF-16: the UTF-32 LE BOM starts with the UTF-16 LE one.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_UTF16_SAMPLE_BYTES = 4096
# In UTF-16 text that is mostly Latin script, one byte of nearly every pair is
# NUL; in UTF-8 or Windows-1252 text NUL bytes do not occur at all.
_UTF16_MIN_NUL_SHARE = 0.3
_UTF16_MAX_OTHER_NUL_SHARE = 0.05


def _cp1252_table() -> dict[int, str]:
    """Map each latin-1 code point to its Windows-1252 character.

    Five bytes (0x81, 0x8D, 0x8F, 0x90, 0x9D) are undefined in Windows-1252;
    they keep their latin-1 meaning instead of failing the whole file.
    """
    table: dict[int, str] = {}
    for byte in range(0x80, 0xA0):
        try:
            table[byte] = bytes([byte]).decode("cp1252")
        except UnicodeDecodeError:
            continue
    return table


_CP1252 = _cp1252_table()


def decode_text(data: bytes) -> str:
    """Decode bytes of unknown encoding into text; never raises.

    Order: a BOM (UTF-8, UTF-16, UTF-32); UTF-16 without BOM, recognised by
    its pattern of NUL bytes; strict UTF-8; otherwise Windows-1252, where the
    bytes it leaves undefined decode as latin-1.

    Args:
        data: The file's bytes.

    Returns:
        The decoded text, BOM removed. Not yet normalised.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return data.decode(utf16, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1").translate(_CP1252)


def _utf16_without_bom(data: bytes) -> str | None:
    """The UTF-16 byte order suggested by where NUL bytes fall, if any."""
    sample = data[:_UTF16_SAMPLE_BYTES]
    pairs = len(sample) // 2
    if pairs == 0:
        return None
    even_nuls = sample[0 : pairs * 2 : 2].count(0) / pairs
    odd_nuls = sample[1 : pairs * 2 : 2].count(0) / pairs
    if odd_nuls >= _UTF16_MIN_NUL_SHARE and even_nuls <= _UTF16_MAX_OTHER_NUL_SHARE:
        return "utf-16-le"
    if even_nuls >= _UTF16_MIN_NUL_SHARE and odd_nuls <= _UTF16_MAX_OTHER_NUL_SHARE:
        return "utf-16-be"
    return None
