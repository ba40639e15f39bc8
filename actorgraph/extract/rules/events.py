"""ACLED-compatible events: who did what to whom, where, when, with how many dead.

A trigger word (a verb or an event noun, see ``events_lexicon``) starts a
candidate; the dependency parse supplies its actor (subject, agent, possessor),
targets (object, "on X"), place ("in/at/near X") and date (the date expression
the trigger governs). Candidates that describe a habit ("regularly attacks"),
a possibility ("could take Bamako"), a method ("uses sieges") or an aggregate
("125 confrontations") are dropped: see ``events_syntax``. Conventions follow
shared/eval/gold/NOTES.md:

* the date is what the text says, resolved against the publication date for
  relative expressions, never the publication date itself;
* fatalities are ACLED's lowest credible figure ("at least 14" -> 14, "dozens"
  -> 12), summed over the victim groups of one event;
* an attack on targets not said to be civilians is a battle;
* one sentence may hold several events ("coups in 2020 and 2021").

Within a document the same occurrence told twice ("JNIM formed in 2017" ...
"the formation of JNIM") is merged into one fact; cross-document merging is
the store's job, so the fields are filled the same way whatever the source.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from actorgraph.extract import ExtractContext, component
from actorgraph.extract.dates import PartialDate, coarsen, find_dates
from actorgraph.extract.entities import doc_text
from actorgraph.extract.rules import events_lexicon as lex
from actorgraph.extract.rules import events_syntax as syn
from actorgraph.model import Fact

FAMILY_TYPES: dict[str, tuple[str, str]] = {
    "attack": ("battles", "armed_clash"),
    "clash": ("battles", "armed_clash"),
    "kill": ("violence_against_civilians", "attack"),
    "capture": ("battles", "non_state_actor_overtakes_territory"),
    "explosion": ("explosions_remote_violence", "remote_explosive_landmine_ied"),
    "abduction": ("violence_against_civilians", "abduction_forced_disappearance"),
    "ransom": ("strategic_developments", "ransom_payment"),
    "release": ("strategic_developments", "hostage_release"),
    "blockade": ("strategic_developments", "blockade"),
    "withdrawal": ("strategic_developments", "troop_withdrawal"),
    "deployment": ("strategic_developments", "troop_deployment"),
    "coup": ("strategic_developments", "coup"),
    "formation": ("strategic_developments", "group_formation"),
    "designation": ("strategic_developments", "designation"),
    "agreement": ("strategic_developments", "agreement"),
    "statement": ("strategic_developments", "statement"),
    "diplomacy": ("strategic_developments", "other"),
}
VIOLENT = {"attack", "clash", "kill", "capture", "explosion", "abduction"}
# Strategic developments that are events even undated, given a named actor or place (NOTES.md).
UNDATED_OK = {"blockade", "withdrawal", "deployment", "coup", "formation", "designation", "diplomacy",
              "release", "ransom", "capture", "kill", "attack", "abduction", "explosion", "clash"}
# Nominal triggers that are events without a date when an actor or place is attached.
UNDATED_NOUNS = {"blockade", "withdrawal", "deployment", "coup", "formation", "designation"}
# Families whose ongoing state makes the present perfect an occurrence ("has blockaded Bamako").
ONGOING = {"blockade"}
# Families located at the country level when the sentence names no place (ACLED geo_precision 3).
COUNTRY_LEVEL = {"blockade", "withdrawal", "deployment", "coup", "formation", "diplomacy", "agreement"}
TEMPORAL_PREPS = {"after", "before", "following", "since", "amid", "during", "despite", "until", "prior",
                  "ahead", "given", "unlike"}
PLACE_PREPS = {"in", "at", "near", "around", "outside", "inside", "into", "across", "throughout", "within"}
TARGET_PREPS = {"on", "against", "upon"}
PLACE_NOUNS = {"town", "village", "city", "region", "area", "capital", "commune", "district", "province",
               "locality", "outskirts", "department", "circle", "cercle", "country"}
# Heads that make the event nouns below them a count, not an occurrence ("the toll from attacks").
AGGREGATE_HEADS = {"toll", "number", "count", "total", "wave", "series", "spate", "string", "rise",
                   "increase", "surge", "figures", "dozens", "hundreds", "thousands", "tally"}
MAX_SUMMARY = 300
ROAD_NOUNS = {"road", "roads", "route", "routes", "highway", "highways", "access", "supplies", "supply"}
QUANTIFIERS = {"least", "more", "than", "over", "some", "its", "their"}
QUANTITY_NOUNS = {"dozens", "dozen", "hundreds", "scores", "number", "group", "handful", "thousands", "tens",
                  "several", "many", "most", "some", "all", "at", "least"}
_COUNTED_BACK = re.compile(r"\b(?:ago|weeks?|months?|il y a)\b", re.IGNORECASE)


# ------------------------------------------------------------------ data
@dataclass
class _Date:
    value: PartialDate
    kind: str
    root: Token
    start: int  # token indices
    end: int
    ranged: bool = False
    until: PartialDate | None = None


@dataclass
class _Event:
    family: str
    sentence: int
    trigger: Token
    nominal: bool
    type: str = ""
    sub_type: str = ""
    date: PartialDate | None = None
    inherited: bool = False
    actors: list[int] = field(default_factory=list)
    assoc: list[int] = field(default_factory=list)
    actors2: list[int] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    place_id: int | None = None
    place: str | None = None
    place_token: Token | None = None
    fatalities: int | None = None
    formed: list[int] = field(default_factory=list)
    summary: str = ""
    confidence: float = 0.6

    @property
    def rule(self) -> str:
        return f"events.{self.family}{'_noun' if self.nominal else ''}.v1"


@dataclass
class _Env:
    """Per-document state: the reference date, the country context, coreference, geocoder."""

    ctx: ExtractContext
    ref: PartialDate | None
    country: str | None
    country_id: int | None
    geo_cache: dict = field(default_factory=dict)

    def geocode(self, name: str):
        if name not in self.geo_cache:
            self.geo_cache[name] = _geocode(name, self.country)
        return self.geo_cache[name]


# ------------------------------------------------------------------ component
@component("events")
def extract_events(ctx: ExtractContext) -> list[Fact]:
    if (ctx.document.language or "en").lower().startswith("fr"):
        from actorgraph.extract.rules.events_fr import french_events

        return french_events(ctx)  # French lexicon and patterns, same fields (events_fr)
    env = _environment(ctx)
    found: list[_Event] = []
    previous: list[_Date] = []
    spans = ctx.sentence_spans()
    for idx, (start, end) in enumerate(spans):
        span = ctx.doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            previous = []
            continue
        dates = _sentence_dates(env, span)
        events = _sentence_events(env, idx, span, dates)
        same_line = idx > 0 and "\n" not in ctx.view.text[spans[idx - 1][1]:start]
        _inherit_dates(events, span, previous if same_line else [])
        found.extend(events)
        _relative_to_events(env, events, found)
        previous = dates or ([_Date(e.date, "point", e.trigger, 0, 0) for e in events if e.date] if same_line
                             else [])
    merged = _dedupe(env, found)
    _relative_to_events(env, merged, merged, named=True)
    return [_to_fact(env, e) for e in merged]


def _environment(ctx: ExtractContext) -> _Env:
    ref = None
    if ctx.document.published:
        try:
            ref = PartialDate.from_iso(ctx.document.published)
        except ValueError:
            ref = None
    country, country_id = _country_context(ctx)
    return _Env(ctx, ref, country, country_id)


def _country_context(ctx: ExtractContext) -> tuple[str | None, int | None]:
    """The document's most-mentioned country, and the local id of a mention of it."""
    counts: Counter[str] = Counter()
    ids: dict[str, int] = {}
    for m in ctx.mentions:
        if m.type != "Location":
            continue
        place = _geocode(m.text, None)
        if place is not None and place.feature == "country" and place.country:
            counts[place.country] += 1
            if m.local_id is not None:
                ids.setdefault(place.country, m.local_id)
    if not counts:
        return None, None
    country = counts.most_common(1)[0][0]
    return country, ids.get(country)


