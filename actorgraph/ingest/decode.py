"""Bytes -> text: encoding detection, binary refusal and newline normalisation.

The text returned here is the text every later offset points into, so all
repairs happen here, once, and are recorded for the reader.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

import charset_normalizer

from actorgraph.errors import IngestError
from actorgraph.ingest.limits import IngestLimits

_BOMS: list[tuple[bytes, str]] = [
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]
# Encodings charset_normalizer may propose that are worth trusting over cp1252: they
# carry non-Latin scripts, where a cp1252 reading would be pure mojibake.
_NON_LATIN_HINTS = ("cp125", "koi8", "iso8859_5", "iso8859_6", "iso8859_7", "iso8859_8", "mac_cyrillic",
                    "shift_jis", "cp932", "euc", "gb", "big5", "cp949", "tis", "cp874")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# Typical UTF-8-read-as-cp1252 sequences (â€™, Ã©, ...): a sign of double encoding.
_MOJIBAKE = re.compile(r"(?:â€[\x80-\xbf™œ\x9d˜“”¦¢¡]|Ã[\x80-\xbf©¨§ª«®¯°±²³´µ¶·¸¹º»¼½¾¿¡¢£¤¥¦])")


def _latin1_fallback(err: UnicodeError) -> tuple[bytes, int]:
    # Browsers show cp1252's five undefined bytes as their Latin-1 code points (”'s 0x9D).
    assert isinstance(err, UnicodeEncodeError)
    return err.object[err.start:err.end].encode("latin-1"), err.end


_LATIN1_FALLBACK = "actorgraph-latin1-fallback"
codecs.register_error(_LATIN1_FALLBACK, _latin1_fallback)


def decode_bytes(data: bytes, source: str, limits: IngestLimits) -> tuple[str, list[str]]:
    """Decode raw bytes to normalised text; refuse empty or binary input with IngestError."""
    if not data.strip():
        raise IngestError(source, "the file is empty")
    repairs: list[str] = []
    text = _decode(data, source, repairs)
    text = _clean(text, source, limits, repairs)
    if len(text.strip()) < limits.min_text_chars:
        raise IngestError(source, "the file holds no text")
    return text, repairs


def _decode(data: bytes, source: str, repairs: list[str]) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            repairs.append(f"decoded as {encoding} (byte order mark removed)")
            return data[len(bom):].decode(encoding, errors="replace")
    bomless16 = _utf16_without_bom(data)
    if bomless16:
        repairs.append(f"decoded as {bomless16} (no byte order mark)")
        return data.decode(bomless16, errors="replace")
    if b"\x00" in data:
        raise IngestError(source, "binary content (NUL bytes); not a text document")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    encoding = _legacy_encoding(data)
    repairs.append(f"not valid UTF-8; decoded as {encoding}")
    text = data.decode(encoding, errors="replace")
    if "\ufffd" in text:
        # cp1252 leaves five bytes undefined; Latin-1 maps them all, so nothing is lost.
        repairs.append("undefined cp1252 bytes read as Latin-1")
        text = data.decode("latin-1")
    return text


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a BOM has NULs on every other byte for Latin scripts."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even, odd = sample[0::2], sample[1::2]
    half = len(sample) // 2
    if odd.count(0) > 0.4 * half and even.count(0) < 0.05 * half:
        return "utf-16-le"
    if even.count(0) > 0.4 * half and odd.count(0) < 0.05 * half:
        return "utf-16-be"
    return None


def _legacy_encoding(data: bytes) -> str:
    """cp1252 unless the bytes clearly carry a non-Latin script in a legacy code page."""
    best = charset_normalizer.from_bytes(data[:200_000]).best()
    if best is None or not best.encoding.startswith(_NON_LATIN_HINTS):
        return "cp1252"
    sample = data[:200_000].decode(best.encoding, errors="replace")
    letters = [c for c in sample if c.isalpha() and ord(c) > 0x7F]
    non_latin = sum(1 for c in letters if ord(c) > 0x24F)
    return best.encoding if letters and non_latin / len(letters) > 0.5 else "cp1252"


def _clean(text: str, source: str, limits: IngestLimits, repairs: list[str]) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        repairs.append("newlines normalised to \\n")
    controls = len(_CONTROL.findall(text))
    if controls and (controls / max(len(text), 1) > limits.max_control_ratio or "\x00" in text):
        raise IngestError(source, f"binary content ({controls} control characters); not a text document")
    if controls:
        text = _CONTROL.sub("", text)
        repairs.append(f"removed {controls} stray control characters")
    text = _fix_mojibake(text, repairs)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
        repairs.append("Unicode normalised to NFC")
    return text


def _fix_mojibake(text: str, repairs: list[str]) -> str:
    """Undo UTF-8 text that was decoded as cp1252 somewhere upstream (â€™ -> ’)."""
    hits = len(_MOJIBAKE.findall(text[:1_000_000]))
    if hits < 3:
        return text
    try:
        fixed = text.encode("cp1252", errors=_LATIN1_FALLBACK).decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text
    repairs.append(f"repaired double-encoded UTF-8 ({hits} sequences)")
    return fixed
