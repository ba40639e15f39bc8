"""Quantitative claims in French reports: "entre 5 000 et 8 000 combattants", "au moins 14 civils
tués", "une rançon de plusieurs millions d'euros", "selon l'Institut Timbuktu".

Called by ``claims`` for French documents; same fields and conventions as the
English rules (a wrong figure costs more than a missed one).
"""

from __future__ import annotations

import re

from actorgraph.extract import ExtractContext
from actorgraph.extract.dates import coarsen
from actorgraph.extract.numbers import Quantity, find_quantities
from actorgraph.extract.rules.coref import entity_type, is_state
from actorgraph.extract.rules.french import (
    ATTRIBUTION_BEFORE,
    SLOT,
    Masked,
    dates_in,
    group_focus,
    masked,
    reference,
    sentence_subject,
)
from actorgraph.model import Fact

FIGHTERS = {"combattants", "hommes", "membres", "jihadistes", "djihadistes", "terroristes", "militants", "recrues",
            "insurgés", "assaillants", "éléments"}
TROOPS = {"soldats", "militaires", "mercenaires", "casques", "troupes", "gendarmes", "instructeurs"}
DEATHS = {"morts", "tués", "victimes", "décès", "cadavres", "corps"}
VICTIMS = {"civils", "personnes", "villageois", "habitants", "passagers", "soldats", "militaires", "combattants",
           "jihadistes", "djihadistes", "terroristes", "hommes", "femmes", "enfants", "gendarmes", "supplétifs"}
ATTACKS = {"attaques", "attentats", "embuscades", "incidents", "raids", "assauts", "opérations", "affrontements",
           "attaque"}
OTHER_PERSONS = {"otages", "prisonniers", "blessés", "journalistes", "détenus"}
KILL = re.compile(r"\btu(?:é|ée|és|ées|ant|er)\b|\bmorts?\b|\bmassacr|\bexécut|\bpéri\b|\bbilan\b", re.IGNORECASE)
RANSOM = re.compile(r"\branç|\botage|\blibération", re.IGNORECASE)
GOLD = re.compile(r"\bor\b|\baurif", re.IGNORECASE)
DISPLACED = re.compile(r"\bdéplacé|\bréfugié", re.IGNORECASE)
VIOLENCE_UP = re.compile(r"\bhausse|\baugment|\bbond\b|\bprogress", re.IGNORECASE)
CURRENCY = (("euro", "EUR"), ("dollar", "USD"), ("fcfa", "XOF"), ("francs cfa", "XOF"))
SPEAKER = re.compile(r"⟦(\d+)⟧\s*,?\s*(?:affirme|affirment|assure|déclare|revendique|indique|a affirmé|a déclaré"
                     r"|a indiqué|a annoncé|estime)\b")
ATTRIB = re.compile(r"(?:selon|d['’]après|cités? par|citées? par)\s+(?:le |la |les |l['’]|un |une )?"
                    r"(?:[^\s⟦⟧.;,]+\s+){0,3}?⟦(\d+)⟧"
                    r"|(?:a|ont)\s+(?:annoncé|indiqué|déclaré|affirmé|précisé)\s+(?:le |la |les |l['’])?⟦(\d+)⟧",
                    re.IGNORECASE)


def _kind(q: Quantity, low: str) -> tuple[str, str] | None:
    noun = (q.noun or "").lower()
    unit = (q.unit or "").lower()
    currency = q.currency or next((c for w, c in CURRENCY if w in unit or w in noun), None)
    if currency:
        if RANSOM.search(low):
            return "ransom", currency
        if GOLD.search(low):
            return "gold_trade", currency
        return "other", currency
    if unit in ("percent", "%") or noun in ("%", "pour cent"):
        if VIOLENCE_UP.search(low):
            return "violence_increase", "percent"
        return None
    if noun in ("tonnes",) and GOLD.search(low):
        return "gold_production", "tonnes"
    if noun in ATTACKS:
        return "attacks", "events"
    if noun in DEATHS or (noun in VICTIMS and _killed(q, low)):
        return "fatalities", "persons"
    if noun in FIGHTERS:
        return "fighters", "persons"
    if noun in TROOPS:
        return "troops", "persons"
    if DISPLACED.search(low) and noun in ("personnes", "déplacés", "réfugiés", ""):
        return "displaced", "persons"
    if noun in OTHER_PERSONS:
        return "other", "persons"
    return None


