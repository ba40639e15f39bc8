"""Find the articles in a scraped text and label every paragraph main or chrome.

A scrape is: a header zone (kicker, title, caption, share buttons, dateline,
repeated title), the body, then a tail (bylines, endnotes, an author biography,
a promotional box, "similar posts"), and sometimes a second article appended
below with its own header. The rules below read those structural cues, never
site-specific strings, so they carry over to unseen pages of the same kinds.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, field

from actorgraph.ingest import chrome, citations, metadata
from actorgraph.ingest.paragraphs import Para, split_paragraphs

_HEADER_LOOKAHEAD = 7  # paragraphs after a title line in which its dateline/share buttons appear
_MAX_HEADER_ZONE = 12
_RELATED = re.compile(
    r"^(?:(?:similar|related|recommended|popular|latest|trending|suggested|other|more)\s+"
    r"(?:posts?|articles?|stories|news|reads?|content|reading|analyses|profiles|reports|links|topics|"
    r"coverage|on this topic)|read more|"
    r"you (?:may|might) also (?:like|enjoy|be interested in)|read (?:next|also)|also read|see also|"
    r"further reading|more from [^.]{1,40}|more (?:on|about) (?:this|[^.]{1,30}))\s*:?$",
    re.IGNORECASE,
)
# Lines that only occur in a comment thread under a post.
_COMMENT_CUE = re.compile(
    r"^(?:[^\n.]{1,40} says:|reply|leave a (?:reply|comment)|your email address will not be published.*)$",
    re.IGNORECASE)
_BOX_END = {"view archive", "view all", "see all", "see more", "learn more", "read more", "more facts",
            "subscribe", "sign up", "donate", "donate now", "view more"}
_NOTES_HEADING = re.compile(r"^(?:notes|endnotes|footnotes|references|sources|bibliography|works cited|"
                            r"kaynakça|kaynaklar|références|sources et notes)\s*:?$", re.IGNORECASE)
_ABOUT = re.compile(r"^about (?:the )?authors?\s*:?$", re.IGNORECASE)
_ABOUT_INLINE = re.compile(r"^about (?:the )?authors?\s*:\s*(?=\S)", re.IGNORECASE)
_BIO = re.compile(
    r"\b(?:received (?:his|her|their)\b|bachelor|master['’]s|ph\.?d\b|doctorate|graduated|graduate of|"
    r"holds an?\b|studied|is (?:currently )?(?:an?|the) (?:[\w-]+ ){0,3}"
    r"(?:researcher|fellow|journalist|analyst|writer|student|correspondent|reporter|editor|lecturer|professor|expert|consultant|director|contributor)|"
    r"is (?:the )?[\w'’ -]{2,40}['’]s (?:[\w-]+ )?(?:correspondent|reporter|editor)|covers [\w ]{2,40} from|"
    r"(?:his|her|their) research)",
    re.IGNORECASE,
)
_BIO_NAME = re.compile(r"^(?P<name>[^,()\n]{3,60}?)(?:,|\s+(?:is|was|who|has|holds|received)\b)")
_DATELINE_PREFIX = re.compile(
    r"^[A-Z][A-Z’'.\- ]{1,30}[A-Z](?:,\s*[A-Z][\w ]{1,30})?(?:\s*\((?:[A-Z]{2,10}|Reuters)\))?"
    r"\s*(?::|—|–|-{1,2})\s+(?=[A-Z“\"])"
)
_WORD = re.compile(r"[^\W\d_]{4,}")
_STOP = frozenset({
    "that", "this", "with", "from", "have", "been", "were", "they", "their", "there", "which", "what",
    "when", "where", "while", "about", "after", "before", "into", "over", "under", "also", "than",
    "then", "them", "these", "those", "such", "more", "most", "other", "some", "only", "will", "would",
    "could", "should", "said", "says", "according", "including", "between", "during", "against",
    "through", "across", "among", "within", "without", "being", "because", "since", "until", "upon",
    "very", "just", "like", "many", "much", "even", "still", "first", "last", "year", "years", "time",
    "times", "people",
})


@dataclass
class Label:
    kind: str  # "main" | "chrome" | "notes"
    reason: str = ""
    article: int = 0


@dataclass
class ArticleInfo:
    """What the layout learnt about one article, before it becomes a model.Article."""

    start_para: int
    end_para: int  # exclusive
    main: bool
    title: str | None = None
    author: str | None = None
    published: str | None = None
    bio_of: str | None = None  # the article is an author biography of this person


@dataclass
class Layout:
    paras: list[Para]
    labels: list[Label]
    articles: list[ArticleInfo]
    cuts: list[tuple[int, int, str]] = field(default_factory=list)  # chrome inside a paragraph (datelines)


def lay_out(text: str) -> Layout:
    """Paragraphs, their labels and the articles they belong to."""
    paras = split_paragraphs(text)
    reasons = [chrome.line_chrome(p.text) for p in paras]
    labels = [Label("chrome", r) if r else Label("main") for r in reasons]
    layout = Layout(paras, labels, [])
    starts = _article_starts(paras, reasons)
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(paras)
        if n == 0:
            _main_article(layout, reasons, start, end)
        else:
            _appended_article(layout, reasons, start, end)
    _order_articles(layout)
    return layout


def _order_articles(layout: Layout) -> None:
    """Number articles in reading order (side blocks are found back to front)."""
    order = sorted(range(len(layout.articles)), key=lambda n: layout.articles[n].start_para)
    new_index = {old: new for new, old in enumerate(order)}
    layout.articles = [layout.articles[n] for n in order]
    for label in layout.labels:
        label.article = new_index.get(label.article, label.article)


# ---- paragraph shapes -------------------------------------------------------------------


def is_prose(p: Para, reason: str | None) -> bool:
    # Bullets (summary points) and questions (headings like "What does JNIM want?") are not body prose.
    if reason or chrome.strip_bullet(p.text[:10]) != p.text[:10].strip():
        return False
    words = len(p.text[:400].split())
    return len(p.text) >= 120 or (words >= 8 and p.text.rstrip()[-1:] in ".!”\"’)")


def heading_like(p: Para, reason: str | None) -> bool:
    text = p.text
    if reason or len(text) > 200 or len(text.split()) > 25:
        return False
    return text.rstrip()[-1:] not in ".,;:" and any(c.isalpha() for c in text)


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", chrome.strip_bullet(text)).strip().casefold()


def _first_prose(paras: list[Para], reasons: list[str | None], start: int, end: int) -> int:
    for i in range(start, min(end, start + _MAX_HEADER_ZONE)):
        if is_prose(paras[i], reasons[i]):
            return i
    return min(end, start + 1)


# ---- article boundaries -----------------------------------------------------------------


def _article_starts(paras: list[Para], reasons: list[str | None]) -> list[int]:
    """Index of each article's first paragraph: 0, then every later header block."""
    starts = [0]
    i = _first_prose(paras, reasons, 0, len(paras)) + 1
    while i < len(paras):
        if _header_block(paras, reasons, i) or _weak_header(paras, reasons, starts[-1], i):
            starts.append(i)
            i = _first_prose(paras, reasons, i, len(paras))
        i += 1
    return starts


