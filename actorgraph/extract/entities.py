"""Entity mentions from a parsed prose view: registry ruler + statistical NER, cleaned by rules.

Rule names are stored on every mention (``entities.<rule>.v1``) so that a
mention can be traced to what produced it.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from actorgraph.model import Mention, ProseView
from actorgraph.registry import Entry, Registry
from actorgraph.resolve.names import acronym_of, normalise

LABEL_TYPES = {"PERSON": "Person", "PER": "Person", "ORG": "Organization", "GPE": "Location",
               "LOC": "Location", "FAC": "Location"}
LEADING = re.compile(r"^(?:the|a|an|le|la|les|l'|l’)\s+", re.IGNORECASE)
# A span the model runs on past the name: "Kone of", "Radisson Blu hotel in Bamako", "Ghali’s Tuareg".
TRAILING_WORDS = re.compile(r"(?:\s+(?:of|in|at|and|or|the|for|to|on|by|with|from|de|du|des|et))+$")
TRAILING = re.compile(r"(?:['’]s|['’])$")
INNER_POSSESSIVE = re.compile(r"['’]s\s")
LOCATIVE_TAIL = re.compile(r"\s+(?:in|at|near)\s+[A-Z]")
HEADING = re.compile(r"^[A-Z][\w ]{0,40}:$")
STATE_NOUNS = {
    "army": "army", "armed forces": "army", "military": "army", "soldiers": "army",
    "forces": "forces", "troops": "forces", "counterterrorism forces": "forces",
    "counter-terrorism forces": "forces", "security forces": "security forces",
    "government": "government", "junta": "government", "military government": "government",
    "authorities": "government", "intelligence services": "intelligence services",
    "secret service": "intelligence services", "border": "border",
}
STATE_RE = re.compile(
    r"\b(?P<who>[A-Z][a-zé]+(?:['’]s)?)\s+(?P<noun>"
    + "|".join(sorted((re.escape(n) for n in STATE_NOUNS), key=len, reverse=True))
    + r")\b",
    re.IGNORECASE,
)
HYPHENS = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-"})
PROPER_TAGS = {"NNP", "NNPS", "PROPN"}  # PROPN: the French model's tag set is the UD one
# French: articles, contractions and elisions before a name ("l'armée", "d'AQMI", "du GSIM"),
# function words the model runs on past it ("Iyad Ag Ghaly à"), and "X à/près de Y" tails.
LEADING_FR = re.compile(r"^(?:(?:le|la|les|du|des|de|au|aux)\s+|[ld]['’]\s*)", re.IGNORECASE)
TRAILING_WORDS_FR = re.compile(
    r"(?:\s+(?:de|du|des|d['’]|l['’]|le|la|les|et|ou|à|au|aux|en|dans|par|pour|sur|avec|selon))+$")
LOCATIVE_TAIL_FR = re.compile(r"\s+(?:à|au|près\s+de|dans)\s+[A-ZÉ]")
# "l'armée malienne", "les forces armées maliennes", "des soldats nigériens", "la junte burkinabè".
STATE_NOUNS_FR = {
    "armée": "army", "forces armées": "army", "soldats": "army", "militaires": "army",
    "forces": "forces", "troupes": "forces", "forces de sécurité": "security forces",
    "forces de défense et de sécurité": "security forces",
    "gouvernement": "government", "junte": "government", "autorités": "government",
    "services de renseignement": "intelligence services", "renseignement": "intelligence services",
    "frontière": "border",
}
STATE_RE_FR = re.compile(
    r"\b(?P<noun>" + "|".join(sorted((re.escape(n) for n in STATE_NOUNS_FR), key=len, reverse=True))
    + r")\s+(?P<who>[a-zéèç]+)\b",
    re.IGNORECASE,
)


def doc_text(doc: Doc) -> str:
    """The Doc's text, built once: spaCy re-joins every token on each ``doc.text``."""
    text = doc.user_data.get("text")
    if text is None:
        text = doc.user_data["text"] = doc.text
    return text


def registry_entry(registry: Registry, key: str | None):
    """The registry entry of a key, None for keys the registry does not issue (state forces)."""
    try:
        return registry.get(key) if key else None
    except KeyError:
        return None


