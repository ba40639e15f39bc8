"""Quantitative claims: "Katiba Macina alone has between 5,000 and 8,000 men", "$50 million".

Figures come from ``numbers.find_quantities``; this module decides what a figure
counts (the quantity kind, from the counted noun and the verbs around it),
which actor it characterises (the subject), when it holds (``as_of``) and who
gave it (``attributed_to``). Figures that count nothing we model (groups,
countries, years, "four factions") are dropped: a wrong figure costs more than a
missed one.
"""

from __future__ import annotations

import re

from actorgraph.extract import ExtractContext, component
from actorgraph.extract.dates import PartialDate, coarsen, find_dates
from actorgraph.extract.numbers import Quantity, find_quantities
from actorgraph.extract.rules.coref import (
    entity_type,
    focus_entity,
    is_anaphor,
    is_institution,
    is_state,
    local_of_mention,
    mention_of,
    sentence_span,
)
from actorgraph.model import Fact
from actorgraph.registry import load_registry

FIGHTER_NOUNS = frozenset({"fighters", "men", "combatants", "militants", "members", "recruits", "jihadists",
                           "insurgents"})
TROOP_NOUNS = frozenset({"troops", "soldiers", "mercenaries", "peacekeepers", "personnel", "contractors"})
DEATH_NOUNS = frozenset({"deaths", "dead", "killed", "fatalities", "casualties", "victims", "lives",
                         "bodies"})
VICTIM_NOUNS = frozenset({"civilians", "people", "persons", "villagers", "fighters", "soldiers", "leaders",
                          "militants", "jihadi", "jihadists", "personnel", "troops", "men", "women",
                          "children"})
ATTACK_NOUNS = frozenset({"attacks", "raids", "confrontations", "clashes", "incidents", "strikes", "ambushes",
                          "assaults", "bombings", "operations", "attack"})
OTHER_PERSON_NOUNS = frozenset({"journalists", "hostages", "abductees", "residents", "refugees"})
KILL = re.compile(r"\bkill(?:ed|ing|s)?\b|\bdeaths?\b|\bdead\b|\bmassacre|\bexecut")
RANSOM = re.compile(r"\bransom|\brelease of\b|\b(?:their|his|her)\s+release\b|"
                    r"\bhostages?\b|\bexchange of\b|\bfreed\b|\bpaid\b.*\brelease")
DISPLACED = re.compile(r"\bdisplaced\b|\brefugees\b")
GOLD = re.compile(r"\bgold\b")
GOLD_TRADE = re.compile(r"\bimport|\bexport|\btrade\b|\bworth\b|\bsmuggl")
PRODUCTION = re.compile(r"\bproduction\b|\boutput\b|\bproduced?\b|\bmined\b")
VIOLENCE = re.compile(r"\bviolence\b|\battacks\b|\bincidents\b")
INCREASE = re.compile(r"\bincreas|\brose\b|\brisen\b|\bgrew\b|\bjump|\bsurg|\bsoar")
ACCORDING = re.compile(r"\baccording to\b\s+(?:an?\s+|the\s+)?", re.IGNORECASE)
TOLD = re.compile(r"\btold\s+$|\b(?:said|says|estimated|estimates|reported)\b", re.IGNORECASE)
POPULATION = re.compile(r"\bpopulation of\s+$")
# "a few hundred", "several thousand": a vague multiple of the round number that follows.
VAGUE_MULTIPLE = {"a few": (2, 5), "several": (3, 9)}
VAGUE_BEFORE = re.compile(r"\b(a few|several)\s+$", re.IGNORECASE)
# Victims listed after the count ("30 civilians, among them members of X"): X is the victims' side.
VICTIM_LIST = re.compile(r"\b(?:among them|among whom|including|among)\b", re.IGNORECASE)
# Abstract subjects of a country-level toll ("Violence in the country has killed ...").
ABSTRACT_CAUSES = frozenset({"violence", "conflict", "conflicts", "fighting", "insecurity", "war", "insurgency",
                             "crisis", "unrest"})
