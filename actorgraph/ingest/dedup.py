"""The text identity of a document, for finding the same article saved twice.

``content_hash`` (sha256 of the raw bytes) tells versions of a file apart, but the same
article saved as UTF-8 and as cp1252, or with Windows newlines, has other bytes. Its
``text_hash`` is the sha256 of the decoded main text, Unicode-normalised (NFC) with
whitespace runs collapsed: equal for such copies, and computable again from what the store
keeps (the text and its main segments).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable

_SPACE = re.compile(r"\s+")


def text_hash(text: str, main_spans: Iterable[tuple[int, int]] | None = None) -> str:
    """sha256 of the normalised main text (all of ``text`` when no main span is given)."""
    spans = sorted(main_spans or [])
    body = " ".join(text[a:b] for a, b in spans) if spans else text
    normal = _SPACE.sub(" ", unicodedata.normalize("NFC", body)).strip()
    return hashlib.sha256(normal.encode("utf-8", errors="surrogatepass")).hexdigest()
