"""File and string loaders: txt, md, html, pdf. Every failure becomes one IngestError."""

from __future__ import annotations

import hashlib
import io
import logging
import os
import re
import stat
import unicodedata
from pathlib import Path

from actorgraph.errors import IngestError
from actorgraph.ingest.build import HtmlMeta, build_document
from actorgraph.ingest.decode import decode_bytes
from actorgraph.ingest.limits import IngestLimits
from actorgraph.ingest.metadata import clean_name, parse_date
from actorgraph.model import Document

_log = logging.getLogger(__name__)
_MEDIA_TYPES = {
    ".txt": "text/plain", ".text": "text/plain", ".md": "text/markdown", ".markdown": "text/markdown",
    ".html": "text/html", ".htm": "text/html", ".xhtml": "text/html", ".pdf": "application/pdf",
}
_TAG = re.compile(r"<(/?)([a-zA-Z][\w:-]{0,40})[^<>]{0,4000}?(/?)>")
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
         "track", "wbr", "!doctype"}


def content_hash(data: bytes) -> str:
    """sha256 of the raw bytes: the identity of one version of a source."""
    return hashlib.sha256(data).hexdigest()


def source_name(path: Path | str) -> str:
    """The file's name as stored and printed: the path, with what cannot be shown escaped.

    Names that are not valid UTF-8 (Python keeps their bytes as lone surrogates, which no
    database or terminal accepts) and control or bidirectional-override characters (which
    break the one-line report or disguise the name) become backslash escapes. Ordinary
    names come back unchanged.
    """
    name = str(path)
    if name.isprintable():
        try:
            name.encode("utf-8")
            return name
        except UnicodeEncodeError:
            pass
    name = os.fsencode(name).decode("utf-8", errors="backslashreplace")
    return "".join(c if c.isprintable() and unicodedata.category(c) != "Cf" else _escape(c) for c in name)


def _escape(c: str) -> str:
    code = ord(c)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def file_digest(path: Path, max_bytes: int) -> str:
    """sha256 of a file's bytes, read in blocks; IngestError when it is not a readable regular file.

    Never blocks on a FIFO or device, never reads more than ``max_bytes`` + 1 bytes.
    """
    source = source_name(path)
    digest = hashlib.sha256()
    with _open_regular(path, source, max_bytes) as fh:
        size = 0
        while block := fh.read(1 << 20):
            size += len(block)
            if size > max_bytes:
                raise IngestError(source, f"too large (more than {max_bytes} bytes; the limit is {max_bytes})")
            digest.update(block)
    return digest.hexdigest()


def _open_regular(path: Path, source: str, max_bytes: int):
    """Open a regular file for reading without blocking; check its type and size on the open file."""
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            raise IngestError(source, "not a regular file (a folder, pipe, socket or device); skipped")
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError as exc:
        kind = "a broken symbolic link" if os.path.islink(path) else "not found"
        raise IngestError(source, f"{kind}; cannot be read") from exc
    except OSError as exc:
        raise IngestError(source, f"cannot be read ({exc.strerror or exc})") from exc
    try:
        st = os.fstat(fd)  # the file opened, not the name checked before (it may have been swapped)
        if not stat.S_ISREG(st.st_mode):
            raise IngestError(source, "not a regular file (a folder, pipe, socket or device); skipped")
        if st.st_size > max_bytes:
            raise IngestError(source, f"too large ({st.st_size} bytes; the limit is {max_bytes})")
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def load_path(path: Path, limits: IngestLimits | None = None) -> Document:
    """Read, decode, clean and segment one file; IngestError names the file and the reason."""
    limits = limits or IngestLimits()
    source = source_name(path)
    media_type = _MEDIA_TYPES.get(path.suffix.lower())
    if media_type is None:
        known = ", ".join(sorted(_MEDIA_TYPES))
        raise IngestError(source, f"unsupported file type {path.suffix or '(none)'!r}; supported: {known}")
    data = _read(path, limits)
    if media_type == "application/pdf":
        return _load_pdf(data, source, limits)
    text, repairs = decode_bytes(data, source, limits)
    return _from_text(text, source, media_type, content_hash(data), repairs, limits)


def load_text(text: str, source: str, media_type: str = "text/plain",
              limits: IngestLimits | None = None) -> Document:
    """The same as load_path, from a string (tests, URL ingestion)."""
    limits = limits or IngestLimits()
    data = text.encode("utf-8", errors="surrogatepass")
    if len(data) > limits.max_bytes:
        raise IngestError(source, f"too large ({len(data)} bytes; the limit is {limits.max_bytes})")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        # Lone surrogates cannot be stored or hashed as UTF-8: replace them, and say so.
        data = text.encode("utf-8", errors="replace")
    decoded, repairs = decode_bytes(data, source, limits)
    return _from_text(decoded, source, media_type, content_hash(data), repairs, limits)


