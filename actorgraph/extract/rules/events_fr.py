"""Events in French reports: "a attaqué", "ont tué au moins 14 civils", "enlèvement", "rançon",
"blocus", "embuscade", "attentat à l'engin explosif improvisé", "s'est retiré", "coup d'État".

Called by ``events`` for French documents; it fills the same fields as the English
rules (type, sub-type, date, actors, targets, fatalities, place, country) so the
store merges French and English reports of one occurrence alike. The same
conventions hold (shared/eval/gold/NOTES.md): habitual, hypothetical, negated and
aggregate mentions are not events; a violent occurrence needs a date, a named
actor or a place; fatalities are the lowest credible figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Token

from actorgraph.extract import ExtractContext
from actorgraph.extract.dates import PartialDate
from actorgraph.extract.numbers import find_quantities
from actorgraph.extract.rules.coref import entity_type, is_state
from actorgraph.extract.rules.events import FAMILY_TYPES as EN_FAMILY_TYPES
from actorgraph.extract.rules.french import SLOT, Masked, dates_in, masked, sentence_subject
from actorgraph.model import Fact

# (family, pattern) over the raw sentence; a family fixes the ACLED type and sub-type.
TRIGGERS: list[tuple[str, re.Pattern[str]]] = [
    ("explosion", re.compile(r"\battentats?(?:[- ]suicide)?\b|\bexplosions?\b|\bengins? explosifs?\b|\bkamikazes?\b"
                             r"|\bfrappes? (?:aériennes?|de drones?)\b|\bbombardements?\b|\bbombardée?s?\b")),
    ("attack", re.compile(r"\battaqu(?:é|ée|és|ées|ent|ant|er|e)\b|\battaques?\b|\bassauts?\b|\bembuscades?\b"
                          r"|\bpris(?:e|es)? (?:d['’]assaut|pour cible)\b|\braids?\b|\boffensives?\b|\bincursions?\b"
                          r"|\bvisée?s?\b|\bvisé\b|\bciblée?s?\b")),
    ("kill", re.compile(r"\btuée?s?\b|\btuant\b|\btué\b|\bmassacres?\b|\bmassacrée?s?\b|\bexécutée?s?\b"
                        r"|\bexécutions?\b|\bfait (?:au moins |plus de |près de )?[\w\s-]{0,20}\bmorts\b")),
    ("clash", re.compile(r"\baffrontements?\b|\bcombats\b|\baccrochages?\b|\bse sont affrontée?s\b")),
    ("capture", re.compile(r"\b(?:repris|pris|reprennent|reprend) le contrôle\b|\bse sont emparée?s\b"
                           r"|\bs['’]est emparée?\b|\btombée? aux mains\b|\bconquise?s?\b")),
    ("abduction", re.compile(r"\benlèvements?\b|\benlevée?s?\b|\bkidnappée?s?\b|\bkidnapping\b|\brapts?\b"
                             r"|\bpris(?:e|es)? en otage\b|\bprises? d['’]otages?\b")),
    ("release", re.compile(r"\blibérée?s?\b|\blibérations?\b|\brelâchée?s?\b")),
    ("ransom", re.compile(r"\brançons?\b")),
    ("blockade", re.compile(r"\bblocus\b|\bsièges?\b|\bassiégée?s?\b|\bencerclée?s?\b")),
    ("withdrawal", re.compile(r"\bretraits?\b|\bretirée?s?\b|\bretirent\b|\bdéparts?\b")),
    ("deployment", re.compile(r"\bdéployée?s?\b|\bdéploiements?\b")),
    ("coup", re.compile(r"\bcoups? d['’][ÉEé]tat\b|\bputschs?\b|\brenversée?s?\b")),
    ("formation", re.compile(r"\bfusionné\b|\bfusions?\b|\bpour former\b|\bcréation\b|\bapparue?s?\b"
                             r"|\bfondée?s?\b|\bnée?s? en\b|\bvu le jour\b")),
    ("designation", re.compile(r"\bdésignée?s?\b|\bsanctionnée?s?\b|\binscrite?s? sur la liste\b")),
    ("agreement", re.compile(r"\baccords?\b|\bcessez-le-feu\b|\btrêves?\b")),
    ("statement", re.compile(r"\bcommuniqués?\b|\bvidéos?\b|\bmessages? (?:audio|vidéo)\b|\brevendiqué\b"
                             r"|\bprêté allégeance\b|\bdéclaration\b")),
]
# The English table, but the French patterns read "rançon" in a release sentence as the release itself.
FAMILY_TYPES = {**EN_FAMILY_TYPES, "ransom": ("strategic_developments", "hostage_release")}
VIOLENT = ("explosion", "attack", "kill", "clash", "capture")  # one violent event per sentence, in this order
UNDATED_OK = {"blockade", "withdrawal", "deployment", "coup", "formation", "designation"}
COUNTRY_LEVEL = {"blockade", "withdrawal", "deployment", "coup", "formation", "agreement"}
SINCE_OK = {"blockade", "deployment"}  # "depuis septembre, les jihadistes imposent un blocus"
PRESENT_OK = {"blockade"}  # an ongoing blockade is an occurrence
CIVILIANS = re.compile(r"\b(?:civils?|villageois|habitants?|passagers?|fidèles|femmes|enfants|otages?|commerçants"
                       r"|éleveurs|agriculteurs|populations?|élèves|enseignants|marché|mosquée|église|école(?! de "
                       r"gendarmerie)|véhicule civil|bus|personnes)\b", re.IGNORECASE)
ARMED = re.compile(r"\b(?:soldats?|militaires?|gendarmes?|policiers?|patrouilles?|supplétifs|VDP|camp militaire"
                   r"|combattants|armée|forces|convoi militaire|école de gendarmerie|aéroport militaire)\b",
                   re.IGNORECASE)
EXPLOSIVE = re.compile(r"\bengins? explosifs?|\bEEI\b|\bIED\b|\bbombes?\b|\bkamikazes?\b|\bmines?\b|\bdrones?\b"
                       r"|\bfrappes? aériennes?|\bobus\b|\broquettes?\b|\bmortiers?\b|\bvoiture piégée|\bvéhicule piégé"
                       r"|\battentat-suicide", re.IGNORECASE)
KILL_WORDS = re.compile(r"\btu(?:é|ée|és|ées|ant|er)\b|\bmorts?\b|\bmassacr|\bexécut|\bpéri\b|\bdécès\b", re.IGNORECASE)
VICTIM_NOUNS = {"civils", "civil", "soldats", "soldat", "militaires", "passagers", "personnes", "villageois",
                "habitants", "morts", "victimes", "gendarmes", "policiers", "combattants", "jihadistes",
                "djihadistes", "terroristes", "supplétifs", "fidèles", "femmes", "enfants", "hommes"}
HABITUAL = re.compile(r"\b(?:régulièrement|souvent|fréquemment|habituellement|de plus en plus|multipli\w*|chaque"
                      r"|sans cesse|continuellement|généralement|parfois|ces dernières années)\b", re.IGNORECASE)
IRREALIS = re.compile(r"\b(?:pourrai(?:t|ent)|pourra|peut|peuvent|menace(?:nt)? de|risque(?:nt)? de|capables? de"
                      r"|tenter de|tente de|projet(?:te|tent)? de|envisage|prévoi(?:t|ent) de|possibilité|stratégie"
                      r"|tactique|méthode)\b", re.IGNORECASE)
AGENT = re.compile(r"(?:tendue?s?|menée?s?|perpétrée?s?|commise?s?|revendiquée?s?|lancée?s?|conduite?s?"
                   r"|attaquée?s?|visée?s?|ciblée?s?|tuée?s?|enlevée?s?|cible|pris(?:e|es)? pour cible|"
                   r"assiégée?s?)\s+par\s+(?:[^\s⟦⟧.;]+\s+){0,4}?(?:[ldLD]['’])?⟦(\d+)⟧")
OWNER = re.compile(r"(?:attaque|embuscade|offensive|assaut|attentat|blocus|enlèvement|incursion|raid)s?\s+"
                   r"(?:du|de la|de l['’]|des|d['’])\s*⟦(\d+)⟧")
PLACE_PREP = re.compile(r"(?:\b(?:à|au|aux|dans|près|en|sur|vers|de|du|d['’]|des|entre|contre)\b|l['’])"
                        r"\s*(?:la |le |l['’]|les )?(?:(?:ville|localité|commune|village|région|zone|cercle|axe|"
                        r"route|forêt|secteur|centre|nord|sud|est|ouest|frontière)\s+(?:de |du |d['’]|des )?)?"
                        r"\s*(?:la |le |l['’]|les )?$")
SEQUEL_SAME_DAY = re.compile(r"\b(?:le même jour|dans le même temps|au même moment|simultanément)\b", re.IGNORECASE)
SEQUEL_NEXT_DAY = re.compile(r"\ble lendemain\b", re.IGNORECASE)
SEQUEL = re.compile(r"\b(?:aussitôt|dans la foulée|peu après|en représailles|en riposte)\b", re.IGNORECASE)
NEGATION = re.compile(r"\b(?:n['’]|ne)\s*(?:\w+\s+){0,2}?(?:pas|jamais|plus|aucun)\b", re.IGNORECASE)
CACHE = "actorgraph.events_fr"


@dataclass
class FrenchEvent:
    family: str
    sentence: int
    type: str
    sub_type: str
    trigger: str
    start: int  # sentence-relative raw offset of the trigger
    date: PartialDate | None = None
    inherited: bool = False
    actors: list[int] = field(default_factory=list)
    assoc: list[int] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    place_id: int | None = None
    place: str | None = None
    fatalities: int | None = None
    summary: str = ""
    confidence: float = 0.6


def french_event_records(ctx: ExtractContext) -> list[FrenchEvent]:
    """The events of a French document (cached: relations_fr reads their actors and places)."""
    cache = ctx.doc.user_data.setdefault(CACHE, {})
    if "events" not in cache:
        cache["events"] = _document_events(ctx)
    return cache["events"]


def french_events(ctx: ExtractContext) -> list[Fact]:
    from actorgraph.extract.rules.events import _environment

    env = _environment(ctx)
    return [_to_fact(env, e) for e in french_event_records(ctx)]


# ------------------------------------------------------------------ document
def _document_events(ctx: ExtractContext) -> list[FrenchEvent]:
    found: list[FrenchEvent] = []
    previous: PartialDate | None = None
    for si in range(len(ctx.sentences)):
        events = _sentence_events(ctx, si, previous)
        dated = [e.date for e in events if e.date is not None and not e.inherited]
        if dated:
            previous = dated[0]
        elif dates_in(ctx, si):
            points = [d.value for d in dates_in(ctx, si) if d.kind == "point"]
            previous = points[0] if points else previous
        found.extend(events)
    return _dedupe(found)


def _sentence_events(ctx: ExtractContext, si: int, previous: PartialDate | None) -> list[FrenchEvent]:
    m = masked(ctx, si)
    raw = m.raw
    hits: list[tuple[str, re.Match[str]]] = []
    for family, pattern in TRIGGERS:
        for x in pattern.finditer(raw):
            if any(s <= x.start() < e for s, e in m.raw_spans):
                continue  # inside a name ("État islamique", "Front de libération")
            hits.append((family, x))
    if not hits:
        return []
    hits.sort(key=lambda h: h[1].start())
    dates = [d for d in dates_in(ctx, si)]
    violent = [(f, x) for f, x in hits if f in VIOLENT]
    others = [(f, x) for f, x in hits if f not in VIOLENT]
    groups: list[list[tuple[str, re.Match[str]]]] = []
    if violent:
        groups.append(violent)
    for f, x in others:
        same = next((g for g in groups if g[0][0] == f or {g[0][0], f} <= {"release", "ransom"}), None)
        if same is not None:
            same.append((f, x))
        else:
            groups.append([(f, x)])
    events = []
    every = [x for _, x in hits]
    for group in groups:
        e = _build(ctx, m, si, group, dates, previous, every)
        if e is not None:
            events.append(e)
    return events


def _build(ctx: ExtractContext, m: Masked, si: int, group, dates, previous, every) -> FrenchEvent | None:
    families = [f for f, _ in group]
    family = next((f for f in VIOLENT if f in families), families[0])
    if family == "ransom" and "release" in families:
        family = "release"
    x = next(x for f, x in group if f == family)
    raw = m.raw
    etype, sub = FAMILY_TYPES[family]
    clause = _clause(raw, x.start())
    if _not_an_occurrence(ctx, m, family, x, clause):
        return None
    date = _date_for(ctx, si, x, dates, family, every)
    inherited = False
    if date is None and previous is not None:
        if SEQUEL_NEXT_DAY.search(raw) and previous.precision == 1:
            date, inherited = _next_day(previous), True
        elif SEQUEL_SAME_DAY.search(raw) or SEQUEL.search(raw):
            date, inherited = previous, True
    e = FrenchEvent(family, si, etype, sub, x.group(0), x.start(), date, inherited)
    e.actors, e.assoc = _actors(ctx, m, x, family)
    e.place_id, e.place = _place(ctx, m, x, family)
    if family in VIOLENT or "kill" in families:
        e.fatalities = _fatalities(raw)
        _classify(e, raw, families)
    e.targets = _targets(ctx, m, raw, x)
    if e.date is None and family not in UNDATED_OK:
        if family not in VIOLENT or not (e.actors or e.place) or not raw.rstrip().endswith((".", "»", "\"")):
            return None
        if x.group(0).endswith("s") and family != "kill":
            return None  # "des attaques", "les embuscades": plural and undated, an aggregate
    if family in UNDATED_OK and e.date is None and not (e.actors or e.place):
        return None
    if family == "statement" and e.date is None:
        return None
    e.summary = _summary(raw)
    e.confidence = round(0.55 + (0.1 if e.date else 0) + (0.1 if e.actors else 0) + (0.05 if e.place else 0), 2)
    return e


def _clause(raw: str, pos: int) -> str:
    start = max(raw.rfind(",", 0, pos), raw.rfind(";", 0, pos), 0)
    end = min([i for i in (raw.find(",", pos), raw.find(";", pos), raw.find(".", pos)) if i != -1] or [len(raw)])
    return raw[start:end]


def _not_an_occurrence(ctx: ExtractContext, m: Masked, family: str, x: re.Match[str], clause: str) -> bool:
    """Habits, possibilities, negations and present-tense generalities are not events."""
    raw = m.raw
    before = raw[max(0, x.start() - 60): x.start()]
    if HABITUAL.search(before) or HABITUAL.search(clause):
        return True
    if IRREALIS.search(before[-40:]):
        return True
    if NEGATION.search(clause) and family not in ("statement",):
        return True
    token = _token_at(ctx, m, x.start())
    if token is None:
        return False
    if token.pos_ in ("VERB", "AUX"):
        morph = token.morph
        if "Inf" in morph.get("VerbForm") and not any(c.lower_ == "avoir" for c in token.children) \
                and not raw[max(0, x.start() - 7): x.start()].lower().endswith("avoir "):
            return True  # "avant de se retirer"
        if "Cnd" in morph.get("Mood") or "Fut" in morph.get("Tense"):
            return True
        if "Pres" in morph.get("Tense") and "Fin" in morph.get("VerbForm") and family not in PRESENT_OK:
            auxes = [c for c in token.children if c.dep_.startswith("aux")]
            if not auxes:
                return True
    return False


def _token_at(ctx: ExtractContext, m: Masked, offset: int) -> Token | None:
    start = ctx.sentence_spans()[m.index][0] + offset
    span = ctx.doc.char_span(start, start + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _date_for(ctx, si, x, dates, family, triggers) -> PartialDate | None:
    """The date expression the trigger governs (parse), else the nearest one no other trigger takes."""
    kinds = ("point", "range_start") + (("since",) if family in SINCE_OK else ())
    usable = [d for d in dates if d.kind in kinds]
    if not usable:
        return None
    m = masked(ctx, si)
    mine = _token_at(ctx, m, x.start())
    others = [_token_at(ctx, m, y.start()) for y in triggers]
    owned, free = [], []
    for d in usable:
        owner = _owner(ctx, m, d.start, [t for t in [mine, *others] if t is not None])
        if owner is not None and mine is not None and owner.i == mine.i:
            owned.append(d)
        elif owner is None or mine is None or owner.i in {t.i for t in others if t is not None}:
            free.append(d)
    raw = m.raw
    clause = [d for d in free if _same_clause(raw, d.start, x.start())]
    others_clause = [d for d in free if any(_same_clause(raw, d.start, y.start()) for y in triggers
                                            if y.start() != x.start())]
    opener = [d for d in free if "," in raw[d.end:] and "," not in raw[:d.start] and d not in others_clause]
    pool = owned or clause or opener or [d for d in free if d not in others_clause]
    if not pool:
        return None
    best = min(pool, key=lambda d: abs(d.start - x.start()))
    return best.value


def _same_clause(raw: str, a: int, b: int) -> bool:
    lo, hi = sorted((a, b))
    return not re.search(r"[,;]", raw[lo:hi])


def _owner(ctx, m, offset, triggers: list[Token]) -> Token | None:
    tok = _token_at(ctx, m, offset)
    if tok is None:
        return None
    ids = {t.i for t in triggers}
    node = tok
    for _ in range(12):
        if node.i in ids:
            return node
        if node.head.i == node.i:
            return None
        node = node.head
    return None


def _next_day(d: PartialDate) -> PartialDate:
    import datetime as dt

    day = dt.date.fromisoformat(d.iso()) + dt.timedelta(days=1)
    return PartialDate.from_iso(day.isoformat())


def _actors(ctx: ExtractContext, m: Masked, x: re.Match[str], family: str) -> tuple[list[int], list[int]]:
    """Who did it: the agent ("tendue par des combattants de l'EIGS"), the owner ("embuscade de l'EIGS"),
    else the clause subject; "appuyée par X" adds an associated actor."""
    text = m.text
    pos = _masked_pos(m, x.start())
    actors: list[int] = []
    if a := AGENT.search(text, max(0, pos - 40)):
        actors.append(int(a.group(1)))
    if not actors and (o := OWNER.search(text, max(0, pos - 2))) and o.start() <= pos + 2:
        actors.append(int(o.group(1)))
    if not actors:
        rel = re.search(r"⟦(\d+)⟧\s*(?:\([^()]*\)\s*)?,?\s*qui\s+(?:[^⟦,.;]{0,30})$", text[:pos])
        if rel:
            actors.append(int(rel.group(1)))
    passive = re.search(r"\b(?:été|sont|est)\s+(?:\w+\s+)?$", text[max(0, pos - 25):pos])
    subordinate = re.search(r"\b(?:que|qu['’]|lorsque|quand|avant|après)\b", text[:pos])
    if not actors and not passive and family != "coup":
        subj = sentence_subject(m, pos, ("Organization", "Person"), ctx)
        if subj is not None and not (subordinate and m.spans[subj][1] < subordinate.start()):
            actors.append(subj)
    if not actors and family in ("formation", "deployment", "withdrawal", "statement", "coup"):
        near = [int(y.group(1)) for y in SLOT.finditer(text[:pos])]
        near = [s for s in near if entity_type(ctx, m.local(s)) in ("Organization", "Person")]
        if near:
            actors.append(near[-1])
    if family == "formation":
        actors += [int(y.group(1)) for y in SLOT.finditer(text) if entity_type(ctx, m.local(int(y.group(1))))
                   == "Organization"]
    assoc = [int(y.group(1)) for y in re.finditer(r"(?:appuyée?s?|soutenue?s?|épaulée?s?)\s+par\s+(?:[^\s⟦⟧.;]+\s+)"
                                                  r"{0,3}?⟦(\d+)⟧", text)]
    allowed = ("Organization",) if family in ("abduction", "release", "ransom", "kill", "attack") else (
        "Organization", "Person")
    actor_ids = [m.local(a) for a in dict.fromkeys(actors) if entity_type(ctx, m.local(a)) in allowed]
    return list(dict.fromkeys(actor_ids)), [m.local(a) for a in assoc if m.local(a) not in actor_ids]


def _masked_pos(m: Masked, raw_offset: int) -> int:
    shift = 0
    for (_s, e), (rs, re_) in zip(m.spans, m.raw_spans, strict=True):
        if rs >= raw_offset:
            break
        shift = e - re_
    return raw_offset + shift


def _place(ctx: ExtractContext, m: Masked, x: re.Match[str], family: str) -> tuple[int | None, str | None]:
    """The place: Location names after the trigger introduced by a place preposition; a town before its
    region or country."""
    from actorgraph.extract.rules.events import _geocode

    text = m.text
    pos = _masked_pos(m, x.start())
    found = []
    for y in SLOT.finditer(text):
        slot = int(y.group(1))
        local = m.local(slot)
        if entity_type(ctx, local) != "Location":
            continue
        lead = text[max(0, y.start() - 60): y.start()]
        if y.start() < pos and not (family in ("blockade", "formation") and y.start() > pos - 80):
            continue
        if not PLACE_PREP.search(lead):
            continue
        found.append((y.start(), local))
    if not found:
        return None, None
    rank = {"town": 0, "site": 0, "admin2": 1, "admin1": 2, "region": 2, "country": 3}

    def order(item):
        name = ctx.entity(item[1]).name
        place = _geocode(name, None)
        return (rank.get(place.feature, 1) if place is not None else 1, abs(item[0] - pos))
    best = sorted(found, key=order)[0][1]
    return best, ctx.entity(best).name


def _fatalities(raw: str) -> int | None:
    if not KILL_WORDS.search(raw):
        return None
    total = None
    for q in find_quantities(raw, "fr"):
        noun = (q.noun or "").lower()
        if q.currency or q.is_year_like or noun not in VICTIM_NOUNS:
            continue
        value = q.low if q.low is not None else q.high
        if value is None:
            continue
        after = raw[q.end: q.end + 40].lower()
        if "blessé" in after[:12]:
            continue
        total = int(value) if total is None else total
        break
    return total


def _classify(e: FrenchEvent, raw: str, families: list[str]) -> None:
    if e.family == "explosion" or EXPLOSIVE.search(raw):
        e.type, e.sub_type = "explosions_remote_violence", "remote_explosive_landmine_ied"
        if re.search(r"kamikaze|suicide", raw, re.IGNORECASE):
            e.sub_type = "suicide_bomb"
        elif re.search(r"drone|frappe aérienne|frappes aériennes", raw, re.IGNORECASE):
            e.sub_type = "air_drone_strike"
        return
    if e.family == "capture":
        return
    after = raw[max(0, raw.lower().find(e.trigger.lower())):]
    civilian = CIVILIANS.search(after) and not ARMED.search(after)
    if civilian:
        e.type, e.sub_type = "violence_against_civilians", "attack"
    else:
        e.type, e.sub_type = "battles", "armed_clash"


def _targets(ctx: ExtractContext, m: Masked, raw: str, x: re.Match[str]) -> list[str]:
    out = []
    for y in SLOT.finditer(m.text):
        local = m.local(int(y.group(1)))
        if y.start() > _masked_pos(m, x.start()) and entity_type(ctx, local) in ("Organization", "Person") \
                and is_state(ctx, local):
            out.append(ctx.entity(local).name)
    for w in re.finditer(r"\b(civils|soldats|passagers|villageois|otages?|gendarmes|militaires)\b", raw[x.start():]):
        if w.group(1) not in out:
            out.append(w.group(1))
    return out


def _summary(raw: str) -> str:
    text = " ".join(raw.split())
    return text if len(text) <= 300 else text[:300].rsplit(" ", 1)[0] + " …"


def _compatible(a: PartialDate | None, b: PartialDate | None) -> bool:
    return a is None or b is None or a.iso().startswith(b.iso()) or b.iso().startswith(a.iso())


def _dedupe(events: list[FrenchEvent]) -> list[FrenchEvent]:
    """One occurrence told twice (a headline and its story) is one event."""
    out: list[FrenchEvent] = []
    for e in sorted(events, key=lambda e: (e.date is None, e.sentence)):
        twin = next((o for o in out if o.type == e.type and o.sub_type == e.sub_type and _compatible(o.date, e.date)
                     and ((o.place_id is not None and o.place_id == e.place_id)
                          or (set(o.actors) & set(e.actors) and (o.date is None or e.date is None
                                                                  or o.family not in VIOLENT)))), None)
        if twin is None:
            out.append(e)
            continue
        twin.actors += [a for a in e.actors if a not in twin.actors]
        twin.targets += [t for t in e.targets if t not in twin.targets]
        if twin.place_id is None:
            twin.place_id, twin.place = e.place_id, e.place
        if twin.fatalities is None:
            twin.fatalities = e.fatalities
    return sorted(out, key=lambda e: e.sentence)


# ------------------------------------------------------------------ fact
def _to_fact(env, e: FrenchEvent) -> Fact:
    from actorgraph.extract.rules.events import _geocode

    data: dict = {
        "type": e.type, "sub_type": e.sub_type,
        "date": e.date.iso() if e.date else None,
        "time_precision": e.date.precision if e.date else None,
        "actors": e.actors, "assoc_actors": [a for a in e.assoc if a not in e.actors], "actors2": [],
        "targets": e.targets, "fatalities": e.fatalities, "summary": e.summary,
    }
    if e.inherited:
        data["date_inherited"] = True
    place_id, name = e.place_id, e.place
    if name is None and e.type == "strategic_developments" and e.family in COUNTRY_LEVEL and env.country:
        place_id, name = env.country_id, env.country
    data["place"] = name
    if place_id is not None:
        data["location"] = [place_id]
    place = _geocode(name, env.country) if name else None
    data["country"] = place.country if place is not None and place.country else env.country
    data["admin1"] = place.admin1 if place is not None else None
    data["lat"] = place.lat if place is not None else None
    data["lon"] = place.lon if place is not None else None
    data["geo_precision"] = place.geo_precision if place is not None else None
    return Fact(kind="event", data=data, sentence=e.sentence, rule=f"events_fr.{e.family}.v1", confidence=e.confidence)
