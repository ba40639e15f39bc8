"""The analysis modules (cited profile, contradictions) as JSON-ready dicts for the workbench.

``actorgraph.analyse.profile`` and ``actorgraph.analyse.claims`` build the same dataclasses the CLI
renders; this module only adds what a browser needs on top: the sentence each citation points at
(``/documents/{id}?hl=S#sS``), the documents' languages, and links between the two sides of a
disagreement. Nothing here re-decides what a profile says or what counts as a contradiction.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from actorgraph.analyse.claims import ClaimRecord, Contradiction, RelationRecord, contradictions, when
from actorgraph.analyse.profile import NOT_STATED, Profile, build_profile
from actorgraph.store.models import DocumentRow, EvidenceRow, SentenceRow

CONFLICT_KINDS = ("figures", "component_vs_whole", "leaders", "relation_dates")
KIND_LABELS = {
    "figures": "figures disagree",
    "component_vs_whole": "component exceeds whole",
    "leaders": "conflicting leaders",
    "relation_dates": "contradictory relation dates",
}


def cite_href(document_id: int, sentence_id: int | None) -> str:
    """The document viewer, at and highlighting the sentence when there is one."""
    if sentence_id is None:
        return f"/documents/{document_id}"
    return f"/documents/{document_id}?hl={sentence_id}#s{sentence_id}"


def _languages(s: Session, document_ids: set[int]) -> dict[int, str | None]:
    if not document_ids:
        return {}
    rows = s.execute(select(DocumentRow.id, DocumentRow.language).where(DocumentRow.id.in_(document_ids)))
    return {did: lang for did, lang in rows}


# ------------------------------------------------------------------ the cited profile
def _sentence_ids(s: Session, wanted: set[tuple[int, str]]) -> dict[tuple[int, str], int]:
    """(document id, sentence text) -> the first sentence of that document with exactly that text."""
    if not wanted:
        return {}
    by_doc: dict[int, set[str]] = defaultdict(set)
    for doc_id, text in wanted:
        by_doc[doc_id].add(text)
    out: dict[tuple[int, str], int] = {}
    for doc_id, texts in by_doc.items():
        rows = s.execute(
            select(SentenceRow.id, SentenceRow.text)
            .where(SentenceRow.document_id == doc_id, SentenceRow.text.in_(texts))
            .order_by(SentenceRow.idx, SentenceRow.id)
        )
        for sid, text in rows:
            out.setdefault((doc_id, text), sid)
    return out


def heading(profile: Profile) -> str:
    """As the CLI profile says it: the entity type (and registry kind), not a source statement."""
    kind = (
        f", {profile.kind.replace('_', ' ')}"
        if profile.kind and profile.kind != profile.type.lower()
        else ""
    )
    origin = "entity type and actor registry" if kind else "entity type"
    return f"Type: {profile.type}{kind} ({origin}, not a source statement)."


def profile_view(s: Session, entity_id: int) -> dict:
    """``build_profile`` with each citation [n] and quote linked to its supporting sentence."""
    profile = build_profile(s, entity_id)
    docs = {src.number: src.document_id for src in profile.sources}
    statements = [
        st for section in profile.sections for fld in section.fields for st in fld.statements
    ]
    sentence_of = _sentence_ids(
        s, {(docs[q.source], q.text) for st in statements for q in st.quotes if q.source in docs}
    )
    languages = _languages(s, set(docs.values()))
    titles = {src.number: src.title or src.source for src in profile.sources}

    def statement(st) -> dict:
        quotes = []
        for q in st.quotes:
            doc_id = docs.get(q.source)
            sid = sentence_of.get((doc_id, q.text)) if doc_id is not None else None
            quotes.append(
                {
                    "n": q.source,
                    "text": q.text,
                    "document_id": doc_id,
                    "sentence_id": sid,
                    "href": cite_href(doc_id, sid) if doc_id is not None else None,
                }
            )
        citations = []
        for n in st.citations:
            doc_id = docs.get(n)
            if doc_id is None:
                continue
            first = next((q for q in quotes if q["n"] == n and q["sentence_id"] is not None), None)
            sid = first["sentence_id"] if first else None
            citations.append(
                {
                    "n": n,
                    "document_id": doc_id,
                    "sentence_id": sid,
                    "title": titles.get(n),
                    "href": cite_href(doc_id, sid),
                }
            )
        return {
            "text": st.text,
            "citations": citations,
            "quotes": quotes,
            "conflict": st.data.get("kind") in CONFLICT_KINDS and "certainty" in st.data,
            "certainty": st.data.get("certainty"),
            "data": st.data,
        }

    sections = [
        {
            "key": section.key,
            "title": section.title,
            "fields": [
                {"label": fld.label, "statements": [statement(st) for st in fld.statements]}
                for fld in section.fields
            ],
        }
        for section in profile.sections
    ]
    sources = [
        asdict(src) | {"language": languages.get(src.document_id), "href": cite_href(src.document_id, None)}
        for src in profile.sources
    ]
    return {
        "entity_id": profile.entity_id,
        "name": profile.name,
        "type": profile.type,
        "kind": profile.kind,
        "heading": heading(profile),
        "sections": sections,
        "sources": sources,
        "notes": profile.notes,
        "not_stated": NOT_STATED,
    }


# ------------------------------------------------------------------ contradictions
def _evidence_sentences(s: Session, evidence_ids: set[int]) -> dict[int, int | None]:
    if not evidence_ids:
        return {}
    rows = s.execute(select(EvidenceRow.id, EvidenceRow.sentence_id).where(EvidenceRow.id.in_(evidence_ids)))
    return {eid: sid for eid, sid in rows}


def _side(record: ClaimRecord | RelationRecord, sentences: dict[int, int | None], languages: dict) -> dict:
    evidence = [
        {
            "document_id": ev.document.document_id,
            "document_title": ev.document.title or ev.document.source,
            "publisher": ev.document.publisher,
            "published": ev.document.published,
            "language": languages.get(ev.document.document_id),
            "sentence_id": sentences.get(ev.evidence_id),
            "sentence": ev.sentence,
            "href": cite_href(ev.document.document_id, sentences.get(ev.evidence_id)),
        }
        for ev in record.evidence
    ]
    if isinstance(record, ClaimRecord):
        by = f"attributed to {record.attributed_to}" if record.attributed_to else "attribution not stated"
        return {
            "kind": "claim",
            "fact_id": record.fact_id,
            "subject": {"id": record.subject_id, "name": record.subject},
            "quantity": record.quantity,
            "low": record.low,
            "high": record.high,
            "unit": record.unit,
            "as_of": record.as_of,
            "attributed_to": record.attributed_to,
            "statement": f"{record.subject}, {record.quantity.replace('_', ' ')}: {record.figure()} "
            f"({when(record)}; {by})",
            "evidence": evidence,
        }
    role = f"{record.role}, " if record.role else ""
    return {
        "kind": "relation",
        "fact_id": record.fact_id,
        "subject": {"id": record.subject_id, "name": record.subject},
        "predicate": record.predicate,
        "object": {"id": record.object_id, "name": record.object},
        "start": record.start,
        "end": record.end,
        "former": record.former,
        "statement": f"{record.subject} {record.predicate} {record.object} ({role}{record.period()})",
        "evidence": evidence,
    }


def contradiction_list(s: Session, entity_id: int | None = None) -> list[dict]:
    """What ``actorgraph contradictions`` prints, numbered the same way, with both sides' sources."""
    found: list[Contradiction] = contradictions(s, entity_id=entity_id)
    evidence = [ev for c in found for r in (c.first, c.second) for ev in r.evidence]
    sentences = _evidence_sentences(s, {ev.evidence_id for ev in evidence})
    languages = _languages(s, {ev.document.document_id for ev in evidence})
    return [
        {
            "n": n,
            "kind": c.kind,
            "kind_label": KIND_LABELS.get(c.kind, c.kind),
            "certainty": c.certainty,
            "summary": c.summary,
            "years_apart": c.years_apart,
            "fact_ids": [c.first.fact_id, c.second.fact_id],
            "sides": [_side(c.first, sentences, languages), _side(c.second, sentences, languages)],
        }
        for n, c in enumerate(found, 1)
    ]


def mark_claims(groups: list[dict], found: list[dict]) -> list[dict]:
    """Mark each claim of ``data.claims`` groups with the contradictions it takes part in.

    ``contradicts`` lists {n, kind, certainty, other} (``other`` is the fact on the other side);
    a group's ``contradiction`` is true when any of its claims has one."""
    by_fact: dict[int, list[dict]] = defaultdict(list)
    for c in found:
        a, b = c["fact_ids"]
        if c["sides"][0]["kind"] != "claim":
            continue
        for mine, other in ((a, b), (b, a)):
            entry = {"n": c["n"], "kind": c["kind"], "kind_label": c["kind_label"],
                     "certainty": c["certainty"], "other": other}
            if mine != other and entry not in by_fact[mine]:
                by_fact[mine].append(entry)
    for g in groups:
        for claim in g["claims"]:
            claim["contradicts"] = by_fact.get(claim["id"], [])
        g["contradiction"] = any(c["contradicts"] for c in g["claims"])
    return groups
