"""Claims listing and contradictions on stores built for each test."""

from __future__ import annotations

import pytest

from actorgraph.analyse.claims import claims, contradictions, date_bounds, years_apart

from .builder import StoreBuilder, coalition, run_cli


@pytest.fixture
def builder(tmp_path):
    b = StoreBuilder(tmp_path / "ws")
    b.entity("JNIM")
    b.entity("Katiba Macina")
    b.entity("Sub Unit")
    b.entity("Iyad Ag Ghaly", "Person")
    b.entity("Other Emir", "Person")
    b.doc1 = b.document("Report one", published="2025-11-17", publisher="Sahel Monitor")
    b.doc2 = b.document("Report two", published="2024-02")
    yield b
    b.store.close()


def _found(b: StoreBuilder, **kwargs):
    store = b.done()
    with store.session() as s:
        return contradictions(s, **kwargs)


def _say(b: StoreBuilder, doc: int, text: str) -> int:
    return b.sentence(doc, text)


def test_date_helpers():
    assert date_bounds("2017") == (date_bounds("2017-01-01")[0], date_bounds("2017-12-31")[1])
    assert date_bounds("2024-02")[1].day == 29
    assert date_bounds("not a date") is None and date_bounds(None) is None
    assert years_apart("2020", "2025") == pytest.approx(5, abs=0.01)
    assert years_apart("2020", None) is None


def test_two_disagreeing_estimates_are_a_contradiction(builder):
    b = builder
    b.claim("JNIM", "fighters", 2000, 2000, _say(b, b.doc1, "JNIM has 2,000 fighters."), as_of="2025")
    b.claim("JNIM", "fighters", 5000, 6000, _say(b, b.doc2, "JNIM has 5,000 to 6,000 fighters."), as_of="2024")
    [c] = _found(b)
    assert (c.kind, c.certainty) == ("figures", "contradiction")
    assert "2,000 persons" in c.summary and "5,000-6,000 persons" in c.summary
    assert "as of 2025" in c.summary and "as of 2024" in c.summary and "1.0 years apart" in c.summary
    assert {c.first.evidence[0].document.title, c.second.evidence[0].document.title} == {"Report one", "Report two"}


def test_overlapping_or_open_ended_estimates_are_not_flagged(builder):
    b = builder
    b.claim("JNIM", "fighters", 5000, 8000, _say(b, b.doc1, "JNIM has 5,000 to 8,000 fighters."), as_of="2025")
    b.claim("JNIM", "fighters", 6000, 6000, _say(b, b.doc2, "JNIM has 6,000 fighters."), as_of="2024")
    b.claim("JNIM", "fighters", 5500, None, _say(b, b.doc2, "JNIM has more than 5,500 fighters."), as_of="2024")
    assert _found(b) == []


def test_open_ended_range_above_a_ceiling_is_flagged(builder):
    b = builder
    b.claim("JNIM", "fighters", 1000, 2000, _say(b, b.doc1, "JNIM has 1,000 to 2,000 fighters."), as_of="2025")
    b.claim("JNIM", "fighters", 3000, None, _say(b, b.doc2, "JNIM has more than 3,000 fighters."), as_of="2024")
    [c] = _found(b)
    assert "more than 3,000 persons" in c.summary


def test_figures_years_apart_or_of_other_kinds_are_not_compared(builder):
    b = builder
    b.claim("JNIM", "fighters", 800, 800, _say(b, b.doc1, "In 2017 JNIM had 800 fighters."), as_of="2017")
    b.claim("JNIM", "fighters", 6000, 6000, _say(b, b.doc1, "JNIM has 6,000 fighters."), as_of="2025")
    b.claim("JNIM", "fatalities", 14, 14, _say(b, b.doc1, "JNIM killed 14."), as_of="2025")
    b.claim("JNIM", "fatalities", 200, 200, _say(b, b.doc2, "JNIM killed 200."), as_of="2025")
    b.claim("JNIM", "troops", 50, 50, _say(b, b.doc2, "JNIM has 50 troops in tonnes."), unit="tonnes", as_of="2025")
    assert _found(b) == []


def test_unknown_date_is_compared_and_said_to_be_unknown(builder):
    b = builder
    b.claim("JNIM", "fighters", 2000, 2000, _say(b, b.doc1, "JNIM has 2,000 fighters."))
    b.claim("JNIM", "fighters", 9000, 9000, _say(b, b.doc2, "JNIM has 9,000 fighters."), as_of="2024")
    [c] = _found(b)
    assert "date not stated; source published 2025-11-17" in c.summary
    assert "at least one date is not stated" in c.summary and c.years_apart is None


def test_component_exceeding_the_whole_is_component_vs_whole(builder):
    b = builder
    b.relation("Katiba Macina", "part_of", "JNIM", _say(b, b.doc1, "Katiba Macina is part of JNIM."))
    b.relation("Sub Unit", "part_of", "Katiba Macina", _say(b, b.doc1, "Sub Unit is part of Katiba Macina."))
    b.claim("JNIM", "fighters", 2000, 2000, _say(b, b.doc2, "JNIM has 2,000 fighters."), as_of="2024")
    b.claim("Katiba Macina", "fighters", 5000, 8000,
            _say(b, b.doc1, "Katiba Macina alone has 5,000 to 8,000 fighters."), as_of="2025-11")
    b.claim("Sub Unit", "fighters", 3000, 3000, _say(b, b.doc1, "Sub Unit has 3,000 fighters."), as_of="2025")
    b.claim("Sub Unit", "fighters", 100, 100, _say(b, b.doc1, "Sub Unit has 100 fighters."), as_of="2025")
    found = _found(b)
    kinds = sorted((c.kind, c.first.subject, c.second.subject) for c in found)
    # Katiba Macina and (transitively) Sub Unit's 3,000 each exceed the whole's 2,000; the two Sub Unit
    # figures disagree with each other; 100 for Sub Unit is smaller than every whole: not flagged.
    assert kinds == [("component_vs_whole", "JNIM", "Katiba Macina"), ("component_vs_whole", "JNIM", "Sub Unit"),
                     ("figures", "Sub Unit", "Sub Unit")]
    macina = next(c for c in found if c.second.subject == "Katiba Macina")
    assert "component vs whole" in macina.summary and "exceeds the whole" in macina.summary
    assert "2,000 persons for JNIM" in macina.summary and "5,000-8,000 persons" in macina.summary