def _clean_span(span: Span, registry: Registry | None = None) -> tuple[int, int] | None:
    """Character span of an entity without articles, possessives and words run on past the name."""
    text_of_doc = doc_text(span.doc)
    start, end = span.start_char, span.end_char
    french = span.doc.lang_ == "fr"
    if m := LEADING.match(text_of_doc[start:end]):
        start += m.end()
    if french and (m := LEADING_FR.match(text_of_doc[start:end])):
        start += m.end()
    if m := INNER_POSSESSIVE.search(text_of_doc[start:end]):
        end = start + m.start()
    if span.label_ in ("FAC", "LOC", "ORG") and not _whole_name(text_of_doc, start, end, registry) \
            and (m := LOCATIVE_TAIL.search(text_of_doc[start:end])):
        end = start + m.start()
    if m := TRAILING_WORDS.search(text_of_doc[start:end]):
        end = start + m.start()
    if french and span.label_ in ("LOC", "ORG") and not span.ent_id_ \
            and (m := LOCATIVE_TAIL_FR.search(text_of_doc[start:end])):
        end = start + m.start()
    if french and (m := TRAILING_WORDS_FR.search(text_of_doc[start:end])):
        end = start + m.start()
    if m := TRAILING.search(text_of_doc[start:end]):
        end -= len(m.group(0))
    text = text_of_doc[start:end].strip(" \n,;:()[]\"“”")
    if not text:
        return None
    offset = text_of_doc.index(text, start)
    return offset, offset + len(text)


BRACKETED_ACRONYM = re.compile(r"\s*\(\s*(?P<acronym>[A-Z][A-Za-z-]{1,9})\s*\)")


def _whole_name(text: str, start: int, end: int, registry: Registry | None) -> bool:
    """Whether 'in/at/near <Place>' inside a span belongs to the name.

    'Movement for Oneness and Jihad in West Africa' is the registry's canonical name (not a
    located alias such as 'Radisson Blu hotel in Bamako'); an unknown name is whole when a
    bracketed acronym right after it fits its initials ('Union for Peace in Central Africa (UPC)').
    A country in the tail is never part of the name: it says where the organisation operates.
    """
    name = text[start:end]
    entry = registry.lookup(name) if registry is not None else None
    tail = LOCATIVE_TAIL.search(name)
    place = registry.lookup(name[tail.start():].split(maxsplit=1)[1]) if tail and registry is not None else None
    if place is not None and place.kind == "country":
        return False  # 'Mission in Mali': the country stays a mention of its own (where it operates)
    if entry is not None:
        return normalise(entry.name) == normalise(name)
    m = BRACKETED_ACRONYM.match(text, end)
    return m is not None and m.group("acronym").isupper() and acronym_of(m.group("acronym"), name)


def _locative_cut(span: Span, text: str) -> bool:
    """'U.N. Multidimensional Stabilization Mission' cut from the registry's '... Mission in Mali':
    the name without its place still names the registry's entry."""
    full = doc_text(span.doc)[span.start_char:span.end_char]
    m = LOCATIVE_TAIL.search(full)
    return m is not None and LEADING.sub("", full[: m.start()]).strip() == text


def _entity_type(span: Span, start: int, end: int, registry: Registry) -> tuple[str | None, str | None, str]:
    """(type, registry key, rule) of a span, or (None, None, '') to drop it."""
    text = doc_text(span.doc)[start:end]
    entry = registry.lookup(text)
    if entry is not None:
        return entry.type, entry.id, "entities.registry.v1"
    entry = registry_entry(registry, span.ent_id_)
    if entry is not None and ((span.start_char, span.end_char) == (start, end) or _locative_cut(span, text)):
        return entry.type, entry.id, "entities.registry.v1"
    etype = LABEL_TYPES.get(span.label_)
    if etype is None or not _plausible_name(text, registry) or _in_headline(span):
        return None, None, ""
    tokens = [t for t in span if start <= t.idx < end]
    if len(tokens) == 1 and tokens[0].tag_ not in PROPER_TAGS:
        return None, None, ""  # "Colossal ransom", "Hasten and seek": a capitalised common word
    return etype, None, "entities.ner.v1"


