"""Analyst judgements: merge, split, reject. Each is recorded (who, when, why) and applied now;
the store replays them after every ingest so they survive re-ingest."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from actorgraph.analyse.queries import resolve_name
from actorgraph.errors import ActorgraphError, NotFoundError
from actorgraph.store.models import FactRow, JudgementRow
from actorgraph.store.repository import merge_entities, split_alias


def merge(s: Session, keep: str, other: str, author: str, reason: str = "") -> str:
    """Merge the entity named ``other`` into the one named ``keep``; returns the kept name."""
    kept, merged = resolve_name(s, keep), resolve_name(s, other)
    if kept.id == merged.id:
        raise ActorgraphError(f"{keep!r} and {other!r} are already the same entity ({kept.canonical_name})")
    if kept.type != merged.type:
        raise ActorgraphError(f"cannot merge a {merged.type} ({other!r}) into a {kept.type} ({keep!r})")
    s.add(JudgementRow(kind="merge", target={"keep": kept.canonical_name, "merge": merged.canonical_name},
                       reason=reason, author=author))
    merge_entities(s, kept, merged)
    return kept.canonical_name


def split(s: Session, name: str, author: str, reason: str = "") -> None:
    entity = resolve_name(s, name)
    if all(a.name == name for a in entity.aliases):
        raise ActorgraphError(f"{name!r} is already an entity of its own; nothing to split")
    s.add(JudgementRow(kind="split", target={"name": name}, reason=reason, author=author))
    split_alias(s, name)


def reject(s: Session, fact_id: int, author: str, reason: str) -> None:
    fact = s.get(FactRow, fact_id)
    if fact is None:
        raise NotFoundError(f"no fact with id {fact_id}")
    if not reason.strip():
        raise ActorgraphError("a rejection needs a reason (--reason)")
    s.add(JudgementRow(kind="reject", target={"fingerprint": fact.fingerprint, "fact_id": fact_id},
                       reason=reason, author=author))
    fact.status = "rejected"


def audit_log(s: Session) -> list[JudgementRow]:
    return list(s.scalars(select(JudgementRow).order_by(JudgementRow.at.desc())))
