"""Relations between actors: leadership and membership, founding and merging, allegiance,
affiliation, opposition, alliance, areas of operation, sanctions and media arms.

Rules read the dependency parse of one sentence at a time. Names come from the
entity mentions (never from the rules); "the group", "it" and "its" are
resolved by ``coref``. Coordinated objects distribute ("merged with A, B and
C" gives three facts) through ``object_list``, which walks a list of mentions
after a trigger word. Every fact is type-checked against the ontology.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from actorgraph.extract import ExtractContext, component
from actorgraph.extract.dates import PartialDate, find_dates
from actorgraph.extract.rules.coref import (
    entity_of,
    entity_type,
    is_anaphor,
    local_of_mention,
    mention_of,
    sentence_span,
)
from actorgraph.model import Fact
from actorgraph.ontology import load_ontology


def forms(*bases: str) -> frozenset[str]:
    """Regular inflections of verbs/nouns (the English pipeline runs without a lemmatizer)."""
    out: set[str] = set()
    for base in bases:
        out.add(base)
        stem = base[:-1] if base.endswith("e") else base
        out.update({base + "s", base + "es", stem + "ed", stem + "ing", base + "d"})
        if base.endswith("y"):
            out.update({base[:-1] + "ies", base[:-1] + "ied"})
    return frozenset(out)


OPPOSE_VERBS = forms("attack", "target", "fight", "combat", "battle", "clash", "oppose", "ambush",
                     "confront", "strike", "threaten", "besiege") | {"fought", "struck"}
OPPOSE_NOUNS = frozenset({"conflict", "clash", "clashes", "fight", "war", "rivalry", "attacks", "attack",
                          "raids", "raid", "hostilities", "struggle", "offensive", "campaign", "enemy",
                          "enemies", "nemesis", "rival", "rivals", "fighting"})
ALLY_VERBS = forms("partner", "ally", "collaborate", "cooperate", "assist", "support", "back", "aid") \
    | {"worked", "works", "work", "working"}
ALLY_NOUNS = frozenset({"support", "collaboration", "cooperation", "partnership", "alliance", "assistance",
                        "backing"})
OPERATE_VERBS = forms("operate", "expand", "extend", "spread", "deploy", "base", "station", "establish",
                      "present", "active") | {"spread"}
OPERATE_NOUNS = frozenset({"operations", "presence", "activities", "activity", "base", "bases", "mission",
                           "operation", "deployment", "influence", "attacks", "raids", "offensive"})
MERGE_WORDS = forms("merge", "unite", "integrate", "join", "combine") | {"merger", "integration", "union",
                                                                        "unification", "coalition"}
FORM_VERBS = forms("found", "form", "establish", "create", "launch") | {"formation", "founding", "creation"}
ALLEGIANCE_NOUNS = frozenset({"allegiance", "bayat", "bayah", "bay'ah", "baya", "oath", "loyalty"})
SANCTION_VERBS = forms("designate", "sanction", "list", "blacklist")
LEAD_VERBS = frozenset({"led", "leads", "lead", "leading", "heads", "headed", "commands", "commanded"})
CARRY_VERBS = frozenset({"received", "receives", "receive", "launched", "carried", "conducted"})
FOUND_VERBS = forms("found", "co-found", "cofound", "create", "establish") - {"founding"}

LEADER_NOUNS = frozenset({"emir", "amir", "leader", "head", "chief", "chairman", "commander-in-chief",
                          "president", "founder", "chief executive"})
MEMBER_NOUNS = frozenset({
    "deputy", "spokesman", "spokesperson", "spokeswoman", "judge", "director", "official", "member",
    "fighter", "agent", "manager", "analyst", "researcher", "commander", "representative", "officer",
    "lieutenant", "expert", "envoy", "secretary", "ambassador", "adviser", "advisor", "fellow",
    "professor", "co-founder", "cofounder", "militant", "operative", "negotiator", "coordinator",
    "minister", "chief of staff", "strategist", "scholar", "associate",
})
# Modifiers that make a leader noun a member role: "senior leader", "deputy leader", "regional emir".
MEMBER_MODIFIERS = frozenset({"senior", "deputy", "regional", "local", "military", "assistant", "vice",
                              "another", "zone", "sector", "provincial", "top", "religious", "spiritual",
                              "field", "second", "one"})
AFFIL_WORDS = frozenset({"affiliated", "linked", "aligned", "associated", "allied", "backed", "connected",
                         "inspired", "loyal"})
AFFIL_NOUNS = frozenset({"affiliate", "affiliates", "splinter", "offshoot", "faction", "factions",
                         "franchise", "ally", "allies"})
MEDIA_NOUNS = frozenset({"publication", "newsletter", "magazine", "outlet", "division", "arm", "wing",
                         "agency", "foundation", "company", "channel"})
MEDIA_MODIFIERS = frozenset({"propaganda", "media"})
ROLE_CONTAINERS = frozenset({"role", "position", "post", "capacity", "title"})
# Tokens that may sit between the members of a list of names.
SEPARATORS = frozenset({",", "and", "or", "(", ")", ";", "the", "as", "well", "&", "both", "also", "—", "-"})
FORMER = frozenset({"former", "ex", "erstwhile", "one-time", "onetime", "once", "late", "deceased"})


@dataclass
class Rel:
    subject: int
    predicate: str
    object: int
    sentence: int
    rule: str
    confidence: float = 0.6
    start: str | None = None
    end: str | None = None
    extra: dict = field(default_factory=dict)


# ------------------------------------------------------------------ token helpers
def local(ctx: ExtractContext, token: Token) -> int | None:
    return local_of_mention(ctx, mention_of(ctx, token))


def np_entity(ctx: ExtractContext, token: Token, si: int) -> int | None:
    """The entity a noun phrase headed by ``token`` names: the head's mention, an anaphor, an
    appositive name ("the group's head, Iyad Ag Ghaly") or a name compounded into it."""
    found = entity_of(ctx, token, si)
    if found is not None:
        return found
    for child in token.children:
        if child.dep_ in ("appos", "compound") and (found := entity_of(ctx, child, si)) is not None:
            return found
    return None


def head_entity(ctx: ExtractContext, token: Token, si: int) -> int | None:
    """np_entity, climbing through appositions ("X, an expert designated by ..." -> X)."""
    for _ in range(3):
        found = np_entity(ctx, token, si)
        if found is not None:
            return found
        if token.dep_ in ("appos", "attr") and token.head is not token:
            if token.dep_ == "attr":
                return clause_subject(ctx, token.head, si)
            token = token.head
            continue
        return None
    return None


def clause_subject(ctx: ExtractContext, verb: Token, si: int) -> int | None:
    """The entity that is the subject of a verb (or of the noun phrase a participle modifies)."""
    token = verb
    for _ in range(5):
        for child in token.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                return np_entity_deep(ctx, child, si)
        if token.dep_ in ("relcl", "acl"):
            return head_entity(ctx, token.head, si)
        if token is not verb and token.pos_ in ("NOUN", "PROPN"):  # "X, an expert ... and sanctioned by"
            if token.dep_ == "appos" and local(ctx, token) is None:
                return head_entity(ctx, token.head, si)  # the person, not "JNIM" in "a JNIM leader"
            return head_entity(ctx, token, si)
        if token.dep_ in ("xcomp", "conj", "aux") and token.head is not token:
            token = token.head
            continue
        return None
    return None


def np_entity_deep(ctx: ExtractContext, token: Token, si: int) -> int | None:
    """Entity of a subject phrase: its head, else the first name in its left part ("JNIM militants")."""
    found = np_entity(ctx, token, si)
    if found is not None:
        return found
    for tok in token.lefts:
        for sub in tok.subtree:
            if (found := entity_of(ctx, sub, si)) is not None:
                return found
    return None


def object_list(ctx: ExtractContext, start: int, span: Span, si: int, allow_modifiers: bool = False,
                lead: int = 6) -> list[int]:
    """Entities listed from doc token ``start`` on: "A, B (C) and D", after up to ``lead`` filler words
    ("neighboring countries such as"). A name modifying a following noun ("AQIM factions") is not
    an item unless ``allow_modifiers``, or it ends a started list ("the A, B and C triangle")."""
    doc = ctx.doc
    items: list[int] = []
    i, skipped = start, 0
    while i < span.end:
        tok = doc[i]
        nominal = tok.pos_ in ("PROPN", "NOUN", "PRON") or local(ctx, tok) is not None
        found = entity_of(ctx, tok, si) if nominal else None
        if found is not None and (local(ctx, tok) is not None or tok.lower_ in ("it", "its")):
            # Skip to the end of this mention.
            j = i
            while j + 1 < span.end and local(ctx, doc[j + 1]) == found and mention_of(ctx, doc[j + 1]) \
                    == mention_of(ctx, tok):
                j += 1
            nxt = doc[j + 1] if j + 1 < span.end else None
            modifier = nxt is not None and nxt.pos_ in ("NOUN", "PROPN", "ADJ") and local(ctx, nxt) is None \
                and nxt.lower_ not in SEPARATORS
            if modifier and not allow_modifiers and not items:
                i, skipped = j + 1, skipped + 1
                continue
            if found not in items:
                items.append(found)
            if modifier:
                break
            i = j + 1
            continue
        if tok.lower_ in SEPARATORS or tok.text in ("’s", "'s"):
            i += 1
            continue
        if items:
            # Inside a list, a parenthesised alias or appositive keeps going only until the next separator.
            if tok.text == "," or tok.lower_ == "and":
                i += 1
                continue
            break
        if skipped >= lead or tok.pos_ in ("VERB", "AUX") or tok.text in (".", ":", "!", "?"):
            break
        skipped += 1
        i += 1
    return items


def after(token: Token) -> int:
    return token.i + 1


# ------------------------------------------------------------------ dates
def clause_dates(ctx: ExtractContext, si: int, ref: PartialDate | None):
    sentence = ctx.sentences[si].text
    return find_dates(sentence, ref)


def start_of(ctx: ExtractContext, si: int, ref: PartialDate | None) -> tuple[str | None, str | None]:
    """(start, end) from the dates of a sentence: a point or "since" date starts, a range bounds."""
    dates = [d for d in clause_dates(ctx, si, ref) if not d.relative or ref is not None]
    if len(dates) != 1:
        return None, None
    d = dates[0]
    return d.value.iso(), d.end_value.iso() if d.end_value else None


# ------------------------------------------------------------------ rule families
def role_of(token: Token) -> tuple[str, bool] | None:
    """(predicate, former) of a role noun: leader_of for the head, member_of for other roles."""
    low = token.lower_
    mods = {c.lower_ for c in token.children if c.dep_ in ("amod", "compound", "det", "nummod", "advmod")}
    former = bool(mods & FORMER)
    if low in ("founder",):
        return "founded", former
    if low in ("co-founder", "cofounder"):
        return "member_of", former
    if low in LEADER_NOUNS:
        if mods & MEMBER_MODIFIERS:
            return "member_of", former
        return "leader_of", former
    if low in MEMBER_NOUNS:
        return "member_of", former
    return None


def role_orgs(ctx: ExtractContext, role: Token, si: int) -> tuple[list[int], list[int]]:
    """(organisations, places) a role noun is attached to: "emir of AQIM", "al-Qaeda's emir",
    "a JNIM senior leader", "director ... at 14 North Strategies", "emir of Arbinda and Serma"."""
    orgs: list[int] = []
    places: list[int] = []
    for child in role.children:
        if child.dep_ in ("poss", "compound", "amod", "nmod"):
            found = entity_of(ctx, child, si)
            if found is None:
                for sub in child.subtree:
                    found = found or local(ctx, sub)
            if found is not None:
                orgs.append(found)
    role_preps = ("of", "at", "for", "with", "in")
    for prep in [c for c in role.children if c.dep_ == "prep" and c.lower_ in role_preps]:
        for pobj in [c for c in prep.children if c.dep_ == "pobj"]:
            for found in object_list(ctx, pobj.left_edge.i, sentence_span(ctx, si), si, lead=3):
                kind = entity_type(ctx, found)
                if kind == "Organization":
                    orgs.append(found)
                elif kind == "Location" and prep.lower_ in ("of", "in"):
                    places.append(found)
            # "director of global programs at 14 North Strategies": the place of work hangs lower.
            for sub in pobj.subtree:
                if sub.dep_ == "prep" and sub.lower_ == "at":
                    for o in sub.children:
                        if (found := np_entity(ctx, o, si)) is not None and entity_type(ctx, found) == \
                                "Organization":
                            orgs.append(found)
    return orgs, places


def role_facts(ctx: ExtractContext, person: int, role: Token, si: int, rule: str) -> list[Rel]:
    out: list[Rel] = []
    roles = [role, *role.conjuncts]
    shared_orgs: list[int] = []
    for r in reversed(roles):  # "the head judge and deputy leader of X": X is shared
        orgs, _ = role_orgs(ctx, r, si)
        shared_orgs = shared_orgs or orgs
    for r in roles:
        kind = role_of(r)
        if kind is None:
            continue
        predicate, former = kind
        orgs, places = role_orgs(ctx, r, si)
        if predicate == "leader_of" and places:
            predicate = "member_of"  # a regional emir, not the group's head
        for org in orgs or shared_orgs:
            extra = {"role": _role_text(r)}
            if former:
                extra["former"] = True
            out.append(Rel(person, predicate, org, si, rule, 0.7, extra=extra))
            for place in places:
                out.append(Rel(org, "operates_in", place, si, rule.replace("v1", "place.v1"), 0.6))
    return out


def _role_text(role: Token) -> str:
    mods = [c.text.lower() for c in role.lefts if c.dep_ in ("amod", "compound") and c.pos_ != "PROPN"]
    return " ".join([*mods, role.lower_])


def rule_roles(ctx: ExtractContext, span: Span, si: int) -> list[Rel]:
    out: list[Rel] = []
    for tok in span:
        person = local(ctx, tok)
        # Person, the former emir of AAD / Person, a JNIM senior leader
        if tok.dep_ == "appos" and role_of(tok):
            head = tok.head
            p = local(ctx, head)
            if p is not None and entity_type(ctx, p) == "Person":
                out += role_facts(ctx, p, tok, si, "relations.apposition_role.v1")
        # The group's head, Iyad Ag Ghaly / The Leader of the organization Iyad Ag Ghali
        if person is not None and entity_type(ctx, person) == "Person" and tok.dep_ in ("appos", "compound") \
                and role_of(tok.head) and local(ctx, tok.head) is None:
            out += role_facts(ctx, person, tok.head, si, "relations.role_apposition.v1")
        # AQIM leader Abdelmalek Droukdel: [org][role][person]
        if tok.pos_ == "NOUN" and role_of(tok) and local(ctx, tok) is None:
            nxt = ctx.doc[tok.i + 1] if tok.i + 1 < span.end else None
            prv = ctx.doc[tok.i - 1] if tok.i > span.start else None
            p = local(ctx, nxt) if nxt is not None else None
            o = local(ctx, prv) if prv is not None else None
            if p is not None and o is not None and entity_type(ctx, p) == "Person":
                predicate, former = role_of(tok)
                extra = {"role": tok.lower_, **({"former": True} if former else {})}
                out.append(Rel(p, predicate, o, si, "relations.title_before_name.v1", 0.7, extra=extra))
        # Person is/serves (the role of) ROLE / was announced as ROLE
        if (tok.dep_ in ("attr", "dobj", "pobj", "oprd") and role_of(tok)) or (
                tok.lower_ in ROLE_CONTAINERS and tok.dep_ in ("dobj", "pobj", "attr")):
            role = tok
            if tok.lower_ in ROLE_CONTAINERS:
                inner = [g for c in tok.children if c.dep_ == "prep" and c.lower_ in ("of", "as")
                         for g in c.children if g.dep_ == "pobj" and role_of(g)]
                if not inner:
                    continue
                role = inner[0]
            verb = tok.head
            while verb.dep_ == "prep" and verb.head is not verb:
                verb = verb.head
            if tok.lower_ in ROLE_CONTAINERS and tok.head.dep_ == "prep" \
                    and tok.head.head.pos_ in ("VERB", "AUX"):
                verb = tok.head.head  # "In his role as JNIM emir, Ghaly stated"
            if verb.pos_ not in ("VERB", "AUX"):
                continue
            p = clause_subject(ctx, verb, si)
            if p is not None and entity_type(ctx, p) == "Person":
                out += role_facts(ctx, p, role, si, "relations.copula_role.v1")
        # Bakary Sambe of the Timbuktu Institute
        if person is not None and entity_type(ctx, person) == "Person":
            for prep in tok.children:
                if prep.dep_ == "prep" and prep.lower_ in ("of", "from", "at"):
                    for pobj in prep.children:
                        o = np_entity(ctx, pobj, si)
                        if o is not None and entity_type(ctx, o) == "Organization" and not is_anaphor(pobj):
                            out.append(Rel(person, "member_of", o, si, "relations.person_of_org.v1", 0.6))
        # once led Ansar Dine / the MLF led by Amadou Kouffa
        if tok.lower_ in LEAD_VERBS and tok.pos_ == "VERB":
            agents = [g for c in tok.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
            if agents and tok.dep_ == "acl":
                p, o = np_entity(ctx, agents[0], si), head_entity(ctx, tok.head, si)
            else:
                p = clause_subject(ctx, tok, si)
                objs = [c for c in tok.children if c.dep_ == "dobj"]
                o = np_entity(ctx, objs[0], si) if objs else None
            if p is not None and o is not None:
                out.append(Rel(p, "leader_of", o, si, "relations.lead_verb.v1", 0.65))
    return out


def rule_founding(ctx: ExtractContext, span: Span, si: int, ref, formed: dict[int, str]) -> list[Rel]:
    """Ghaly founded X in 2011; G was founded when A merged with B, C and D; established with the
    integration of groups (A, B, C); formed in 2017 when factions merged, including X."""
    out: list[Rel] = []
    for tok in span:
        low = tok.lower_
        if low in FOUND_VERBS and tok.pos_ == "VERB":
            subj = clause_subject(ctx, tok, si)
            objs = [c for c in tok.children if c.dep_ == "dobj"]
            if subj is not None and entity_type(ctx, subj) == "Person" and objs:
                for o in object_list(ctx, objs[0].left_edge.i, span, si, lead=2):
                    start, _ = start_of(ctx, si, ref)
                    out.append(Rel(subj, "founded", o, si, "relations.founded_verb.v1", 0.7, start=start))
        if low in FORM_VERBS and tok.pos_ == "VERB":
            group = clause_subject(ctx, tok, si)
            if group is None or entity_type(ctx, group) != "Organization":
                continue
            parts: list[int] = []
            merge = [t for t in tok.subtree if t.lower_ in MERGE_WORDS]
            for m in merge:
                parts += _merge_parts(ctx, m, span, si)
            start, _ = start_of(ctx, si, ref)
            if start:
                formed.setdefault(group, start)
            for part in parts:
                if part != group and entity_type(ctx, part) == "Organization":
                    out.append(Rel(part, "part_of", group, si, "relations.merger.v1", 0.7, start=start))
    return out


def _merge_parts(ctx: ExtractContext, merge: Token, span: Span, si: int) -> list[int]:
    """Groups joined in a merger: its subject, "with" objects, "including" and parenthesised lists."""
    parts: list[int] = []
    for child in merge.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            found = np_entity_deep(ctx, child, si)
            if found is not None and not is_anaphor(child):
                parts.append(found)
    for sub in merge.subtree:
        if sub.lower_ in ("with", "including", "of", "between", "(", "from") and sub.i > merge.i:
            parts += object_list(ctx, sub.i + 1, span, si, lead=5)
    return parts


def rule_allegiance(ctx: ExtractContext, span: Span, si: int, ref) -> list[Rel]:
    out: list[Rel] = []
    for tok in span:
        if tok.lower_ not in ALLEGIANCE_NOUNS:
            continue
        verb = tok.head
        while verb.pos_ not in ("VERB", "AUX") and verb.head is not verb:
            verb = verb.head
        subj = clause_subject(ctx, verb, si)
        if subj is None and verb.dep_ in ("pcomp", "advcl"):  # "... by pledging allegiance to X"
            subj = clause_subject(ctx, verb.head.head if verb.head.dep_ == "prep" else verb.head, si)
        to = next((t for t in ctx.doc[tok.i + 1: span.end] if t.lower_ == "to"), None)
        if subj is None or to is None:
            continue
        targets = [e for e in _entities_after(ctx, to, span, si) if e != subj]
        people = [e for e in targets if entity_type(ctx, e) == "Person"]
        start, _ = start_of(ctx, si, ref)
        for o in people or targets[:1]:
            out.append(Rel(subj, "allegiance_to", o, si, "relations.allegiance.v1", 0.7, start=start))
    return out


def _entities_after(ctx: ExtractContext, token: Token, span: Span, si: int) -> list[int]:
    """Mentions after a token up to the clause end, skipping names that modify a role noun."""
    out: list[int] = []
    for tok in ctx.doc[token.i + 1: span.end]:
        found = local(ctx, tok)
        if found is None or found in out:
            continue
        nxt = ctx.doc[tok.i + 1] if tok.i + 1 < span.end else None
        if nxt is not None and local(ctx, nxt) is None and (role_of(nxt) or nxt.text in ("’s", "'s")):
            continue
        if tok.dep_ == "pobj" and tok.head.lower_ == "of":
            continue
        out.append(found)
    return out


def rule_verb_frames(ctx: ExtractContext, span: Span, si: int, ref, formed: dict[int, str]) -> list[Rel]:
    """opposes / allied_with / operates_in / sanctioned_by from a verb and its objects."""
    out: list[Rel] = []
    for tok in span:
        if tok.pos_ not in ("VERB", "AUX", "ADJ"):
            continue
        low = tok.lower_
        passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children) or (tok.tag_ == "VBN" and (
            tok.dep_ == "acl" or any(c.dep_ == "agent" for c in tok.children)))
        subj = None
        if low in OPPOSE_VERBS | ALLY_VERBS | OPERATE_VERBS | SANCTION_VERBS | CARRY_VERBS:
            subj = clause_subject(ctx, tok, si)
        if subj is None:
            continue
        agents = [g for c in tok.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        if low in SANCTION_VERBS and passive:
            for a in agents:
                for o in object_list(ctx, a.left_edge.i, span, si, lead=2):
                    out.append(Rel(subj, "sanctioned_by", o, si, "relations.sanctioned.v1", 0.7))
            continue
        if low in ALLY_VERBS and passive and low.endswith("ed") and low not in ("worked",):
            for a in agents:
                for o in object_list(ctx, a.left_edge.i, span, si, lead=2):
                    out.append(Rel(subj, "allied_with", o, si, "relations.supported_by.v1", 0.65))
            continue
        preps = [c for c in tok.children if c.dep_ in ("prep", "dative")]
        dobjs = [c for c in tok.children if c.dep_ == "dobj"]
        for d in dobjs:  # carried out attacks in X; received support from X; extended its influence to X
            preps += [c for c in d.children if c.dep_ == "prep"]
            if d.lower_ in ALLY_NOUNS and low in ("received", "receives", "receive"):
                for p in [c for c in d.children if c.dep_ == "prep" and c.lower_ == "from"]:
                    for o in object_list(ctx, p.i + 1, span, si, lead=2):
                        out.append(Rel(subj, "allied_with", o, si, "relations.support_from.v1", 0.6))
        if low in OPPOSE_VERBS and not passive:
            since = _since_formation(ctx, span, subj, formed)
            targets = [e for d in dobjs for e in object_list(ctx, d.left_edge.i, span, si, True, lead=3)]
            targets += [e for p in preps if p.lower_ in ("with", "against", "on")
                        for e in object_list(ctx, p.i + 1, span, si, True, lead=3)]
            for o in targets:
                if entity_type(ctx, o) in ("Organization", "Person"):
                    out.append(Rel(subj, "opposes", o, si, "relations.oppose_verb.v1", 0.65, start=since))
        if low in ALLY_VERBS and not passive:
            targets = [e for p in preps if p.lower_ == "with"
                       for e in object_list(ctx, p.i + 1, span, si, lead=4)]
            if low in forms("assist", "support", "back", "aid"):
                targets += [e for d in dobjs for e in object_list(ctx, d.left_edge.i, span, si, lead=2)]
            if low in ("worked", "works", "work", "working") and not any(c.lower_ in ("closely", "together",
                                                                                   "alongside")
                                                                     for c in tok.children):
                targets = []
            for o in targets:
                out.append(Rel(subj, "allied_with", o, si, "relations.ally_verb.v1", 0.6))
        if low in OPERATE_VERBS or any(d.lower_ in OPERATE_NOUNS for d in dobjs):
            for p in preps:
                if p.lower_ not in ("in", "into", "to", "throughout", "across", "within"):
                    continue
                for o in object_list(ctx, p.i + 1, span, si, lead=4):
                    if entity_type(ctx, o) == "Location":
                        out.append(Rel(subj, "operates_in", o, si, "relations.operate_verb.v1", 0.65))
    return out


def _since_formation(ctx: ExtractContext, span: Span, subj: int, formed: dict[int, str]) -> str | None:
    """"Since its formation, X has clashed with Y": the relation starts when the group formed."""
    text = span.text.lower()
    if "since its formation" in text or "since its founding" in text or "since its creation" in text:
        return formed.get(subj)
    return None


def rule_noun_frames(ctx: ExtractContext, span: Span, si: int) -> list[Rel]:
    """"in conflict with X", "clashes with X", "attacks on X", "raids on the Kayes region",
    "its presence in Mali", "mission in A, B and C", "arch nemesis of X"."""
    out: list[Rel] = []
    for tok in span:
        low = tok.lower_
        if tok.pos_ not in ("NOUN", "PROPN") or local(ctx, tok) is not None:
            continue
        if low not in OPPOSE_NOUNS and low not in OPERATE_NOUNS:
            continue
        subj = _noun_owner(ctx, tok, si)
        if subj is None:
            continue
        for prep in tok.children:
            if prep.dep_ != "prep":
                continue
            p = prep.lower_
            enemy_of = p == "of" and low in ("enemy", "enemies", "nemesis", "rival", "rivals")
            if low in OPPOSE_NOUNS and (p in ("with", "against", "on") or enemy_of):
                for o in object_list(ctx, prep.i + 1, span, si, True, lead=4):
                    kind = entity_type(ctx, o)
                    if kind in ("Organization", "Person") and o != subj:
                        out.append(Rel(subj, "opposes", o, si, "relations.oppose_noun.v1", 0.6))
                    elif kind == "Location" and low in ("raids", "raid", "attacks", "attack", "offensive") \
                            and p == "on":
                        out.append(Rel(subj, "operates_in", o, si, "relations.raids_on_place.v1", 0.55))
            if low in OPERATE_NOUNS and p in ("in", "into", "throughout", "across"):
                for o in object_list(ctx, prep.i + 1, span, si, lead=3):
                    if entity_type(ctx, o) == "Location":
                        out.append(Rel(subj, "operates_in", o, si, "relations.operate_noun.v1", 0.6))
    return out


def _noun_owner(ctx: ExtractContext, noun: Token, si: int) -> int | None:
    """Who a relational noun belongs to: its possessor or compound name, else the clause subject
    (through "have/launch/carry out/be in" verbs)."""
    for child in noun.children:
        if child.dep_ in ("poss", "compound"):
            found = entity_of(ctx, child, si)
            if found is not None:
                return found
    head = noun.head
    if noun.dep_ in ("dobj", "attr", "oprd"):
        return clause_subject(ctx, head, si)
    if noun.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX") \
            and head.lower_ in ("in", "into"):
        return clause_subject(ctx, head.head, si)
    if noun.dep_ == "appos":
        return head_entity(ctx, head, si)
    return None


def rule_affiliation(ctx: ExtractContext, span: Span, si: int) -> list[Rel]:
    """"the Al-Qaeda-affiliated Katiba Macina", "an al-Qaeda affiliated group", "formal al-Qaeda
    affiliate", "AQIM splinter group, al-Mourabitoun", "X-based Y", "its propaganda division, Z"."""
    out: list[Rel] = []
    doc = ctx.doc
    for tok in span:
        org = local(ctx, tok)
        if org is None:
            continue
        nxt_i = tok.i + 1
        if nxt_i < span.end and local(ctx, doc[nxt_i]) == org:
            continue  # not the last token of the mention
        j = nxt_i + (1 if nxt_i < span.end and doc[nxt_i].text in ("-", "‑") else 0)
        if j >= span.end:
            continue
        word = doc[j]
        if word.lower_ == "based" and entity_type(ctx, org) == "Location":
            target = _modified_entity(ctx, word, si)
            if target is not None and entity_type(ctx, target) == "Organization":
                out.append(Rel(target, "operates_in", org, si, "relations.place_based.v1", 0.7))
            continue
        if entity_type(ctx, org) != "Organization":
            continue
        if word.lower_ in AFFIL_WORDS or word.lower_ in AFFIL_NOUNS:
            if word.lower_ in AFFIL_WORDS:
                targets = _modified_entities(ctx, word, si)
            else:
                targets = _noun_subjects(ctx, word, si)
            media = word.head.lower_ in MEDIA_NOUNS
            for t in targets:
                if t != org and entity_type(ctx, t) == "Organization":
                    allied = word.lower_ in ("allied", "ally", "allies", "backed")
                    pred = "media_arm_of" if media else ("allied_with" if allied else "affiliated_with")
                    out.append(Rel(t, pred, org, si, "relations.affiliation.v1", 0.65))
        # al-Qaeda's weekly al-Massar publication
        if word.text in ("’s", "'s"):
            for k in range(j + 1, min(j + 5, span.end)):
                m = local(ctx, doc[k])
                if m is not None and m != org:
                    end = k
                    while end + 1 < span.end and local(ctx, doc[end + 1]) == m:
                        end += 1
                    if end + 1 < span.end and doc[end + 1].lower_ in MEDIA_NOUNS:
                        out.append(Rel(m, "media_arm_of", org, si, "relations.media_arm.v1", 0.65))
                    break
    # its own propaganda division, az-Zallaqa
    for tok in span:
        if tok.lower_ in MEDIA_NOUNS and any(c.lower_ in MEDIA_MODIFIERS for c in tok.children):
            owner = _noun_owner(ctx, tok, si)
            names = [c for c in tok.children if c.dep_ == "appos"]
            for n in names:
                m = np_entity(ctx, n, si)
                if owner is not None and m is not None and m != owner:
                    out.append(Rel(m, "media_arm_of", owner, si, "relations.media_arm.v1", 0.7))
    return out


