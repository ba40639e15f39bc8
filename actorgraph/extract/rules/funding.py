"""Funding sources credited to a group: "JNIM has numerous funding streams, including ransoms".

A sentence credits a source when it names the source (kidnapping, zakat,
smuggling ...) and either the source word is itself a revenue ("ransoms",
"extortion", "zakat") or the sentence speaks of money ("funding", "income",
"raises money"), or it sits under a financing heading. The credited group is
the sentence's subject (or "the group"/"it" resolved by coref), else the
possessor of the money noun ("JNIM's sources of income"), else the first
non-state organisation named. Hedged wording counts; stated uncertainty
("It is uncertain if X receives funding") does not.
"""

from __future__ import annotations

import re

from actorgraph.extract import ExtractContext, component
from actorgraph.extract.rules.coref import (
    entity_of,
    entity_type,
    focus_entity,
    is_anaphor,
    is_state,
    local_of_mention,
    mention_of,
    sentence_span,
)
from actorgraph.model import Fact

# (kind, pattern, self_cued): a self-cued word is revenue by itself ("ransom", "zakat").
SOURCES: list[tuple[str, re.Pattern[str], bool]] = [
    ("kidnapping_ransom", re.compile(r"\bransoms?\b"), True),
    ("kidnapping_ransom", re.compile(r"\bkidnap\w*|\babductions?\b|\bhostage[- ]taking\b"), False),
    ("extortion", re.compile(r"\bextort\w*|\bprotection money\b|\bracketeering\b"), True),
    ("taxation_zakat", re.compile(r"\bzakat\b|\btax(?:es|ing|ation|ed)?\b|\blev(?:y|ies|ying)\b"), True),
    ("human_trafficking", re.compile(
        r"\bhuman[- ]trafficking\b|\b(?:migrant|people|human)[- ]smuggling\b"
        r"|\btrafficking (?:of|in) (?:persons|people|humans|migrants)\b"), False),
    ("smuggling", re.compile(r"(?<!migrant )(?<!people )(?<!human )\bsmuggling\b|\bcontraband\b"), False),
    ("drug_trafficking", re.compile(r"\b(?:cocaine|drugs?|narcotics?|cannabis|hashish|tramadol)\b"), False),
    ("gold_mining", re.compile(r"\bgold[- ](?:mining|mines?|smuggling|trade|sites?|panning)\b"
                               r"|\bartisanal (?:gold )?mining\b|\bmining sites?\b"), False),
    ("livestock_theft", re.compile(r"\b(?:theft|stealing|rustling|resale|looting)\b[\w\s]{0,20}"
                                   r"\b(?:livestock|cattle)\b"
                                   r"|\b(?:livestock|cattle)[- ](?:theft|rustling|raiding|raids)\b"), True),
    ("foreign_support", re.compile(r"\bfinancial\b[\w\s,]{0,30}\bsupport\b"
                                   r"|\bfunding from (?:supporters|donors)\b|\bdonations?\b"), False),
    ("other", re.compile(r"\barms[- ](?:sales|trafficking|trade|dealing)\b|\borgani[sz]ed crime\b"), False),
]
# "support from <state or body>" is foreign support only when a named entity follows.
SUPPORT_FROM = re.compile(r"\b(?:support|funding|funds|money|financing|assistance) from\s+$")
MONEY_CUES = re.compile(
    r"\bfund(?:s|ing|ed)?\b|\bfinanc\w*|\bincome\b|\brevenues?\b|\bmoney\b|\bprofits?\b|\bearn\w*"
    r"|\bsources? of\b|\bsupport (?:itself|themselves)\b|\bgenerat\w+\b|\bcash\b|\bwindfall\b|\braises?\b"
    r"|\bpays?\b|\bpaid\b|\bproceeds\b")
HEADING_CUES = re.compile(r"financ|funding|revenue|income|econom|resources", re.IGNORECASE)
# Stated uncertainty or denial: the text does not credit the source.
UNCERTAIN = re.compile(r"\b(?:uncertain|unclear|unknown|not known|no evidence|not clear|denie[sd]|deny"
                       r"|unconfirmed|whether|rarely|seldom)\b", re.IGNORECASE)
SUPPORT_NOUNS = frozenset({"support", "funding", "funds", "money", "financing", "assistance"})


