"""A small synthetic store for the web tests, written row by row through the SQLAlchemy models.

Two documents (one with chrome and citations, one full of hostile markup), a handful of entities
with mentions, relations (two part_of for a coalition), events with and without coordinates, two
disagreeing claims and one that agrees, and a funding item; every fact has evidence.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from actorgraph.resolve.names import normalise
from actorgraph.store.models import (
    AliasRow,
    ArticleRow,
    CitationRow,
    DocumentRow,
    EntityRow,
    EvidenceRow,
    FactEntityRow,
    FactRow,
    MentionRow,
    SegmentRow,
    SentenceRow,
)
from actorgraph.store.repository import Store

XSS_SCRIPT = "<script>alert(1)</script>"
XSS_IMG = "<img src=x onerror=alert(1)>"
XSS_JS = "javascript:alert(1)"

ENTITIES = {
    # key: (type, canonical name, aliases, registry key)
    "jnim": ("Organization", "Jama'at Nusrat al-Islam wal-Muslimin", ["JNIM"], "jnim"),
    "gsim": ("Organization", "Group for Support of Islam and Muslims", ["GSIM"], None),
    "iyad": ("Person", "Iyad Ag Ghaly", [], None),
    "macina": ("Organization", "Katiba Macina", [], None),
    "ansar": ("Organization", "Ansar Dine", [], None),
    "fama": ("Organization", "Malian Armed Forces", ["FAMa"], None),
    "mali": ("Location", "Mali", [], None),
    "lere": ("Location", "Lere", [], None),
    "boulkessi": ("Location", "Boulkessi", [], None),
    "timbuktu": ("Organization", "Timbuktu Institute", [], None),
    "evil": ("Organization", f"Evil {XSS_IMG} Brigade", [], None),
}

DOC1 = {
    "source": "synthetic/jnim-report.txt",
    "title": "JNIM tightens its grip on central Mali",
    "author": "A. Reporter",
    "publisher": "Sahel Monitor",
    "published": "2025-11-17",
    "language": "en",
    "blocks": [
        (
            "main",
            "",
            [
                "JNIM is led by Iyad Ag Ghaly, who became its emir in 2017.",
                "Katiba Macina and Ansar Dine are components of JNIM.",
                "JNIM fighters killed 14 civilians in Lere in November 2025.",
                "JNIM clashed with FAMa near Boulkessi.",
                "The Timbuktu Institute estimates that Katiba Macina has 5,000 to 8,000 fighters.",
                "Another estimate puts Katiba Macina at 1,000 to 2,000 fighters.",
                "A third source says Katiba Macina has around 6,000 fighters.",
                "JNIM finances itself through kidnapping for ransom.",
                "The Group for Support of Islam and Muslims operates across Mali.",
            ],
        ),
        ("chrome", "related articles", ["Read next: Ansar Dine's history in the north."]),
    ],
    "citations": [
        ("1", "Timbuktu Institute, report 2024", "https://example.org/report", 4),
        ("2", "A hostile note", XSS_JS, 2),
    ],
}

DOC2 = {
    "source": "synthetic/hostile.html",
    "title": f"Hostile {XSS_SCRIPT} page",
    "author": XSS_IMG,
    "publisher": "Evil Press",
    "published": "2025-10",
    "language": "en",
    "blocks": [
        (
            "main",
            "",
            [
                f"The Evil {XSS_IMG} Brigade opposes JNIM {XSS_SCRIPT} in Mali.",
                f'Click <a href="{XSS_JS}">here</a> or {XSS_JS} for more.',
            ],
        ),
        ("chrome", f"author bio {XSS_SCRIPT}", [f"About the author {XSS_IMG}."]),
    ],
    "citations": [("1", f"See {XSS_SCRIPT}", XSS_JS, 0)],
}

# (document, sentence index, surface, entity key)
MENTIONS = [
    (1, 0, "JNIM", "jnim"),
    (1, 0, "Iyad Ag Ghaly", "iyad"),
    (1, 1, "Katiba Macina", "macina"),
    (1, 1, "Ansar Dine", "ansar"),
    (1, 1, "JNIM", "jnim"),
    (1, 2, "JNIM", "jnim"),
    (1, 2, "Lere", "lere"),
    (1, 3, "JNIM", "jnim"),
    (1, 3, "FAMa", "fama"),
    (1, 3, "Boulkessi", "boulkessi"),
    (1, 4, "Timbuktu Institute", "timbuktu"),
    (1, 4, "Katiba Macina", "macina"),
    (1, 5, "Katiba Macina", "macina"),
    (1, 6, "Katiba Macina", "macina"),
    (1, 7, "JNIM", "jnim"),
    (1, 8, "Group for Support of Islam and Muslims", "gsim"),
    (1, 8, "Mali", "mali"),
    (2, 0, f"Evil {XSS_IMG} Brigade", "evil"),
    (2, 0, "JNIM", "jnim"),
    (2, 0, "Mali", "mali"),
]

# (kind, predicate, subject, object, start, end, data, roles, evidence [(doc, sentence)])
FACTS = [
    ("relation", "leader_of", "iyad", "jnim", "2017-03-02", None, {"predicate": "leader_of"}, {}, [(1, 0)]),
    ("relation", "part_of", "macina", "jnim", "2017-03", None, {"predicate": "part_of"}, {}, [(1, 1)]),
    ("relation", "part_of", "ansar", "jnim", "2017-03", None, {"predicate": "part_of"}, {}, [(1, 1)]),
    ("relation", "opposes", "jnim", "fama", "2025", None, {"predicate": "opposes"}, {}, [(1, 3)]),
    ("relation", "operates_in", "gsim", "mali", None, None, {"predicate": "operates_in"}, {}, [(1, 8)]),
    ("relation", "opposes", "evil", "jnim", None, None, {"predicate": "opposes"}, {}, [(2, 0)]),
    (
        "event",
        "violence_against_civilians",
        None,
        None,
        "2025-11",
        None,
        {
            "type": "violence_against_civilians",
            "sub_type": "attack",
            "date": "2025-11",
            "date_precision": 2,
            "location": "Lere",
            "country": "Mali",
            "lat": 15.7117,
            "lon": -4.9119,
            "geo_precision": 1,
            "fatalities": 14,
            "summary": "killed 14 civilians",
        },
        {"actors": ["jnim"], "location": ["lere"]},
        [(1, 2)],
    ),
    (
        "event",
        "battles",
        None,
        None,
        "2025-09",
        None,
        {
            "type": "battles",
            "sub_type": "armed_clash",
            "date": "2025-09",
            "date_precision": 2,
            "location": "Boulkessi",
            "country": "Mali",
            "lat": 14.55,
            "lon": -1.5,
            "geo_precision": 2,
            "fatalities": None,
            "summary": f"clash near Boulkessi {XSS_SCRIPT}",
        },
        {"actors": ["jnim"], "actors2": ["fama"], "location": ["boulkessi"]},
        [(1, 3)],
    ),
    (
        "event",
        "strategic_developments",
        None,
        None,
        "2017-03-02",
        None,
        {
            "type": "strategic_developments",
            "sub_type": "group_formation",
            "date": "2017-03-02",
            "date_precision": 1,
            "location": None,
            "summary": "JNIM formed",
        },
        {"actors": ["jnim"]},
        [(1, 0)],
    ),
    (
        "claim",
        "fighters",
        "macina",
        None,
        "2024",
        None,
        {
            "quantity": "fighters",
            "low": 5000,
            "high": 8000,
            "unit": "persons",
            "as_of": "2024",
            "attributed_to": "Timbuktu Institute",
        },
        {"attributed_entity": ["timbuktu"]},
        [(1, 4)],
    ),
    (
        "claim",
        "fighters",
        "macina",
        None,
        None,
        None,
        {"quantity": "fighters", "low": 1000, "high": 2000, "unit": "persons"},
        {},
        [(1, 5)],
    ),
    (
        "claim",
        "fighters",
        "macina",
        None,
        None,
        None,
        {"quantity": "fighters", "low": 6000, "high": 6000, "unit": "persons"},
        {},
        [(1, 6)],
    ),
    ("funding", "kidnapping_ransom", "jnim", None, None, None, {"source": "kidnapping_ransom"}, {}, [(1, 7)]),
]


def _add_document(s, spec: dict) -> tuple[DocumentRow, list[SentenceRow]]:
    text, segments, sentence_spans = "", [], []
    for kind, reason, sentences in spec["blocks"]:
        start = len(text)
        for sentence in sentences:
            sentence_spans.append((len(text), len(text) + len(sentence), sentence, kind))
            text += sentence + " "
        text = text.rstrip(" ") + "\n\n"
        segments.append((start, len(text) - 2, kind, reason))
    doc = DocumentRow(
        source=spec["source"],
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
        media_type="text/plain",
        title=spec["title"],
        author=spec["author"],
        publisher=spec["publisher"],
        published=spec["published"],
        language=spec["language"],
        text=text,
        raw_html=f"<html><body>{XSS_SCRIPT}</body></html>",
    )
    s.add(doc)
    s.flush()
    s.add(
        ArticleRow(
            document_id=doc.id,
            idx=0,
            title=spec["title"],
            start=0,
            end=len(text),
            main=True,
            published=spec["published"],
        )
    )
    for start, end, kind, reason in segments:
        s.add(SegmentRow(document_id=doc.id, start=start, end=end, kind=kind, reason=reason))
    rows = []
    for i, (start, end, sentence, _kind) in enumerate(x for x in sentence_spans if x[3] == "main"):
        rows.append(SentenceRow(document_id=doc.id, idx=i, start=start, end=end, text=sentence))
    s.add_all(rows)
    s.flush()
    notes_start = len(text)
    for marker, note, url, sentence in spec["citations"]:
        at = len(text)
        text += f"[{marker}] {note}\n"
        s.add(
            CitationRow(
                document_id=doc.id,
                start=at,
                end=len(text) - 1,
                text=note,
                url=url,
                marker=marker,
                sentence_id=rows[sentence].id,
            )
        )
    doc.text = text
    s.add(SegmentRow(document_id=doc.id, start=notes_start, end=len(text), kind="chrome", reason="footnotes"))
    return doc, rows


def build_store(workspace: Path) -> Store:
    """A fresh store in ``workspace`` filled with the synthetic corpus."""
    workspace.mkdir(parents=True, exist_ok=True)
    store = Store(f"sqlite:///{workspace / 'actorgraph.db'}")
    with store.transaction() as s:
        entities = {}
        for key, (etype, name, aliases, registry) in ENTITIES.items():
            e = EntityRow(type=etype, canonical_name=name, key=registry)
            for alias in [name, *aliases]:
                e.aliases.append(AliasRow(name=alias, normalised=normalise(alias), origin="text"))
            s.add(e)
            entities[key] = e
        s.flush()
        docs = {1: _add_document(s, DOC1), 2: _add_document(s, DOC2)}
        for doc_no, idx, surface, key in MENTIONS:
            doc, sentences = docs[doc_no]
            sentence = sentences[idx]
            offset = sentence.text.index(surface)
            s.add(
                MentionRow(
                    document_id=doc.id,
                    sentence_id=sentence.id,
                    entity_id=entities[key].id,
                    start=sentence.start + offset,
                    end=sentence.start + offset + len(surface),
                    text=surface,
                    type=entities[key].type,
                    label="",
                    rule="test",
                )
            )
        for n, (kind, predicate, subj, obj, start, end, data, roles, evidence) in enumerate(FACTS):
            fact = FactRow(
                kind=kind,
                predicate=predicate,
                subject_id=entities[subj].id if subj else None,
                object_id=entities[obj].id if obj else None,
                start=start,
                end=end,
                data=data,
                confidence=0.8,
                fingerprint=f"fp{n}",
            )
            s.add(fact)
            s.flush()
            for role, keys in roles.items():
                for key in keys:
                    s.add(FactEntityRow(fact_id=fact.id, entity_id=entities[key].id, role=role))
            for doc_no, idx in evidence:
                doc, sentences = docs[doc_no]
                s.add(
                    EvidenceRow(
                        fact_id=fact.id,
                        document_id=doc.id,
                        sentence_id=sentences[idx].id,
                        rule="test.synthetic.v1",
                        confidence=0.8,
                        data={},
                    )
                )
    return store
