"""Dependency-tree helpers of the event rules: is a trigger an occurrence, and what governs it.

An event is a concrete occurrence. These checks separate "the group killed 14
civilians" from "the group regularly attacks convoys", "could take Bamako",
"uses sieges and ambushes" or "125 confrontations": tense and aspect, modals,
negation, habit adverbs, irrealis heads ("the possibility of"), aggregates.
"""

from __future__ import annotations

from spacy.tokens import Token

from actorgraph.extract.rules import events_lexicon as lex

# Dependents that open a new clause with its own participants: arguments are not sought inside.
CLAUSE_DEPS = {"relcl", "ccomp", "csubj", "parataxis", "advcl", "acl", "xcomp", "conj"}
PAST_AUX = {"was", "were", "had", "been", "did"}
PERFECT_AUX = {"has", "have", "'s", "'ve"}


def is_verb(token: Token) -> bool:
    return token.tag_.startswith("VB")


def is_noun(token: Token) -> bool:
    return token.tag_.startswith("NN")


def auxiliaries(token: Token) -> list[Token]:
    return [c for c in token.children if c.dep_ in ("aux", "auxpass")]


def governing_verb(token: Token) -> Token | None:
    """The nearest verb above a token within its sentence (the predicate a noun belongs to)."""
    node = token
    while node.head.i != node.i:
        node = node.head
        if is_verb(node) and node.dep_ != "prep":  # "including", "following" act as prepositions
            return node
    return None


def ancestors_until_verb(token: Token) -> list[Token]:
    """The token's heads up to and including the first verb."""
    out = []
    node = token
    while node.head.i != node.i:
        node = node.head
        out.append(node)
        if is_verb(node):
            break
    return out


def _has_modal_or_negation(token: Token) -> bool:
    for child in token.children:
        if child.dep_ == "neg":
            return True
        if child.dep_ in ("aux", "auxpass") and child.lower_ in lex.MODALS:
            return True
        if child.dep_ == "advmod" and child.lower_ in lex.HABITUAL:
            return True
    return False


def irrealis(token: Token) -> bool:
    """Governed by "the possibility of", "plans to", "a strategy of", a modal or a negation."""
    node = token
    while node.head.i != node.i:
        node = node.head
        if is_noun(node) and node.lower_ in lex.IRREALIS_HEADS:
            return True
        if is_verb(node) and _has_modal_or_negation(node):
            return True
    return False


def aspect(token: Token) -> str:
    """'past', 'perfect', 'present', 'nonfinite' or 'hypothetical' for a verb token.

    Gerunds and participles take the aspect of the clause they hang from
    ("..., killing 20 fighters", "withdrawing from the G5 on ...").
    """
    if _has_modal_or_negation(token):
        return "hypothetical"
    auxes = [a.lower_ for a in auxiliaries(token)]
    if "to" in auxes:
        return "hypothetical"
    if any(a in PERFECT_AUX for a in auxes):
        return "perfect"
    if any(a in PAST_AUX for a in auxes):
        return "past"
    if any(a in ("is", "are", "am", "'re", "'m") for a in auxes):
        return "present"
    if token.tag_ == "VBD" or (token.lower_ in lex.PAST_FORMS and not auxes):
        return "past"
    if token.tag_ in ("VBZ", "VBP"):
        return "present"
    if token.tag_ == "VB":
        return "hypothetical" if token.dep_ in ("xcomp", "ccomp", "advcl") or auxes else "present"
    # VBN / VBG without auxiliaries: participial clauses; read the clause they modify.
    if token.tag_ == "VBN" and token.dep_ in ("acl", "advcl", "amod", "ROOT"):
        return "past"
    if token.tag_ == "VBN" and token.dep_ == "conj":
        return aspect(token.head) if is_verb(token.head) else "past"
    if token.tag_ == "VBG" and token.dep_ in ("advcl", "acl", "pcomp", "conj", "xcomp"):
        host = governing_verb(token)
        return aspect(host) if host is not None else "nonfinite"
    return "nonfinite"


