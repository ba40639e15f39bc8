"""Relation rules from verb and noun frames: opposes, allied_with, operates_in, sanctioned_by,
affiliated_with and media_arm_of."""

from __future__ import annotations

from spacy.tokens import Span, Token

from actorgraph.extract import ExtractContext
from actorgraph.extract.dates import find_dates
from actorgraph.extract.rules.coref import entity_of, entity_type, sentence_span
from actorgraph.extract.rules.relations_base import (
    AFFIL_NOUNS,
    AFFIL_WORDS,
    ALLY_NOUNS,
    ALLY_VERBS,
    CARRY_VERBS,
    MEDIA_MODIFIERS,
    MEDIA_NOUNS,
    OPERATE_NOUNS,
    OPERATE_VERBS,
    OPPOSE_NOUNS,
    OPPOSE_VERBS,
    SANCTION_VERBS,
    Rel,
    clause_subject,
    forms,
    head_entity,
    local,
    np_entity,
    object_list,
    start_of,
)
from actorgraph.extract.rules.relations_places import places_in


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
        if low in OPPOSE_VERBS | ALLY_VERBS | OPERATE_VERBS | SANCTION_VERBS | CARRY_VERBS | LISTING_VERBS:
            subj = clause_subject(ctx, tok, si)
        if subj is None:
            continue
        agents = [g for c in tok.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        if low in SANCTION_VERBS and passive:
            for a in agents:
                for o in object_list(ctx, a.left_edge.i, span, si, lead=2):
                    out.append(Rel(subj, "sanctioned_by", o, si, "relations.sanctioned.v1", 0.7))
            continue
        if (low in SANCTION_VERBS or low in LISTING_VERBS) and not passive \
                and entity_type(ctx, subj) in ("Organization", "Location"):
            # "The United States designated X a terrorist organisation in May 2018";
            # "the Security Council added the group to its sanctions list"
            if low in LISTING_VERBS and not _onto_sanctions_list(tok):
                continue
            start, _ = start_of(ctx, si, ref)
            objs = [c for c in tok.children if c.dep_ == "dative"] or [c for c in tok.children if c.dep_ == "dobj"]
            for d in objs:
                o = head_entity(ctx, d, si)
                # "sanctioned Wagner's head in Mali, Ivan Maslov": the person the role noun names
                named = [t for t in d.subtree if t.dep_ == "appos" and entity_type(ctx, local(ctx, t)) == "Person"]
                if (named and o is None) or (o is not None and entity_type(ctx, o) != "Person" and named
                                           and d.pos_ == "NOUN" and local(ctx, d) is None):
                    o = local(ctx, named[0])
                if o is None or o == subj or entity_type(ctx, o) == "Location":
                    continue
                out.append(Rel(o, "sanctioned_by", subj, si, "relations.sanctions_active.v1", 0.65, start=start))
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
        if low in OPPOSE_VERBS and not passive and entity_type(ctx, subj) != "Location":
            since = _since_formation(ctx, span, subj, formed) or _since_date(tok, ref)
            targets = [e for d in dobjs for e in object_list(ctx, d.left_edge.i, span, si, True, lead=3)]
            # "fought JNIM and Tuareg armed groups, including the MSA": the list names the groups
            incs = [inc for d in dobjs for inc in _including(d)]
            if dobjs:  # the parser may hang "including" on the verb
                incs += [c for c in tok.children if c.lower_ == "including"]
            targets += [e for inc in incs for e in object_list(ctx, inc.i + 1, span, si, True, lead=2)]
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
                # people working together is no alliance ("works closely with his deputy")
                if "Person" not in (entity_type(ctx, subj), entity_type(ctx, o)):
                    out.append(Rel(subj, "allied_with", o, si, "relations.ally_verb.v1", 0.6))
        if low in OPERATE_VERBS or any(d.lower_ in OPERATE_NOUNS for d in dobjs):
            for p in preps:
                if p.lower_ not in ("in", "into", "to", "throughout", "across", "within"):
                    continue
                for o in object_list(ctx, p.i + 1, span, si, lead=4):
                    if entity_type(ctx, o) == "Location":
                        out.append(Rel(subj, "operates_in", o, si, "relations.operate_verb.v1", 0.65))
    return out


LISTING_VERBS = frozenset({"added", "adds", "add", "placed", "places", "put", "puts", "included", "includes"})
SANCTION_LIST_WORDS = frozenset({"sanctions", "sanction", "blacklist", "terrorist", "terror", "watchlist"})


def _onto_sanctions_list(verb: Token) -> bool:
    """"added the group to its ISIL and al-Qaida sanctions list" / "put X on a terrorist blacklist"."""
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ in ("to", "on"):
            words = {t.lower_ for t in prep.subtree}
            if words & SANCTION_LIST_WORDS and words & {"list", "blacklist", "watchlist", "lists"}:
                return True
    return False


def _since_date(verb: Token, ref) -> str | None:
    """"Since 2022 the group has fought X": a "since" phrase on the verb dates the start."""
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ == "since":
            text = " ".join(t.text for t in prep.subtree)
            dates = [d for d in find_dates(text, ref) if not d.relative or ref is not None]
            if len(dates) == 1:
                return dates[0].value.iso()
    return None


def _including(obj: Token) -> list[Token]:
    """"including" words hung on an object or its conjuncts (bounded: direct children only)."""
    out = []
    for noun in [obj, *obj.conjuncts]:
        out += [c for c in noun.children if c.lower_ in ("including", "notably")]
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
        if subj is None or (low not in OPERATE_NOUNS and entity_type(ctx, subj) == "Location"):
            continue
        for prep in tok.children:
            if prep.dep_ != "prep":
                continue
            p = prep.lower_
            enemy_of = p == "of" and low in ("enemy", "enemies", "nemesis", "rival", "rivals")
            if low in OPPOSE_NOUNS and (p in ("with", "against", "on") or enemy_of):
                for o in object_list(ctx, prep.i + 1, span, si, True, lead=4):
                    kind = entity_type(ctx, o)
                    if kind in ("Organization", "Person") and o != subj and entity_type(ctx, subj) != "Location":
                        out.append(Rel(subj, "opposes", o, si, "relations.oppose_noun.v1", 0.6))
            if low in ("raids", "raid", "attacks", "attack", "offensive") and p == "on":
                # "raids on the Kayes region", "the attack on the Radisson Blu hotel in Bamako" (not the site)
                for pobj in [c for c in prep.children if c.dep_ == "pobj"]:
                    for o in places_in(ctx, pobj):
                        out.append(Rel(subj, "operates_in", o, si, "relations.raids_on_place.v1", 0.55))
            if low in OPERATE_NOUNS and p in ("in", "into", "throughout", "across"):
                start, end = _noun_period(ctx, tok)
                for o in object_list(ctx, prep.i + 1, span, si, lead=3):
                    if entity_type(ctx, o) == "Location":
                        out.append(Rel(subj, "operates_in", o, si, "relations.operate_noun.v1", 0.6,
                                       start=start, end=end))
    return out


def _noun_period(ctx: ExtractContext, noun: Token) -> tuple[str | None, str | None]:
    """(start, end) a noun's own "from 2014 until 2022" / "since 2013" phrase gives."""
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ in ("from", "since", "between"):
            text = ctx.doc[prep.left_edge.i: prep.right_edge.i + 1].text
            dates = [d for d in find_dates(text, None) if not d.relative]
            if len(dates) == 1:
                d = dates[0]
                return d.value.iso(), d.end_value.iso() if d.end_value else None
    return None, None


def _noun_owner(ctx: ExtractContext, noun: Token, si: int) -> int | None:
    """Who a relational noun belongs to: its possessor or compound name, else the clause subject
    (through "have/launch/carry out/be in" verbs)."""
    head = noun.head
    for child in noun.children:
        if child.dep_ in ("poss", "compound"):
            found = entity_of(ctx, child, si)
            if found is not None and entity_type(ctx, found) == "Location" and noun.dep_ == "appos":
                # "Operation Barkhane—France's anti-terror mission in A, B": the operation's mission
                return head_entity(ctx, noun, si) or found
            if found is not None:
                return found
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
            affil_word = word.lower_ in AFFIL_WORDS
            targets = _modified_entities(ctx, word, si) if affil_word else _noun_subjects(ctx, word, si)
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


# Nouns for things a name only brands: "Wagner-linked Telegram channels" are channels, not Telegram.
CHANNEL_NOUNS = frozenset({"channel", "channels", "account", "accounts", "website", "websites", "page", "pages",
                           "site", "sites", "forum", "forums", "blog", "blogs", "video", "videos", "post",
                           "posts", "handle", "handles", "chats"})


def _modified_entities(ctx: ExtractContext, word: Token, si: int) -> list[int]:
    """The entities a modifier word describes ("-linked group X", "affiliated groups (A, B)")."""
    noun = word
    for _ in range(3):
        if noun.pos_ in ("NOUN", "PROPN") and noun.i != word.i:
            break
        noun = noun.head
    if noun.lower_ in CHANNEL_NOUNS and local(ctx, noun) is None:
        return []
    # "four groups (A, B, C and D)": the parenthesised list right after the noun.
    if noun.i + 1 < len(ctx.doc) and ctx.doc[noun.i + 1].text == "(" and local(ctx, noun) is None:
        listed = object_list(ctx, noun.i + 2, sentence_span(ctx, si), si, lead=0)
        if listed:
            return listed
    found = np_entity(ctx, noun, si)
    if found is not None:
        return [found]
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
    if target.dep_ == "appos" and local(ctx, target) is None:
        found = head_entity(ctx, target, si)
        return [found] if found is not None else []
    return _modified_entities(ctx, target, si) if target.i != noun.i else _modified_entities(ctx, noun, si)


# Verbs of a joint armed action: "A and B fighters ambushed a column" -> A allied_with B.
JOINT_ACTION_VERBS = forms("ambush", "attack", "execute", "kill", "raid", "storm", "capture", "seize",
                           "overrun", "besiege", "abduct", "kidnap", "target") | {"overran", "struck"}
# Reciprocal objects make the coordinated subjects each other's enemies, not allies.
RECIPROCAL = frozenset({"each", "other", "another"})


def _group_of_noun(ctx: ExtractContext, noun: Token) -> int | None:
    """The organisation a subject noun stands for: the name itself, "JNIM fighters" (a name
    modifying the noun) or "separatists of the CSP-DPA"."""
    found = local(ctx, noun)
    if found is not None:
        return found
    for child in noun.children:
        if child.dep_ in ("compound", "nmod", "amod", "poss"):
            found = local(ctx, child)
            if found is not None:
                return found
        if child.dep_ == "prep" and child.lower_ in ("of", "from"):
            for pobj in [c for c in child.children if c.dep_ == "pobj"]:
                found = local(ctx, pobj)
                if found is not None:
                    return found
    return None


def rule_joint_action(ctx: ExtractContext, span: Span, si: int) -> list[Rel]:
    """"A and B fighters jointly ambushed a column": two groups acting together are allied, and
    each opposes a named target. Reciprocal frames ("A and B attacked each other") are left out."""
    out: list[Rel] = []
    for tok in span:
        if tok.pos_ != "VERB" or tok.lower_ not in JOINT_ACTION_VERBS:
            continue
        if any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children):
            continue
        dobjs = [c for c in tok.children if c.dep_ == "dobj"]
        if not dobjs or any(t.lower_ in RECIPROCAL for d in dobjs for t in d.subtree):
            continue
        for subj in [c for c in tok.children if c.dep_ == "nsubj"]:
            conjuncts = [subj, *subj.conjuncts]
            if len(conjuncts) < 2:
                continue
            groups = []
            for noun in conjuncts:
                g = _group_of_noun(ctx, noun)
                if g is not None and entity_type(ctx, g) == "Organization" and g not in groups:
                    groups.append(g)
            if len(groups) < 2:
                continue
            for a_i, a in enumerate(groups):
                for b in groups[a_i + 1:]:
                    out.append(Rel(a, "allied_with", b, si, "relations.joint_action.v1", 0.55))
            for d in dobjs:
                target = local(ctx, d)
                if target is None or entity_type(ctx, target) not in ("Organization", "Person"):
                    continue
                for g in groups:
                    out.append(Rel(g, "opposes", target, si, "relations.joint_action.v1", 0.55))
    return out


