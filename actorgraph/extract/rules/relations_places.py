"""Where groups operate (operates_in) beyond the "operates in"/"presence in" frames:

- a group acting somewhere: "the group killed 14 civilians in the town of Lere",
  "JNIM has set up justice systems in rural parts of Mali", "attacked the embassy in X's capital";
- a group taking or besieging a place: "captured towns, including Tessalit and Timbuktu",
  "has choked Bamako" (dated by the sentence: a capture begins the hold);
- a place as the frame of a group: "French forces in the Sahel", "the Mission in Mali",
  "Mali's JNIM militants", "X's reach isn't just Mali", "one of the groups operating in A, B and C";
- the members of a subjectless "foreign powers have established themselves in the Sahel,
  including A, B and C".

Sites (hotels, airports, border points) are not areas of operation: the town they are in is.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from actorgraph.extract import ExtractContext
from actorgraph.extract.rules.coref import entity_of, entity_type, is_institution
from actorgraph.extract.rules.relations_base import (
    OPERATE_VERBS,
    Rel,
    clause_subject,
    forms,
    local,
    object_list,
    start_of,
)
from actorgraph.registry import load_registry

# Verbs whose subject is not acting at the place in its "in" phrase.
NOT_ACTING = forms("say", "tell", "state", "claim", "report", "believe", "know", "think", "note", "publish",
                   "cite", "write", "describe", "estimate", "criticize", "criticise", "accuse", "warn",
                   "position", "present", "see", "view", "consider", "allege", "lose", "remain", "seem",
                   "appear", "participate", "depend", "face", "focus") \
    | {"said", "told", "thought", "seen", "known", "lost", "is", "was", "are", "were", "be", "been", "being",
       "has", "have", "had"}
TAKE_VERBS = forms("capture", "seize", "overrun", "besiege", "blockade", "choke", "encircle", "occupy", "storm",
                   "control", "surround", "conquer", "overrun") | {"took", "taken", "seized", "overran"}
PLACE_PREPS = frozenset({"in", "across", "throughout", "within", "inside", "around", "near"})
# Nouns for the reach of a group: "JNIM's reach isn't just Mali", "ISIS lost its caliphate in Iraq".
REACH_NOUNS = frozenset({"reach", "caliphate", "territory", "territories", "stronghold", "strongholds",
                         "foothold", "footprint", "heartland", "sanctuary", "sanctuaries", "area", "areas"})
GROUP_ANCHORS = frozenset({"one", "some", "among", "many", "several", "most"})


def _is_site(ctx: ExtractContext, local_id: int) -> bool:
    entity = ctx.entity(local_id)
    if not entity.key:
        return False
    try:
        return load_registry().get(entity.key).kind == "site"
    except KeyError:
        return False


def places_in(ctx: ExtractContext, token: Token) -> list[int]:
    """Places named in the phrase headed by ``token`` ("the central town of Lere", "the Radisson
    Blu hotel in Bamako, Mali's capital", "rural parts of Mali"), sites left out."""
    out: list[int] = []
    clauses = [t for t in token.subtree if t.dep_ in ("relcl", "acl", "advcl", "ccomp") and t.i != token.i]
    inside_clause = {s.i for c in clauses for s in c.subtree}
    for tok in token.subtree:
        if tok.i in inside_clause:  # "X (AQIM)—an affiliate that operates in A": another actor's places
            continue
        found = local(ctx, tok)
        if found is None or found in out or entity_type(ctx, found) != "Location" or _is_site(ctx, found):
            continue
        out.append(found)
    return out


# Heads of a subject that stand for a group's fighters: "Hundreds of fighters from X stormed ...".
FIGHTER_NOUNS = frozenset({"fighters", "militants", "members", "gunmen", "combatants", "jihadists", "hundreds",
                           "dozens", "scores", "thousands", "insurgents", "elements", "separatists", "rebels",
                           "soldiers", "troops", "mercenaries"})
# Nouns for an attack a group can claim: "JNIM claimed the Bamba attack".
CLAIMED_NOUNS = frozenset({"attack", "attacks", "ambush", "ambushes", "bombing", "bombings", "raid", "raids",
                           "assault", "killing", "killings", "kidnapping", "kidnappings", "abduction", "strike"})


def _acting_subject(ctx: ExtractContext, verb: Token, si: int) -> int | None:
    subj = clause_subject(ctx, verb, si)
    if subj is None:
        subj = _fighters_of(ctx, verb)
    if subj is None or entity_type(ctx, subj) != "Organization":
        return None
    return subj


def _joint_fighters(ctx: ExtractContext, verb: Token) -> list[int]:
    """Groups of a coordinated fighters subject: "separatists of X and Y fighters ambushed ..."."""
    out: list[int] = []
    for child in verb.children:
        if child.dep_ != "nsubj" or not child.conjuncts:
            continue
        for noun in [child, *child.conjuncts]:
            if noun.lower_ not in FIGHTER_NOUNS:
                continue
            found = None
            for mod in [c for c in noun.children if c.dep_ in ("compound", "poss")]:
                found = found if found is not None else local(ctx, mod)
            for prep in [c for c in noun.children if c.dep_ == "prep" and c.lower_ in ("of", "from")]:
                for pobj in [c for c in prep.children if c.dep_ == "pobj"]:
                    found = found if found is not None else local(ctx, pobj)
            if found is not None and entity_type(ctx, found) == "Organization" and found not in out:
                out.append(found)
    return out


def _fighters_of(ctx: ExtractContext, verb: Token) -> int | None:
    """The group of a "hundreds of fighters from/of X" subject."""
    for child in verb.children:
        if child.dep_ != "nsubj" or child.lower_ not in FIGHTER_NOUNS:
            continue
        for poss in [c for c in child.children if c.dep_ == "poss"]:  # "its fighters had attacked ..."
            found = entity_of(ctx, poss)
            if found is not None:
                return found
        noun = child
        for _ in range(3):
            nxt = None
            for prep in [c for c in noun.children if c.dep_ == "prep" and c.lower_ in ("of", "from")]:
                for pobj in [c for c in prep.children if c.dep_ == "pobj"]:
                    found = local(ctx, pobj)
                    if found is not None:
                        return found
                    if pobj.lower_ in FIGHTER_NOUNS:
                        nxt = pobj
            if nxt is None:
                break
            noun = nxt
    return None


def _place_preps(verb: Token) -> list[Token]:
    """"in X" phrases of a verb, also hung on its object or an adverb ("two weeks ago in Lere")."""
    preps = [c for c in verb.children if c.dep_ == "prep" and c.lower_ in PLACE_PREPS]
    for child in verb.children:
        if child.dep_ in ("dobj", "advmod", "npadvmod"):
            # "attacked the army camp at Bourem": "at" places a target, not a time or an event
            at_ok = child.dep_ == "dobj"
            preps += [c for c in child.children if c.dep_ == "prep" and (c.lower_ in PLACE_PREPS
                                                                          or (at_ok and c.lower_ == "at"))]
            # "attacked the French embassy and army headquarters in X"
            for conj in child.conjuncts:
                preps += [c for c in conj.children if c.dep_ == "prep" and c.lower_ in PLACE_PREPS]
    return preps


def rule_acting_in(ctx: ExtractContext, span: Span, si: int, ref) -> list[Rel]:
    """A group acting in a place, or taking a place."""
    out: list[Rel] = []
    for tok in span:
        if tok.pos_ == "VERB" and tok.lower_ in forms("claim"):
            claimant = _acting_subject(ctx, tok, si)
            if claimant is not None:
                out += _claimed_places(ctx, tok, claimant, si)
        if tok.pos_ != "VERB" or tok.lower_ in NOT_ACTING:
            continue
        subj = _acting_subject(ctx, tok, si)
        joint = _joint_fighters(ctx, tok)
        if subj is None and not joint:
            continue
        actors = list(dict.fromkeys(([subj] if subj is not None else []) + joint))
        for prep in _place_preps(tok):
            for pobj in [c for c in prep.children if c.dep_ == "pobj"]:
                for place in places_in(ctx, pobj):
                    for actor in actors:
                        out.append(Rel(actor, "operates_in", place, si, "relations.acting_in.v1", 0.55))
        if subj is None:
            continue
        if tok.lower_ in TAKE_VERBS and not any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children):
            start, _ = start_of(ctx, si, ref)
            for d in [c for c in tok.children if c.dep_ == "dobj"]:
                for place in object_list(ctx, d.left_edge.i, span, si, lead=6):
                    if entity_type(ctx, place) == "Location" and not _is_site(ctx, place):
                        out.append(Rel(subj, "operates_in", place, si, "relations.takes_place.v1", 0.65,
                                       start=start))
    return out


