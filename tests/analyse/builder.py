"""A tiny store written row by row, so that each test states exactly the facts it needs."""

from __future__ import annotations

import hashlib
from pathlib import Path

from typer.testing import CliRunner

from actorgraph.cli import app, state
from actorgraph.resolve.names import normalise
from actorgraph.settings import load_settings
from actorgraph.store.models import (
    AliasRow,
    DocumentRow,
    EntityRow,
    EvidenceRow,
    FactEntityRow,
    FactRow,
    MentionRow,
    SentenceRow,
)
from actorgraph.store.repository import Store, refresh_support

XSS = "<script>alert(1)</script>"


class StoreBuilder:
    """Documents, sentences (with mentions of known entities), entities and facts with evidence."""

    def __init__(self, workspace: Path, db: str | None = None):
        workspace.mkdir(parents=True, exist_ok=True)
        self.workspace = workspace
        self.store = Store(load_settings(workspace, db=db).db_url)
        self.s = self.store.sessions()
        self.entities: dict[str, EntityRow] = {}
        self.sentences: dict[int, int] = {}
        self.n = 0

    def entity(self, name: str, type_: str = "Organization", aliases: tuple[str, ...] = (),
               key: str | None = None) -> int:
        row = EntityRow(type=type_, canonical_name=name, key=key)
        for alias in (name, *aliases):
            row.aliases.append(AliasRow(name=alias, normalised=normalise(alias), origin="text"))
        self.s.add(row)
        self.s.flush()
        self.entities[name] = row
        for alias in aliases:
            self.entities[alias] = row
        return row.id

    def document(self, title: str, published: str | None = None, author: str | None = None,
                 publisher: str | None = None, current: bool = True) -> int:
        self.n += 1
        doc = DocumentRow(source=f"test/doc{self.n}.txt", content_hash=hashlib.sha256(f"{self.n}".encode())
                          .hexdigest(), media_type="text/plain", title=title, author=author, publisher=publisher,
                          published=published, language="en", text="", current=current)
        self.s.add(doc)
        self.s.flush()
        return doc.id

    def sentence(self, document_id: int, text: str) -> int:
        doc = self.s.get(DocumentRow, document_id)
        start = len(doc.text)
        doc.text += text + " "
        idx = self.sentences.get(document_id, 0)
        self.sentences[document_id] = idx + 1
        row = SentenceRow(document_id=document_id, idx=idx, start=start, end=start + len(text), text=text)
        self.s.add(row)
        self.s.flush()
        for name, entity in self.entities.items():
            at = text.find(name)
            if at >= 0:
                self.s.add(MentionRow(document_id=document_id, sentence_id=row.id, entity_id=entity.id,
                                      start=start + at, end=start + at + len(name), text=name, type=entity.type,
                                      label="", rule="test"))
        self.s.flush()
        return row.id

    def _fact(self, kind: str, predicate: str, subject: str | None, obj: str | None, sentence: int,
              data: dict, start: str | None = None, end: str | None = None,
              roles: dict[str, list[str]] | None = None, status: str = "active") -> int:
        self.n += 1
        fact = FactRow(kind=kind, predicate=predicate, subject_id=self.entities[subject].id if subject else None,
                       object_id=self.entities[obj].id if obj else None, start=start, end=end, data=data,
                       confidence=0.8, status=status, fingerprint=f"fp{self.n}")
        self.s.add(fact)
        self.s.flush()
        for role, names in (roles or {}).items():
            self.s.add_all(FactEntityRow(fact_id=fact.id, entity_id=self.entities[n].id, role=role) for n in names)
        self.evidence(fact.id, sentence)
        return fact.id

    def evidence(self, fact_id: int, sentence: int, data: dict | None = None) -> None:
        doc_id = self.s.get(SentenceRow, sentence).document_id
        self.s.add(EvidenceRow(fact_id=fact_id, document_id=doc_id, sentence_id=sentence, rule="test.v1",
                               confidence=0.8, data=data or {}))
        self.s.flush()
        refresh_support(self.s, [fact_id])  # as the store's writers do

    def relation(self, subject: str, predicate: str, obj: str, sentence: int, start: str | None = None,
                 end: str | None = None, role: str | None = None, former: bool = False,
                 status: str = "active") -> int:
        data = {"predicate": predicate, "role": role, "start": start, "end": end}
        if former:
            data["former"] = True
        return self._fact("relation", predicate, subject, obj, sentence, data, start, end, status=status)

    def claim(self, subject: str, quantity: str, low: float | None, high: float | None, sentence: int,
              unit: str = "persons", as_of: str | None = None, attributed_to: str | None = None) -> int:
        data = {"quantity": quantity, "low": low, "high": high, "unit": unit, "currency": None, "as_of": as_of,
                "attributed_to": attributed_to}
        return self._fact("claim", quantity, subject, None, sentence, data, as_of)

    def funding(self, subject: str, source: str, sentence: int) -> int:
        return self._fact("funding", source, subject, None, sentence, {"source": source})

    def event(self, type_: str, sub_type: str, sentence: int, actors: list[str], date: str | None = None,
              location: str | None = None, summary: str = "", fatalities: int | None = None) -> int:
        data = {"type": type_, "sub_type": sub_type, "date": date, "place": location, "country": None,
                "summary": summary, "fatalities": fatalities, "targets": []}
        roles = {"actors": actors, **({"location": [location]} if location else {})}
        return self._fact("event", type_, None, None, sentence, data, date, roles=roles)

    def done(self) -> Store:
        self.s.commit()
        self.s.close()
        return self.store