def habitual(token: Token) -> bool:
    """Adverbs of habit on the token or the clause it hangs from ("continually clashed")."""
    for node in (token, governing_verb(token)):
        if node is not None and any(c.dep_ == "advmod" and c.lower_ in lex.HABITUAL for c in node.children):
            return True
    return False


def count_modifier(token: Token) -> float | None:
    """The number counting a noun ("125 confrontations", "three raids"), if any."""
    from actorgraph.extract.numbers import parse_number

    for child in token.children:
        if child.ent_type_ in ("DATE", "TIME") or (len(child.text) == 4 and child.text.isdigit()):
            continue  # "the 2020 coup", "a 2018 attack": a year, not a count
        if child.dep_ == "nummod" or (child.dep_ in ("amod", "quantmod") and child.like_num):
            text = " ".join(t.text for t in child.subtree)
            value = parse_number(text)
            if value is not None:
                return value
    return None


def in_same_clause(token: Token, root: Token) -> bool:
    """True if ``token`` is below ``root`` without crossing into a nested clause."""
    node = token
    while node.i != root.i:
        if node.head.i == node.i:
            return False
        if node.dep_ in CLAUSE_DEPS and node.i != token.i:
            return False
        node = node.head
    return True


def clause_tokens(root: Token) -> list[Token]:
    """Tokens of ``root``'s clause: its subtree minus nested clauses (relative, complement, ...)."""
    out = []
    stack = [root]
    while stack:
        node = stack.pop()
        out.append(node)
        for child in node.children:
            if child.dep_ in CLAUSE_DEPS and is_verb(child):
                continue
            stack.append(child)
    return sorted(out, key=lambda t: t.i)


def subject_of(verb: Token) -> Token | None:
    """The subject of a verb, shared from the first conjunct, or the noun a participle modifies."""
    node = verb
    for _ in range(4):
        for child in node.children:
            if child.dep_ in ("nsubj", "nsubjpass", "csubj"):
                if child.lower_ in ("that", "which", "who") and node.dep_ == "relcl":
                    return node.head
                return child
        if node.dep_ == "conj" and is_verb(node.head):
            node = node.head
            continue
        if (node.dep_ in ("acl", "relcl") and is_noun(node.head)) or node.dep_ == "acl":
            return node.head
        if node.dep_ in ("advcl", "xcomp", "pcomp") and node.tag_ in ("VBG", "VBN"):
            host = governing_verb(node)
            if host is None:
                return None
            node = host
            continue
        return None
    return None


def is_passive(verb: Token) -> bool:
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        return True
    if verb.tag_ == "VBN" and verb.dep_ == "conj" and any(c.dep_ == "agent" for c in verb.children):
        return True  # "designated by the U.S. and sanctioned by the EU"
    # "an expert designated by the U.S.", "the Alliance formed by Mali": passive participles.
    has_agent = any(c.dep_ == "agent" for c in verb.children)
    return verb.tag_ == "VBN" and verb.dep_ in ("acl", "amod") and has_agent


def agent_of(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "agent":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return pobj
    return None


def objects_of(verb: Token) -> list[Token]:
    """Direct objects (and their conjuncts) of a verb."""
    out = []
    for child in verb.children:
        if child.dep_ in ("dobj", "obj"):
            out.append(child)
            out.extend(conjuncts(child))
    return out


def conjuncts(token: Token) -> list[Token]:
    return [t for t in token.conjuncts if t.i > token.i]


def prep_objects(head: Token, preps: set[str]) -> list[Token]:
    """Objects of the given prepositions under ``head`` ("attack on X", "in Y"), with conjuncts."""
    out = []
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ in preps:
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    out.append(pobj)
                    out.extend(conjuncts(pobj))
    return out


def noun_phrase(token: Token) -> list[Token]:
    """The token's noun phrase without relative clauses and trailing prepositional phrases."""
    keep = {token.i}
    for child in token.children:
        if child.dep_ in ("det", "amod", "compound", "nummod", "quantmod", "poss", "nmod", "case"):
            keep.update(t.i for t in child.subtree)
    return sorted((token.doc[i] for i in keep), key=lambda t: t.i)
