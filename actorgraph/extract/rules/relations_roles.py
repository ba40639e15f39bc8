"""Relation rules about people and group structure: roles (leader_of / member_of / founded),
founding and mergers (part_of), allegiance."""

from __future__ import annotations

from spacy.tokens import Span, Token

from actorgraph.extract import ExtractContext
from actorgraph.extract.rules.coref import entity_of, entity_type, focus_entity, is_anaphor, sentence_span
from actorgraph.extract.rules.relations_base import (
    ALLEGIANCE_NOUNS,
    FORM_VERBS,
    FORMER,
    FOUND_VERBS,
    LEAD_VERBS,
    LEADER_NOUNS,
    MEMBER_MODIFIERS,
    MEMBER_NOUNS,
    MERGE_WORDS,
    ROLE_CONTAINERS,
    Rel,
    clause_subject,
    head_entity,
    local,
    main_subject,
    np_entity,
    np_entity_deep,
    object_list,
    start_of,
)


def role_of(token: Token) -> tuple[str, bool] | None:
    """(predicate, former) of a role noun: leader_of for the head, member_of for other roles."""
    low = token.lower_
    if low.endswith("s") and low[:-1] in LEADER_NOUNS | MEMBER_NOUNS:  # "its leaders, including X"
        low = low[:-1]
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
            inside = {local(ctx, t) for t in pobj.subtree}  # not past the phrase: "emir of AQIM; X, Y's emir"
            for found in object_list(ctx, pobj.left_edge.i, sentence_span(ctx, si), si, lead=3):
                if found not in inside:
                    continue
                kind = entity_type(ctx, found)
                if kind == "Organization":
                    orgs.append(found)
                elif kind == "Location" and prep.lower_ in ("of", "in"):
                    places.append(found)
            # "the emir of AQIM in West Africa and the Sahel": a regional command.
            if prep.lower_ == "of" and entity_type(ctx, local(ctx, pobj)) == "Organization":
                for inner in [c for c in pobj.children if c.dep_ == "prep" and c.lower_ == "in"]:
                    for found in object_list(ctx, inner.i + 1, sentence_span(ctx, si), si, lead=2):
                        if entity_type(ctx, found) == "Location":
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
    # Conjoined roles are the same person's unless another person is named in between
    # ("Droukdel, the emir of AQIM; Ayman al-Zawahiri, al-Qaeda's emir").
    roles = [role, *(c for c in role.conjuncts if not _person_between(ctx, role, c, person))]
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


def _person_between(ctx: ExtractContext, a: Token, b: Token, person: int) -> bool:
    lo, hi = sorted((a.i, b.i))
    for tok in ctx.doc[lo + 1: hi]:
        found = local(ctx, tok)
        if found is not None and found != person and entity_type(ctx, found) == "Person":
            return True
    return False


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
                # "the director of global programs at X and a former CIA agent": a role conjoined lower down
                for sub in tok.subtree:
                    if sub.dep_ == "conj" and sub.head.i != tok.i and sub.pos_ == "NOUN" and role_of(sub) \
                            and not _person_between(ctx, tok, sub, p):
                        out += role_facts(ctx, p, sub, si, "relations.apposition_role.v1")
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
            while verb.dep_ == "prep" and verb.head.i != verb.i:
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


SUCCEED_VERBS = frozenset({"succeeded", "succeeds", "succeed", "replaced", "replaces", "replace"})


def rule_succession(ctx: ExtractContext, span: Span, si: int, ref) -> list[Rel]:
    """"He was succeeded as emir by X" / "X succeeded Y as leader of Z": X takes the role, dated by
    the sentence. The organisation is the role's own ("as emir of Z"), else the predecessor's
    (a leader_of fact already read), else the group in focus."""
    out: list[Rel] = []
    for tok in span:
        if tok.lower_ not in SUCCEED_VERBS or tok.pos_ != "VERB":
            continue
        roles = [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "as"
                 for g in c.children if g.dep_ == "pobj" and role_of(g)]
        if not roles:
            continue
        passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children)
        if passive:
            # the small model may hang "by X" on the role noun: "succeeded as emir by X"
            agents = [g for c in [*tok.children, *roles[0].children] if c.dep_ == "agent"
                      or (c.dep_ == "prep" and c.lower_ == "by") for g in c.children if g.dep_ == "pobj"]
            successor = np_entity(ctx, agents[0], si) if agents else None
        else:
            successor = clause_subject(ctx, tok, si)
        if successor is None or entity_type(ctx, successor) != "Person":
            continue
        role = roles[0]
        facts = role_facts(ctx, successor, role, si, "relations.succession.v1")
        if not facts:
            kind = role_of(role)
            group = focus_entity(ctx, si)
            if kind is None or group is None or entity_type(ctx, group) != "Organization":
                continue
            facts = [Rel(successor, kind[0], group, si, "relations.succession.v1", 0.6,
                         extra={"role": _role_text(role)})]
        start, _ = start_of(ctx, si, ref)
        for r in facts:
            if r.predicate in ("leader_of", "member_of"):
                r.start = start
            out.append(r)
    return out


# Words after a parent's name that only say what kind of body the name is ("Wagner" / "Wagner Group"),
# or open a regional name of its own ("al-Qaeda in the Islamic Maghreb": an affiliate, not a component).
_NAME_KIND_WORDS = frozenset({"group", "organisation", "organization", "movement", "front", "network", "party",
                              "coalition", "alliance", "in", "of", "for", "and", "the"})