def _modified_entity(ctx: ExtractContext, word: Token, si: int) -> int | None:
    found = _modified_entities(ctx, word, si)
    return found[0] if found else None


def _modified_entities(ctx: ExtractContext, word: Token, si: int) -> list[int]:
    """The entities a modifier word describes ("-linked group X", "affiliated groups (A, B)")."""
    noun = word
    for _ in range(3):
        if noun.pos_ in ("NOUN", "PROPN") and noun is not word:
            break
        noun = noun.head
    found = np_entity(ctx, noun, si)
    if found is not None:
        return [found]
    # "four groups (A, B, C and D)": the parenthesised list right after the noun.
    if noun.i + 1 < len(ctx.doc) and ctx.doc[noun.i + 1].text == "(":
        return object_list(ctx, noun.i + 2, sentence_span(ctx, si), si, lead=0)
    owner = head_entity(ctx, noun, si)
    if owner is None and noun.dep_ == "pobj" and noun.head.lower_ == "as":  # "As a formal affiliate, X is"
        verb = noun.head.head
        owner = clause_subject(ctx, verb, si)
    return [owner] if owner is not None else []


def _noun_subjects(ctx: ExtractContext, noun: Token, si: int) -> list[int]:
    """Entities an affiliation noun describes: "X, a formal al-Qaeda affiliate", "AQIM splinter group, Y"."""
    target = noun
    if noun.head.pos_ == "NOUN" and noun.dep_ in ("compound", "amod"):
        target = noun.head
    return _modified_entities(ctx, target, si) if target is not noun else _modified_entities(ctx, noun, si)


