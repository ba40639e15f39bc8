"""Cross-document event dedupe (store/dedupe.py) on small hand-built stores."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sqlalchemy import func, select

from actorgraph.extract.dates import PartialDate
from actorgraph.model import Fact
from actorgraph.store.dedupe import dates_compatible, dedupe_events
from actorgraph.store.models import DocumentRow, EntityRow, EvidenceRow, FactEntityRow, FactRow, SentenceRow
from actorgraph.store.repository import Store, save_fact

LERE = {"place": "Lere", "country": "Mali", "admin1": "Tombouctou", "lat": 15.71528, "lon": -4.90417,
        "geo_precision": 1}
MALI = {"place": "Mali", "country": "Mali", "admin1": None, "lat": 17.570692, "lon": -3.996166,
        "geo_precision": 3}
BAMAKO = {"place": "Bamako", "country": "Mali", "admin1": "Bamako", "lat": 12.60915, "lon": -7.97522,
          "geo_precision": 1}


class Events:
    """A store holding documents with one sentence each and the event facts a test states."""

    def __init__(self, tmp_path: Path):
        self.store = Store(f"sqlite:///{tmp_path / 'events.db'}")
        self.entities: dict[str, int] = {}
        self.n = 0

    def entity(self, s, name: str, type_: str = "Organization", key: str | None = None) -> int:
        if name not in self.entities:
            row = EntityRow(type=type_, canonical_name=name, key=key)
            s.add(row)
            s.flush()
            self.entities[name] = row.id
        return self.entities[name]

    def document(self, s, title: str, sentence: str, published: str | None = None,
                 publisher: str | None = None) -> tuple[int, int]:
        self.n += 1
        doc = DocumentRow(source=f"test/{self.n}.txt", content_hash=hashlib.sha256(title.encode()).hexdigest(),
                          media_type="text/plain", title=title, publisher=publisher, published=published,
                          language="en", text=sentence)
        s.add(doc)
        s.flush()
        row = SentenceRow(document_id=doc.id, idx=0, start=0, end=len(sentence), text=sentence)
        s.add(row)
        s.flush()
        return doc.id, row.id

    def event(self, s, doc: tuple[int, int], type_: str, sub_type: str, date: str | None, place: dict | None,
              actors: tuple[str, ...] = (), actors2: tuple[str, ...] = (), fatalities: int | None = None,
              location: str | None = None, summary: str = "") -> FactRow:
        ids = {}
        for name in (*actors, *actors2):
            ids[name] = self.entity(s, name, key=None)
        if location:
            ids[location] = self.entity(s, location, "Location")
        precision = PartialDate.from_iso(date).precision if date else None
        data = {"type": type_, "sub_type": sub_type, "date": date, "time_precision": precision,
                "actors": [ids[a] for a in actors], "assoc_actors": [], "actors2": [ids[a] for a in actors2],
                "targets": [], "fatalities": fatalities, "summary": summary or f"{type_} {date}",
                **(place or {"place": None, "country": "Mali", "admin1": None, "lat": None, "lon": None,
                             "geo_precision": None})}
        if location:
            data["location"] = [ids[location]]
        fact = Fact(kind="event", data=data, sentence=0, rule="test.event", confidence=0.7)
        return save_fact(s, fact, doc[0], doc[1], {i: i for i in ids.values()})


def _events(s) -> list[FactRow]:
    return list(s.scalars(select(FactRow).where(FactRow.kind == "event").order_by(FactRow.id)))


def _documents(s, fact_id: int) -> set[int]:
    return set(s.scalars(select(EvidenceRow.document_id).where(EvidenceRow.fact_id == fact_id)))


@pytest.fixture
def events(tmp_path) -> Events:
    built = Events(tmp_path)
    yield built
    built.store.close()


def test_same_incident_in_two_documents_is_one_event_with_the_lowest_figure(events):
    with events.store.transaction() as s:
        a = events.document(s, "Report A", "JNIM killed at least 10 civilians in Lere.", "2025-11-05", "AFP")
        b = events.document(s, "Report B", "Fourteen civilians died in Lere on 3 November.", "2025-11-17",
                            "Arab News")
        events.event(s, a, "violence_against_civilians", "attack", "2025-11-03", LERE, ("JNIM",), fatalities=10)
        events.event(s, b, "violence_against_civilians", "attack", "2025-11-03", LERE, ("JNIM",), fatalities=14)
        assert len(_events(s)) == 2
        assert dedupe_events(s) == 1
    with events.store.session() as s:
        (fact,) = _events(s)
        assert _documents(s, fact.id) == {a[0], b[0]}
        assert fact.data["fatalities"] == 10
        assert fact.data["fatalities_disputed"] is True
        assert fact.data["fatalities_by_source"] == {str(a[0]): 10, str(b[0]): 14}
        # Each source keeps its own figure on its evidence row.
        figures = {ev.document_id: ev.data["fatalities"] for ev in
                   s.scalars(select(EvidenceRow).where(EvidenceRow.fact_id == fact.id))}
        assert figures == {a[0]: 10, b[0]: 14}


def test_different_days_stay_two_events(events):
    with events.store.transaction() as s:
        a = events.document(s, "A", "s")
        b = events.document(s, "B", "s")
        events.event(s, a, "battles", "armed_clash", "2025-11-03", LERE, ("JNIM",), fatalities=10)
        events.event(s, b, "battles", "armed_clash", "2025-11-04", LERE, ("JNIM",), fatalities=14)
        assert dedupe_events(s) == 0
        assert len(_events(s)) == 2


def test_different_places_stay_two_events(events):
    with events.store.transaction() as s:
        a = events.document(s, "A", "s")
        b = events.document(s, "B", "s")
        events.event(s, a, "battles", "armed_clash", "2025-11-03", LERE, ("JNIM",))
        events.event(s, b, "battles", "armed_clash", "2025-11-03", BAMAKO, ("JNIM",))
        assert dedupe_events(s) == 0


def test_points_within_10_km_are_one_place(events):
    near = {**LERE, "place": "outskirts of Lere", "lat": LERE["lat"] + 0.05}  # ~5.5 km north
    with events.store.transaction() as s:
        a = events.document(s, "A", "s")
        b = events.document(s, "B", "s")
        events.event(s, a, "battles", "armed_clash", "2025-11-03", LERE, ("JNIM",))
        events.event(s, b, "battles", "armed_clash", "2025-11-03", near, ("JNIM",))
        assert dedupe_events(s) == 1


def test_coarser_date_merges_and_the_precise_date_and_place_are_kept(events):
    with events.store.transaction() as s:
        a = events.document(s, "A", "s")
        b = events.document(s, "B", "s")
        first = events.event(s, a, "violence_against_civilians", "attack", "2025-11", LERE, ("JNIM",),
                             location="Léré")
        events.event(s, b, "violence_against_civilians", "attack", "2025-11-03", LERE, ("JNIM",),
                     location="Léré")
        assert dedupe_events(s) == 1
        (fact,) = _events(s)
        assert fact.id == first.id
        assert fact.data["date"] == "2025-11-03" and fact.data["time_precision"] == 1 and fact.start == "2025-11-03"
        assert "fatalities_disputed" not in fact.data


def test_other_named_perpetrator_stays_apart(events):
    with events.store.transaction() as s:
        a = events.document(s, "A", "s")
        b = events.document(s, "B", "s")
        events.event(s, a, "battles", "armed_clash", "2025-11-03", LERE, ("JNIM",))
        events.event(s, b, "battles", "armed_clash", "2025-11-03", LERE, ("ISSP",))
        assert dedupe_events(s) == 0


def test_two_events_of_one_document_are_never_merged(events):
    with events.store.transaction() as s:
        a = events.document(s, "A", "s")
        events.event(s, a, "battles", "armed_clash", "2025-11-03", LERE, ("JNIM",), fatalities=3)
        events.event(s, a, "battles", "armed_clash", "2025-11-03", LERE, ("JNIM",), fatalities=5)
        assert dedupe_events(s) == 0


def test_undated_strategic_development_joins_the_dated_one_with_the_same_actor(events):
    with events.store.transaction() as s:
        a = events.document(s, "A", "s")
        b = events.document(s, "B", "s")
        c = events.document(s, "C", "s")
        events.event(s, a, "strategic_developments", "group_formation", "2017", MALI, ("JNIM",), location="Mali")
        events.event(s, b, "strategic_developments", "group_formation", "2017-03-02", None, ("JNIM",))
        events.event(s, c, "strategic_developments", "group_formation", None, MALI, ("JNIM", "Ansar Dine"),
                     location="Mali")
        events.event(s, c, "strategic_developments", "group_formation", None, None, ("Alliance of Sahel States",))
        assert dedupe_events(s) == 2
        facts = _events(s)
        assert len(facts) == 2
        jnim = facts[0]
        assert jnim.data["date"] == "2017-03-02" and jnim.data["place"] == "Mali"
        assert _documents(s, jnim.id) == {a[0], b[0], c[0]}
        actors = set(s.scalars(select(FactEntityRow.entity_id).where(FactEntityRow.fact_id == jnim.id,
                                                                      FactEntityRow.role == "actors")))
        assert actors == {events.entities["JNIM"], events.entities["Ansar Dine"]}


def test_undated_blockade_takes_the_more_precise_place(events):
    with events.store.transaction() as s:
        a = events.document(s, "A", "s")
        b = events.document(s, "B", "s")
        events.event(s, a, "strategic_developments", "blockade", None, MALI, ("JNIM",), location="Mali")
        events.event(s, b, "strategic_developments", "blockade", None, BAMAKO, ("JNIM",), location="Bamako")
        assert dedupe_events(s) == 1
        (fact,) = _events(s)
        assert fact.data["place"] == "Bamako" and fact.data["geo_precision"] == 1
        location = s.scalars(select(FactEntityRow.entity_id).where(FactEntityRow.fact_id == fact.id,
                                                                    FactEntityRow.role == "location")).all()
        assert location == [events.entities["Bamako"]]


def test_an_ambiguous_undated_report_is_left_alone(events):
    with events.store.transaction() as s:
        a = events.document(s, "A", "s")
        b = events.document(s, "B", "s")
        events.event(s, a, "strategic_developments", "statement", "2020-03-12", None, ("JNIM",))
        events.event(s, a, "strategic_developments", "statement", "2020-07-01", None, ("JNIM",))
        events.event(s, b, "strategic_developments", "statement", "2020", None, ("JNIM",))
        assert dedupe_events(s) == 0
        assert len(_events(s)) == 3


def test_dedupe_is_idempotent(events):
    with events.store.transaction() as s:
        a = events.document(s, "A", "s")
        b = events.document(s, "B", "s")
        c = events.document(s, "C", "s")
        events.event(s, a, "violence_against_civilians", "attack", "2025-11-03", LERE, ("JNIM",), fatalities=10)
        events.event(s, b, "violence_against_civilians", "attack", "2025-11", LERE, ("JNIM",), fatalities=14)
        events.event(s, c, "violence_against_civilians", "attack", "2025-11-03", LERE, (), fatalities=12)
        assert dedupe_events(s) == 2
    with events.store.transaction() as s:
        before = [(f.id, f.data) for f in _events(s)]
        evidence = s.scalar(select(func.count()).select_from(EvidenceRow))
        assert dedupe_events(s) == 0
        assert [(f.id, f.data) for f in _events(s)] == before
        assert s.scalar(select(func.count()).select_from(EvidenceRow)) == evidence == 3
        (fact,) = _events(s)
        assert fact.data["fatalities"] == 10 and len(fact.data["fatalities_by_source"]) == 3


def test_rejected_facts_are_not_merged(events):
    with events.store.transaction() as s:
        a = events.document(s, "A", "s")
        b = events.document(s, "B", "s")
        events.event(s, a, "battles", "armed_clash", "2025-11-03", LERE, ("JNIM",))
        other = events.event(s, b, "battles", "armed_clash", "2025-11-03", LERE, ("JNIM",))
        other.status = "rejected"
        s.flush()
        assert dedupe_events(s) == 0


@pytest.mark.parametrize(("a", "b", "ok"), [
    ("2025-11-03", "2025-11-03", True), ("2025-11", "2025-11-03", True), ("2025", "2025-11-03", True),
    ("2025-11-03", "2025-11-04", False), ("2025-10", "2025-11", False), ("2024", "2025-01-01", False),
    (None, "2025-11-03", True),
])
def test_dates_compatible(a, b, ok):
    pa = PartialDate.from_iso(a) if a else None
    pb = PartialDate.from_iso(b) if b else None
    assert dates_compatible(pa, pb) is ok
    assert dates_compatible(pb, pa) is ok