def _claimed_places(ctx: ExtractContext, verb: Token, subj: int, si: int) -> list[Rel]:
    """"X claimed the Bamba attack" / "claimed responsibility for the attack in Y": the group acted there."""
    out: list[Rel] = []
    nouns = [c for c in verb.children if c.dep_ == "dobj"]
    for d in list(nouns):
        if d.lower_ == "responsibility":
            nouns += [p for prep in d.children if prep.dep_ == "prep" and prep.lower_ == "for"
                      for p in prep.children if p.dep_ == "pobj"]
    for noun in nouns:
        if noun.lower_ not in CLAIMED_NOUNS:
            continue
        for mod in [c for c in noun.children if c.dep_ in ("compound", "nmod")]:
            found = local(ctx, mod)
            if found is not None and entity_type(ctx, found) == "Location" and not _is_site(ctx, found):
                out.append(Rel(subj, "operates_in", found, si, "relations.claimed_attack.v1", 0.55))
        for prep in [c for c in noun.children if c.dep_ == "prep" and c.lower_ in PLACE_PREPS | {"at", "on"}]:
            for pobj in [c for c in prep.children if c.dep_ == "pobj"]:
                for place in places_in(ctx, pobj):
                    out.append(Rel(subj, "operates_in", place, si, "relations.claimed_attack.v1", 0.55))
    return out