# ------------------------------------------------------------------ assembly
def _check(rel: Rel, ctx: ExtractContext) -> bool:
    if rel.subject == rel.object:
        return False
    onto = load_ontology()
    return onto.allows(rel.predicate, entity_type(ctx, rel.subject), entity_type(ctx, rel.object))


def _consolidate(rels: Iterable[Rel]) -> list[Rel]:
    """One fact per (subject, predicate, object) and document: the best-dated reading everywhere.

    A relation stated twice, once with a date, is one relation; symmetric pairs keep the
    first direction seen.
    """
    rels = list(rels)
    symmetric = {p.name for p in load_ontology().predicates.values() if p.symmetric}
    best: dict[tuple, Rel] = {}
    for r in rels:
        key = (r.subject, r.predicate, r.object)
        if r.predicate in symmetric and (r.object, r.predicate, r.subject) in best:
            r.subject, r.object = r.object, r.subject
            key = (r.subject, r.predicate, r.object)
        cur = best.get(key)
        if cur is None or (r.start and not cur.start):
            best[key] = r
    out = []
    for r in rels:
        b = best[(r.subject, r.predicate, r.object)]
        r.start, r.end = b.start, b.end
        if b.extra.get("former"):
            r.extra = {**r.extra, "former": True}
        out.append(r)
    return out