def _geocode(name: str, country: str | None):
    try:
        from actorgraph.geo import geocode
    except ImportError:  # geo not installed yet: events keep names without coordinates
        return None
    try:
        return geocode(name, country)
    except Exception:  # a gazetteer miss must never cost the document its events
        return None


# ------------------------------------------------------------------ dates
def _sentence_dates(env: _Env, span: Span) -> list[_Date]:
    out = []
    for m in find_dates(span.text, env.ref):
        chars = env.ctx.doc.char_span(span.start_char + m.start, span.start_char + m.end,
                                      alignment_mode="expand")
        if chars is None:
            continue
        value = m.value
        if m.relative and _COUNTED_BACK.search(m.text):
            # "two weeks ago" is a count from the publication day, not a known day (NOTES.md).
            value = coarsen(value, 2)
        out.append(_Date(value, m.kind, chars.root, chars.start, chars.end, m.end_value is not None,
                         m.end_value))
    return out


def _owner(date: _Date, triggers: set[int]) -> int | None:
    """The lowest trigger governing a date expression: the event it dates."""
    node = date.root
    while True:
        if node.i in triggers and not (date.start <= node.i < date.end):
            return node.i
        if node.head.i == node.i:
            return None
        node = node.head


def _is_ancestor(a: Token, b: Token) -> bool:
    return a in b.ancestors


def _dates_for(trigger: Token, nominal: bool, dates: list[_Date], owners: dict[int, int | None],
               doc_tokens) -> list[_Date]:
    """The date expressions that date this trigger, nearest first."""
    own = [d for d in dates if owners[id(d)] == trigger.i]
    if own:
        return own
    if nominal and not _can_climb(trigger):
        return []
    usable = []
    for d in dates:
        owner = owners[id(d)]
        if owner is None or _is_ancestor(doc_tokens[owner], trigger):
            usable.append(d)
    return sorted(usable, key=lambda d: abs(d.start - trigger.i))


def _can_climb(noun: Token) -> bool:
    """A noun is dated by its clause only when it is the clause's object or subject."""
    if noun.dep_ in ("dobj", "nsubj", "nsubjpass", "attr", "appos", "ROOT"):
        return True
    return noun.dep_ == "conj" and noun.head.dep_ in ("dobj", "nsubj", "nsubjpass", "attr")


def _event_dates(dates: list[_Date]) -> list[_Date]:
    return [d for d in dates if d.kind in ("point", "range_start")]


def _inherit_dates(events: list[_Event], span: Span, previous: list[_Date]) -> None:
    """Date an undated past occurrence from the sentence before it ("In response, ...").

    After a sequel opener the previous sentence's date is the event's (at most
    to the month); otherwise a past-tense event in the same paragraph takes the
    previous sentence's year. Never applied to sentences with their own
    duration ("after three years"), which date relative to something else.
    """
    candidates = [d for d in previous if d.kind in ("point", "range_start")]
    if not candidates:
        return
    text = span.text.lower().lstrip(" \"“'")
    same_day = text.startswith(lex.SAME_DAY_OPENERS)
    sequel = same_day or text.startswith(lex.SEQUEL_OPENERS)
    if not sequel and any(t.lower_ in ("after", "later", "before", "earlier") for t in span):
        return
    source = candidates[-1].value
    for e in events:
        if e.date is not None or e.family in ("statement",):
            continue
        if not sequel and (e.nominal or syn.aspect(e.trigger) != "past"):
            continue
        e.date = source if same_day else coarsen(source, 2 if sequel else 3)
        e.inherited = True
        e.confidence -= 0.15


_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10}
_RELATIVE_TO_EVENT = re.compile(
    r"\b(?P<n>(?i:\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten))\s+(?P<unit>days?|weeks?)\s+"
    r"(?P<dir>before|after|prior to|earlier than|later than)\s+the\s+(?P<ref>(?:[A-Z][\w'’-]*\s+){1,3})"
    r"(?:attacks?|ambush|raid|assault|massacre|killings?|bombing|strike|offensive)\b")
_FOLLOWING_DAYS = re.compile(
    r"\b(?:in the (?:following|next|ensuing|subsequent) (?:days|weeks)|in the (?:days|weeks) (?:that )?"
    r"(?:followed|after)|(?:days|a few days) later)\b", re.IGNORECASE)


def _relative_to_events(env: _Env, events: list[_Event], found: list[_Event], named: bool = False) -> None:
    """Date an event told relative to another one of the same document: "two days before the
    Djibo attack" (that attack's date shifted), "in the following days" (the month of the
    event just told)."""
    import datetime as _dt

    for e in events:
        text = e.trigger.sent.text
        if e.date is not None:
            if not named:
                _after_days(e, found, text)
            continue
        m = _RELATIVE_TO_EVENT.search(text)
        if m is not None and not named:
            continue
        if m is not None:
            ref = m.group("ref").strip()
            anchor = next((o for o in reversed(found) if o is not e and o.date is not None and o.place
                           and o.family in VIOLENT and (o.place in ref or ref in o.place)), None)
            if anchor is None:
                continue
            n = int(m.group("n")) if m.group("n").isdigit() else _NUMBER_WORDS[m.group("n").lower()]
            days = n * (7 if m.group("unit").startswith("week") else 1)
            sign = -1 if m.group("dir") in ("before", "prior to", "earlier than") else 1
            if anchor.date.precision == 1 and m.group("unit").startswith("day"):
                e.date = PartialDate.from_date(anchor.date.first_day() + _dt.timedelta(days=sign * days))
            else:
                e.date = coarsen(anchor.date, 2)
            e.inherited = True
            continue
        m = _FOLLOWING_DAYS.search(text)
        if m is None or named:
            continue
        anchor = next((o for o in reversed(found) if o is not e and o.date is not None and o.family in VIOLENT
                       and o.trigger.i < e.trigger.i), None)
        if anchor is not None and anchor.sentence >= e.sentence - 1:
            e.date, e.inherited = coarsen(anchor.date, 2), True


def _after_days(e: _Event, found: list[_Event], text: str) -> None:
    """"X killed ... on 1 May, and Y killed ... in the following days": the second verb took the
    first one's day through the coordination; its own phrase puts it later that month."""
    m = _FOLLOWING_DAYS.search(text)
    if m is None:
        return
    start = e.trigger.sent.start_char + m.start()
    if not any(t.idx == start for t in e.trigger.subtree):
        return
    anchor = next((o for o in found if o is not e and o.date == e.date and o.sentence == e.sentence
                   and o.trigger.i < e.trigger.i), None)
    if anchor is not None and e.date.precision == 1:
        e.date, e.inherited = coarsen(e.date, 2), True


# ------------------------------------------------------------------ sentence
def _sentence_events(env: _Env, idx: int, span: Span, dates: list[_Date]) -> list[_Event]:
    triggers = {t.i: fam for t in span if (fam := lex.trigger_family(t)) is not None}
    if not triggers:
        return []
    owners = {id(d): _owner(d, set(triggers)) for d in dates}
    events: list[_Event] = []
    kills: list[tuple[Token, list[_Event]]] = []
    for i, family in triggers.items():
        tok = span.doc[i]
        if family == "kill" and _attached_to_trigger(tok, triggers):
            kills.append((tok, []))
            continue
        found = _events_at(env, idx, tok, family, dates, owners)
        if family == "kill" and not found:
            kills.append((tok, []))  # "15 soldiers were killed when militants ambushed ...": see below
        events.extend(found)
    for tok, _ in kills:
        _attach_fatalities(env, tok, events)
    return _merge_sentence(_one_incident(env, events))