def _header_block(paras: list[Para], reasons: list[str | None], i: int) -> bool:
    """A title line followed, before any prose, by a dateline, share buttons or its own repeat."""
    p = paras[i]
    # A new article's title stands apart (a blank line above); fact-box values run on without one.
    if p.blank_before < 1 or not heading_like(p, reasons[i]) or len(p.text.split()) < 3:
        return False
    for k in range(i + 1, min(len(paras), i + 1 + _HEADER_LOOKAHEAD)):
        if is_prose(paras[k], reasons[k]):
            return False
        if reasons[k] in ("dateline", "share/follow") or _norm(paras[k].text) == _norm(p.text):
            return True
    return False


def _weak_header(paras: list[Para], reasons: list[str | None], prev_start: int, i: int) -> bool:
    """A title after a double gap whose story shares little vocabulary with the one above it."""
    p = paras[i]
    if p.blank_before < 2 or not heading_like(p, reasons[i]) or len(p.text.split()) < 4:
        return False
    if i + 1 >= len(paras) or not is_prose(paras[i + 1], reasons[i + 1]):
        return False
    above = _vocabulary(paras[prev_start:i])
    below = _vocabulary(paras[i:i + 40])
    return len(below) >= 30 and overlap(below, above) < 0.2


def _vocabulary(paras: list[Para]) -> Counter[str]:
    words: Counter[str] = Counter()
    budget = 40_000
    for p in paras:
        words.update(w.casefold() for w in _WORD.findall(p.text[:budget]) if w.casefold() not in _STOP)
        budget -= len(p.text)
        if budget <= 0:
            break
    return words


def overlap(part: Counter[str], whole: Counter[str]) -> float:
    """Share of ``part``'s most frequent content words that ``whole`` also uses."""
    top = [w for w, _ in part.most_common(40)]
    return sum(1 for w in top if w in whole) / len(top) if top else 0.0


# ---- the main article -------------------------------------------------------------------


