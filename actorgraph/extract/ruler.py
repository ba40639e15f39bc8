"""The actor registry's entity ruler, built on phrase matchers.

spaCy's EntityRuler runs token patterns through its ``Matcher``, which tries every pattern
at every token: with the registry's ~2,000 patterns that cost as much as the whole statistical
pipeline.  Every registry pattern is a fixed token sequence (``ORTH`` or ``LOWER`` per token,
optional hyphens), so it can be matched by two ``PhraseMatcher`` s (one on ``ORTH``, one on
``LOWER``) in roughly constant time per token; the few case-sensitive tokens inside a
lower-cased name ("UN" in "UN Security Council") are checked on each candidate match.
Overlaps are resolved as the EntityRuler does: longest match first, then earliest.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product
from typing import Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span


@dataclass(frozen=True)
class _Phrase:
    label: str
    ent_id: str
    exact: tuple[tuple[int, str], ...]  # (offset, ORTH) that must match as written
    order: int  # registry order breaks ties between equal spans


def _expand_optional(pattern: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Token pattern -> its fixed sequences (each ``OP: "?"`` token present or absent)."""
    choices = [[[t]] if t.get("OP") != "?" else [[{k: v for k, v in t.items() if k != "OP"}], []]
               for t in pattern]
    return [[tok for part in combo for tok in part] for combo in product(*choices)]


class RegistryRuler:
    def __init__(self, nlp: Language, name: str = "registry_ruler") -> None:
        self.name = name
        self.vocab = nlp.vocab
        self.by_attr = {"ORTH": PhraseMatcher(nlp.vocab, attr="ORTH"),
                        "LOWER": PhraseMatcher(nlp.vocab, attr="LOWER")}
        self.phrases: dict[int, _Phrase] = {}

    def add_patterns(self, patterns: list[dict[str, Any]]) -> None:
        """EntityRuler-style token patterns whose tokens use only ORTH, LOWER and ``OP: "?"``."""
        for pattern in patterns:
            for tokens in _expand_optional(pattern["pattern"]):
                self._add(pattern["label"], pattern.get("id", ""), tokens)

    def _add(self, label: str, ent_id: str, tokens: list[dict[str, Any]]) -> None:
        if not tokens:
            return
        unknown = {k for t in tokens for k in t} - {"ORTH", "LOWER"}
        if unknown:
            raise ValueError(f"registry ruler: unsupported token attributes {sorted(unknown)}")
        attr = "LOWER" if any("LOWER" in t for t in tokens) else "ORTH"
        words = [t.get("LOWER") or t["ORTH"] for t in tokens]
        exact = tuple((i, t["ORTH"]) for i, t in enumerate(tokens) if attr == "LOWER" and "ORTH" in t)
        key = f"registry:{len(self.phrases)}"
        self.phrases[self.vocab.strings.add(key)] = _Phrase(label, ent_id, exact, len(self.phrases))
        self.by_attr[attr].add(key, [Doc(self.vocab, words=words)])

    def __call__(self, doc: Doc) -> Doc:
        found = []
        for matcher in self.by_attr.values():
            for key, start, end in matcher(doc):
                phrase = self.phrases[key]
                if all(doc[start + i].text == orth for i, orth in phrase.exact):
                    found.append((-(end - start), start, phrase.order, end, phrase))
        taken: set[int] = {i for e in doc.ents for i in range(e.start, e.end)}
        spans = []
        for _, start, _, end, phrase in sorted(found):
            if taken.isdisjoint(range(start, end)):
                spans.append(Span(doc, start, end, label=phrase.label, span_id=phrase.ent_id))
                taken.update(range(start, end))
        doc.ents = sorted([*doc.ents, *spans], key=lambda s: s.start)
        return doc


@Language.factory("registry_ruler")
def make_registry_ruler(nlp: Language, name: str) -> RegistryRuler:
    return RegistryRuler(nlp, name)