def _one_incident(env: _Env, events: list[_Event]) -> list[_Event]:
    """"killed 50 soldiers and civilians in an attack on a base": the killing and the attack are one
    incident, told once; its type is settled by who was attacked and who died."""
    out = list(events)
    for kill in [e for e in events if e.family == "kill" and not e.nominal]:
        host = next((e for e in out if e is not kill and e.nominal and e.family in ("attack", "clash", "explosion")
                     and _inside_kill(e.trigger, kill.trigger)), None)
        if host is None or kill not in out:
            continue
        out.remove(kill)
        if host.date is None:
            host.date, host.inherited = kill.date, kill.inherited
        host.actors += [a for a in kill.actors if a not in host.actors]
        host.targets += [t for t in kill.targets if t not in host.targets]
        if host.place is None or (kill.place is not None and _rank_name(env, kill) < _rank_name(env, host)):
            host.place_id, host.place, host.place_token = kill.place_id, kill.place, kill.place_token
        if host.fatalities is None:
            host.fatalities = kill.fatalities
        host.summary = kill.summary
        if host.type != "explosions_remote_violence":
            victims = _victims(kill.trigger)
            civilian = _civilian(_target_tokens(host)) or (_civilian(victims) and not _armed(victims))
            host.type, host.sub_type = (("violence_against_civilians", "attack") if civilian
                                        else ("battles", "armed_clash"))
    return out


def _inside_kill(noun: Token, kill: Token) -> bool:
    """The event noun is the killing's subject ("an attack killed ...") or its setting ("in an attack")."""
    if noun.head.i == kill.i and noun.dep_ in ("nsubj", "nsubjpass"):
        return True
    prep = noun.head
    return noun.dep_ == "pobj" and prep.lower_ in ("in", "during") and prep.head.i == kill.i


def _rank_name(env: _Env, event: _Event) -> int:
    return 9 if event.place is None else _place_rank(env, (event.place_id, event.place, event.place_token))


def _attached_to_trigger(kill: Token, triggers: dict[int, str]) -> bool:
    """"..., killing 20 fighters", "an attack that killed eight": the kill reports another event."""
    if kill.dep_ not in ("advcl", "relcl", "acl", "conj", "xcomp"):
        return False
    node = kill.head
    for _ in range(2):
        if node.i in triggers and triggers[node.i] != "kill":
            return True
        if node.head.i == node.i:
            return False
        node = node.head
    return False


def _attach_fatalities(env: _Env, kill: Token, events: list[_Event]) -> None:
    """Fatalities of a kill clause go to the violent event it reports on, above or below it."""
    above = {a.i for a in kill.ancestors}
    below = {c.i for c in kill.children if c.dep_ in ("advcl", "conj")}
    host = next((e for e in events if e.trigger.i in above and e.family in VIOLENT), None) or next(
        (e for e in events if e.trigger.i in below and e.family in VIOLENT), None)
    if host is None:
        return
    victims = _victims(kill)
    count = _count_dead(victims)
    if count is not None:
        host.fatalities = (host.fatalities or 0) + count
    host.targets += [t for t in _target_strings(victims) if t not in host.targets]
    if host.family in ("attack", "clash") and _civilian(victims):
        host.type, host.sub_type = "violence_against_civilians", "attack"


def _merge_sentence(events: list[_Event]) -> list[_Event]:
    """One occurrence told by two triggers of one sentence ("released a statement claiming")."""
    out: list[_Event] = []
    for e in events:
        twin = next((o for o in out if o.type == e.type and o.sub_type == e.sub_type
                     and _dates_compatible(o.date, e.date) and _same_occurrence_in_sentence(o, e)), None)
        if twin is None:
            out.append(e)
        else:
            _absorb(twin, e)
    return out


def _same_occurrence_in_sentence(a: _Event, b: _Event) -> bool:
    if a.family in ("capture", "coup") and (a.place or b.place) and a.place != b.place:
        return False
    if a.family in VIOLENT and b.family in VIOLENT and not a.nominal and not b.nominal:
        # "jihadists killed ..., vigilantes killed ...": two clauses with their own, different doers.
        sa, sb = syn.subject_of(a.trigger), syn.subject_of(b.trigger)
        if sa is not None and sb is not None and sa.i != sb.i and sa.lower_ != sb.lower_:
            return False
    # Two designations by different bodies (the U.S., the EU) in one sentence stay apart.
    return not (a.family == "designation" and a.actors and b.actors and not set(a.actors) & set(b.actors))


# ------------------------------------------------------------------ one trigger
def _events_at(env: _Env, idx: int, tok: Token, family: str, dates: list[_Date],
               owners: dict[int, int | None]) -> list[_Event]:
    nominal = syn.is_noun(tok)
    if nominal and not _noun_is_occurrence(tok, family):
        return []
    if not nominal and not _verb_is_occurrence(tok, family, dates, owners):
        return []
    family = _refine_family(env, tok, family, nominal)
    if family is None:
        return []
    if nominal and family in VIOLENT and _claimed_responsibility(tok):
        family = "statement"  # "JNIM claimed the attack on Monday": the claim is the event told here
    event = _Event(family, idx, tok, nominal)
    event.type, event.sub_type = FAMILY_TYPES[family]
    if not _fill_roles(env, event):
        return []
    near = _dates_for(tok, nominal, dates, owners, tok.doc)
    if nominal and tok.tag_ == "NNS" and any(d.kind == "since" or d.ranged for d in near[:1]):
        return []  # "271 attacks since September", "clashes between 2019 and 2020": counts, not events
    usable = _event_dates(near)
    if family == "kill" and usable and _spans_months(usable[0]):
        return []  # "civilians were killed between March and June": a toll over months, not one incident
    if not usable and family in ONGOING:
        # "under a blockade since 2022", "has been under a blockade since 2022": it began then.
        pool = near or [d for d in dates if owners[id(d)] is None]
        usable = [d for d in pool if d.kind == "since"][:1]
    if not usable and not _undated_ok(event):
        return []
    _classify(event)
    if family == "statement" and not nominal and _declares_blockade(tok):
        event.sub_type = "blockade"  # "declared it would stop all goods from entering X": a blockade begins
    event.summary = _summary(tok, nominal)
    _score(event, bool(usable))
    return _split(env, event, usable)


def _declares_blockade(tok: Token) -> bool:
    """The clause a declaration governs cuts a place off: "would stop all goods from entering X"."""
    for t in tok.subtree:
        if t.i == tok.i or t.dep_ not in ("ccomp", "xcomp") or lex.lemma_of(t, False) not in lex.CUT_OFF_VERBS:
            continue
        words = {w.lower_ for w in t.subtree}
        if words & lex.CUT_OFF_MOVES and words & lex.CUT_OFF_GOODS:
            return True
    return False


def _spans_months(date: _Date) -> bool:
    if not date.ranged or date.until is None:
        return False
    return date.value.iso()[:7] != date.until.iso()[:7]


def _undated_ok(event: _Event) -> bool:
    if event.family not in UNDATED_OK:
        return False
    if event.nominal and event.family not in UNDATED_NOUNS:
        return False
    if event.family in ("formation", "designation", "release", "ransom"):
        return bool(event.actors or event.actors2)
    return bool(event.actors or event.place or event.place_id is not None)


def _split(env: _Env, event: _Event, dates: list[_Date]) -> list[_Event]:
    """One event per date of a plural trigger ("coups in 2020 and 2021"), per place of a capture."""
    values: list[PartialDate | None] = [d.value for d in dates] or [None]
    if not (event.nominal and event.trigger.tag_ == "NNS") and event.family != "coup":
        values = values[:1]
    distinct = list(dict.fromkeys(values))
    places = _all_places(env, event) if event.family in ("capture", "coup") else []
    out = []
    for value in distinct:
        for place in places or [None]:
            e = _copy(event)
            e.date = value
            if place is not None:
                e.place_id, e.place, e.place_token = place
            out.append(e)
    return out