# Nouns for a body inside another: "the UN peacekeeping mission, MINUSMA", "the UN's World Food Programme".
BODY_NOUNS = frozenset({"mission", "agency", "office", "force", "programme", "program", "branch", "wing",
                        "unit", "faction", "division", "council", "committee", "team", "battalion", "brigade"})


def _parent_modifier(ctx: ExtractContext, noun: Token) -> int | None:
    for child in noun.children:
        if child.dep_ in ("compound", "poss", "nmod"):
            found = local(ctx, child)
            if found is not None and entity_type(ctx, found) == "Organization":
                return found
    return None


def rule_body_of(ctx: ExtractContext, span: Span, si: int) -> list[Rel]:
    """A body named as another organisation's: "the UN's World Food Programme" (possessive name
    before a name), "the UN peacekeeping mission, MINUSMA" / "MINUSMA, the UN mission" (a body noun
    owned by a name, in apposition to another name) -> part_of."""
    out: list[Rel] = []
    if any(t.lower_ in MEDIA_NOUNS or t.lower_ in MEDIA_MODIFIERS for t in span):
        return out  # "X's media arm, Y" is media_arm_of
    for tok in span:
        if tok.dep_ == "poss" and local(ctx, tok) is not None:
            parent = local(ctx, tok)
            child = local(ctx, tok.head)
            if child is not None and child != parent and entity_type(ctx, parent) == "Organization" \
                    and entity_type(ctx, child) == "Organization":
                out.append(Rel(child, "part_of", parent, si, "relations.body_of.v1", 0.55))
        if tok.lower_ in BODY_NOUNS and tok.pos_ == "NOUN" and local(ctx, tok) is None:
            parent = _parent_modifier(ctx, tok)
            if parent is None:
                continue
            named = [local(ctx, c) for c in tok.children if c.dep_ == "appos"]
            if tok.dep_ == "appos":
                named.append(local(ctx, tok.head))
            for child in named:
                if child is not None and child != parent and entity_type(ctx, child) == "Organization":
                    out.append(Rel(child, "part_of", parent, si, "relations.body_of.v1", 0.55))
    return out
