"""Ingest: source files -> Document (decoded text, articles, main/chrome segments, citations).

Pure: imports nothing from the later stages. Public API:

- ``load_path(path, limits=None)`` reads one .txt/.md/.html/.htm/.pdf file;
- ``load_text(text, source, media_type="text/plain")`` does the same from a string;
- ``prose_view(doc)`` is the text extraction sees, with offsets mapped back;
- ``IngestLimits`` bounds what is accepted; ``content_hash(data)`` is sha256 of raw bytes.

Bad input raises ``actorgraph.errors.IngestError`` and nothing else.
"""

from actorgraph.ingest.limits import IngestLimits
from actorgraph.ingest.loaders import content_hash, load_path, load_text
from actorgraph.ingest.prose import prose_view

__all__ = ["IngestLimits", "content_hash", "load_path", "load_text", "prose_view"]