def rule_name_parent(ctx: ExtractContext) -> list[Rel]:
    """A body whose name opens with another organisation's name is its component: "UN Security
    Council" / "UN human rights office" -> part_of "UN"; "Islamic State West Africa Province" ->
    part_of "Islamic State"."""
    out: list[Rel] = []
    orgs = [e for e in ctx.entities if e.type == "Organization"]
    first_sentence: dict[int, int] = {}
    for m in ctx.mentions:
        lid = getattr(m, "local_id", None)
        if lid is not None:
            first_sentence.setdefault(lid, m.sentence)
    for child in orgs:
        words = child.name.split()
        for parent in orgs:
            if parent.local_id == child.local_id:
                continue
            for form in {parent.name, *parent.aliases}:
                n = len(form.split())
                rest = words[n:]
                if not rest or words[:n] != form.split() or rest[0].lower() in _NAME_KIND_WORDS:
                    continue
                if len(rest) == 1 and rest[0].lower() in _NAME_KIND_WORDS:
                    continue
                si = first_sentence.get(child.local_id, 0)
                out.append(Rel(child.local_id, "part_of", parent.local_id, si, "relations.name_parent.v1", 0.6))
                break
    return out


def rule_role_sequences(ctx: ExtractContext, span: Span, si: int) -> list[Rel]:
    """Roles the small model mis-parses, read off the token sequence:
    "the current leader of X Iyad ag Ghali" / "the Leader of the organization Iyad Ag Ghali"
    (role of ORG, then the name) and "its leaders, including Iyad Ag-Ghali" (role, including NAME)."""
    out: list[Rel] = []
    doc = ctx.doc
    for tok in span:
        kind = role_of(tok) if tok.pos_ in ("NOUN", "PROPN") and local(ctx, tok) is None else None
        if kind is None:
            continue
        predicate, former = kind
        extra = {"role": _role_text(tok), **({"former": True} if former else {})}
        # "X's regional commander for Timbuktu, Name": the small model hangs the name on the place.
        for prep in [c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("for", "in", "of")]:
            for pobj in [c for c in prep.children if c.dep_ == "pobj"]:
                if entity_type(ctx, local(ctx, pobj)) != "Location":
                    continue
                for name in [c for c in pobj.children if c.dep_ == "appos"]:
                    person = local(ctx, name)
                    if person is not None and entity_type(ctx, person) == "Person":
                        out += role_facts(ctx, person, tok, si, "relations.role_place_name.v1")
        i = tok.i + 1
        if i < span.end and doc[i].lower_ == "of":
            org, j = _org_at(ctx, i + 1, span, si)
            person = local(ctx, doc[j]) if org is not None and j < span.end else None
            if person is not None and entity_type(ctx, person) == "Person":
                out.append(Rel(person, predicate, org, si, "relations.role_of_org_name.v1", 0.65, extra=extra))
            continue
        k = i + (1 if i < span.end and doc[i].text == "," else 0)
        if k < span.end and doc[k].lower_ in ("including", "include", "includes", "included"):
            owner = None
            for child in tok.children:
                if child.dep_ in ("poss", "compound", "nmod"):
                    owner = entity_of(ctx, child, si)
            if owner is None or entity_type(ctx, owner) != "Organization":
                continue
            for found in object_list(ctx, k + 1, span, si, lead=0):
                if entity_type(ctx, found) == "Person":
                    out.append(Rel(found, predicate, owner, si, "relations.role_including.v1", 0.6,
                                   extra=extra))
    return out


def _org_at(ctx: ExtractContext, i: int, span: Span, si: int) -> tuple[int | None, int]:
    """(organisation, index after it) named at token i: a mention or "the group"/"the organization"."""
    doc = ctx.doc
    if i < span.end and doc[i].lower_ == "the" and i + 1 < span.end and is_anaphor(doc[i + 1]):
        found = entity_of(ctx, doc[i + 1], si)
        return (found, i + 2) if entity_type(ctx, found) == "Organization" else (None, i)
    found = local(ctx, doc[i]) if i < span.end else None
    if found is None or entity_type(ctx, found) != "Organization":
        return None, i
    while i < span.end and local(ctx, doc[i]) == found:
        i += 1
    return found, i


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
        # "The group was founded in May 2015 by X": the agent founded the subject.
        if low in FOUND_VERBS and tok.pos_ == "VERB" and tok.tag_ == "VBN":
            group = clause_subject(ctx, tok, si)
            agents = [g for c in tok.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
            if group is not None and entity_type(ctx, group) == "Organization" and agents:
                start, _ = start_of(ctx, si, ref)
                for a in object_list(ctx, agents[0].left_edge.i, span, si, lead=2):
                    if entity_type(ctx, a) == "Person":
                        out.append(Rel(a, "founded", group, si, "relations.founded_by.v1", 0.7, start=start))
        if low in FORM_VERBS and tok.pos_ == "VERB":
            group = clause_subject(ctx, tok, si)
            if group is None or entity_type(ctx, group) != "Organization":
                group = _formed_group(ctx, tok, span, si)
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


def _formed_group(ctx: ExtractContext, verb: Token, span: Span, si: int) -> int | None:
    """The group a formation verb is about when the parse hides its subject: the sentence's own
    subject ("JNIM, which ..., formed in 2017 when ..."), or for a subjectless opening participle
    ("Established with the integration of ...") the group in focus."""
    group = main_subject(ctx, span, si)
    if group is not None:
        return group
    if verb.dep_ == "ROOT" and verb.tag_ == "VBN" and not any(c.dep_.startswith("nsubj") for c in verb.children):
        return focus_entity(ctx, si)
    return None


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
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
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