def test_conflicting_leaders(builder):
    b = builder
    s1 = _say(b, b.doc1, "Iyad Ag Ghaly leads JNIM.")
    s2 = _say(b, b.doc2, "Other Emir leads JNIM.")
    b.relation("Iyad Ag Ghaly", "leader_of", "JNIM", s1)
    b.relation("Other Emir", "leader_of", "JNIM", s2)
    [c] = _found(b)
    assert (c.kind, c.certainty) == ("leaders", "possible conflict")
    assert "Iyad Ag Ghaly" in c.summary and "Other Emir" in c.summary and "dates not stated" in c.summary
    assert len(c.first.evidence) == len(c.second.evidence) == 1


def test_dated_overlapping_leaders_conflict_and_successive_ones_do_not(tmp_path):
    b = StoreBuilder(tmp_path / "ws")
    for name in ("JNIM", "AQIM"):
        b.entity(name)
    for name in ("A", "B", "C", "D"):
        b.entity(f"Emir {name}", "Person")
    doc = b.document("Report")
    b.relation("Emir A", "leader_of", "JNIM", b.sentence(doc, "Emir A leads JNIM."), start="2017")
    b.relation("Emir B", "leader_of", "JNIM", b.sentence(doc, "Emir B leads JNIM."), start="2019", end="2021")
    b.relation("Emir C", "leader_of", "AQIM", b.sentence(doc, "Emir C led AQIM."), start="2004", end="2019")
    b.relation("Emir D", "leader_of", "AQIM", b.sentence(doc, "Emir D leads AQIM."), start="2020")
    b.relation("Emir B", "leader_of", "AQIM", b.sentence(doc, "Emir B, former emir of AQIM."), former=True)
    found = _found(b)
    b.store.close()
    assert [(c.kind, c.certainty, {c.first.subject, c.second.subject}) for c in found] == [
        ("leaders", "contradiction", {"Emir A", "Emir B"})]


def test_relation_asserted_with_contradictory_dates(builder):
    b = builder
    b.relation("Katiba Macina", "part_of", "JNIM", _say(b, b.doc1, "Katiba Macina joined JNIM in March 2017."),
               start="2017-03")
    b.relation("Katiba Macina", "part_of", "JNIM", _say(b, b.doc2, "Katiba Macina joined JNIM in 2018."),
               start="2018")
    b.relation("Katiba Macina", "part_of", "JNIM", _say(b, b.doc2, "Katiba Macina joined JNIM on 2 March 2017."),
               start="2017-03-02")
    found = _found(b)
    # 2017-03 and 2017-03-02 can both be right (one is more precise); 2018 contradicts each of them.
    assert [c.kind for c in found] == ["relation_dates", "relation_dates"]
    assert sorted(tuple(sorted((c.first.start, c.second.start))) for c in found) == [
        ("2017-03", "2018"), ("2017-03-02", "2018")]
    assert "start dates disagree (since 2017-03 vs since 2018)" in found[0].summary


def test_claims_list_every_source_with_its_own_date_and_attribution(builder):
    b = builder
    fact = b.claim("JNIM", "fighters", 2000, 2000, _say(b, b.doc1, "JNIM has 2,000 fighters."), as_of="2025",
                   attributed_to="Timbuktu Institute")
    b.evidence(fact, _say(b, b.doc2, "JNIM has 2,000 fighters, says the ISS."),
               {"as_of": "2024", "attributed_to": "ISS"})
    store = b.done()
    with store.session() as s:
        records = claims(s)
    assert [(r.as_of, r.attributed_to, r.evidence[0].document.title) for r in records] == [
        ("2024", "ISS", "Report two"), ("2025", "Timbuktu Institute", "Report one")]


def test_cli_claims_and_contradictions(tmp_path):
    workspace = tmp_path / "ws"
    coalition(workspace).close()
    listed = run_cli(workspace, "claims", "JNIM", "--evidence")
    assert listed.exit_code == 0, listed.output
    assert "fighters" in listed.output and "2,000 persons (date not stated; source published 2020-05" in listed.output
    assert "«JNIM profile»" in listed.output and "“JNIM has about 2,000 fighters" in listed.output
    assert "5,000-8,000" not in listed.output  # Katiba Macina's figure is not JNIM's
    every = run_cli(workspace, "claims")
    assert "Katiba Macina — fighters" in every.output and "attributed to Timbuktu Institute" in every.output
    found = run_cli(workspace, "contradictions", "--evidence")
    assert found.exit_code == 0, found.output
    assert "[component_vs_whole; contradiction]" in found.output
    assert "5,000-8,000 persons for its component Katiba Macina alone" in found.output
    assert "Ghost Leader" not in found.output  # superseded and rejected facts do not count
    missing = run_cli(workspace, "claims", "Nobody At All")
    assert missing.exit_code == 1 and "no entity named" in missing.output
