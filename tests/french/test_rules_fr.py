"""French relation, event, claim and funding patterns: positive and negative sentences, with
French dates and numbers in context."""

from __future__ import annotations

from tests.french.conftest import named, triples

JNIM = "Groupe de soutien à l'islam et aux musulmans"


# ------------------------------------------------------------------ relations
def test_led_by_and_affiliated(extract_fr):
    ex = extract_fr("Le GSIM, affilié à al-Qaïda, est dirigé par le Touareg malien Iyad Ag Ghaly.")
    t = triples(ex)
    assert ("Iyad Ag Ghaly", "leader_of", "GSIM") in t
    assert ("GSIM", "affiliated_with", "al-Qaïda") in t


def test_roles_chief_emir_spokesman(extract_fr):
    ex = extract_fr("Amadou Koufa est le chef de la katiba Macina. Sidan Ag Hitta, un commandant du GSIM dans la "
                    "région de Kidal, a été vu à Gao. Le JNIM, dont l'émir est Iyad Ag Ghaly, recrute.")
    t = triples(ex)
    assert ("Amadou Koufa", "leader_of", "katiba Macina") in t
    assert ("Sidan Ag Hitta", "member_of", "GSIM") in t
    assert ("GSIM", "operates_in", "région de Kidal") in t
    assert ("Iyad Ag Ghaly", "leader_of", "GSIM") in t  # JNIM and GSIM are one entity, named GSIM


def test_allegiance_alliance_and_operations(extract_fr):
    ex = extract_fr("L'EIGS a prêté allégeance à l'État islamique en 2015. Les autorités maliennes se sont "
                    "alliées à la Russie. Le JNIM opère dans le centre du Mali, ainsi qu'au Burkina Faso.")
    rels = named(ex, "relation")
    allegiance = [r for r in rels if r["predicate"] == "allegiance_to"]
    assert allegiance and allegiance[0]["start"] == "2015"
    t = triples(ex)
    assert ("autorités maliennes", "allied_with", "Russie") in t
    assert {("JNIM", "operates_in", "Mali"), ("JNIM", "operates_in", "Burkina Faso")} <= t


def test_merger_media_arm_and_rivalry(extract_fr):
    ex = extract_fr("En mars 2017, Ansar Eddine et Al-Mourabitoune ont fusionné pour former le GSIM. "
                    "Dans un message, la branche médiatique du GSIM, az-Zallaqa, a menacé Bamako. "
                    "L'EIGS combat le JNIM, son rival affilié à al-Qaïda.")
    rels = named(ex, "relation")
    part = {(r["subject"], r["object"], r["start"]) for r in rels if r["predicate"] == "part_of"}
    assert ("Ansar Eddine", "GSIM", "2017-03") in part and ("Al-Mourabitoune", "GSIM", "2017-03") in part
    t = triples(ex)
    assert ("az-Zallaqa", "media_arm_of", "GSIM") in t
    assert ("EIGS", "opposes", "GSIM") in t or ("GSIM", "opposes", "EIGS") in t  # JNIM = GSIM


def test_relation_negatives(extract_fr):
    ex = extract_fr("Selon RFI, le prix du carburant a doublé à Bamako. Le ministre a rencontré des journalistes "
                    "de Jeune Afrique à Paris.")
    assert not [r for r in named(ex, "relation") if r["predicate"] in ("leader_of", "opposes", "allied_with")]


def test_french_relations_only_run_on_french(extract_fr):
    from actorgraph.extract.rules.relations_fr import french_relations

    ex = extract_fr("Le GSIM est dirigé par Iyad Ag Ghaly.", names=["relations_fr"])
    assert triples(ex)
    assert callable(french_relations)


# ------------------------------------------------------------------ events
def test_killing_of_civilians_with_french_date(extract_fr):
    ex = extract_fr("Des combattants du GSIM ont tué au moins 14 civils le 4 novembre à Léré, dans le centre du "
                    "Mali, ont indiqué mercredi des sources locales.", published="2025-11-06")
    events = named(ex, "event")
    assert len(events) == 1
    e = events[0]
    assert e["type"] == "violence_against_civilians" and e["date"] == "2025-11-04"
    assert e["fatalities"] == 14 and e["place"] == "Léré" and e["actors"] == ["GSIM"]