def rule_place_frames(ctx: ExtractContext, span: Span, si: int) -> list[Rel]:
    """"French forces in the Sahel", "Mali's JNIM militants", "X's reach isn't just Mali",
    "one of the groups operating in A, B and C"."""
    out: list[Rel] = []
    doc = ctx.doc
    for tok in span:
        org = local(ctx, tok)
        # ORG in PLACE: the "in" phrase hangs on the organisation's name.
        if org is not None and entity_type(ctx, org) == "Organization":
            # (not the "in" inside a name: "al-Qaeda in the Islamic Maghreb")
            for prep in [c for c in tok.children if c.dep_ == "prep" and c.lower_ in PLACE_PREPS
                         and local(ctx, c) is None]:
                for pobj in [c for c in prep.children if c.dep_ == "pobj"]:
                    for place in places_in(ctx, pobj):
                        out.append(Rel(org, "operates_in", place, si, "relations.org_in_place.v1", 0.55))
        # PLACE's ORG: "Mali's JNIM militants" (not the place's own state forces or ministries:
        # "India's Ministry of External Affairs" is India's, not active in India)
        if tok.text in ("’s", "'s") and tok.i > span.start and tok.i + 1 < span.end:
            place = local(ctx, doc[tok.i - 1])
            nxt = local(ctx, doc[tok.i + 1])
            if place is not None and nxt is not None and entity_type(ctx, place) == "Location" \
                    and entity_type(ctx, nxt) == "Organization" and not is_institution(ctx, nxt) \
                    and not _is_site(ctx, place):
                out.append(Rel(nxt, "operates_in", place, si, "relations.place_possessive.v1", 0.55))
        # X's reach is (just) PLACE
        if tok.lower_ in REACH_NOUNS and tok.dep_ in ("nsubj", "nsubjpass"):
            owner = next((local(ctx, c) for c in tok.children if c.dep_ == "poss"), None)
            if owner is not None and entity_type(ctx, owner) == "Organization":
                for attr in [c for c in tok.head.children if c.dep_ == "attr"]:
                    for place in places_in(ctx, attr):
                        out.append(Rel(owner, "operates_in", place, si, "relations.reach.v1", 0.55))
        # ISIS lost its caliphate in Iraq and Syria / the group's strongholds in X
        if tok.lower_ in REACH_NOUNS and tok.pos_ == "NOUN":
            owner = next((local(ctx, c) for c in tok.children if c.dep_ == "poss"), None)
            if owner is None and tok.dep_ == "dobj" and any(c.dep_ == "poss" for c in tok.children):
                owner = clause_subject(ctx, tok.head, si)  # "its" is the verb's subject
            if owner is not None and entity_type(ctx, owner) == "Organization":
                for prep in [c for c in tok.children if c.dep_ == "prep" and c.lower_ in PLACE_PREPS]:
                    for pobj in [c for c in prep.children if c.dep_ == "pobj"]:
                        for place in places_in(ctx, pobj):
                            out.append(Rel(owner, "operates_in", place, si, "relations.reach.v1", 0.55))
        # X is one of the (...) organizations operating in A, B and C
        if tok.lower_ in OPERATE_VERBS and tok.dep_ == "acl":
            owner = _anchored_subject(ctx, tok.head, si)
            if owner is not None:
                for prep in [c for c in tok.children if c.dep_ == "prep" and c.lower_ in PLACE_PREPS]:
                    for pobj in [c for c in prep.children if c.dep_ == "pobj"]:
                        for place in places_in(ctx, pobj):
                            out.append(Rel(owner, "operates_in", place, si, "relations.one_of.v1", 0.6))
    return out


