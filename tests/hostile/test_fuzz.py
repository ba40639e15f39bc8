"""Property tests on arbitrary Unicode and bytes for what the existing suites do not cover yet:
decoding, segmentation and citations on raw input, chunking, the time budget, the fetch vetting
and name keys. No exception but IngestError; offsets always map back inside the original."""

from __future__ import annotations

import contextlib
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from actorgraph.errors import IngestError
from actorgraph.ingest import (
    IngestLimits,
    chunked_views,
    load_text,
    plain_sentences,
    prose_view,
    text_hash,
    time_budget,
)
from actorgraph.ingest.citations import find_run_in, inline_markers
from actorgraph.ingest.decode import decode_bytes
from actorgraph.ingest.loaders import source_name
from actorgraph.model import ProseView

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_unicode = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400)
_pieces = st.sampled_from(["\n\n", "\n", ". ", "؟ ", " [1] ", "(AFP) ", "\u00a0", "\u202e", "\ufeff", "\r\n", "…"])
_prose = st.lists(st.one_of(_unicode, _pieces), max_size=30).map("".join)


@FUZZ
@given(st.binary(max_size=2000))
def test_decode_arbitrary_bytes_gives_text_or_ingest_error(data):
    try:
        text, repairs = decode_bytes(data, "fuzz.txt", IngestLimits())
    except IngestError as exc:
        assert exc.path == "fuzz.txt" and "\n" not in exc.reason
        return
    assert isinstance(text, str) and "\r" not in text and "\x00" not in text
    assert all(isinstance(r, str) for r in repairs)


@FUZZ
@given(_prose)
def test_segmentation_citations_and_prose_view_map_back(text):
    try:
        doc = load_text(text, "fuzz.txt")
    except IngestError:
        return
    assert doc.text_hash and len(doc.text_hash) == 64
    for seg in doc.segments:
        assert 0 <= seg.start <= seg.end <= len(doc.text)
    for cit in doc.citations:
        assert doc.text[cit.start:cit.end] == cit.text
    view = prose_view(doc)
    for v_start, o_start, length in view.pieces:
        assert view.text[v_start:v_start + length] == doc.text[o_start:o_start + length]
    for sentence in plain_sentences(view):
        assert 0 <= sentence.start <= sentence.end <= len(doc.text)
        # Cut-out markers ("[0]") leave the sentence a subsequence of its original span.
        assert _subsequence("".join(sentence.text.split()), "".join(doc.text[sentence.start:sentence.end].split()))


@FUZZ
@given(_prose)
def test_citation_finders_keep_offsets_inside(text):
    for c in find_run_in(text, 0, len(text)):
        assert 0 <= c.start <= c.end <= len(text) and text[c.start:c.end] == c.text
    for a, b, _ in inline_markers(text, 0, len(text)):
        assert 0 <= a <= b <= len(text)


@FUZZ
@given(_prose, st.integers(min_value=1, max_value=300))
def test_chunked_views_cover_the_view_and_map_back(text, max_chars):
    view = ProseView(text, [(0, 1000, len(text))] if text else [])  # original = view shifted by 1000
    chunks = chunked_views(view, max_chars)
    if len(text) <= max_chars:
        assert chunks == [view]
        return
    assert "".join(c.text for c in chunks).strip() == text.strip() or all(len(c.text) <= max_chars for c in chunks)
    for chunk in chunks:
        assert len(chunk.text) <= max_chars and chunk.text.strip()
        for v_start, o_start, length in chunk.pieces:
            assert chunk.text[v_start:v_start + length] == text[o_start - 1000:o_start - 1000 + length]
        a, b = chunk.span_to_original(0, len(chunk.text))
        assert text[a - 1000:b - 1000] == chunk.text


def test_chunked_views_cut_at_sentences_and_paragraphs():
    text = ("One sentence here. " * 30 + "\n\n") * 5
    chunks = chunked_views(ProseView(text, [(0, 0, len(text))]), 700)
    assert all(c.text.endswith(("\n\n", ". ")) for c in chunks[:-1])


@FUZZ
@given(_unicode)
def test_text_hash_ignores_whitespace_and_normalisation(text):
    import unicodedata

    assert text_hash(text) == text_hash(" \n " + unicodedata.normalize("NFD", text).replace(" ", "  \r\n") + "\t")


@FUZZ
@given(st.text(max_size=80))
def test_source_name_is_printable_and_idempotent(name):
    shown = source_name(name)
    assert shown.isprintable() and "\n" not in shown
    assert source_name(shown) == shown
    shown.encode("utf-8")


def test_source_name_of_undecodable_bytes():
    import os

    assert source_name(os.fsdecode(b"bad-\xff.txt")) == "bad-\\xff.txt"


def test_time_budget_refuses_a_slow_file_and_leaves_no_alarm():
    import signal

    with pytest.raises(IngestError, match="time budget"), time_budget(0.2, "slow.txt"):
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            pass
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    with time_budget(5, "fast.txt"):
        pass
    with time_budget(0, "unbounded.txt"):
        pass


def test_time_budget_is_not_swallowed_by_except_exception():
    with pytest.raises(IngestError, match="time budget"), time_budget(0.2, "stubborn.txt"):
        for _ in range(100):
            with contextlib.suppress(Exception):  # a library catching everything must not swallow it
                time.sleep(0.1)


@FUZZ
@given(st.text(max_size=60))
def test_fetch_vetting_never_raises_anything_but_ingest_error(url):
    from actorgraph.ingest.fetch import vet

    def resolver(host, port):
        return ["127.0.0.1"]

    try:
        vet(url, False, resolver)
    except IngestError:
        return
    raise AssertionError(f"{url!r} was accepted")  # every host here resolves to loopback


@FUZZ
@given(st.text(max_size=60), st.text(max_size=60))
def test_name_functions_never_raise(a, b):
    from actorgraph.resolve.names import name_key, normalise, similar

    assert normalise(normalise(a)) == normalise(a)
    name_key(a)
    assert 0.0 <= similar(a, b) <= 1.0


def _subsequence(short: str, long: str) -> bool:
    chars = iter(long)
    return all(c in chars for c in short)