runner = CliRunner()


def run_cli(workspace: Path, *args: str):
    """One CLI invocation against ``workspace``, opening and closing its own store like a process."""
    state.store = None
    result = runner.invoke(app, ["--workspace", str(workspace), *args])
    if state.store is not None:
        state.store.close()
        state.store = None
    return result


def coalition(workspace: Path) -> Store:
    """A coalition, two components, a leader, figures that agree and disagree, funding, events, a
    designation, a hostile sentence, and facts that must not show (rejected, superseded source)."""
    b = StoreBuilder(workspace)
    b.entity("Jama'at Nusrat al-Islam wal-Muslimin", aliases=("JNIM",), key="jnim")
    b.entity("Katiba Macina")
    b.entity("Ansar Dine")
    b.entity("Iyad Ag Ghaly", "Person")
    b.entity("Amadou Koufa", "Person")
    b.entity("Ghost Leader", "Person")
    b.entity("Malian Armed Forces", aliases=("FAMa",))
    b.entity("United States", "Location")
    b.entity("Lere", "Location")
    b.entity("Mali", "Location")
    d1 = b.document("JNIM tightens its grip", published="2025-11-17", author="A. Reporter",
                    publisher="Sahel Monitor")
    d2 = b.document("JNIM profile", published="2020-05", publisher=f"Think {XSS} Tank")
    old = b.document("Old version", published="2019", current=False)
    s_lead = b.sentence(d1, "JNIM is led by Iyad Ag Ghaly, its emir since 2017.")
    s_parts = b.sentence(d1, "Katiba Macina and Ansar Dine are components of JNIM.")
    s_big = b.sentence(d1, "Katiba Macina alone has 5,000 to 8,000 fighters, says the Timbuktu Institute.")
    s_kill = b.sentence(d1, "JNIM killed 14 civilians in Lere in November 2025.")
    s_fund = b.sentence(d1, "JNIM finances itself through kidnapping for ransom.")
    s_size = b.sentence(d2, f"JNIM has about 2,000 fighters {XSS}.")
    s_fama = b.sentence(d2, "JNIM fights FAMa across Mali.")
    s_us = b.sentence(d2, "JNIM was designated by United States in 2018.")
    s_koufa = b.sentence(d2, "Amadou Koufa is a senior leader of JNIM.")
    s_ghost = b.sentence(old, "Ghost Leader leads JNIM.")
    b.relation("Iyad Ag Ghaly", "leader_of", "JNIM", s_lead, start="2017", role="emir")
    b.relation("Katiba Macina", "part_of", "JNIM", s_parts, start="2017-03")
    b.relation("Ansar Dine", "part_of", "JNIM", s_parts, start="2017-03")
    b.relation("Amadou Koufa", "member_of", "JNIM", s_koufa, role="senior leader")
    b.relation("JNIM", "opposes", "FAMa", s_fama)
    b.relation("JNIM", "operates_in", "Mali", s_fama)
    b.relation("JNIM", "sanctioned_by", "United States", s_us, start="2018")
    b.relation("Ghost Leader", "leader_of", "JNIM", s_ghost)  # only a superseded document says so
    b.relation("Ghost Leader", "member_of", "JNIM", s_lead, status="rejected")  # an analyst rejected it
    b.claim("Katiba Macina", "fighters", 5000, 8000, s_big, as_of="2025-11", attributed_to="Timbuktu Institute")
    b.claim("JNIM", "fighters", 2000, 2000, s_size)  # undated figure in a source published 2020-05
    b.claim("JNIM", "fatalities", 14, 14, s_kill, as_of="2025-11")
    b.funding("JNIM", "kidnapping_ransom", s_fund)
    b.event("violence_against_civilians", "attack", s_kill, ["JNIM"], "2025-11", "Lere", "killed 14 civilians", 14)
    b.event("battles", "armed_clash", s_fama, ["JNIM", "FAMa"], None, "Mali", "fights FAMa")
    return b.done()