def _killed(q: Quantity, low: str) -> bool:
    """The counted people are the dead: a kill word just before the figure ("tuant au moins trois
    soldats") or soon after it ("29 soldats nigériens ont été tués"), not "30 combattants ont attaqué ..."."""
    return bool(KILL.search(low[max(0, q.start - 25): q.start]) or KILL.search(low[q.end: q.end + 45]))


def _subject(ctx: ExtractContext, m: Masked, kind: str) -> int | None:
    """The group the figure characterises: the perpetrator or owner named in the sentence."""
    text = m.text
    speakers = {int(x.group(1)) for x in SPEAKER.finditer(text)}
    attributed = {int(g) for x in ATTRIB.finditer(text) for g in x.groups() if g}
    if kind == "troops":
        return None
    agent = re.search(r"par\s+(?:[^\s⟦⟧.;]+\s+){0,4}?⟦(\d+)⟧", text)
    if agent and _groupish(ctx, m, int(agent.group(1))):
        return m.local(int(agent.group(1)))
    subj = sentence_subject(m, None, ("Organization",), ctx)
    if subj is not None and _groupish(ctx, m, subj) and subj not in speakers | attributed:
        return m.local(subj)
    for y in SLOT.finditer(text):
        slot = int(y.group(1))
        if slot in speakers | attributed or ATTRIBUTION_BEFORE.search(text[: y.start()]):
            continue
        if _groupish(ctx, m, slot):
            return m.local(slot)
    if kind in ("fighters", "ransom", "attacks") or any(m.anaphoric):
        return group_focus(ctx, m.index)
    return None


def _groupish(ctx: ExtractContext, m: Masked, slot: int) -> bool:
    local = m.local(slot)
    return entity_type(ctx, local) == "Organization" and not is_state(ctx, local)


def _attribution(ctx: ExtractContext, m: Masked) -> tuple[str | None, int | None]:
    for x in ATTRIB.finditer(m.text):
        slot = int(next(g for g in x.groups() if g))
        local = m.local(slot)
        if entity_type(ctx, local) != "Location":
            s, e = m.raw_spans[slot]
            return m.raw[s:e], local
    for x in SPEAKER.finditer(m.text):
        slot = int(x.group(1))
        s, e = m.raw_spans[slot]
        return m.raw[s:e], m.local(slot)
    return None, None


def _as_of(ctx: ExtractContext, si: int) -> str | None:
    for kind in ("as_of", "point", "range_start"):
        for d in dates_in(ctx, si):
            if d.kind == kind:
                return d.value.iso()
    ref = reference(ctx)
    return coarsen(ref, 2).iso() if ref is not None else None


def french_claims(ctx: ExtractContext) -> list[Fact]:
    facts: list[Fact] = []
    for si, sentence in enumerate(ctx.sentences):
        text = sentence.text
        low = text.lower()
        m = masked(ctx, si)
        for q in find_quantities(text, "fr"):
            if q.is_year_like or (q.low is None and q.high is None):
                continue
            if any(d.start <= q.start < d.end for d in dates_in(ctx, si)):
                continue
            kind_unit = _kind(q, low)
            if kind_unit is None:
                continue
            kind, unit = kind_unit
            subject = _subject(ctx, m, kind)
            if subject is None:
                continue
            who, who_id = _attribution(ctx, m)
            data = {"subject": subject, "quantity": kind, "low": q.low, "high": q.high, "unit": unit,
                    "currency": unit if unit in ("EUR", "USD", "XOF") else None, "as_of": _as_of(ctx, si),
                    "attributed_to": who, "attributed_entity": who_id}
            facts.append(Fact("claim", data, si, f"claims_fr.{kind}.v1", 0.6))
    return facts
