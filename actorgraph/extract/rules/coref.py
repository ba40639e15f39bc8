"""Shared helpers for rule families: token -> entity lookup and "the group"/"its" coreference.

Reports name the armed group once and then say "the group", "the militants",
"it" or "its leader". ``focus_entity`` gives the actor such a phrase refers to
in a sentence: the (non-state) organisation that was the subject of the
previous sentence, else the document's most-mentioned non-state organisation.
``entity_of`` resolves one token to a local entity id (mention or anaphor).

Everything is computed once per parse and cached in ``ctx.doc.user_data`` so
relations, claims, funding and events can all call these freely.

API (stable): ``entity_of(ctx, token)``, ``focus_entity(ctx, sentence_index)``,
``dominant_actor(ctx)``, ``is_anaphor(token)``, ``sentence_span(ctx, i)``,
``entities_in(ctx, span)``, ``subject_entity(ctx, sentence_index)``,
``is_state(ctx, local_id)``, ``mention_tokens(ctx)``.
"""

from __future__ import annotations

import re
from collections import Counter

from spacy.tokens import Span, Token

from actorgraph.extract import ExtractContext

CACHE = "actorgraph.coref"

# Pronouns that stand for an organisation in report prose ("it", "its", "they").
ANAPHOR_PRONOUNS = frozenset({"it", "its", "itself", "they", "their", "them", "themselves"})
# Head nouns of definite descriptions of an armed group: "the (jihadist) group", "the militants".
ANAPHOR_NOUNS = frozenset({
    "group", "organization", "organisation", "militants", "jihadists", "insurgents", "coalition",
    "movement", "alliance", "outfit", "fighters", "terrorists",
})
# Verbs whose subject "it" is a placeholder, not a group ("it is uncertain", "it was alleged").
EXPLETIVE_HEADS = frozenset({
    "is", "was", "be", "been", "seems", "seemed", "appears", "appeared", "remains", "became",
    "alleged", "suspected", "reported", "believed", "said", "thought", "estimated", "claimed",
    "feared", "expected", "known", "understood", "likely", "unclear", "difficult",
})


def _cache(ctx: ExtractContext) -> dict:
    return ctx.doc.user_data.setdefault(CACHE, {})


def mention_tokens(ctx: ExtractContext) -> list[int | None]:
    """Index of the mention covering each token (by its first character), or None."""
    cache = _cache(ctx)
    if "tokens" not in cache:
        covering: list[int | None] = [None] * len(ctx.doc)
        for i, (start, end) in enumerate(ctx.view_mentions):
            span = ctx.doc.char_span(start, end, alignment_mode="expand")
            if span is None:
                continue
            for tok in span:
                covering[tok.i] = i
        cache["tokens"] = covering
    return cache["tokens"]


def mention_of(ctx: ExtractContext, token: Token) -> int | None:
    """Index into ctx.mentions of the mention covering a token."""
    return mention_tokens(ctx)[token.i]


def local_of_mention(ctx: ExtractContext, index: int | None) -> int | None:
    return None if index is None else ctx.mentions[index].local_id


def is_state(ctx: ExtractContext, local_id: int | None) -> bool:
    """True for a state's forces or government ("Malian army"): never an armed group in focus."""
    if local_id is None:
        return False
    entity = ctx.entity(local_id)
    return bool(entity.key and entity.key.startswith("state:"))


# Head nouns of institutions that never act as the armed group a report is about.
_INSTITUTION_HEADS = frozenset({
    "ministry", "department", "council", "office", "embassy", "parliament", "assembly", "court", "commission",
    "agency", "committee", "programme", "program", "institute", "institution", "centre", "center",
    "foundation", "university", "team", "panel", "secretariat",
})


def is_institution(ctx: ExtractContext, local_id: int | None) -> bool:
    """True for a state's organ or a research/aid body ("Ministry of External Affairs", "UN human
    rights office"): never the armed group in focus, never the group a figure characterises."""
    if local_id is None or is_state(ctx, local_id):
        return local_id is not None
    words = re.findall(r"[^\W\d_]+", ctx.entity(local_id).name.casefold())
    return any(w in _INSTITUTION_HEADS for w in words)