def _main_article(layout: Layout, reasons: list[str | None], start: int, end: int) -> None:
    labels = layout.labels
    info = ArticleInfo(start, end, main=True)
    layout.articles.append(info)
    index = len(layout.articles) - 1
    body = _header(layout, reasons, info, index)
    end = _related_tail(layout, reasons, body, end)
    _tail(layout, reasons, body, end, info, index)
    for i in range(start, info.end_para):
        if labels[i].kind == "main":
            labels[i].article = index
    _dateline_prefix(layout, body)
    _read_metadata(layout, reasons, info)
    last = max((i for i in range(start, info.end_para) if labels[i].article == index), default=start)
    info.end_para = last + 1


def _header(layout: Layout, reasons: list[str | None], info: ArticleInfo, index: int) -> int:
    """Label the header zone; return the index of the first body paragraph."""
    paras, labels = layout.paras, layout.labels
    body = _first_prose(paras, reasons, info.start_para, info.end_para)
    zone = range(info.start_para, body)
    candidates = [i for i in zone if heading_like(paras[i], reasons[i])]
    # A site name directly above its menu ("The Sahel Observer" / "News | Analysis | Opinion") is a
    # masthead, not the title; it stays a candidate so that it is labelled chrome below.
    titles = [i for i in candidates if not (i + 1 < len(paras) and reasons[i + 1] == "navigation"
                                            and chrome.nav_segments(paras[i + 1].text) >= 3)]
    title_i = None
    for i in candidates:
        repeats = [k for k in candidates if k > i and _norm(paras[k].text) == _norm(paras[i].text)]
        if repeats:
            title_i = i
            for k in repeats:
                labels[k] = Label("chrome", "repeated title", index)
            break
    if title_i is None:
        wordy = [i for i in titles if len(paras[i].text.split()) >= 3]
        title_i = wordy[0] if wordy else (titles[0] if titles else None)
    if title_i is not None:
        info.title = metadata.clean_title(paras[title_i].text)
        for i in candidates:
            if i < title_i:
                labels[i] = Label("chrome", "section label", index)
    for i in zone:
        if labels[i].kind == "chrome":
            labels[i].article = index
    return body


def _related_tail(layout: Layout, reasons: list[str | None], body: int, end: int) -> int:
    """A "Similar posts" heading followed only by short link titles ends the article."""
    paras = layout.paras
    for i in range(body + 1, end):
        if reasons[i] == "comments" and any(_COMMENT_CUE.match(paras[k].text.strip()) for k in range(i + 1, end)):
            _side_article(layout, i, end, paras[i].text.strip(), "comments")
            return i
        heading = len(paras[i].text) <= 80 and _RELATED.match(chrome.strip_bullet(paras[i].text))
        if heading and all(len(paras[k].text) <= 250 for k in range(i + 1, end)):
            _side_article(layout, i, end, paras[i].text.strip().rstrip(":"), "related posts")
            return i
    return end


def _side_article(layout: Layout, start: int, end: int, title: str | None, reason: str,
                  bio_of: str | None = None) -> None:
    layout.articles.append(ArticleInfo(start, end, main=False, title=title, bio_of=bio_of))
    index = len(layout.articles) - 1
    for i in range(start, end):
        layout.labels[i] = Label("chrome", reason, index)


def _tail(layout: Layout, reasons: list[str | None], body: int, end: int, info: ArticleInfo,
          index: int) -> None:
    """Walk back from the article's end over chrome, boxes, biographies and endnotes."""
    paras, labels = layout.paras, layout.labels
    notes: list[int] = []
    i = end - 1
    while i > body:
        p = paras[i]
        if chrome.strip_bullet(p.text).casefold() in _BOX_END and (box := _box(layout, reasons, body, i)):
            _side_article(layout, box[0], i + 1, box[1], "promotional box")
            i = box[0] - 1
        elif labels[i].kind == "chrome":
            labels[i].article = index
            i -= 1
        elif (bio := _bio(layout, reasons, body, i, bool(notes))) is not None:
            first, name = bio
            _side_article(layout, first, i + 1, f"Author biography: {name}", "author biography", bio_of=name)
            i = first - 1
        elif _note_number(p.text) or (notes and _NOTES_HEADING.match(p.text.strip())):
            notes.append(i)
            i -= 1
        else:
            break
    _accept_notes(layout, notes, index)
    info.end_para = end


_BRACKET_NOTE = re.compile(r"^\[(?P<num>\d{1,3})\]\s+(?=\S)")
_NOTE_YEAR = re.compile(r"\b(?:1[6-9]|20)\d{2}\b")


def _note_number(text: str) -> str | None:
    """An endnote's number; a short "[7] US Department of State, 23 May 2018." counts too."""
    if num := citations.note_number(text):
        return num
    m = _BRACKET_NOTE.match(text)
    return m.group("num") if m and len(text) <= 400 and _NOTE_YEAR.search(text) else None