def _headings(ctx: ExtractContext) -> list[str | None]:
    """The heading each sentence sits under: the last short line ending with ':' (profile pages)."""
    current: str | None = None
    out: list[str | None] = []
    for sentence in ctx.sentences:
        text = sentence.text.strip()
        if text.endswith(":") and len(text.split()) <= 5:
            current = text
        out.append(current)
    return out


def _credited_group(ctx: ExtractContext, index: int, key_start: int) -> int | None:
    """The group a funding sentence credits (view offset of the source word given)."""
    span = sentence_span(ctx, index)
    if span is None:
        return None
    # The main subject (named or anaphoric) of the clause carrying the source word.
    for token in span:
        if token.dep_ in ("nsubj", "nsubjpass") and token.head.dep_ in ("ROOT", "conj", "ccomp", "relcl"):
            for tok in [token, *token.subtree]:
                local = entity_of(ctx, tok, index)
                if local is not None and _fundable(ctx, local):
                    return local
    # The possessor of a money noun ("JNIM's principal sources of funding").
    for token in span:
        if token.dep_ == "poss":
            local = entity_of(ctx, token, index)
            if local is not None and _fundable(ctx, local):
                return local
    for token in span:  # "undertaken by JNIM", after the source word
        if token.dep_ == "pobj" and token.head.lower_ == "by":
            local = entity_of(ctx, token, index)
            if local is not None and _fundable(ctx, local):
                return local
    for token in span:
        if token.idx >= key_start:
            break
        local = local_of_mention(ctx, mention_of(ctx, token))
        if local is not None and _fundable(ctx, local):
            return local
    return None


def _fundable(ctx: ExtractContext, local: int) -> bool:
    return entity_type(ctx, local) == "Organization" and not is_state(ctx, local)


def _support_from(ctx: ExtractContext, index: int) -> list[int]:
    """View offsets of 'support from <named entity>' in a sentence."""
    span = sentence_span(ctx, index)
    found = []
    if span is None:
        return found
    for token in span:
        if token.lower_ == "from" and token.head.lower_ in SUPPORT_NOUNS:
            objects = [c for c in token.children if c.dep_ == "pobj"]
            if any(local_of_mention(ctx, mention_of(ctx, o)) is not None for o in objects):
                found.append(token.head.idx)
    return found


@component("funding")
def funding(ctx: ExtractContext) -> list[Fact]:
    if (ctx.document.language or "en").lower().startswith("fr"):
        from actorgraph.extract.rules.funding_fr import french_funding

        return french_funding(ctx)  # French source words and money cues (funding_fr)
    facts: list[Fact] = []
    seen: set[tuple[int, str, int]] = set()
    headings = _headings(ctx)
    for index, (start, _end) in enumerate(ctx.sentence_spans()):
        text = ctx.sentences[index].text
        low = text.lower()
        # Sentence text is stripped; find its offset inside the view span.
        offset = start
        cued = bool(MONEY_CUES.search(low)) or bool(headings[index] and HEADING_CUES.search(headings[index]))
        hits: list[tuple[str, int, str]] = []
        for kind, pattern, self_cued in SOURCES:
            for m in pattern.finditer(low):
                if self_cued or cued:
                    hits.append((kind, m.start(), "funding.cued_source.v1" if not self_cued
                                 else "funding.revenue_word.v1"))
        for at in _support_from(ctx, index):
            hits.append(("foreign_support", at - offset, "funding.support_from.v1"))
        for kind, at, rule in sorted(hits, key=lambda h: h[1]):
            if UNCERTAIN.search(low[:at]):
                continue
            group = _credited_group(ctx, index, offset + at)
            if group is None and (cued or rule != "funding.cued_source.v1"):
                group = _anaphoric_focus(ctx, index)
            if group is None or (group, kind, index) in seen:
                continue
            seen.add((group, kind, index))
            facts.append(Fact("funding", {"subject": group, "source": kind}, index, rule,
                              0.7 if rule != "funding.cued_source.v1" else 0.6))
    return facts


def _anaphoric_focus(ctx: ExtractContext, index: int) -> int | None:
    """The focus actor, when the sentence refers to a group without naming it."""
    span = sentence_span(ctx, index)
    if span is None:
        return None
    if any(is_anaphor(t) for t in span):
        return focus_entity(ctx, index)
    return None