COUNTRY_ANAPHOR = re.compile(r"\b(?:in|across)\s+the\s+country\b", re.IGNORECASE)
# "put the figure at ...": a figure restating the previous sentence's one.
FIGURE_REF = re.compile(r"\bthe\s+(?:figure|sum|amount|payment|price)\b", re.IGNORECASE)
FORCE_KINDS = ("state_force", "mission")


def _kind(q: Quantity, sentence: str, noun: str | None) -> tuple[str, str] | None:
    """(quantity kind, unit) of a figure, or None to drop it."""
    low = sentence.lower()
    noun = (noun or q.noun or "").lower()
    if q.currency:
        if RANSOM.search(low):
            return "ransom", q.currency
        if GOLD.search(low) and GOLD_TRADE.search(low):
            return "gold_trade", q.currency
        return "other", q.currency
    if q.unit == "percent":
        if GOLD.search(low) and PRODUCTION.search(low):
            return "gold_production", "percent"
        if VIOLENCE.search(low) and INCREASE.search(low):
            return "violence_increase", "percent"
        return None
    if q.unit == "tonnes":
        if GOLD.search(low):
            return ("gold_production" if PRODUCTION.search(low) else "gold_trade"), "tonnes"
        return None
    if noun in ATTACK_NOUNS:
        return "attacks", "events"
    if noun in DEATH_NOUNS or (noun in VICTIM_NOUNS and KILL.search(low)):
        return "fatalities", "persons"
    if noun in FIGHTER_NOUNS:
        return "fighters", "persons"
    if noun in TROOP_NOUNS:
        return "troops", "persons"
    if DISPLACED.search(low) and (noun in ("people", "persons", "") or q.unit is None):
        return "displaced", "persons"
    if noun in OTHER_PERSON_NOUNS:
        return "other", "persons"
    return None


def number_head(tok):
    """The word a number hangs on, past other numbers ("2.5 million people" -> people).

    Compare token indices: spaCy makes a new Token object on every access, so ``is`` never holds.
    """
    head = tok.head
    while head.like_num and head.head.i != head.i:
        head = head.head
    return head


def _numbers(ctx: ExtractContext, start: int, end: int):
    """The number tokens of a figure's character span."""
    span = ctx.doc.char_span(start, end, alignment_mode="expand")
    return [tok for tok in span if tok.like_num or tok.pos_ == "NUM"] if span is not None else []


def _counted_noun(ctx: ExtractContext, start: int, end: int) -> str | None:
    """The noun a number counts, from the parse ("over 20 jihadi fighters" -> fighters)."""
    for tok in _numbers(ctx, start, end):
        head = number_head(tok)
        if head.pos_ in ("NOUN", "PROPN") and not head.like_num:
            # "1,000 Wagner mercenaries": a name modifying the counted noun is not the noun.
            return head.lower_
    return None


def _counted_modifiers(ctx: ExtractContext, start: int, end: int):
    """(counted noun, the words before it that qualify it) of a figure, or None."""
    for tok in _numbers(ctx, start, end):
        head = number_head(tok)
        return head, [c for c in head.children if c.dep_ in ("amod", "compound") and c.i < head.i]
    return None


def _named_counted(ctx: ExtractContext, start: int, end: int) -> int | None:
    """The organisation named inside the counted phrase ("84 Wagner fighters", "47 Malian soldiers")."""
    found = _counted_modifiers(ctx, start, end)
    for t in [*found[1], found[0]] if found else []:
        local = local_of_mention(ctx, mention_of(ctx, t))
        if local is not None and entity_type(ctx, local) == "Organization":
            return local
    return None


def _nationality_counted(ctx: ExtractContext, start: int, end: int) -> bool:
    """True when the counted noun is qualified by a nationality adjective and no name
    ("47 Malian soldiers", "four Nigerien soldiers"): the group behind the figure is unnamed."""
    found = _counted_modifiers(ctx, start, end)
    if found is None or any(local_of_mention(ctx, mention_of(ctx, c)) is not None for c in found[1]):
        return False
    return any(c.ent_type_ == "NORP" for c in found[1])