def _copy(event: _Event) -> _Event:
    return _Event(**{k: (list(v) if isinstance(v, list) else v) for k, v in event.__dict__.items()})


# ------------------------------------------------------------------ occurrence tests
def _verb_is_occurrence(tok: Token, family: str, dates: list[_Date], owners: dict[int, int | None]) -> bool:
    if syn.irrealis(tok) or syn.habitual(tok):
        return False
    if family in VIOLENT and _reported_claim(tok):
        return False
    aspect = syn.aspect(tok)
    if aspect == "past":
        return True
    if aspect == "perfect":
        # "has carried out attacks in Togo" is a record of activity, not one occurrence.
        dated = any(owners[id(d)] == tok.i and d.kind == "point" for d in dates)
        return family in ONGOING or dated
    if aspect == "present" and family in ONGOING:
        return any(c.dep_ == "aux" and c.lower_ in ("is", "are") for c in tok.children)
    if tok.tag_ in ("VBG", "VBN") and not syn.auxiliaries(tok) and aspect != "hypothetical":
        # "..., withdrawing from the G5 Sahel on May 15, 2022": a participle with its own date.
        return any(owners[id(d)] == tok.i and d.kind == "point" and d.value.precision < 3 for d in dates)
    return False


def _claimed_responsibility(noun: Token) -> bool:
    """"X claimed the attack", "claimed responsibility for the Y attack": an incident already told."""
    host = noun.head
    if noun.dep_ == "pobj" and host.lower_ == "for" and host.head.lower_ == "responsibility":
        host = host.head.head
    elif noun.dep_ != "dobj":
        return False
    definite = any(c.dep_ in ("det", "poss", "compound") and c.lower_ not in ("a", "an") for c in noun.children)
    return syn.is_verb(host) and lex.lemma_of(host) == "claim" and definite


def _reported_claim(tok: Token) -> bool:
    """"..., saying it had killed 200 soldiers", "said it had killed 203 there": a side's claim about an
    incident the text has told, in the pluperfect under a verb of saying; not a new incident."""
    if tok.dep_ != "ccomp" or not syn.is_verb(tok.head) or lex.lemma_of(tok.head) not in lex.REPORT_VERBS:
        return False
    if not any(a.lower_ in ("had", "'d") for a in syn.auxiliaries(tok)):
        return False
    # Its own place or date makes it a first report ("said its fighters had attacked the camp at X").
    own = [t for t in syn.clause_tokens(tok) if t.dep_ == "prep" and t.lower_ in PLACE_PREPS | {"on"}]
    return not own


def _noun_is_occurrence(tok: Token, family: str) -> bool:
    if tok.dep_ in ("compound", "amod", "nmod") or syn.irrealis(tok):
        return False
    if any(h.lower_ in AGGREGATE_HEADS for h in syn.ancestors_until_verb(tok)):
        return False
    count = syn.count_modifier(tok)
    if count is not None and count > 5:
        return False  # "125 confrontations", "over 1,300 attacks": aggregates are claims
    host = syn.governing_verb(tok)
    if host is not None and tok in host.subtree and lex.lemma_of(host) in lex.HABIT_VERBS:
        return False
    if host is not None and syn.aspect(host) in ("present", "hypothetical", "nonfinite") \
            and lex.lemma_of(host) in lex.SUPPORT_VERBS and family not in ONGOING:
        return False  # "conducts attacks", "to launch attacks"
    return not (host is not None and syn.habitual(host))


def _refine_family(env: _Env, tok: Token, family: str, nominal: bool) -> str | None:
    """Read the object to settle ambiguous verbs: release a statement vs a hostage, seize power."""
    if nominal:
        if family == "statement" and _about_other_event(tok):
            return None
        return family
    objects = _patients(tok)
    words = {w.lower_ for o in objects for w in syn.noun_phrase(o)}
    if family == "explosion" and lex.lemma_of(tok, False) == "blow" and not any(
            c.dep_ == "prt" and c.lower_ == "up" for c in tok.children):
        return None
    if family == "release":
        if words & lex.MEDIA_NOUNS:
            return "statement"
        return "release" if objects else None
    if family == "capture" and "power" in words:
        return "coup"
    if family == "capture" and not (words & lex.TERRITORY_NOUNS) and not _has_location(env, objects):
        return None
    if family == "agreement" and not words & lex.AGREEMENT_NOUNS:
        return None
    if family == "diplomacy" and not words & lex.TIES_NOUNS:
        return None
    if family == "statement" and lex.lemma_of(tok) in ("declare", "proclaim") and words & lex.POLITY_NOUNS:
        return "diplomacy"
    if family == "statement" and lex.lemma_of(tok) in ("publish", "issue") and not words & lex.MEDIA_NOUNS:
        return None
    if family == "blockade" and lex.lemma_of(tok) == "block" and not (
            words & ROAD_NOUNS or _has_location(env, objects)):
        return None
    if family == "withdrawal" and lex.lemma_of(tok) in ("leave", "quit") and not _org_objects(tok, objects):
        return None
    if family == "withdrawal" and not objects and not syn.prep_objects(tok, {"from", "out"}) \
            and not _force_subject(tok):
        return None  # "as they withdrew towards the border": a retreat in a fight, not a pull-out
    if family == "clash" and not objects and syn.prep_objects(tok, {"alongside", "beside"}) \
            and not syn.prep_objects(tok, {"against", "with"}):
        return None  # "fought alongside X": fighting on X's side, not a battle told
    if family == "ransom" and not _ransom_context(tok):
        return None
    if family == "designation" and not (syn.agent_of(tok) is not None or _as_terrorist(tok)):
        return None
    return family


def _force_subject(tok: Token) -> bool:
    subject = syn.subject_of(tok)
    return subject is not None and any(t.lower_ in lex.FORCE_NOUNS for t in syn.noun_phrase(subject))


def _about_other_event(tok: Token) -> bool:
    """"the announcement of JNIM's founding": the noun reports another event, not a statement."""
    return any(lex.trigger_family(pobj) is not None for pobj in syn.prep_objects(tok, {"of"}))


def _patients(verb: Token) -> list[Token]:
    """What undergoes the action: the object, or the subject of a passive."""
    if syn.is_passive(verb):
        subj = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        if subj is not None:
            return [subj, *syn.conjuncts(subj)]
        if verb.dep_ in ("acl", "amod"):
            return [verb.head]
        return []
    return syn.objects_of(verb)


def _has_location(env: _Env, objects: list[Token]) -> bool:
    from actorgraph.extract.rules.coref import mention_of

    for t in (t for o in objects for t in o.subtree):
        index = mention_of(env.ctx, t)
        if t.ent_type_ in ("GPE", "LOC", "FAC"):
            return True
        if index is not None and env.ctx.mentions[index].type == "Location":
            return True
    return False


def _org_objects(tok: Token, objects: list[Token]) -> bool:
    return any(t.ent_type_ in ("ORG", "GPE", "NORP") for o in objects for t in syn.noun_phrase(o))


def _ransom_context(tok: Token) -> bool:
    """'paid ... for the release of', 'paid a ransom': a payment for hostages."""
    words = {t.lower_ for t in tok.subtree}
    return bool(words & {"ransom", "ransoms", "release", "hostage", "hostages", "freedom"})


def _as_terrorist(tok: Token) -> bool:
    return any(t.lower_.startswith("terror") for t in tok.subtree)