def test_ambush_ied_blockade_withdrawal_coup(extract_fr):
    ex = extract_fr("Vingt-neuf soldats nigériens ont été tués le 20 mars 2025 dans une embuscade tendue par des "
                    "combattants de l'EIGS près de Banibangou. Le même jour, un attentat à l'engin explosif "
                    "improvisé a visé un véhicule civil près de Ménaka, tuant six passagers. Depuis septembre 2025, "
                    "les jihadistes du JNIM imposent un blocus sur Kayes. La force Barkhane s'est retirée du Mali "
                    "en août 2022. Le coup d'État d'août 2020 a porté la junte au pouvoir.",
                    published="2025-10-01")
    by_type = {(e["type"], e["date"]): e for e in named(ex, "event")}
    battle = by_type[("battles", "2025-03-20")]
    assert battle["fatalities"] == 29 and battle["actors"] == ["EIGS"] and battle["place"] == "Banibangou"
    assert by_type[("explosions_remote_violence", "2025-03-20")]["fatalities"] == 6
    assert by_type[("strategic_developments", "2025-09")]["sub_type"] == "blockade"
    assert by_type[("strategic_developments", "2022-08")]["sub_type"] == "troop_withdrawal"
    assert by_type[("strategic_developments", "2020-08")]["sub_type"] == "coup"


def test_abduction_and_release_take_their_own_dates(extract_fr):
    ex = extract_fr("En novembre 2023, un otage allemand, le prêtre Hans-Joachim Lohre, enlevé à Bamako en "
                    "novembre 2022, a été libéré.")
    got = {(e["sub_type"], e["date"]) for e in named(ex, "event")}
    assert ("abduction_forced_disappearance", "2022-11") in got
    assert ("hostage_release", "2023-11") in got


def test_event_negatives_habit_hypothesis_negation(extract_fr):
    ex = extract_fr("Ces dernières années, le JNIM a multiplié les embuscades contre l'armée burkinabè. "
                    "Le groupe pourrait attaquer Bamako. L'armée n'a pas attaqué Kidal. "
                    "Il combat à la fois les armées de la région et l'EIGS.")
    assert named(ex, "event") == []


# ------------------------------------------------------------------ claims
def test_fighters_claim_with_attribution(extract_fr):
    ex = extract_fr("Selon l'Institut Timbuktu, basé à Dakar, la katiba Macina compterait à elle seule entre "
                    "5 000 et 8 000 combattants.", published="2025-11-06")
    claims = named(ex, "claim")
    assert len(claims) == 1
    c = claims[0]
    assert (c["quantity"], c["low"], c["high"], c["unit"]) == ("fighters", 5000, 8000, "persons")
    assert c["subject"] == "katiba Macina" and c["attributed_to"] == "Institut Timbuktu"
    assert c["as_of"] == "2025-11"


def test_fatalities_ransom_and_vague_numbers(extract_fr):
    ex = extract_fr("Des centaines de combattants du JNIM ont attaqué le 11 mai 2025 la ville de Djibo, tuant "
                    "une cinquantaine de soldats. Le GSIM aurait obtenu une rançon de 10 millions d'euros pour la "
                    "libération de l'otage.")
    got = {(c["quantity"], c["low"], c["high"], c["unit"]) for c in named(ex, "claim")}
    assert ("fighters", 100, None, "persons") in got
    assert ("fatalities", 50, 50, "persons") in got
    assert ("ransom", 10_000_000, 10_000_000, "EUR") in got


def test_claim_negatives(extract_fr):
    ex = extract_fr("Le 7 septembre 2025, des hommes armés ont tué au moins trois soldats près de Diboli. "
                    "La ville compte 12 écoles.")
    assert named(ex, "claim") == []  # unnamed attackers; schools are not counted


# ------------------------------------------------------------------ funding
def test_funding_sources(extract_fr):
    ex = extract_fr("Au Sahel, l'enlèvement d'étrangers reste l'une des principales sources de financement du "
                    "GSIM. Le groupe tire aussi ses revenus de l'extorsion des commerçants, du vol de bétail et "
                    "de la contrebande. Dans les zones qu'il contrôle, il collecte un impôt, la zakat. "
                    "L'EIGS s'enrichit grâce à l'orpaillage.")
    got = {(f["subject"], f["source"]) for f in named(ex, "funding")}
    assert {("GSIM", k) for k in ("kidnapping_ransom", "extortion", "livestock_theft", "smuggling",
                                   "taxation_zakat")} <= got
    assert ("EIGS", "gold_mining") in got


def test_funding_negatives(extract_fr):
    ex = extract_fr("On ignore si le JNIM perçoit des rançons. Le GSIM a enlevé trois ouvriers chinois. "
                    "Selon RFI, l'orpaillage attire des milliers de jeunes.")
    got = {(f["subject"], f["source"]) for f in named(ex, "funding")}
    assert got == set()