def _subject(ctx: ExtractContext, si: int, start: int, end: int, kind: str) -> int | None:
    """The actor a figure characterises (NOTES.md "Claim subjects")."""
    span = sentence_span(ctx, si)
    if span is None:
        return None
    mentions = []
    for tok in span:
        local = local_of_mention(ctx, mention_of(ctx, tok))
        if local is not None and (not mentions or mentions[-1][1] != local):
            mentions.append((tok, local))
    if kind in ("gold_production", "gold_trade", "violence_increase", "displaced"):
        places = [(t, m) for t, m in mentions if entity_type(ctx, m) == "Location"]
        # "gold from Mali", "Mali's gold production": the place the figure is about.
        owned = [m for t, m in places if t.dep_ == "poss" or t.head.lower_ in ("from", "in", "of")]
        return (owned or [m for _, m in places] or [None])[0]
    if kind == "troops":
        # The force the troops belong to: a name right before the noun, else the nearest before.
        before = [(t, m) for t, m in mentions if t.idx < end]
        near = [m for t, m in before if t.idx >= start]
        if near:
            return near[-1]
        return before[-1][1] if before else None

    _, source = _attribution(ctx, si)

    def groupish(tok, m) -> bool:
        if entity_type(ctx, m) != "Organization" or is_state(ctx, m) or is_institution(ctx, m) or m == source:
            return False
        # "84 X fighters and 47 soldiers were killed": X names another figure's victims, not the killers.
        if kind == "fatalities" and tok.dep_ in ("compound", "amod") and tok.head.lower_ in VICTIM_NOUNS \
                and any(c.like_num for c in tok.head.children) and not (tok.idx <= start < tok.head.idx):
            return False
        # "30 civilians were killed, among them members of X": X is among the victims.
        if kind == "fatalities" and tok.idx >= end and VICTIM_LIST.search(ctx.doc.text[end:tok.idx]):
            return False
        # Climb from a name's first word to the word heading the name ("al-Qaeda" in "linked to al-Qaeda").
        while tok.dep_ in ("compound", "amod", "nmod", "poss", "punct", "det") and \
                local_of_mention(ctx, mention_of(ctx, tok.head)) == m and tok.head.i != tok.i:
            tok = tok.head
        # "linked to X", "affiliated with X": the patron is not the group the figure describes.
        if tok.dep_ == "pobj" and tok.head.head.lower_ in ("linked", "affiliated", "allied", "loyal", "close"):
            return False
        # "sources told AFP": the outlet told is not the group.
        if tok.dep_ in ("dobj", "dative") and tok.head.lower_ in ("told", "tell", "tells", "telling"):
            return False
        # The opponent in "clashes with X" is not whom the figure describes.
        if any(a.lower_ in ("with", "against") and a.dep_ == "prep" for a in tok.ancestors):
            return False
        return not (tok.dep_ == "pobj" and tok.head.lower_ in ("with", "against", "to", "according", "by")
                    and kind not in ("fighters",)) or (tok.head.lower_ == "by" and kind == "ransom")
    governing = _governing_subject(ctx, si, start)
    if governing is not None and entity_type(ctx, governing) == "Organization" and kind != "troops" \
            and (not is_state(ctx, governing) or kind == "attacks"):
        return governing
    for tok, m in mentions:
        if tok.dep_ in ("nsubj", "nsubjpass") and groupish(tok, m):
            return m
    for tok, m in mentions:
        if groupish(tok, m) and not _attribution_token(tok):
            return m
    if any(is_anaphor(t) for t in span) or kind in ("fighters", "ransom", "attacks"):
        focus = focus_entity(ctx, si)
        return None if focus == source or is_institution(ctx, focus) else focus
    return None


def _registry_kind(ctx: ExtractContext, local: int | None) -> str | None:
    """The registry kind of a local entity ("armed_group", "state_force", "country"), if known."""
    key = ctx.entity(local).key if local is not None else None
    if not key:
        return None
    if key.startswith("state:"):
        return "state_force" if entity_type(ctx, local) == "Organization" else None
    try:
        return load_registry().get(key).kind
    except KeyError:
        return None


def _is_force(ctx: ExtractContext, local: int | None) -> bool:
    """A state's armed forces or a mission ("Malian army", "Africa Corps"): it has troops, not fighters."""
    return local is not None and (is_state(ctx, local) or _registry_kind(ctx, local) in FORCE_KINDS)


