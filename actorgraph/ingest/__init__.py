"""Ingest: source files -> Document (decoded text, articles, main/chrome segments, citations).

Pure: imports nothing from the later stages. Public API:

- ``load_path(path, limits=None)`` reads one .txt/.md/.html/.htm/.pdf file;
- ``load_text(text, source, media_type="text/plain")`` does the same from a string, and
  ``load_bytes(data, source, media_type)`` from bytes (a fetched URL);
- ``prose_view(doc)`` is the text extraction sees, with offsets mapped back;
  ``chunked_views(view, max_chars)`` cuts a long one into pieces spaCy accepts;
- ``IngestLimits`` bounds what is accepted; ``time_budget(seconds, source)`` bounds the time;
- ``content_hash(data)`` is sha256 of raw bytes, ``file_digest(path, max_bytes)`` the same read
  safely from a file, ``text_hash(text, spans)`` the identity of the normalised main text;
- ``source_name(path)`` is a path as stored and printed (undisplayable characters escaped);
- ``fetch`` (module) gets URLs safely, ``feeds`` (module) reads RSS and Atom feeds.

Bad input raises ``actorgraph.errors.IngestError`` and nothing else.
"""

from actorgraph.ingest.dedup import text_hash
from actorgraph.ingest.limits import IngestLimits, time_budget
from actorgraph.ingest.loaders import content_hash, file_digest, load_bytes, load_path, load_text, source_name
from actorgraph.ingest.prose import chunked_views, plain_sentences, prose_view

__all__ = ["IngestLimits", "chunked_views", "content_hash", "file_digest", "load_bytes", "load_path", "load_text",
           "plain_sentences", "prose_view", "source_name", "text_hash", "time_budget"]
