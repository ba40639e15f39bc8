"""GraphML export for Gephi and yEd: entities as nodes, relation facts as edges (networkx MultiDiGraph).

Nodes are ``e<entity id>`` with ``label`` (canonical name), ``type``, ``kind`` (actor registry,
"" when unregistered), ``aliases`` ("; "-joined: GraphML has no list type), ``documents`` and
``mentions``. Edges are keyed ``f<fact id>`` with ``label`` and ``predicate``, ``start``,
``end``, ``role`` ("" when not stated: GraphML has no null), ``former``, ``sources`` (distinct
current documents) and ``evidence`` (sentences). Only active relations with current evidence
are exported; events, claims and funding are not graph edges and are left out.
"""

from __future__ import annotations

import io

import networkx as nx
from sqlalchemy import select
from sqlalchemy.orm import Session

from actorgraph.analyse.claims import relations
from actorgraph.analyse.queries import mention_counts
from actorgraph.store.models import EntityRow


def _kind(entity: EntityRow) -> str:
    if not entity.key:
        return ""
    from actorgraph.registry import load_registry

    try:
        return load_registry().get(entity.key).kind
    except KeyError:
        return ""


def build_graph(s: Session) -> nx.MultiDiGraph:
    """The relation graph of the store's current, active facts."""
    graph = nx.MultiDiGraph(name="actorgraph")
    rels = [r for r in relations(s) if r.subject_id is not None and r.object_id is not None]
    counts = mention_counts(s)
    wanted = set(counts) | {i for r in rels for i in (r.subject_id, r.object_id)}
    for e in s.scalars(select(EntityRow).where(EntityRow.id.in_(wanted)).order_by(EntityRow.id)):
        docs, mentions = counts.get(e.id, (0, 0))
        aliases = sorted({a.name for a in e.aliases} - {e.canonical_name})
        graph.add_node(f"e{e.id}", label=e.canonical_name, type=e.type, kind=_kind(e),
                       aliases="; ".join(aliases), documents=docs, mentions=mentions)
    for r in rels:
        graph.add_edge(f"e{r.subject_id}", f"e{r.object_id}", key=f"f{r.fact_id}", label=r.predicate,
                       predicate=r.predicate, start=r.start or "", end=r.end or "", role=r.role or "",
                       former=r.former, sources=len({ev.document.document_id for ev in r.evidence}),
                       evidence=len(r.evidence))
    return graph


def graphml_text(s: Session) -> str:
    buffer = io.BytesIO()
    nx.write_graphml(build_graph(s), buffer, encoding="utf-8", named_key_ids=True)
    return buffer.getvalue().decode("utf-8")