def _reference(ctx: ExtractContext) -> PartialDate | None:
    try:
        return PartialDate.from_iso(ctx.document.published) if ctx.document.published else None
    except ValueError:
        return None


@component("relations")
def relations(ctx: ExtractContext) -> list[Fact]:
    ref = _reference(ctx)
    formed: dict[int, str] = {}
    rels: list[Rel] = []
    for si in range(len(ctx.sentences)):
        span = sentence_span(ctx, si)
        if span is None or len(span) < 3:
            continue
        rels += rule_founding(ctx, span, si, ref, formed)
    for si in range(len(ctx.sentences)):
        span = sentence_span(ctx, si)
        if span is None or len(span) < 3:
            continue
        rels += rule_roles(ctx, span, si)
        rels += rule_allegiance(ctx, span, si, ref)
        rels += rule_verb_frames(ctx, span, si, ref, formed)
        rels += rule_noun_frames(ctx, span, si)
        rels += rule_affiliation(ctx, span, si)
    facts = []
    seen = set()
    for r in _consolidate(x for x in rels if _check(x, ctx)):
        data = {"subject": r.subject, "predicate": r.predicate, "object": r.object,
                "role": r.extra.get("role"), "start": r.start, "end": r.end}
        if r.extra.get("former"):
            data["former"] = True
        key = (r.subject, r.predicate, r.object, r.sentence)
        if key in seen:
            continue
        seen.add(key)
        facts.append(Fact("relation", data, r.sentence, r.rule, r.confidence))
    return facts