def load_bytes(data: bytes, source: str, media_type: str, limits: IngestLimits | None = None) -> Document:
    """The same as load_path, from bytes already in memory (a fetched URL); media_type says the kind."""
    limits = limits or IngestLimits()
    if len(data) > limits.max_bytes:
        raise IngestError(source, f"too large ({len(data)} bytes; the limit is {limits.max_bytes})")
    if not data.strip():
        raise IngestError(source, "the response is empty")
    if media_type == "application/pdf":
        return _load_pdf(data, source, limits)
    if media_type == "application/xhtml+xml":
        media_type = "text/html"
    text, repairs = decode_bytes(data, source, limits)
    return _from_text(text, source, media_type, content_hash(data), repairs, limits)


def _read(path: Path, limits: IngestLimits) -> bytes:
    source = source_name(path)
    try:
        with _open_regular(path, source, limits.max_bytes) as fh:
            data = fh.read(limits.max_bytes + 1)
    except OSError as exc:
        raise IngestError(source, f"cannot be read ({exc.strerror or exc})") from exc
    if len(data) > limits.max_bytes:
        raise IngestError(source, f"too large (more than {limits.max_bytes} bytes)")
    if not data:
        raise IngestError(source, "the file is empty")
    return data


def _from_text(text: str, source: str, media_type: str, digest: str, repairs: list[str],
               limits: IngestLimits) -> Document:
    if media_type == "text/html":
        return _load_html(text, source, digest, repairs, limits)
    return build_document(text, source, digest, media_type, repairs)


# ---- HTML -------------------------------------------------------------------------------


def _load_html(html: str, source: str, digest: str, repairs: list[str], limits: IngestLimits) -> Document:
    import trafilatura  # imported here: heavy, and only HTML needs it

    _check_depth(html, source, limits)
    try:
        text = trafilatura.extract(html, output_format="txt", include_comments=False, include_tables=True,
                                   include_links=False, include_images=False, deduplicate=False)
        meta = trafilatura.extract_metadata(html)
    except Exception as exc:  # lxml and trafilatura raise many types on malformed input
        raise IngestError(source, f"HTML could not be parsed ({type(exc).__name__}: {exc})") from exc
    if not text or not text.strip():
        raise IngestError(source, "no main text found in the HTML page")
    text, more = _normalise(text)
    html_meta = HtmlMeta(
        title=(meta.title or None) if meta else None,
        author=_html_author(meta.author if meta else None),
        publisher=(meta.sitename or None) if meta else None,
        published=_html_date(html),
    )
    doc = build_document(text, source, digest, "text/html", repairs + more, raw_html=html,
                         html_meta=html_meta)
    if not doc.main_spans():
        # trafilatura falls back to whatever text it finds; menus alone are not an article.
        raise IngestError(source, "no main text found in the HTML page (only navigation or page chrome)")
    return doc


def _normalise(text: str) -> tuple[str, list[str]]:
    if "\r" in text:
        return text.replace("\r\n", "\n").replace("\r", "\n"), ["newlines normalised to \\n"]
    return text, []


def _check_depth(html: str, source: str, limits: IngestLimits) -> None:
    """Refuse pathologically nested markup before lxml sees it (a linear scan of the tags)."""
    depth = deepest = 0
    for m in _TAG.finditer(html):
        closing, name, self_closing = m.group(1), m.group(2).lower(), m.group(3)
        if name in _VOID or self_closing:
            continue
        depth = max(0, depth - 1) if closing else depth + 1
        deepest = max(deepest, depth)
        if deepest > limits.max_html_depth:
            raise IngestError(source, f"HTML nested more than {limits.max_html_depth} levels deep; refused")


def _html_author(raw: str | None) -> str | None:
    if not raw:
        return None
    first = raw.split(";")[0]
    return clean_name(first) or first.strip() or None


def _html_date(html: str) -> str | None:
    """The page's own publication date (htmldate, no extensive guessing)."""
    from htmldate import find_date

    try:
        found = find_date(html, extensive_search=False, original_date=True, outputformat="%Y-%m-%d")
    except Exception as exc:  # htmldate parses arbitrary markup; a failure only loses the date
        _log.debug("htmldate failed: %s", exc)
        return None
    return parse_date(found) if found else None


# ---- PDF --------------------------------------------------------------------------------


def _load_pdf(data: bytes, source: str, limits: IngestLimits) -> Document:
    from pypdf import PdfReader

    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise IngestError(source, "not a PDF file (no %PDF header)")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise IngestError(source, "the PDF is encrypted with a password; decrypt it first")
        if len(reader.pages) > limits.max_pdf_pages:
            pages = len(reader.pages)
            raise IngestError(source, f"too many pages ({pages}; the limit is {limits.max_pdf_pages})")
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata
    except IngestError:
        raise
    except Exception as exc:  # pypdf raises many types (zlib, struct, KeyError...) on damaged files
        raise IngestError(source, f"the PDF is damaged or truncated ({type(exc).__name__}: {exc})") from exc
    text, repairs = _normalise("\n\n".join(p.strip("\n") for p in pages))
    if sum(c.isalnum() for c in text) < 20:
        raise IngestError(source, "the PDF has no text layer (scanned images?); run OCR first")
    text = text.replace("\x00", "")
    meta = HtmlMeta(
        title=(str(info.title).strip() or None) if info and info.title else None,
        author=_html_author(str(info.author)) if info and info.author else None,
    )
    return build_document(text, source, content_hash(data), "application/pdf", repairs, html_meta=meta)