# ------------------------------------------------------------------ roles
def _fill_roles(env: _Env, event: _Event) -> bool:
    """Actors, targets and place of an event; False when the family's required role is missing."""
    tok = event.trigger
    if event.nominal:
        _nominal_roles(env, event)
    else:
        _verbal_roles(env, event)
    place = _place(env, event)
    if place is not None:
        event.place_id, event.place, event.place_token = place
    if event.family == "formation" and not _formed_group(env, event):
        return False
    if event.family == "designation" and not (event.actors2 or event.targets):
        return False
    if event.family == "statement" and not event.actors:
        return False
    named = event.actors or event.actors2
    return not (event.family in ("withdrawal", "deployment") and not (named or _force_words(tok)))


def _formed_group(env: _Env, event: _Event) -> bool:
    """A formation needs the group formed to be a named organisation, not just its founder."""
    tok = event.trigger
    if not event.nominal and any(o.lower_ in ("themselves", "itself") for o in syn.objects_of(tok)):
        return False  # "powers have established themselves in the Sahel": presence, not a new group
    if event.nominal:
        return any(_is_org(env, i) for i in event.actors)
    return bool(event.formed)


def _force_words(tok: Token) -> bool:
    return any(t.lower_ in lex.FORCE_NOUNS for t in tok.subtree)


def _verbal_roles(env: _Env, event: _Event) -> None:
    tok = event.trigger
    family = event.family
    passive = syn.is_passive(tok)
    subject = syn.subject_of(tok)
    agent = syn.agent_of(tok)
    patients = _patients(tok)
    doer = agent if passive else subject
    if family == "ransom" and passive:
        # "the militants were paid $50 million": the subject is the payee, the agent the payer.
        event.actors = _entities(env, event, subject)
        event.assoc = _entities(env, event, agent)
        hostages = syn.prep_objects(tok, {"for"})
        event.targets = _target_strings(_release_objects(hostages))
        return
    event.actors = _entities(env, event, doer)
    if not event.actors and doer is not None and family not in VIOLENT:
        _metonymic_place(env, event, doer)
    if family in ("ransom",):
        event.targets = _target_strings(_release_objects(syn.prep_objects(tok, {"for"})))
        return
    if family == "formation":
        # The group formed: the object ("founded AAD"), else the subject ("JNIM formed", "was founded").
        made = patients or ([subject] if subject is not None else [])
        if lex.lemma_of(tok, False) == "merge":
            made = made + _includes(subject)  # "factions merged, including Katiba Macina"
        formed = [e for p in made for e in _entities(env, event, p) if _is_org(env, e)]
        if not formed and not patients:
            fallback = _root_noun(tok) or _following_subject(tok)
            formed = [e for e in _entities(env, event, fallback) if _is_org(env, e)]
        event.formed = formed
        partners = _members(syn.prep_objects(tok, {"with", "by", "from", "of", "including", "through"})) \
            + _includes(subject)
        founders = [a for a in event.actors if a not in formed and not _is_location(env, a)]
        event.actors = formed + founders
        event.assoc = [e for p in partners for e in _entities(env, event, p)
                       if e not in event.actors and _is_org(env, e)]
        return
    targets = patients + syn.prep_objects(tok, TARGET_PREPS)
    if family in ("withdrawal", "diplomacy"):
        targets += syn.prep_objects(tok, {"from", "with"})
    event.actors2 = [e for t in targets for e in _entities(env, event, t, countries=False)
                     if e not in event.actors]
    # What a statement "claims" or "announces" is its content, not a target.
    event.targets = _target_strings(targets) if family != "statement" else []
    if family in ("kill", "abduction"):
        count = _count_dead(patients) if family == "kill" else None
        event.fatalities = count


def _following_subject(tok: Token) -> Token | None:
    """"Established with ..., it fills the gaps": an opening participle's subject is the next clause's."""
    if tok.tag_ != "VBN" or tok.dep_ not in ("ROOT", "advcl") or syn.subject_of(tok) is not None:
        return None
    sent = tok.sent
    end = sent.end
    if sent[-1].text not in (".", "!", "?") and end < len(tok.doc):
        end = tok.doc[end].sent.end  # the parser split the sentence after the participial clause
    return next((t for t in tok.doc[tok.i:end] if t.dep_ == "nsubj" and t not in tok.subtree), None)


def _members(tokens: list[Token]) -> list[Token]:
    """"the integration of four groups (A, B, C and D)" -> the group nouns and the listed names."""
    out: list[Token] = []
    for t in tokens:
        if t.lower_ in ("integration", "merger", "union", "fusion", "alliance", "unification", "merging"):
            out += _members(syn.prep_objects(t, {"of", "between"}))
            continue
        listed = [c for c in t.children if c.dep_ == "appos"]
        out += [m for c in listed for m in (c, *syn.conjuncts(c))] if listed else [t]
    return out


def _root_noun(tok: Token) -> Token | None:
    """"JNIM, which ..., formed in 2017": when the parse finds no main verb, the root noun is the subject."""
    root = tok.sent.root
    return root if syn.is_noun(root) and root.i < tok.i else None


def _metonymic_place(env: _Env, event: _Event, subject: Token) -> None:
    """"Bamako withdrew from the G5 Sahel": a capital acting as its state places the event in the country."""
    from actorgraph.extract.rules.coref import mention_of

    index = mention_of(env.ctx, subject)
    if index is None or env.ctx.mentions[index].type != "Location":
        return
    place = env.geocode(env.ctx.mentions[index].text)
    if place is not None and place.country:
        country_id = env.country_id if place.country == env.country else None
        event.place_id, event.place, event.place_token = country_id, place.country, None


def _includes(token: Token | None) -> list[Token]:
    """"several militant factions ..., including Katiba Macina": the named members."""
    if token is None:
        return []
    listed = syn.prep_objects(token, {"including", "like", "such"})
    return listed + syn.prep_objects(token.head, {"including"})


def _release_objects(fors: list[Token]) -> list[Token]:
    """'for the release of X and Y' -> X, Y."""
    out = []
    for f in fors:
        if f.lower_ in ("release", "freedom", "liberation"):
            out += syn.prep_objects(f, {"of"})
        else:
            out.append(f)
    return out


def _nominal_roles(env: _Env, event: _Event) -> None:
    tok = event.trigger
    own = [c for c in tok.children if c.dep_ in ("poss", "compound")]
    # "the G5 Sahel and France's withdrawal" (misparsed): a possessive hidden in a conjunct.
    own += [t for c in tok.children if c.dep_ == "nmod" for t in [c, *syn.conjuncts(c)]
            if any(k.dep_ == "case" for k in t.children)]
    agents = syn.prep_objects(tok, {"by"})
    ofs = syn.prep_objects(tok, {"of"})
    actors = [e for t in own + agents for e in _entities(env, event, t)]
    if event.family in ("withdrawal", "deployment", "formation", "coup", "blockade"):
        actors += [e for t in ofs for e in _entities(env, event, t) if e not in actors]
    if not actors:
        actors = _clause_subject_entities(env, event)
    event.actors = actors
    if event.family == "formation":
        partners = syn.prep_objects(tok, {"with", "between", "of"})
        event.assoc = [e for t in partners for e in _entities(env, event, t) if e not in actors]
    targets = syn.prep_objects(tok, TARGET_PREPS)
    if event.family in ("withdrawal",):
        targets += syn.prep_objects(tok, {"from"})
    event.actors2 = [e for t in targets for e in _entities(env, event, t, countries=False) if e not in actors]
    event.targets = _target_strings(targets)


def _clause_subject_entities(env: _Env, event: _Event) -> list[int]:
    """"JNIM launched the first attack", "in an interview, Ghaly stated": the clause's subject."""
    tok = event.trigger
    host = syn.governing_verb(tok)
    temporal = any(a.dep_ == "prep" and a.lower_ in TEMPORAL_PREPS for a in syn.ancestors_until_verb(tok))
    if host is None or temporal:
        return []  # "After the 2020 coup, the military promised": the coup's actor is not said
    subject = syn.subject_of(host)
    if subject is None or tok in subject.subtree or subject in tok.subtree:
        return []
    passive = syn.is_passive(host)
    if passive:
        agent = syn.agent_of(host)
        return _entities(env, event, agent) if agent is not None else []
    return _entities(env, event, subject)