def _anchored_subject(ctx: ExtractContext, noun: Token, si: int) -> int | None:
    """The subject of "X is one of the (most dangerous) organizations ..." from the noun."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.lower_ not in ("of", "among"):
        return None
    anchor = prep.head if prep.lower_ == "of" else prep
    if anchor.lower_ not in GROUP_ANCHORS and prep.lower_ != "among":
        return None
    verb = anchor.head if anchor.dep_ in ("attr", "pobj", "prep") else None
    while verb is not None and verb.dep_ in ("prep", "acomp") and verb.head.i != verb.i:
        verb = verb.head  # "X is prominent as one of the groups ..."
    if verb is None or verb.pos_ not in ("AUX", "VERB"):
        return None
    owner = clause_subject(ctx, verb, si)
    return owner if owner is not None and entity_type(ctx, owner) == "Organization" else None


def rule_established_including(ctx: ExtractContext, span: Span, si: int) -> list[Rel]:
    """"Multiple foreign powers have established themselves in the Sahel ..., including A, B and C":
    a subject that names no one, then the list of who it was."""
    out: list[Rel] = []
    for tok in span:
        if tok.lower_ not in OPERATE_VERBS or tok.pos_ != "VERB":
            continue
        if clause_subject(ctx, tok, si) is not None:
            continue
        places = [p for prep in tok.children if prep.dep_ == "prep" and prep.lower_ in PLACE_PREPS
                  for pobj in prep.children if pobj.dep_ == "pobj" for p in places_in(ctx, pobj)]
        if not places:
            continue
        for sub in tok.subtree:
            if sub.lower_ != "including":
                continue
            # list heads only: "UN peacekeepers" names the peacekeepers, not the UN
            members = [local(ctx, t) for t in sub.subtree if local(ctx, t) is not None
                       and t.dep_ in ("pobj", "conj", "appos")]
            for m in dict.fromkeys(members):
                if entity_type(ctx, m) == "Organization":
                    for place in places:
                        out.append(Rel(m, "operates_in", place, si, "relations.established_including.v1", 0.55))
    return out
