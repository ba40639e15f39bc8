"""HTML and PDF loading, markdown, limits and performance."""

from __future__ import annotations

import time

import pytest

from actorgraph.errors import IngestError
from actorgraph.ingest import IngestLimits, load_path, load_text, prose_view

from .helpers import SEEDS, make_pdf

PAGE = """<!DOCTYPE html><html><head><title>JNIM expands south | Sahel Monitor</title>
<meta name="author" content="Jane Doe"><meta property="og:site_name" content="Sahel Monitor">
<meta property="article:published_time" content="2024-05-03T10:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/share">Share</a></nav>
<script>document.write('INJECTED SCRIPT TEXT')</script>
<article><h1>JNIM expands south</h1>
<p>The militant group JNIM has extended its attacks into southern Mali, according to local officials who
spoke on Friday.</p>
<p>Analysts say the group now operates near the borders with Senegal and Guinea, a region that had been
spared so far.</p></article>
<footer>Copyright 2024 Sahel Monitor. All rights reserved.</footer></body></html>"""


def test_html_keeps_raw_html_and_extracts_title_date_author_and_main_text(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    doc = load_path(path)
    assert doc.media_type == "text/html"
    assert doc.raw_html == PAGE
    assert doc.title == "JNIM expands south"
    assert doc.published == "2024-05-03"
    assert doc.author == "Jane Doe"
    assert doc.publisher == "Sahel Monitor"
    view = prose_view(doc).text
    assert "extended its attacks into southern Mali" in view
    assert "INJECTED SCRIPT TEXT" not in doc.text
    assert "All rights reserved" not in view


def test_html_nested_too_deeply_is_refused():
    html = "<html><body>" + "<div>" * 50 + "deep text" + "</div>" * 50 + "</body></html>"
    with pytest.raises(IngestError, match="nested"):
        load_text(html, "deep.html", media_type="text/html", limits=IngestLimits(max_html_depth=20))


def test_html_without_main_text_is_refused():
    with pytest.raises(IngestError, match="no main text"):
        load_text("<html><body><nav>Home</nav></body></html>", "nav.html", media_type="text/html")


def test_markdown_is_loaded_as_text(tmp_path):
    path = tmp_path / "note.md"
    path.write_text("# Fighting near Gao\n\nArmed men attacked a checkpoint near Gao on Sunday, "
                    "the army said in a statement.\n", encoding="utf-8")
    doc = load_path(path)
    assert doc.media_type == "text/markdown"
    assert "attacked a checkpoint near Gao" in prose_view(doc).text


def test_pdf_text_layer_is_extracted(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(make_pdf(["JNIM attacks in Mali", "",
                               "Militants attacked an army post near Gao on Sunday, the army said."]))
    doc = load_path(path)
    assert doc.media_type == "application/pdf"
    assert "Militants attacked an army post near Gao" in prose_view(doc).text


def test_truncated_pdf_is_refused(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(make_pdf(["Some text that will be cut off"])[:150])
    with pytest.raises(IngestError) as err:
        load_path(path)
    assert str(path) in str(err.value)


def test_pdf_without_text_layer_is_refused(tmp_path):
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    path = tmp_path / "scan.pdf"
    with path.open("wb") as fh:
        writer.write(fh)
    with pytest.raises(IngestError, match="no text layer"):
        load_path(path)


def test_encrypted_pdf_is_refused(tmp_path):
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    path = tmp_path / "locked.pdf"
    with path.open("wb") as fh:
        writer.write(fh)
    with pytest.raises(IngestError, match="encrypted"):
        load_path(path)


def test_not_a_pdf_is_refused(tmp_path):
    path = tmp_path / "fake.pdf"
    path.write_bytes(b"hello, I am not a PDF")
    with pytest.raises(IngestError, match="not a PDF"):
        load_path(path)


def test_a_long_single_line_is_processed_linearly():
    seed = (SEEDS / "001_96d71f8c998b773f.txt").read_text(encoding="utf-8").replace("\n", " ")
    small, big = seed * 20, seed * 160
    timings = []
    for text in (small, big):
        start = time.perf_counter()
        prose_view(load_text(text, "line.txt"))
        timings.append(time.perf_counter() - start)
    # eight times the text may cost at most ~8x (plus noise), never 64x
    assert timings[1] < 16 * timings[0] + 0.5