def _entities(env: _Env, event: _Event, token: Token | None, countries: bool = True) -> list[int]:
    """Local ids of the actors a noun phrase names: its mention, an appositive, compounds, conjuncts.

    Countries count as actors when they act as states ("France's withdrawal");
    towns do not (a capital standing for its government is the place instead).
    """
    if token is None:
        return []
    out = _named_by(env, event, [token, *syn.conjuncts(token)], countries)
    if not out and token.dep_ == "appos":
        # "Salem Ould Breihmatt, an explosives expert designated ...": the name is the appositive's head.
        out = _named_by(env, event, [token.head], countries)
    return out


def _named_by(env: _Env, event: _Event, heads: list[Token], countries: bool) -> list[int]:
    from actorgraph.extract.rules.coref import entity_of

    out: list[int] = []
    for head in heads:
        for node in _name_nodes(head):
            if _named_place(node):
                continue  # "the village of X": X is where it happened, whatever its mention type
            local = _main_subject(env, node) if node.lower_ in ("it", "they") else None
            local = local if local is not None else entity_of(env.ctx, node, event.sentence)
            if local is None or local in out:
                continue
            if _actor_like(env, local, countries):
                out.append(local)
                break
    return out


def _main_subject(env: _Env, pronoun: Token) -> int | None:
    """"AAD ... proved formidable as it captured X": a subordinate 'it' is the main clause's subject."""
    from actorgraph.extract.rules.coref import mention_of

    root = pronoun.sent.root
    if pronoun.head.i == root.i:
        return None
    subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < pronoun.i), None)
    if subject is None:
        return None
    for node in [subject, *[c for c in subject.children if c.dep_ in ("appos", "compound")]]:
        index = mention_of(env.ctx, node)
        if index is not None and env.ctx.mentions[index].type == "Organization":
            return env.ctx.mentions[index].local_id
    return None


def _name_nodes(head: Token) -> list[Token]:
    """Where a name may sit in a noun phrase, best first: the head, appositives, compounds, 'of'."""
    nodes = [head]
    for dep in ("appos", "compound", "poss", "nmod"):
        nodes += [c for c in head.children if c.dep_ == dep]
    nodes += [t for c in head.children if c.dep_ in ("appos", "compound") for t in syn.noun_phrase(c)]
    nodes += syn.prep_objects(head, {"of"})
    if head.lower_ in QUANTITY_NOUNS:
        # "hundreds of fighters from X": look through the count to the noun it counts.
        for inner in syn.prep_objects(head, {"of"}):
            if inner.lower_ in lex.COMBATANT_NOUNS:
                nodes += _combatant_groups(inner)
    if head.lower_ in lex.COMBATANT_NOUNS:
        nodes += _combatant_groups(head)
    return nodes


def _combatant_groups(head: Token) -> list[Token]:
    """"fighters from the Group X (ACR)", "militants of X": the group the combatants belong to."""
    out = []
    for group in syn.prep_objects(head, {"from", "of"}):
        out += [group, *[c for c in group.children if c.dep_ in ("appos", "compound")]]
    return out


def _actor_like(env: _Env, local: int, countries: bool) -> bool:
    entity = env.ctx.entity(local)
    if entity.type in ("Organization", "Person"):
        return True
    if entity.type == "Location" and countries:
        place = env.geocode(entity.name)
        return place is not None and place.feature == "country"
    return False


def _is_location(env: _Env, local: int) -> bool:
    return env.ctx.entity(local).type == "Location"


def _is_org(env: _Env, local: int) -> bool:
    return env.ctx.entity(local).type == "Organization"


def _target_strings(tokens: list[Token]) -> list[str]:
    out: list[str] = []
    for t in _heads(tokens):
        if t.ent_type_ in ("DATE", "TIME"):
            continue
        words = [w for w in syn.noun_phrase(t)
                 if w.dep_ not in ("det", "nummod", "quantmod", "poss", "case", "predet", "advmod")
                 and not w.like_num and w.lower_ not in QUANTIFIERS]
        text = " ".join(w.text for w in words).strip(" ,;:")
        if text and text not in out:
            out.append(text)
    return out


# ------------------------------------------------------------------ victims and fatalities
def _victims(kill: Token) -> list[Token]:
    return _patients(kill)


def _count_dead(victims: list[Token]) -> int | None:
    """ACLED's lowest credible figure, summed over victim groups ("20 fighters and six leaders")."""
    from actorgraph.extract.numbers import find_quantities

    total, found = 0, False
    for v in victims:
        words = syn.noun_phrase(v)
        text = " ".join(w.text for w in words)
        for q in find_quantities(text):
            value = q.low if q.low is not None else q.high
            if value is None or q.currency or q.is_year_like:
                continue
            total += int(value)
            found = True
            break
    return total if found else None


def _armed(victims: list[Token]) -> bool:
    """Soldiers, fighters, police among the victims: their deaths make the incident a battle."""
    return any(w.lower_ in lex.ARMED_NOUNS for v in _heads(victims) for w in syn.noun_phrase(v))


def _civilian(victims: list[Token]) -> bool:
    heads = _heads(victims)
    if any(w.lower_ in lex.CIVILIAN_NOUNS for v in heads for w in syn.noun_phrase(v)):
        return True
    # "killed dozens of <community>": an ethnic or national community named as the victims.
    return any(v.ent_type_ == "NORP" and v.pos_ in ("PROPN", "NOUN") and v.lower_ not in lex.ARMED_NOUNS
               for v in heads) and not _armed(victims)


def _heads(tokens: list[Token]) -> list[Token]:
    """"dozens of civilians" -> civilians: look through quantity nouns to what they count."""
    out = []
    for t in tokens:
        inner = syn.prep_objects(t, {"of"}) if t.lower_ in QUANTITY_NOUNS else []
        out += inner or [t]
    return out


def _classify(event: _Event) -> None:
    """Settle the type by the targets: civilians -> VAC, explosives -> remote violence."""
    tok = event.trigger
    scope = list(tok.subtree) if not event.nominal else list(tok.subtree) + list(tok.children)
    words = {t.lower_ for t in scope}
    if event.family in ("attack", "clash", "kill", "explosion") and (
            words & lex.EXPLOSIVE_WORDS or event.family == "explosion"):
        event.type, event.sub_type = "explosions_remote_violence", _explosion_sub_type(words)
        return
    civilian = _civilian(_target_tokens(event))
    setting = _violent_setting(tok) if event.family == "kill" and not event.nominal else None
    if setting is not None:
        # "killed soldiers and civilians in an assault on a camp": the assault's target and the dead decide.
        victims = _target_tokens(event)
        civilian = _civilian(syn.prep_objects(setting, TARGET_PREPS)) or (civilian and not _armed(victims))
    if event.family == "kill":
        if civilian:
            event.type, event.sub_type = "violence_against_civilians", "attack"
        else:
            event.type, event.sub_type = "battles", "armed_clash"
    elif event.family == "attack" and civilian:
        event.type, event.sub_type = "violence_against_civilians", "attack"
    elif event.family == "capture" and _state_actor(event):
        event.sub_type = "government_regains_territory"


def _violent_setting(kill: Token) -> Token | None:
    """The attack a killing happened in: "killed 20 in an ambush on ...", "during a raid"."""
    for noun in syn.prep_objects(kill, {"in", "during"}):
        if lex.trigger_family(noun) in ("attack", "clash"):
            return noun
    return None


