"""Assemble a Document from cleaned text: layout -> segments, articles, citations, metadata."""

from __future__ import annotations

from dataclasses import dataclass

from actorgraph.ingest import citations
from actorgraph.ingest.dedup import text_hash
from actorgraph.ingest.language import detect_language
from actorgraph.ingest.segment import Layout, lay_out
from actorgraph.model import Article, Citation, Document, Segment


@dataclass
class HtmlMeta:
    """Metadata the HTML page itself declares (trafilatura, htmldate)."""

    title: str | None = None
    author: str | None = None
    publisher: str | None = None
    published: str | None = None


def build_document(text: str, source: str, content_hash: str, media_type: str, repairs: list[str],
                   raw_html: str | None = None, html_meta: HtmlMeta | None = None) -> Document:
    layout = lay_out(text)
    doc = Document(source=source, text=text, content_hash=content_hash, media_type=media_type,
                   raw_html=raw_html, repairs=repairs)
    doc.segments = _segments(layout)
    doc.articles = _articles(layout, text)
    doc.citations = _citations(text, layout)
    _doc_metadata(doc, html_meta)
    doc.text_hash = text_hash(text, doc.main_spans())
    return doc


def _segments(layout: Layout) -> list[Segment]:
    """One segment per main paragraph (so sentences never span paragraphs); chrome runs merged."""
    cuts = {start: (end, reason) for start, end, reason in layout.cuts}
    out: list[Segment] = []
    for p, label in zip(layout.paras, layout.labels, strict=True):
        if label.kind == "main":
            start = p.start
            if start in cuts:
                cut_end, reason = cuts[start]
                out.append(Segment(start, cut_end, "chrome", reason, label.article))
                start = cut_end
            out.append(Segment(start, p.end, "main", "", label.article))
            continue
        prev = out[-1] if out else None
        if prev and prev.kind == "chrome" and prev.reason == label.reason and prev.article == label.article:
            prev.end = p.end
        else:
            out.append(Segment(p.start, p.end, "chrome", label.reason, label.article))
    return out


def _articles(layout: Layout, text: str) -> list[Article]:
    out: list[Article] = []
    for info in layout.articles:
        paras = layout.paras[info.start_para:info.end_para]
        if not paras:
            continue
        start, end = paras[0].start, paras[-1].end
        body = " ".join(layout.paras[i].text[:2000] for i in range(info.start_para, info.end_para)
                        if layout.labels[i].kind == "main" or not info.main)
        out.append(Article(title=info.title, start=start, end=end, main=info.main, published=info.published,
                           author=info.author, language=detect_language(body or text[start:end])))
    return out


def _citations(text: str, layout: Layout) -> list[Citation]:
    run_in: list[Citation] = []
    notes: list[Citation] = []
    markers: list[tuple[int, int, str]] = []
    cut_ends = {start: end for start, end, _ in layout.cuts}
    for p, label in zip(layout.paras, layout.labels, strict=True):
        if label.kind == "main":
            found = citations.find_run_in(text, cut_ends.get(p.start, p.start), p.end)
            run_in += found
            markers += citations.outside(citations.inline_markers(text, p.start, p.end), found)
        elif label.kind == "notes" and citations.note_number(p.text):
            notes.append(citations.endnote(text, p.start, p.end))
    if notes and markers:
        citations.link_markers(text, notes, markers)
    return sorted(run_in + notes, key=lambda c: c.start)


def _doc_metadata(doc: Document, html_meta: HtmlMeta | None) -> None:
    """The document's metadata is its main article's; what the HTML declares comes first."""
    main = next((a for a in doc.articles if a.main), None)
    meta = html_meta or HtmlMeta()
    doc.title = meta.title or (main.title if main else None)
    doc.author = meta.author or (main.author if main else None)
    doc.published = meta.published or (main.published if main else None)
    doc.publisher = meta.publisher
    main_text = " ".join(doc.text[s:e][:3000] for s, e in doc.main_spans()[:40])
    doc.language = detect_language(main_text) or (main.language if main else None)
    for article in doc.articles:
        article.language = article.language or doc.language  # short side blocks are too short to tell
    if main:
        main.title, main.author, main.published = doc.title, doc.author, doc.published
        main.publisher, main.language = doc.publisher, doc.language