def _in_headline(span: Span) -> bool:
    """Title-case lines (headlines, headings) fool the model; only registry names count there."""
    sent = span.sent
    words = [t for t in sent if t.is_alpha and len(t.text) > 3]
    if len(words) < 3 or sent.text.rstrip().endswith("."):
        return False
    return sum(1 for t in words if t.text[0].isupper()) >= 0.7 * len(words)


def _plausible_name(text: str, registry: Registry) -> bool:
    if "\n" in text or len(text) < 2 or len(text) > 80:
        return False
    if not any(c.isupper() for c in text) or HEADING.match(text):
        return False
    if registry.is_not_entity(text) or (" " not in text and text.lower().endswith("ism")):
        return False
    words = text.split()
    # A name is mostly capitalised words; "the militants" or "several countries" are not.
    caps = sum(1 for w in words if w[:1].isupper() or w[:1].isdigit())
    return caps >= max(1, len(words) // 2)


Located = tuple[int, int, Mention]  # view start, view end, mention (original offsets)


def ner_mentions(doc: Doc, view: ProseView, sentence_of, registry: Registry) -> list[Located]:
    """Mentions from the pipeline's entities (ruler + NER), offsets mapped to the original."""
    mentions = []
    for span in doc.ents:
        cleaned = _clean_span(span, registry)
        if cleaned is None:
            continue
        start, end = cleaned
        etype, key, rule = _entity_type(span, start, end, registry)
        if etype is None:
            continue
        o_start, o_end = view.span_to_original(start, end)
        text = view.text[start:end]
        mention = Mention(o_start, o_end, text, etype, sentence_of(start), rule, span.label_, key=key)
        mentions.append((start, end, mention))
    return mentions


ORG_HEADS = {"Front", "Movement", "Group", "Brigade", "Brigades", "Battalion", "Army", "Forces", "Force",
             "Alliance", "Coalition", "Council", "Institute", "Mission", "Party", "Union", "Militia",
             "Committee", "Centre", "Center", "Foundation", "Organisation", "Organization", "Network"}
ORG_TAIL = re.compile(r"(?:\s+(?:(?:of|for|the|and)\s+)?[A-Z][\w'’-]+){1,5}")


def extend_into_org_names(text: str, located: list[Located], view: ProseView, sentence_of) -> list[Located]:
    """'Sahel Defence Front': a place the registry tags may open an organisation's name.

    The ruler runs first, so the model never sees the whole name; a place followed by
    capitalised words ending in an organisation noun is that organisation.
    """
    out = []
    for start, end, mention in located:
        m = ORG_TAIL.match(text, end) if mention.type == "Location" else None
        words = m.group(0).split() if m else []
        cut = max((i for i, w in enumerate(words) if w in ORG_HEADS), default=None)
        if cut is None:
            out.append((start, end, mention))
            continue
        tail = " ".join(words[: cut + 1])
        new_end = text.index(tail, end) + len(tail)
        o_start, o_end = view.span_to_original(start, new_end)
        out.append((start, new_end, Mention(o_start, o_end, view.text[start:new_end], "Organization",
                                            sentence_of(start), "entities.org_name.v1", "ORG")))
    return out


OF_COUNTRY = re.compile(r"\s+of\s+")
NAME_FUNCTION_WORDS = {"of", "for", "the", "and", "in", "on", "de", "du", "des"}


def join_org_of_country(text: str, located: list[Located], view: ProseView, sentence_of,
                        registry: Registry) -> list[Located]:
    """'High Islamic Council of Mali': a capitalised organisation name may end 'of <Country>'.

    The model stops before the country (the ruler has taken it) and the cleanup drops
    the dangling 'of'; an unknown organisation whose words are all capitalised and that is
    followed by 'of' and a country is one name with it.
    """
    out, skip = [], set()
    starts = {start: i for i, (start, _, _) in enumerate(located)}
    for i, (start, end, mention) in enumerate(located):
        if i in skip:
            continue
        m = OF_COUNTRY.match(text, end)
        j = starts.get(m.end()) if m and mention.type == "Organization" and mention.key is None else None
        entry = registry_entry(registry, located[j][2].key) if j is not None else None
        words = mention.text.split()
        if entry is None or entry.kind != "country" or len(words) < 2 \
                or not all(w[:1].isupper() or w in NAME_FUNCTION_WORDS for w in words):
            out.append((start, end, mention))
            continue
        new_end = located[j][1]
        o_start, o_end = view.span_to_original(start, new_end)
        out.append((start, new_end, Mention(o_start, o_end, view.text[start:new_end], "Organization",
                                            sentence_of(start), "entities.org_of_country.v1", "ORG")))
        skip.add(j)
    return out


def state_actor_mentions(doc: Doc, view: ProseView, sentence_of, registry: Registry) -> list[Located]:
    """'Malian army', "Mali's armed forces", 'French troops': state forces named by nationality.

    "the Algerian border" is a mention of the country itself.
    """
    mentions = []
    text = doc_text(doc)
    for m in STATE_RE.finditer(text):
        who, noun = TRAILING.sub("", m.group("who")), m.group("noun").lower()
        entry = registry.country_of(who) or registry.lookup(who)
        if not who[0].isupper() or entry is None or entry.kind != "country" or _adjectival(doc, m, noun):
            continue
        if noun in COUNTABLE_NOUNS and COUNTED.search(text, 0, m.start()):
            # "four US soldiers were killed": counted individuals, not the state's forces; a
            # country named as such ("US", not "Nigerien") is still a mention of the country.
            country = registry.lookup(who)
            if country is not None and country.id == entry.id:
                o_start, o_end = view.span_to_original(m.start(), m.start() + len(who))
                mentions.append((m.start(), m.start() + len(who), Mention(
                    o_start, o_end, who, "Location", sentence_of(m.start()), "entities.counted_country.v1",
                    "GPE", key=entry.id)))
            continue
        o_start, o_end = view.span_to_original(m.start(), m.end())
        if STATE_NOUNS[noun] == "border":
            mention = Mention(o_start, o_end, m.group(0), "Location", sentence_of(m.start()),
                              "entities.border.v1", "GPE", key=entry.id)
        else:
            mention = Mention(o_start, o_end, m.group(0), "Organization", sentence_of(m.start()),
                              "entities.state_actor.v1", "ORG", key=f"state:{entry.name}:{STATE_NOUNS[noun]}")
        mentions.append((m.start(), m.end(), mention))
    return mentions


def drop_counted_forces(text: str, located: list[Located], registry: Registry) -> list[Located]:
    """'47 Malian soldiers were killed': the registry knows 'Malian soldiers', but counted
    soldiers are individuals, not the state's forces as an actor."""
    out = []
    for start, end, mention in located:
        entry = registry_entry(registry, mention.key)
        if entry is not None and entry.kind == "state_force" and mention.text.split()[-1].lower() in COUNTABLE_NOUNS \
                and COUNTED.search(text, 0, start):
            continue
        out.append((start, end, mention))
    return out


def state_key_of(registry: Registry, key: str | None) -> str | None:
    """The state key ('state:Mali:army') a registry state-force entry ('Malian army') stands for."""
    entry = registry_entry(registry, key)
    if entry is None or entry.kind != "state_force":
        return None
    m = STATE_RE.fullmatch(entry.name)
    if m is None:
        return None
    who = TRAILING.sub("", m.group("who"))
    country = registry.country_of(who) or registry.lookup(who)
    if country is None or country.kind != "country":
        return None
    return f"state:{country.name}:{STATE_NOUNS[m.group('noun').lower()]}"


def french_demonym_country(registry: Registry, word: str) -> Entry | None:
    """The country of a French nationality adjective in any gender and number ('maliennes' -> Mali)."""
    low = word.lower()
    candidates = [low]
    for suffix, repl in (("nes", ""), ("ne", ""), ("es", ""), ("s", ""), ("e", "")):
        if low.endswith(suffix) and len(low) - len(suffix) >= 3:
            candidates.append(low[: len(low) - len(suffix)] + repl)
    for cand in candidates:
        entry = registry.country_of(cand.capitalize())
        if entry is not None:
            return entry
    return None


def french_state_actor_mentions(doc: Doc, view: ProseView, sentence_of, registry: Registry) -> list[Located]:
    """'l'armée malienne', 'les soldats nigériens', 'la junte burkinabè': the same state keys as the
    English 'Malian army' so French and English reports meet on one entity."""
    mentions = []
    for m in STATE_RE_FR.finditer(doc_text(doc)):
        noun = m.group("noun").lower()
        entry = french_demonym_country(registry, m.group("who"))
        if entry is None or entry.kind != "country":
            continue
        o_start, o_end = view.span_to_original(m.start(), m.end())
        kind = STATE_NOUNS_FR[noun]
        if kind == "border":
            mention = Mention(o_start, o_end, m.group(0), "Location", sentence_of(m.start()),
                              "entities.border.v1", "LOC", key=entry.id)
        else:
            mention = Mention(o_start, o_end, m.group(0), "Organization", sentence_of(m.start()),
                              "entities.state_actor.v1", "ORG", key=f"state:{entry.name}:{kind}")
        mentions.append((m.start(), m.end(), mention))
    return mentions


# "four US soldiers", "dozens of Malian troops": a count before the noun.
COUNTED = re.compile(
    r"(?<![\w,.])(?:(?!(?:19|20)\d\d\b)\d(?:[\d,.]*\d)?|"
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozen|dozens of|hundreds of|"
    r"thousands of|scores of|several|some|a few)\s+$", re.IGNORECASE)
COUNTABLE_NOUNS = {"soldiers", "troops"}
# "attack on Burkina army base": the army names a site, not an actor.
FACILITY_NOUNS = {"base", "bases", "camp", "camps", "post", "posts", "barracks", "outpost", "outposts",
                  "garrison", "checkpoint", "checkpoints", "position", "positions"}


def _adjectival(doc: Doc, m: re.Match, noun: str) -> bool:
    """'Russian military assistance': the noun modifies another noun and names no actor."""
    if noun not in ("military", "army"):
        return False
    span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
    following = doc[span.end] if span is not None and span.end < len(doc) else None
    if noun == "army":
        return following is not None and following.lower_ in FACILITY_NOUNS
    return following is not None and following.pos_ in ("NOUN", "PROPN")


DEFINITION = re.compile(r"\s*\(\s*(?:a\.?k\.?a\.?\s+|also known as\s+|or\s+)?(?P<inner>[^()\n]{1,80}?)\s*\)")
AKA = re.compile(r"\s+(?:a\.k\.a\.|aka|also known as|alias)\s+(?P<inner>[A-Z][^,;()\n]{1,60}?)(?=\s*(?:[,;.()\n]|$))")
SPLIT_ALTERNATIVES = re.compile(r"\s+or\s+|\s*[,;/]\s*")


def _alias_parts(inner: str) -> list[tuple[int, str]]:
    """(offset in inner, text) of each alternative name inside a definition."""
    parts, pos = [], 0
    for piece in SPLIT_ALTERNATIVES.split(inner):
        at = inner.index(piece, pos) if piece else pos
        pos = at + len(piece)
        words = piece.split()
        if piece and piece[0].isupper() and len(words) <= 6 and not piece[:4].isdigit():
            parts.append((at, piece))
    return parts


def _defines(alias: str, full: Mention, registry: Registry) -> Entry | bool:
    """Whether a parenthesised or a.k.a. name can be an alias of ``full``.

    The registry vetoes a clash ("Sahara branch of AQIM (AQIM)" names the parent
    in brackets, not an alias); an unknown acronym must fit the full name's initials.
    """
    entry = registry.lookup(alias)
    if entry is not None:
        return (full.key is None or entry.id == full.key) and entry.type == full.type
    if alias.isupper() and len(alias) <= 8 and full.key is None:
        return acronym_of(alias, full.text)
    return True


def definition_mentions(text: str, located: list[Located], view: ProseView, sentence_of,
                        registry: Registry) -> list[tuple[int, int, Mention, int]]:
    """Aliases the text defines: "Macina Liberation Front (MLF or Katiba Macina)", "X a.k.a. Y".

    Returns (view start, view end, alias mention, index of the defined mention in ``located``).
    """
    found = []
    for i, (_, v_end, mention) in enumerate(located):
        for pattern in (DEFINITION, AKA):
            m = pattern.match(text, v_end)
            if m is None:
                continue
            for at, part in _alias_parts(m.group("inner")):
                if not _defines(part, mention, registry):
                    continue
                start = m.start("inner") + at
                end = start + len(part)
                o_start, o_end = view.span_to_original(start, end)
                entry = registry.lookup(part)
                alias = Mention(o_start, o_end, part, mention.type, sentence_of(start),
                                "entities.definition.v1", mention.label, key=mention.key or (entry and entry.id))
                found.append((start, end, alias, i))
    return found


class Occupied:
    """Character spans already taken by a mention; overlap tests in O(log n), not O(n)."""

    def __init__(self, spans: list[tuple[int, int]] = ()):
        self.mask: set[int] = set()
        for start, end in spans:
            self.take(start, end)

    def overlaps(self, start: int, end: int) -> bool:
        return any(i in self.mask for i in range(start, end))

    def take(self, start: int, end: int) -> None:
        self.mask.update(range(start, end))


def propagate(text: str, located: list[Located], view: ProseView,
              sentence_of) -> list[Located]:
    """Other occurrences of names already recognised once in the document (one sense per discourse).

    The small model tags a name in one sentence and misses it in the next; a
    name the document uses as a name stays a name wherever it recurs verbatim.
    """
    taken = Occupied([(s, e) for s, e, _ in located])
    seen: dict[str, Mention] = {}
    for _, _, mention in located:
        if len(mention.text) >= 3 and mention.text[0].isupper():
            seen.setdefault(mention.text, mention)
    added = []
    for name, model in sorted(seen.items(), key=lambda kv: -len(kv[0])):
        for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text):
            if taken.overlaps(m.start(), m.end()):
                continue
            o_start, o_end = view.span_to_original(m.start(), m.end())
            mention = Mention(o_start, o_end, name, model.type, sentence_of(m.start()),
                              "entities.propagated.v1", model.label, key=model.key)
            added.append((m.start(), m.end(), mention))
            taken.take(m.start(), m.end())
    return added