def _explosion_sub_type(words: set[str]) -> str:
    """ACLED's remote-violence sub-types by the weapon the clause names."""
    if "suicide" in words:
        return "suicide_bomb"
    if words & {"airstrike", "airstrikes", "drone", "drones", "air", "aerial", "aircraft", "jets"}:
        return "air_drone_strike"
    if words & {"shelling", "shelled", "mortar", "mortars", "rocket", "rockets", "artillery", "shells"}:
        return "shelling_artillery_missile_attack"
    if words & {"grenade", "grenades"}:
        return "grenade"
    return "remote_explosive_landmine_ied"


def _target_tokens(event: _Event) -> list[Token]:
    tok = event.trigger
    if event.nominal:
        return syn.prep_objects(tok, TARGET_PREPS)
    return _patients(tok) + syn.prep_objects(tok, TARGET_PREPS)


def _state_actor(event: _Event) -> bool:
    return any(t.lower_ in ("army", "troops", "soldiers", "forces", "military") for t in event.trigger.subtree
               if t.dep_ in ("nsubj", "agent"))


# ------------------------------------------------------------------ places
def _place(env: _Env, event: _Event) -> tuple[int | None, str, Token] | None:
    places = _all_places(env, event)
    return places[0] if places else None


def _all_places(env: _Env, event: _Event) -> list[tuple[int | None, str, Token]]:
    """Places the event happened in: 'in/at/near X', the object of a capture or blockade."""
    tok = event.trigger
    heads = [tok]
    host = syn.governing_verb(tok)
    if event.nominal and host is not None and _can_climb(tok):
        heads.append(host)
    candidates: list[Token] = []
    for head in heads:
        if event.family in ("capture", "blockade", "attack") and not event.nominal:
            candidates += _patients(head)
        if event.family in ("attack", "blockade", "explosion"):
            candidates += syn.prep_objects(head, TARGET_PREPS)
        if event.family == "blockade" and event.nominal and head.i == tok.i:
            candidates += syn.prep_objects(head, {"of"})  # "the siege of X"
            if tok.dep_ == "pobj" and tok.head.lower_ == "under" and host is not None:
                subject = syn.subject_of(host)  # "X has been under a blockade"
                candidates += [subject] if subject is not None else []
        candidates += syn.prep_objects(head, PLACE_PREPS)
        if event.family in ("withdrawal",):
            candidates += syn.prep_objects(head, {"from"})
    for head in heads:
        # "killed 12 villagers in Djibo", "Two weeks ago in the town of Lere, ... killed": a place
        # phrase anywhere in the clause, nearest to the trigger first.
        inner = [t for t in syn.clause_tokens(head) if t.dep_ == "prep" and t.lower_ in PLACE_PREPS]
        for prep in sorted(inner, key=lambda t: abs(t.i - tok.i)):
            candidates += [c for c in prep.children if c.dep_ == "pobj"]
    out: list[tuple[int | None, str, Token]] = []
    for cand in candidates:
        for found in _places_in_phrase(env, event, cand):
            if found[1] not in [p[1] for p in out]:
                out.append(found)
    host = syn.governing_verb(tok)
    if not out and not event.nominal and host is not None and tok.dep_ in ("advcl", "relcl") \
            and any(c.dep_ == "advmod" and c.lower_ == "when" for c in tok.children):
        # "The worst took place in X in March, when soldiers killed 500 people": the frame's place.
        for prep in (t for t in syn.clause_tokens(host) if t.dep_ == "prep" and t.lower_ in PLACE_PREPS):
            for cand in (c for c in prep.children if c.dep_ == "pobj"):
                out += [f for f in _places_in_phrase(env, event, cand) if f[1] not in [p[1] for p in out]]
    # The most precise place first: a town (or a place a place noun names, "the village of X"),
    # then a place the gazetteer does not know, a region, the country; never a vehicle or a site.
    return sorted(out, key=lambda p: _place_rank(env, p))


def _place_rank(env: _Env, place: tuple[int | None, str, Token]) -> int:
    if place[2] is not None and _named_place(place[2]):
        return 0
    found = env.geocode(place[1])
    if found is None:
        return 1
    return {"town": 0, "country": 3}.get(found.feature, 2)


def _named_place(t: Token) -> bool:
    """"the village of X", "the camp at X", "the town of X": a place noun introduces the name X."""
    if t.pos_ != "PROPN" or t.dep_ != "pobj":
        return False
    prep = t.head
    noun = prep.head
    if prep.lower_ == "of":
        return noun.lower_ in PLACE_NOUNS and noun.lower_ not in ("country", "region", "province", "department")
    if prep.lower_ == "at" and syn.is_verb(noun):  # "attacked the camp at X" (the phrase hung on the verb)
        return any(o.lower_ in lex.SITE_NOUNS for o in syn.objects_of(noun))
    return prep.lower_ in ("at", "in", "near") and noun.lower_ in lex.SITE_NOUNS


def _names_a_thing(t: Token) -> bool:
    """"the passenger boat X", "the hotel X": a common noun before the name makes X that thing's name."""
    return any(c.dep_ == "compound" and c.i < t.i and c.pos_ == "NOUN" and c.lower_ not in PLACE_NOUNS
               for c in t.children)


def _places_in_phrase(env: _Env, event: _Event, token: Token) -> list[tuple[int | None, str, Token]]:
    """The Location mentions of a phrase ("the central town of Lere", "a number of towns, including X")."""
    from actorgraph.extract.rules.coref import mention_of

    found = []
    for t in _place_nodes(token):
        if _names_a_thing(t):
            continue
        index = mention_of(env.ctx, t)
        if index is not None:
            mention = env.ctx.mentions[index]
            if all(f[1] != mention.text for f in found):
                if mention.type == "Location":
                    found.append((mention.local_id, mention.text, t))
                elif _named_place(t):  # "the village of X" read as an organisation: X is still a place
                    found.append((None, mention.text, t))
            continue
        if t.lower_ == "country" and env.country and t.head.dep_ != "compound":
            found.append((env.country_id, env.country, t))
        elif t.pos_ == "PROPN" and t.dep_ in ("pobj", "compound", "dobj", "appos"):
            name = _propn_phrase(t)
            place = env.geocode(name)
            if place is not None and place.feature in ("town", "admin1", "region"):
                found.append((None, name, t))
    return found


def _place_nodes(token: Token) -> list[Token]:
    """Tokens of a phrase that may name its place, the most specific first."""
    nodes = [token]
    for child in token.children:
        if child.dep_ in ("compound", "appos"):
            nodes.append(child)
    nodes += syn.prep_objects(token, {"of", "including", "such", "like"})
    if token.lower_ in lex.SITE_NOUNS:
        nodes += syn.prep_objects(token, {"at", "in", "near"})  # "the army camp at X"
    nodes += [c for c in token.children if c.dep_ == "poss"]
    nodes += syn.conjuncts(token)
    more = []
    for n in nodes[1:]:
        if n.lower_ in PLACE_NOUNS or n.lower_ in ("number", "towns", "villages", "cities"):
            more += syn.prep_objects(n, {"of", "including"})
    return nodes + more


def _propn_phrase(t: Token) -> str:
    words = [c for c in t.children if c.dep_ == "compound" and c.pos_ == "PROPN" and c.i < t.i]
    return " ".join(w.text for w in [*words, t])


# ------------------------------------------------------------------ summary and score
def _summary(tok: Token, nominal: bool) -> str:
    root = tok
    if nominal:
        host = syn.governing_verb(tok)
        if host is not None and _can_climb(tok):
            root = host
    words = sorted(root.subtree, key=lambda t: t.i)
    while words and (words[0].is_punct or words[0].dep_ in ("cc", "mark", "punct")):
        words.pop(0)
    while words and words[-1].is_punct:
        words.pop()
    if not words:
        return tok.text
    text = doc_text(tok.doc)[words[0].idx: words[-1].idx + len(words[-1].text)]
    text = " ".join(text.split())
    if len(text) > MAX_SUMMARY:
        text = text[:MAX_SUMMARY].rsplit(" ", 1)[0] + " …"
    return text