def _previous_country(ctx: ExtractContext, si: int, back: int = 4) -> int | None:
    """The country most recently named before sentence ``si`` (within ``back`` sentences): "the country"."""
    for prev in range(si - 1, max(-1, si - 1 - back), -1):
        # The first country of the nearest sentence naming one ("Burkina Faso, like neighbouring Mali ...").
        end = ctx.sentence_starts[prev + 1] if prev + 1 < len(ctx.sentence_starts) else ctx.sentence_starts[si]
        for i in ctx.mentions_in(ctx.sentence_starts[prev], end):
            local = local_of_mention(ctx, i)
            if entity_type(ctx, local) == "Location" and _registry_kind(ctx, local) == "country":
                return local
    return None


def _root_group(ctx: ExtractContext, si: int) -> int | None:
    """The non-state group a sentence's main subject names or stands for ("The group ... ambush in which
    four soldiers were killed")."""
    span = sentence_span(ctx, si)
    if span is None:
        return None
    for tok in span:
        if tok.dep_ in ("nsubj", "nsubjpass") and tok.head.dep_ == "ROOT":
            local = local_of_mention(ctx, mention_of(ctx, tok))
            if local is None and is_anaphor(tok):
                local = focus_entity(ctx, si)
            if local is not None and entity_type(ctx, local) == "Organization" and not is_institution(ctx, local) \
                    and not _is_force(ctx, local):
                return local
            return None
    return None


def _governing_noun(ctx: ExtractContext, start: int):
    """The subject token of the verb that governs a figure ("Violence ... has killed 26,000 people")."""
    span = ctx.doc.char_span(start, start + 1, alignment_mode="expand")
    if span is None:
        return None
    tok = span[0]
    for _ in range(6):
        if tok.pos_ in ("VERB", "AUX"):
            return next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if tok.head.i == tok.i:
            return None
        tok = tok.head
    return None


def _place_subject(ctx: ExtractContext, si: int, start: int, end: int, kind: str) -> tuple[bool, int | None]:
    """(applies, place) for a country-level figure: a toll whose cause is abstract ("Violence in the
    country has killed ...") or a displacement count. The place is the one named in the sentence, or
    the country "the country" refers to."""
    if kind not in ("fatalities", "displaced"):
        return False, None
    if kind == "fatalities":
        cause = _governing_noun(ctx, start)
        if cause is None or cause.lower_ not in ABSTRACT_CAUSES:
            return False, None
    span = sentence_span(ctx, si)
    places = [] if span is None else [(t, local_of_mention(ctx, mention_of(ctx, t))) for t in span]
    places = [(t, m) for t, m in places if m is not None and entity_type(ctx, m) == "Location"]
    owned = [m for t, m in places if t.head.lower_ in ("in", "across", "of", "from") or t.dep_ == "poss"]
    if owned or places:
        return True, (owned or [m for _, m in places])[0]
    if COUNTRY_ANAPHOR.search(ctx.sentences[si].text):
        return True, _previous_country(ctx, si)
    return True, None


def _governing_subject(ctx: ExtractContext, si: int, start: int) -> int | None:
    """The named subject of the verb that governs a figure ("Katiba Macina alone has 5,000 men")."""
    span = ctx.doc.char_span(start, start + 1, alignment_mode="expand")
    if span is None:
        return None
    tok = span[0]
    for _ in range(6):
        if tok.pos_ in ("VERB", "AUX"):
            for child in tok.children:
                if child.dep_ in ("nsubj", "nsubjpass"):
                    local = local_of_mention(ctx, mention_of(ctx, child))
                    if local is None and is_anaphor(child):
                        return focus_entity(ctx, si)
                    return local
            return None
        if tok.head.i == tok.i:
            return None
        tok = tok.head
    return None


def _attribution_token(tok) -> bool:
    return tok.head.lower_ in ("to",) and tok.head.head.lower_ == "according"


def _attribution(ctx: ExtractContext, si: int) -> tuple[str | None, int | None]:
    """Who gave the figure: "according to (an) X (analysis)", "X told AFP", "X said"."""
    text = ctx.sentences[si].text
    start = ctx.sentence_starts[si]
    for m in ACCORDING.finditer(text):
        for i in ctx.mentions_in(start + m.end(), start + len(text)):
            mention = ctx.mentions[i]
            if mention.type != "Location":  # "the Dakar-based X": the place is not the source
                return mention.text, mention.local_id
    return None, None


