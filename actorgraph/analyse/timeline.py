"""An actor's timeline: its events and dated relations in date order, each with its source.

``actor_timeline`` gathers them; ``draw_timeline`` draws a PNG with matplotlib
(Agg backend, no display needed): events as markers coloured by event type,
one lane per type, and relations as bars from start to end (open-ended ones
run to the right edge, drawn lighter).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from actorgraph.analyse.events import EventItem, Source, last_day, load_events, type_label
from actorgraph.extract.dates import PartialDate
from actorgraph.store.models import DocumentRow, EntityRow, EvidenceRow, FactRow, SentenceRow

TYPE_COLOURS = {
    "battles": "#d62728",
    "violence_against_civilians": "#9467bd",
    "explosions_remote_violence": "#ff7f0e",
    "riots": "#8c564b",
    "protests": "#e377c2",
    "strategic_developments": "#1f77b4",
}


@dataclass
class TimelineItem:
    kind: str  # event | relation
    fact_id: int
    start: PartialDate | None
    end: PartialDate | None
    lane: str  # the event type or the relation predicate
    label: str
    sources: list[Source] = field(default_factory=list)
    open_ended: bool = False

    @property
    def when(self) -> str:
        if self.kind == "event":
            return self.start.iso() if self.start else "undated"
        start = self.start.iso() if self.start else "?"
        return f"{start} – {self.end.iso() if self.end else ('' if self.open_ended else '?')}".strip()

    @property
    def source_text(self) -> str:
        labels = list(dict.fromkeys(_source_label(s) for s in self.sources))
        return "; ".join(labels)


def _source_label(s: Source) -> str:
    name = s.title or s.publisher or s.path.rsplit("/", 1)[-1]
    return f"{name} ({s.published})" if s.published else name


@dataclass
class Timeline:
    entity_id: int
    name: str
    items: list[TimelineItem]

    @property
    def dated(self) -> list[TimelineItem]:
        return [i for i in self.items if i.start is not None or i.end is not None]


def actor_timeline(s: Session, name: str) -> Timeline:
    """Events the entity takes part in (any role, or as their place) and its dated relations, in order."""
    from actorgraph.analyse.queries import resolve_name

    entity = resolve_name(s, name)
    items = [_event_item(e) for e in load_events(s) if e.involves(entity.id)]
    items += _relation_items(s, entity.id)
    items.sort(key=lambda i: (i.start is None and i.end is None, i.start or i.end or PartialDate(1900),
                              i.kind != "event", i.fact_id))
    return Timeline(entity.id, entity.canonical_name, items)


def _event_item(e: EventItem) -> TimelineItem:
    who = ", ".join(a.name for a in e.actors) or "unknown actor"
    other = ", ".join(a.name for a in e.actors2) or ", ".join(e.targets)
    what = f"{type_label(e.type)}"
    if e.sub_type_label and e.sub_type_label != "Other":
        what += f" / {e.sub_type_label}"
    if e.sub_type and e.sub_type not in ("other",) and e.sub_type_label in ("Other", "Change to group/activity"):
        what += f" ({e.sub_type.replace('_', ' ')})"
    label = f"{what}: {who}" + (f" vs {other}" if other else "") + (f" in {e.place}" if e.place else "")
    if e.fatalities is not None:
        label += f", {e.fatalities} dead" + (" (disputed)" if e.fatalities_disputed else "")
    return TimelineItem("event", e.id, e.partial_date, None, e.type, label, e.sources)


def _relation_items(s: Session, entity_id: int) -> list[TimelineItem]:
    facts = s.scalars(select(FactRow).where(
        FactRow.kind == "relation", FactRow.status == "active",
        or_(FactRow.subject_id == entity_id, FactRow.object_id == entity_id),
        or_(FactRow.start.is_not(None), FactRow.end.is_not(None))).order_by(FactRow.id)).all()
    if not facts:
        return []
    names = dict(s.execute(select(EntityRow.id, EntityRow.canonical_name).where(
        EntityRow.id.in_({f.subject_id for f in facts} | {f.object_id for f in facts}))).all())
    sources: dict[int, list[Source]] = defaultdict(list)
    for ev, doc, sentence in s.execute(
            select(EvidenceRow, DocumentRow, SentenceRow.text)
            .join(DocumentRow, DocumentRow.id == EvidenceRow.document_id)
            .outerjoin(SentenceRow, SentenceRow.id == EvidenceRow.sentence_id)
            .where(EvidenceRow.fact_id.in_([f.id for f in facts]), DocumentRow.current.is_(True))
            .order_by(EvidenceRow.id)):
        sources[ev.fact_id].append(Source(doc.id, doc.title, doc.publisher, doc.author, doc.published,
                                          doc.source, sentence, doc.ingested_at, dict(ev.data or {})))
    out = []
    for f in facts:
        if not sources[f.id]:
            continue
        start, end = PartialDate.from_stored(f.start), PartialDate.from_stored(f.end)
        if start is None and end is None:
            continue
        label = f"{names.get(f.subject_id, '?')} {f.predicate} {names.get(f.object_id, '?')}"
        out.append(TimelineItem("relation", f.id, start, end, f.predicate or "relation", label, sources[f.id],
                                open_ended=end is None))
    return out


# ------------------------------------------------------------------ drawing
def _mid(d: PartialDate) -> dt.date:
    """The middle of the period a partial date denotes: where its marker goes."""
    a, b = d.first_day(), last_day(d)
    return a + (b - a) / 2


def draw_timeline(timeline: Timeline, path: Path) -> Path:
    """Write a PNG of the dated items; raises ActorgraphError when there is nothing dated to draw."""
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    from actorgraph.errors import ActorgraphError

    items = timeline.dated
    if not items:
        raise ActorgraphError(f"{timeline.name} has no dated events or relations to draw")
    events = [i for i in items if i.kind == "event"]
    relations = [i for i in items if i.kind == "relation"]
    lo = min((i.start or i.end).first_day() for i in items)  # type: ignore[union-attr]
    hi = max(last_day(i.end or i.start) for i in items)  # type: ignore[arg-type]
    if any(i.open_ended for i in relations):
        hi = max(hi, dt.date(hi.year, 12, 31))
    pad = max(dt.timedelta(days=120), (hi - lo) / 40)
    left, right = lo - pad, hi + pad

    event_lanes = sorted({i.lane for i in events}, key=lambda t: list(TYPE_COLOURS).index(t)
                         if t in TYPE_COLOURS else 99)
    lanes = [type_label(t) for t in event_lanes] + [r.label for r in relations]
    height = max(2.5, 0.45 * len(lanes) + 1.6)
    fig, ax = plt.subplots(figsize=(12, height), dpi=100)
    for i in events:
        y = event_lanes.index(i.lane)
        colour = TYPE_COLOURS.get(i.lane, "#7f7f7f")
        assert i.start is not None
        if i.start.precision > 1:  # a month or a year: show the span it may fall in
            ax.hlines(y, i.start.first_day(), last_day(i.start), colors=colour, linewidth=2, alpha=0.35)
        ax.plot(_mid(i.start), y, marker="o" if i.start.precision == 1 else "D", color=colour,
                markersize=8, markeredgecolor="black", markeredgewidth=0.5, linestyle="none")
    base = len(event_lanes)
    for n, r in enumerate(relations):
        a = (r.start or r.end).first_day()  # type: ignore[union-attr]
        b = last_day(r.end) if r.end else right
        ax.barh(base + n, (b - a).days, left=a, height=0.5, color="#2ca02c",
                alpha=0.35 if r.open_ended or r.start is None else 0.75, edgecolor="#1a661a")
    ax.set_yticks(range(len(lanes)))
    ax.set_yticklabels([lane if len(lane) <= 60 else lane[:57] + "…" for lane in lanes], fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(left, right)
    ax.xaxis.set_major_locator(mdates.AutoDateLocator())
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(ax.xaxis.get_major_locator()))
    ax.grid(axis="x", alpha=0.3)
    ax.set_title(f"{timeline.name}: {len(events)} dated events, {len(relations)} dated relations", fontsize=10)
    handles = [Line2D([], [], marker="o", linestyle="none", color=TYPE_COLOURS.get(t, "#7f7f7f"),
                      label=type_label(t)) for t in event_lanes]
    if relations:
        handles.append(Patch(color="#2ca02c", alpha=0.75, label="relation (lighter: open-ended)"))
    ax.legend(handles=handles, fontsize=7, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    fig.tight_layout()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, format="png")
    plt.close(fig)
    return path