def _score(event: _Event, dated: bool) -> None:
    """Confidence: a dated event with a named actor and place is the surest."""
    score = 0.55
    score += 0.1 if dated else 0.0
    score += 0.1 if event.actors else 0.0
    score += 0.05 if event.place else 0.0
    score -= 0.1 if event.nominal and not dated else 0.0
    event.confidence = round(min(score, 0.9), 2)


# ------------------------------------------------------------------ document-level merging
def _dates_compatible(a: PartialDate | None, b: PartialDate | None) -> bool:
    if a is None or b is None:
        return True
    return a.iso().startswith(b.iso()) or b.iso().startswith(a.iso())


def _same_occurrence(a: _Event, b: _Event) -> bool:
    if a.type != b.type or a.sub_type != b.sub_type or not _dates_compatible(a.date, b.date):
        return False
    shared_actor = bool(set(a.actors) & set(b.actors))
    same_place = a.place is not None and a.place == b.place
    if a.family in VIOLENT or b.family in VIOLENT:
        # Two reports of violence are one incident only at the same place on a known date.
        return same_place and a.date is not None and b.date is not None and (shared_actor or not a.actors
                                                                             or not b.actors)
    if a.sub_type in ("statement",):
        return shared_actor and a.date is not None and b.date is not None
    if a.sub_type in ("coup", "blockade") and (a.place or b.place) and not same_place:
        return False
    if a.sub_type == "designation":
        return shared_actor
    return shared_actor or (same_place and not (a.actors and b.actors))


def _places_conflict(env: _Env, a: str | None, b: str | None) -> bool:
    """Two named places that cannot be the same site: neither is missing, equal or a whole country."""
    if a is None or b is None or a == b:
        return False
    ga, gb = env.geocode(a), env.geocode(b)
    if ga is not None and gb is not None and (ga.name == gb.name or (ga.lat, ga.lon) == (gb.lat, gb.lon)):
        return False
    return not any(g is not None and g.feature == "country" for g in (ga, gb))


def _same_ongoing(env: _Env, a: _Event, b: _Event) -> bool:
    """An ongoing blockade told again without its own date ("the blockade echoes ..."): one
    occurrence, unless the two name different places, conflicting dates or different besiegers."""
    if a.sub_type not in ONGOING or b.sub_type != a.sub_type or a.type != b.type:
        return False
    if a.date is not None and b.date is not None:
        return False
    if a.actors and b.actors and not set(a.actors) & set(b.actors):
        return False
    return not _places_conflict(env, a.place, b.place)


def _absorb(keep: _Event, other: _Event) -> None:
    if keep.date is None or (other.date is not None and other.date.precision < keep.date.precision):
        keep.date, keep.inherited = other.date, other.inherited
    keep.actors += [a for a in other.actors if a not in keep.actors]
    keep.assoc += [a for a in other.assoc if a not in keep.assoc and a not in keep.actors]
    keep.actors2 += [a for a in other.actors2 if a not in keep.actors2]
    keep.targets += [t for t in other.targets if t not in keep.targets]
    if keep.place is None and other.place is not None:
        keep.place_id, keep.place, keep.place_token = other.place_id, other.place, other.place_token
    if keep.fatalities is None:
        keep.fatalities = other.fatalities
    keep.confidence = round(min(0.95, max(keep.confidence, other.confidence) + 0.05), 2)


def _dedupe(env: _Env, events: list[_Event]) -> list[_Event]:
    out: list[_Event] = []
    for e in events:
        twin = next((o for o in out if _same_ongoing(env, o, e) or _same_occurrence(o, e)), None)
        if twin is None:
            lede = next((o for o in out if _elaborates(env, o, e)), None)
            if lede is not None:
                _absorb(lede, e)
                lede.place_id, lede.place, lede.place_token = e.place_id, e.place, e.place_token
                continue
            out.append(e)
        else:
            _absorb(twin, e)
    return out


def _elaborates(env: _Env, lede: _Event, detail: _Event) -> bool:
    """A dated report of violence placed only in a country, then, in the very next sentence, an
    undated one of the same type at a place in that country: the second tells the first in detail.
    (A date the detail inherited from the lede's sentence does not count as its own.)"""
    if lede.family not in VIOLENT or detail.family not in VIOLENT or lede.type != detail.type:
        return False
    if detail.sentence != lede.sentence + 1 or lede.date is None or (detail.date is not None
                                                                     and not detail.inherited):
        return False
    if detail.place is None or (lede.actors and detail.actors and not set(lede.actors) & set(detail.actors)):
        return False
    inner = env.geocode(detail.place)
    outer = env.geocode(lede.place) if lede.place else None
    if inner is None or inner.feature == "country":
        return False
    return lede.place is None or (outer is not None and outer.feature == "country" and outer.country == inner.country)


# ------------------------------------------------------------------ fact
def _to_fact(env: _Env, e: _Event) -> Fact:
    actors = _unique(e.actors)
    assoc = [a for a in _unique(e.assoc) if a not in actors]
    data: dict = {
        "type": e.type, "sub_type": e.sub_type,
        "date": e.date.iso() if e.date else None,
        "time_precision": e.date.precision if e.date else None,
        "actors": actors, "assoc_actors": assoc,
        "actors2": [a for a in _unique(e.actors2) if a not in actors and a not in assoc],
        "targets": e.targets, "fatalities": e.fatalities, "summary": e.summary,
    }
    if e.inherited:
        data["date_inherited"] = True
    _locate(env, e, data)
    return Fact(kind="event", data=data, sentence=e.sentence, rule=e.rule, confidence=e.confidence)


def _other_countries(env: _Env, e: _Event) -> bool:
    """The sentence names countries besides the document's: the country context may not apply."""
    from actorgraph.extract.rules.coref import mention_of

    for tok in e.trigger.sent:
        index = mention_of(env.ctx, tok)
        if index is None or env.ctx.mentions[index].type != "Location":
            continue
        place = env.geocode(env.ctx.mentions[index].text)
        if place is not None and place.feature == "country" and place.country != env.country:
            return True
    return False


def _unique(ids: list[int]) -> list[int]:
    return list(dict.fromkeys(ids))


def _locate(env: _Env, e: _Event, data: dict) -> None:
    """Place, country and coordinates; strategic developments fall back to the document's country."""
    place_id, name = e.place_id, e.place
    if name is None and e.type == "strategic_developments" and e.family in COUNTRY_LEVEL and env.country \
            and not _other_countries(env, e):
        place_id, name = env.country_id, env.country
    data["place"] = name
    if place_id is not None:
        data["location"] = [place_id]
    place = env.geocode(name) if name else None
    if place is None and name and e.place_token is not None:
        place = _fallback(name, e.place_token.sent.text, env.country)
    data["country"] = (place.country if place is not None and place.country else env.country)
    data["admin1"] = place.admin1 if place is not None else None
    data["lat"] = place.lat if place is not None else None
    data["lon"] = place.lon if place is not None else None
    data["geo_precision"] = _precision(place, e) if place is not None else None


def _precision(place, e: _Event) -> int:
    """ACLED geo_precision, coarsened to 2 for 'northern Mali'-style parts of a region."""
    if e.place_token is not None and place.feature == "country" and any(
            c.dep_ == "amod" and c.lower_ in ("northern", "southern", "eastern", "western", "central")
            for c in e.place_token.children):
        return 3
    return place.geo_precision


def _fallback(name: str, context: str, country: str | None):
    try:
        from actorgraph.geo import fallback
    except ImportError:
        return None
    try:
        return fallback(name, context, country)
    except Exception:
        return None