def _as_of(ctx: ExtractContext, si: int, ref: PartialDate | None) -> str | None:
    """The date a figure describes: an "as of" date, else a date in the sentence (not a "since"
    date), else the publication month for recent news."""
    dates = find_dates(ctx.sentences[si].text, ref)
    for kind in ("as_of", "point", "range_start"):
        for d in dates:
            if d.kind == kind:
                value = coarsen(d.value, 2) if d.relative and d.value.precision == 1 else d.value
                return value.iso()
    if ref is not None:
        return coarsen(ref, 2).iso()
    return None


def _reference(ctx: ExtractContext) -> PartialDate | None:
    try:
        return PartialDate.from_iso(ctx.document.published) if ctx.document.published else None
    except ValueError:
        return None


@component("claims")
def claims(ctx: ExtractContext) -> list[Fact]:
    if (ctx.document.language or "en").lower().startswith("fr"):
        from actorgraph.extract.rules.claims_fr import french_claims

        return french_claims(ctx)  # French counted nouns and attributions (claims_fr)
    ref = _reference(ctx)
    facts: list[Fact] = []
    for si, sentence in enumerate(ctx.sentences):
        text = sentence.text
        if text.count("“") + text.count("\"") >= 2 and text.lstrip().startswith(("“", "\"")):
            continue  # a quotation: figures in speech are not the report's claims
        base = ctx.sentence_starts[si]
        for q in find_quantities(text):
            if q.is_year_like or (q.low is None and q.high is None):
                continue
            noun = _counted_noun(ctx, base + q.start, base + q.end)
            before = text[:q.start]
            kind_unit = _kind(q, text, noun)
            if kind_unit is None and POPULATION.search(before.lower()):
                kind_unit = ("other", "persons")
            if kind_unit is None:
                continue
            kind, unit = kind_unit
            low, high = q.low, q.high
            vague = VAGUE_BEFORE.search(before)
            if vague and low is not None and low == high and q.text.lower().startswith(("hundred", "thousand")):
                a, b = VAGUE_MULTIPLE[vague.group(1).lower()]
                low, high = low * a, low * b  # "a few hundred fighters": 200 to 500, not 100
            if kind == "other" and q.currency and si > 0 and FIGURE_REF.search(text) \
                    and RANSOM.search(ctx.sentences[si - 1].text.lower()):
                kind = "ransom"  # "A second source put the figure at ...": the previous sentence's ransom
            if kind == "fatalities" and _nationality_counted(ctx, base + q.start, base + q.end):
                continue  # "47 Malian soldiers": the victims' side, named only by an adjective
            named = _named_counted(ctx, base + q.start, base + q.end) if kind == "fatalities" else None
            if named is not None and _is_force(ctx, named):
                # "The group ... ambush in which four US soldiers were killed": the group the sentence is
                # about, not the state force it killed.
                group = _root_group(ctx, si)
                named = group if group is not None else named
            place_rule, place = _place_subject(ctx, si, base + q.start, base + q.end, kind)
            if named is not None:
                subject = named
            elif place_rule:
                subject = place  # a country-level toll or displacement: the place, never a group
            else:
                subject = _subject(ctx, si, base + q.start, base + q.end, kind)
            if kind == "fighters" and _is_force(ctx, subject):
                kind = "troops"  # a state force's or mission's strength
            if kind == "other" and unit == "persons" and POPULATION.search(before.lower()):
                places = [local_of_mention(ctx, i) for i in ctx.mentions_in(base, base + q.start)]
                places = [p for p in places if p is not None and entity_type(ctx, p) == "Location"]
                subject = places[0] if places else None
            if subject is None:
                continue
            who, who_id = _attribution(ctx, si)
            data = {"subject": subject, "quantity": kind, "low": low, "high": high, "unit": unit,
                    "currency": q.currency, "as_of": _as_of(ctx, si, ref), "attributed_to": who,
                    "attributed_entity": who_id}
            facts.append(Fact("claim", data, si, f"claims.{kind}.v1", 0.6))
    return facts
