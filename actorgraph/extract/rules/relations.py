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

from actorgraph.extract import ExtractContext, component
from actorgraph.extract.dates import PartialDate
from actorgraph.extract.rules.coref import entity_type, sentence_span
from actorgraph.extract.rules.relations_base import Rel
from actorgraph.extract.rules.relations_frames import (
    rule_affiliation,
    rule_body_of,
    rule_joint_action,
    rule_noun_frames,
    rule_verb_frames,
)
from actorgraph.extract.rules.relations_layout import rule_fact_box, rule_leader_list
from actorgraph.extract.rules.relations_places import rule_acting_in, rule_established_including, rule_place_frames
from actorgraph.extract.rules.relations_roles import (
    rule_allegiance,
    rule_founding,
    rule_name_parent,
    rule_role_sequences,
    rule_roles,
    rule_succession,
)
from actorgraph.extract.rules.relations_statements import rule_declared_enemies
from actorgraph.model import Fact
from actorgraph.ontology import load_ontology


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
        rels += rule_role_sequences(ctx, span, si)
        rels += rule_succession(ctx, span, si, ref)
        rels += rule_allegiance(ctx, span, si, ref)
        rels += rule_verb_frames(ctx, span, si, ref, formed)
        rels += rule_noun_frames(ctx, span, si)
        rels += rule_affiliation(ctx, span, si)
        rels += rule_joint_action(ctx, span, si)
        rels += rule_body_of(ctx, span, si)
        rels += rule_acting_in(ctx, span, si, ref)
        rels += rule_place_frames(ctx, span, si)
        rels += rule_established_including(ctx, span, si)
    rels += rule_fact_box(ctx, formed)
    rels += rule_leader_list(ctx)
    rels += rule_name_parent(ctx)
    rels += rule_declared_enemies(ctx, rels)
    return relation_facts(ctx, rels)


def relation_facts(ctx: ExtractContext, rels: Iterable[Rel]) -> list[Fact]:
    """Facts from rule readings (any language): typed by the ontology, one per sentence, best-dated."""
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