def entity_type(ctx: ExtractContext, local_id: int | None) -> str | None:
    return None if local_id is None else ctx.entity(local_id).type


def dominant_actor(ctx: ExtractContext) -> int | None:
    """The most-mentioned non-state organisation of the document (the report's subject)."""
    cache = _cache(ctx)
    if "dominant" not in cache:
        counts = Counter(m.local_id for m in ctx.mentions if m.local_id is not None
                         and m.type == "Organization" and not is_state(ctx, m.local_id))
        ranked = counts.most_common(2)
        # Unambiguous only: a clear winner, not a tie between two organisations.
        if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
            cache["dominant"] = ranked[0][0]
        else:
            cache["dominant"] = None
    return cache["dominant"]


def sentence_span(ctx: ExtractContext, index: int) -> Span | None:
    """The spaCy span of a sentence (view offsets of ``ctx.sentence_spans()``)."""
    cache = _cache(ctx)
    spans = cache.get("sents")
    if spans is None:
        spans = [ctx.doc.char_span(s, e, alignment_mode="contract") for s, e in ctx.sentence_spans()]
        cache["sents"] = spans
    if not 0 <= index < len(spans):
        return None
    return spans[index]


def is_anaphor(token: Token) -> bool:
    """A pronoun or definite description that can stand for a group ("it", "the group's")."""
    low = token.lower_
    if low in ANAPHOR_PRONOUNS:
        return not (low == "it" and token.dep_ in ("nsubj", "nsubjpass", "expl") and _expletive(token))
    if low in ANAPHOR_NOUNS and token.pos_ in ("NOUN", "PROPN"):
        dets = [c.lower_ for c in token.children if c.dep_ == "det"]
        return dets == ["the"]
    return False


def _expletive(token: Token) -> bool:
    """'it' as a placeholder subject: "It is uncertain if ...", "it was alleged that ..."."""
    if token.dep_ == "expl":
        return True
    head = token.head
    if head.lower_ in EXPLETIVE_HEADS:
        clause = any(c.dep_ in ("ccomp", "xcomp", "csubj", "advcl") for c in head.children)
        return clause or any(c.dep_ == "acomp" for c in head.children)
    return False


def subject_entity(ctx: ExtractContext, index: int) -> int | None:
    """Local id of the entity named by a sentence's main subject, if the subject names one."""
    cache = _cache(ctx).setdefault("subjects", {})
    if index not in cache:
        cache[index] = _subject_entity(ctx, index)
    return cache[index]


def _subject_entity(ctx: ExtractContext, index: int) -> int | None:
    span = sentence_span(ctx, index)
    if span is None:
        return None
    for token in span:
        if token.dep_ in ("nsubj", "nsubjpass") and token.head.dep_ == "ROOT":
            for tok in [token, *token.subtree]:
                local = local_of_mention(ctx, mention_of(ctx, tok))
                if local is not None:
                    return local
            return None
    return None


def focus_entity(ctx: ExtractContext, sentence_index: int) -> int | None:
    """The actor "the group"/"it"/"its leader" refers to in a sentence.

    The previous sentence's subject when it is a non-state organisation (local
    focus), else the document's dominant organisation (global focus).
    """
    for back in (1, 2):
        previous = subject_entity(ctx, sentence_index - back) if sentence_index - back >= 0 else None
        if previous is not None:
            if entity_type(ctx, previous) == "Organization" and not is_institution(ctx, previous):
                return previous
            break
    return dominant_actor(ctx)


def entity_of(ctx: ExtractContext, token: Token, sentence_index: int | None = None) -> int | None:
    """Local id of the entity a token names: its mention, or the focus when it is an anaphor."""
    local = local_of_mention(ctx, mention_of(ctx, token))
    if local is not None:
        return local
    if is_anaphor(token):
        index = sentence_index if sentence_index is not None else ctx.sentence_of(token.idx)
        return focus_entity(ctx, index)
    return None


def entities_in(ctx: ExtractContext, span: Span) -> list[int]:
    """Local ids of the mentions inside a span, in text order, without repeats."""
    seen: list[int] = []
    for tok in span:
        local = local_of_mention(ctx, mention_of(ctx, tok))
        if local is not None and local not in seen:
            seen.append(local)
    return seen