def _accept_notes(layout: Layout, notes: list[int], index: int) -> None:
    """Numbered notes count only as a run 1, 2, 3... (or n, n+1...) in document order."""
    numbered = sorted(i for i in notes if _note_number(layout.paras[i].text))
    nums = [int(_note_number(layout.paras[i].text) or 0) for i in numbered]
    if not nums or any(b != a + 1 for a, b in itertools.pairwise(nums)):
        return
    for i in notes:
        layout.labels[i] = Label("notes", "endnotes", index)


def _box(layout: Layout, reasons: list[str | None], body: int, end_i: int) -> tuple[int, str] | None:
    """A promotional box ending in "View Archive": up to 3 paragraphs under up to 5 short heading lines."""
    paras = layout.paras
    k = end_i - 1
    texts = 0
    while k > body and texts < 3 and len(paras[k].text) > 80:
        texts += 1
        k -= 1
    headings: list[int] = []
    while k > body and len(headings) < 5 and len(paras[k].text) <= 80 and not is_prose(paras[k], reasons[k]):
        headings.append(k)
        k -= 1
    if not texts or not headings:
        return None
    # Label lines ("Fact:") introduce the box's text; the other lines are its heading.
    names = [paras[h].text.strip() for h in sorted(headings)
             if not paras[h].text.rstrip().endswith((":", "?"))]
    return min(headings), " – ".join(names) or paras[min(headings)].text.strip()


def _bio(layout: Layout, reasons: list[str | None], body: int, i: int,
         after_notes: bool) -> tuple[int, str] | None:
    """An author biography: "Name, who received his degree..." under name lines or "About the author"."""
    paras = layout.paras
    text = paras[i].text
    if not 60 <= len(text) <= 6000 or not _BIO.search(text[:400]):
        return None
    inline_about = _ABOUT_INLINE.match(text)
    if inline_about:  # "About the author: Name is a senior analyst at..."
        text = text[inline_about.end():]
    m = _BIO_NAME.match(text)
    name = metadata.clean_name(m.group("name")) if m else None
    if not name:
        return None
    first = i
    while first - 1 > body and metadata.is_name_line(paras[first - 1].text) and \
            _norm(paras[first - 1].text) == _norm(m.group("name") if m else ""):
        first -= 1
    about = first - 1 > body and bool(_ABOUT.match(paras[first - 1].text.strip()))
    if about:
        first -= 1
    tail_position = after_notes or bool(inline_about) or (i - 1 > body and layout.labels[i - 1].kind == "chrome")
    if not tail_position and i == max(k for k in range(body, len(paras)) if layout.labels[k].kind == "main"):
        # The last paragraph, about a person the header's byline names as the author.
        bylines = [metadata.byline_author(paras[k].text) or "" for k in range(body) if reasons[k] == "byline"]
        tail_position = any(name and name.casefold() in b.casefold() for b in bylines)
    if first == i and not tail_position:
        return None
    return first, metadata.cased_in(name, text) or name


def _dateline_prefix(layout: Layout, body: int) -> None:
    """ "DAKAR: By waging..." — the place-and-agency prefix of the first paragraph is metadata, not prose."""
    for i in range(body, min(body + 3, len(layout.paras))):
        p = layout.paras[i]
        if layout.labels[i].kind != "main" or len(p.text) < 120:
            continue
        m = _DATELINE_PREFIX.match(p.text[:80])
        if m and sum(c.isalpha() for c in m.group()) >= 3:
            layout.cuts.append((p.start, p.start + m.end(), "dateline"))
        return


def _read_metadata(layout: Layout, reasons: list[str | None], info: ArticleInfo) -> None:
    """Author and date from the article's own bylines and datelines; the biography as last resort."""
    dates: list[tuple[int, str]] = []
    for i in range(info.start_para, info.end_para):
        text = chrome.strip_bullet(layout.paras[i].text)
        if reasons[i] == "byline" and not info.author:
            info.author = metadata.byline_author(text)
        elif reasons[i] == "dateline":
            found, date = metadata.date_line(text)
            if found and date:
                rank = 0 if re.match(r"(?:first\s+)?(?:published|posted)", text, re.IGNORECASE) else 1
                dates.append((rank, date))
    if dates:
        info.published = min(dates)[1]
    if not info.author:
        bios = [a.bio_of for a in layout.articles if a.bio_of and a.start_para >= info.start_para]
        info.author = bios[0] if bios else None


# ---- appended articles ------------------------------------------------------------------


def _appended_article(layout: Layout, reasons: list[str | None], start: int, end: int) -> None:
    """A second story below the first: kept as a non-main article, all of it chrome."""
    info = ArticleInfo(start, end, main=False)
    layout.articles.append(info)
    index = len(layout.articles) - 1
    _header(layout, reasons, info, index)
    for i in range(start, end):
        layout.labels[i] = Label("chrome", "appended article", index)
    _read_metadata(layout, reasons, info)
