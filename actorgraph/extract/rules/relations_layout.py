"""Relations read off page layout rather than prose: profile fact boxes and leader lists.

Extremism-monitor profile pages describe one group (the page's dominant actor) with
label lines and value lines::

    Founder(s):              -> founded
    Iyad Ag Ghaly
    Places of Operation:     -> operates_in, one fact per place
    Mali, Niger, Burkina Faso

and a list of leaders, each a name line followed by a role line::

    Abu Dujana al-Qasimi
    Spokesman                -> member_of the page's group
    Amadou Kouffa
    Senior leader of X, founder of Y -> member_of X, founded Y

Sentences are lines here: the parser starts a sentence at every line break.
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from actorgraph.extract import ExtractContext
from actorgraph.extract.rules.coref import dominant_actor, entity_type, sentence_span
from actorgraph.extract.rules.relations_base import Rel, local
from actorgraph.extract.rules.relations_roles import role_facts, role_of

# Label words of fact boxes -> (predicate, type of the values, the page's group is the subject).
LABELS = {
    "founder": ("founded", "Person", False), "founders": ("founded", "Person", False),
    "founded by": ("founded", "Person", False), "co-founders": ("member_of", "Person", False),
    "leader": ("leader_of", "Person", False), "leaders": ("leader_of", "Person", False),
    "emir": ("leader_of", "Person", False), "head": ("leader_of", "Person", False),
    "places of operation": ("operates_in", "Location", True),
    "place of operation": ("operates_in", "Location", True),
    "areas of operation": ("operates_in", "Location", True),
    "area of operation": ("operates_in", "Location", True),
    "areas of activity": ("operates_in", "Location", True),
    "operating areas": ("operates_in", "Location", True),
    "active in": ("operates_in", "Location", True),
    "affiliations": ("affiliated_with", "Organization", True),
    "allies": ("allied_with", "Organization", True),
    "rivals": ("opposes", "Organization", True), "enemies": ("opposes", "Organization", True),
}
LABEL_LINE = re.compile(r"^[•\-*\s]*(?P<label>[A-Za-z][A-Za-z() /-]{1,40}?)\s*:$")
MAX_VALUE_TOKENS = 20
MAX_ROLE_TOKENS = 25


def _label(text: str) -> str | None:
    m = LABEL_LINE.match(text.strip())
    if m is None:
        return None
    label = re.sub(r"\(s\)", "s", m.group("label").lower()).strip()
    return label


def _is_value_line(span: Span) -> bool:
    text = span.text.strip()
    return bool(text) and len(span) <= MAX_VALUE_TOKENS and not text.endswith((".", ":", "?", "!"))


def rule_fact_box(ctx: ExtractContext, formed: dict[int, str]) -> list[Rel]:
    """Label line ("Places of Operation:") + value line(s) listing names of the expected type."""
    out: list[Rel] = []
    group = dominant_actor(ctx)
    if group is None:
        return out
    n = len(ctx.sentences)
    for si in range(n):
        label = _label(ctx.sentences[si].text)
        if label is None or label not in LABELS:
            continue
        predicate, value_type, group_is_subject = LABELS[label]
        for vi in range(si + 1, min(si + 4, n)):
            span = sentence_span(ctx, vi)
            if span is None or _label(ctx.sentences[vi].text) is not None or not _is_value_line(span):
                break
            values = _entities(ctx, span)
            if not values or any(entity_type(ctx, v) != value_type for v in values):
                break  # the next line is something else (the leaders list after the box)
            for v in values:
                if v == group:
                    continue
                subject, obj = (group, v) if group_is_subject else (v, group)
                start = formed.get(group) if predicate == "founded" else None
                out.append(Rel(subject, predicate, obj, vi, "relations.fact_box.v1", 0.7, start=start))
    return out


def rule_leader_list(ctx: ExtractContext) -> list[Rel]:
    """A name line followed by a role line: the person holds that role; a role naming no
    organisation ("Spokesman", "Finance Director") is a role in the page's group, and everyone
    listed is a member of it."""
    out: list[Rel] = []
    group = dominant_actor(ctx)
    for si in range(len(ctx.sentences) - 1):
        name = sentence_span(ctx, si)
        role_line = sentence_span(ctx, si + 1)
        if name is None or role_line is None:
            continue
        person = _name_line_person(ctx, name)
        if person is None or len(role_line) > MAX_ROLE_TOKENS or role_line.text.strip().endswith("."):
            continue
        roles = _line_roles(role_line)
        if not roles:
            continue
        rels: list[Rel] = []
        for role in roles:
            found = role_facts(ctx, person, role, si + 1, "relations.leader_list.v1")
            if not found and group is not None:  # "Spokesman": the page's group
                predicate, former = role_of(role)
                extra = {"role": role.lower_, **({"former": True} if former else {})}
                found = [Rel(person, predicate, group, si + 1, "relations.leader_list.v1", 0.65, extra=extra)]
            rels += found
        if group is not None and not any(r.object == group and r.predicate in ("leader_of", "member_of")
                                         for r in rels):
            rels.append(Rel(person, "member_of", group, si + 1, "relations.leader_list.v1", 0.55))
        out += rels
    return out


def _entities(ctx: ExtractContext, span: Span) -> list[int]:
    seen: list[int] = []
    for tok in span:
        found = local(ctx, tok)
        if found is not None and found not in seen:
            seen.append(found)
    return seen


def _name_line_person(ctx: ExtractContext, span: Span) -> int | None:
    """The person a line consists of: "Amadou Kouffa", "Mohamed Lahbous (a.k.a. ...)"."""
    tokens = [t for t in span if not t.is_space and t.text not in ("•", "-", "*")]
    if not tokens:
        return None
    person = local(ctx, tokens[0])
    if person is None or entity_type(ctx, person) != "Person":
        return None
    for tok in tokens:
        if local(ctx, tok) == person:
            continue
        # What follows the name may only be an alias: "(a.k.a. X)", "a.k.a. X".
        return person if tok.text in ("(", "a.k.a.", "aka", "a.k.a") or tok.lower_.startswith("a.k.a") else None
    return person


def _line_roles(span: Span) -> list[Token]:
    """Role nouns of a role line that opens with a role ("Head judge and deputy leader of X")."""
    words = [t for t in span if t.is_alpha]
    if not words:
        return []
    opening = words[:3]
    if not any(role_of(t) for t in opening):
        return []
    return [t for t in span if role_of(t) and t.pos_ in ("NOUN", "PROPN")
            and not (t.dep_ in ("compound", "amod") and role_of(t.head))]
