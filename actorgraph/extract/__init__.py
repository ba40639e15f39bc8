"""The extract stage: sentences, entity mentions, local entities and facts of one document.

Fact extractors (relations, claims, funding, events) are components
registered by name with ``@component``; ``COMPONENTS`` in the ontology lists
the order they run in. Each takes an ``ExtractContext`` and returns facts.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc

from actorgraph.model import Document, Extraction, Fact, LocalEntity, Mention, ProseView, Sentence

ComponentFn = Callable[["ExtractContext"], list[Fact]]
_COMPONENTS: dict[str, ComponentFn] = {}


def component(name: str) -> Callable[[ComponentFn], ComponentFn]:
    """Register a fact extractor under a name (as spaCy registers pipeline components)."""

    def register(fn: ComponentFn) -> ComponentFn:
        _COMPONENTS[name] = fn
        return fn

    return register


def components() -> dict[str, ComponentFn]:
    # Importing the rule modules registers them; done lazily so `extract` has no import cycle.
    from actorgraph.extract import rules  # noqa: F401

    return dict(_COMPONENTS)


def pipeline_components(names: list[str] | None = None) -> list[ComponentFn]:
    """The fact extractors to run, in the ontology's order (or the given names)."""
    from actorgraph.errors import ConfigError
    from actorgraph.ontology import load_ontology

    available = components()
    if names is None:  # a component the ontology lists but no module provides yet is skipped
        return [available[n] for n in load_ontology().components if n in available]
    unknown = [n for n in names if n not in available]
    if unknown:
        raise ConfigError(f"unknown extract components {unknown} (known: {sorted(available)})")
    return [available[n] for n in names]


@dataclass
class ExtractContext:
    """What a fact extractor may look at: the parse, the sentences, the mentions and entities."""

    document: Document
    view: ProseView
    doc: Doc
    sentences: list[Sentence]
    sentence_starts: list[int]  # view offsets of the sentences
    mentions: list[Mention]
    entities: list[LocalEntity]
    view_mentions: list[tuple[int, int]] = field(default_factory=list)  # view offsets of mentions
    _starts: list[int] = field(default_factory=list, repr=False)

    def sentence_of(self, view_offset: int) -> int:
        return max(0, bisect.bisect_right(self.sentence_starts, view_offset) - 1)

    def entity(self, local_id: int) -> LocalEntity:
        return self.entities[local_id]

    def _mention_starts(self) -> list[int]:
        # Mentions never overlap and come in text order, so their starts are sorted.
        if len(self._starts) != len(self.view_mentions):
            self._starts = [s for s, _ in self.view_mentions]
        return self._starts

    def mentions_in(self, view_start: int, view_end: int) -> list[int]:
        """Indices of the mentions lying inside a view span, in text order."""
        starts = self._mention_starts()
        out = []
        for i in range(bisect.bisect_left(starts, view_start), len(starts)):
            s, e = self.view_mentions[i]
            if s >= view_end:
                break
            if e <= view_end:
                out.append(i)
        return out

    def mention_at(self, view_offset: int) -> int | None:
        """Index of the mention covering a view offset (e.g. a token's idx), if any."""
        i = bisect.bisect_right(self._mention_starts(), view_offset) - 1
        if i >= 0 and self.view_mentions[i][0] <= view_offset < self.view_mentions[i][1]:
            return i
        return None

    def sentence_spans(self) -> list[tuple[int, int]]:
        """View spans of the sentences, aligned with ``sentences``."""
        ends = [*self.sentence_starts[1:], len(self.view.text)]
        return list(zip(self.sentence_starts, ends, strict=True))


@Language.component("newline_sentences")
def newline_sentences(doc: Doc) -> Doc:
    """A line break ends a sentence: headings, list items and captions stand alone."""
    for token in doc[:-1]:
        if "\n" in token.text or "\n" in token.whitespace_:
            doc[token.i + 1].is_sent_start = True
    return doc


def parse(nlp: Language, view: ProseView) -> Doc:
    if "newline_sentences" not in nlp.pipe_names:
        nlp.add_pipe("newline_sentences", before="parser" if "parser" in nlp.pipe_names else None)
    from actorgraph.extract.entities import HYPHENS

    # Same length, so offsets hold: "al‑Qaeda‑linked" with non-breaking hyphens tokenises as usual.
    return nlp(view.text.translate(HYPHENS))


def sentences_of(doc: Doc, view: ProseView) -> tuple[list[Sentence], list[int]]:
    sentences, starts = [], []
    for sent in doc.sents:
        text = sent.text.strip()
        if not text:
            continue
        lead = sent.text.index(text)
        v_start = sent.start_char + lead
        o_start, o_end = view.span_to_original(v_start, v_start + len(text))
        sentences.append(Sentence(o_start, o_end, text))
        starts.append(v_start)
    return sentences, starts


def run(document: Document, view: ProseView, nlp: Language, names: list[str] | None = None) -> Extraction:
    """Extract everything from one document's prose view with a loaded pipeline."""
    from actorgraph.extract.entities import extract_mentions
    from actorgraph.registry import load_registry
    from actorgraph.resolve.cluster import cluster_mentions

    registry = load_registry()
    doc = parse(nlp, view)
    sentences, starts = sentences_of(doc, view)

    def sentence_of(view_offset: int) -> int:
        return max(0, bisect.bisect_right(starts, view_offset) - 1)

    mentions, spans, definitions = extract_mentions(doc, view, sentence_of, registry)
    entities = cluster_mentions(mentions, definitions, registry)
    ctx = ExtractContext(document, view, doc, sentences, starts, mentions, entities, spans)
    facts: list[Fact] = []
    for fn in pipeline_components(names):
        facts.extend(fn(ctx))
    return Extraction(sentences=sentences, mentions=mentions, entities=entities, facts=facts)


ROLE_FIELDS = ("subject", "object", "actors", "assoc_actors", "actors2", "location", "attributed_entity")


def merge(parts: list[Extraction]) -> Extraction:
    """One extraction from the extractions of consecutive chunks of a document.

    Offsets already point into the original text; sentence and local entity
    indices are renumbered. Entities of different chunks stay apart here and
    meet in the store, which resolves them by registry key and name.
    """
    out = Extraction()
    for part in parts:
        s_shift, e_shift = len(out.sentences), len(out.entities)
        out.sentences.extend(part.sentences)
        for m in part.mentions:
            m.sentence += s_shift
            m.local_id = None if m.local_id is None else m.local_id + e_shift
        out.mentions.extend(part.mentions)
        for e in part.entities:
            e.local_id += e_shift
        out.entities.extend(part.entities)
        for f in part.facts:
            f.sentence += s_shift
            f.data = {k: _shift_ids(v, e_shift) if k in ROLE_FIELDS else v for k, v in f.data.items()}
        out.facts.extend(part.facts)
        out.notes.extend(n for n in part.notes if n not in out.notes)
    return out


def _shift_ids(value, shift: int):
    if isinstance(value, list):
        return [v + shift if isinstance(v, int) else v for v in value]
    return value + shift if isinstance(value, int) and not isinstance(value, bool) else value