def _without_overlaps(preferred: list[Located], others: list[Located]) -> list[Located]:
    kept = list(preferred)
    taken = Occupied([(s, e) for s, e, _ in preferred])
    for item in others:
        if not taken.overlaps(item[0], item[1]):
            kept.append(item)
            taken.take(item[0], item[1])
    return sorted(kept, key=lambda x: x[0])


def extract_mentions(doc: Doc, view: ProseView, sentence_of,
                     registry: Registry) -> tuple[list[Mention], list[tuple[int, int]], list[tuple[int, int]]]:
    """All mentions, their view spans, and (alias index, defined index) pairs the text states."""
    ner = extend_into_org_names(doc_text(doc), ner_mentions(doc, view, sentence_of, registry), view, sentence_of)
    ner = join_org_of_country(doc_text(doc), ner, view, sentence_of, registry)
    ner = drop_counted_forces(doc_text(doc), ner, registry)
    states = french_state_actor_mentions if doc.lang_ == "fr" else state_actor_mentions
    located = _without_overlaps(states(doc, view, sentence_of, registry), ner)
    definitions = definition_mentions(doc_text(doc), located, view, sentence_of, registry)
    # Spans, not indices: the list is re-sorted as mentions are added.
    defined = [((s, e), located[i][:2]) for s, e, _, i in definitions]
    # A defined alias beats a shorter name found inside it ("Katiba Sahel" over "Sahel").
    located = _without_overlaps([(s, e, m) for s, e, m, _ in definitions], located)
    located = _without_overlaps(located, propagate(doc_text(doc), located, view, sentence_of))
    index = {(s, e): k for k, (s, e, _) in enumerate(located)}
    pairs = [(index[a], index[b]) for a, b in defined if a in index and b in index]
    return [m for _, _, m in located], [(s, e) for s, e, _ in located], pairs
