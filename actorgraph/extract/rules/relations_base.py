"""Shared vocabulary and helpers of the relation rules: word lists, ``Rel``, token -> entity
lookups through the parse, list walking and clause dates."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from actorgraph.extract import ExtractContext
from actorgraph.extract.dates import PartialDate, find_dates
from actorgraph.extract.rules.coref import (
    entity_of,
    entity_type,
    local_of_mention,
    mention_of,
)


def forms(*bases: str) -> frozenset[str]:
    """Regular inflections of verbs/nouns (the English pipeline runs without a lemmatizer)."""
    out: set[str] = set()
    for base in bases:
        out.add(base)
        stem = base[:-1] if base.endswith("e") else base
        out.update({base + "s", base + "es", stem + "ed", stem + "ing", base + "d"})
        if base.endswith("y"):
            out.update({base[:-1] + "ies", base[:-1] + "ied"})
    return frozenset(out)


OPPOSE_VERBS = forms("attack", "target", "fight", "combat", "battle", "clash", "oppose", "ambush",
                     "confront", "strike", "threaten", "besiege") | {"fought", "struck"}
OPPOSE_NOUNS = frozenset({"conflict", "clash", "clashes", "fight", "war", "rivalry", "attacks", "attack",
                          "raids", "raid", "hostilities", "struggle", "offensive", "campaign", "enemy",
                          "enemies", "nemesis", "rival", "rivals", "fighting"})
ALLY_VERBS = forms("partner", "ally", "collaborate", "cooperate", "assist", "support", "back", "aid") \
    | {"worked", "works", "work", "working"}
ALLY_NOUNS = frozenset({"support", "collaboration", "cooperation", "partnership", "alliance", "assistance",
                        "backing"})
OPERATE_VERBS = forms("operate", "expand", "extend", "spread", "deploy", "base", "station", "establish",
                      "present", "active") | {"spread"}
OPERATE_NOUNS = frozenset({"operations", "presence", "activities", "activity", "base", "bases", "mission",
                           "operation", "deployment", "influence", "attacks", "raids", "offensive"})
MERGE_WORDS = forms("merge", "unite", "integrate", "join", "combine") | {"merger", "integration", "union",
                                                                        "unification", "coalition"}
FORM_VERBS = forms("found", "form", "establish", "create", "launch") | {"formation", "founding", "creation"}
ALLEGIANCE_NOUNS = frozenset({"allegiance", "bayat", "bayah", "bay'ah", "baya", "oath", "loyalty"})
SANCTION_VERBS = forms("designate", "sanction", "list", "blacklist")
LEAD_VERBS = frozenset({"led", "leads", "lead", "leading", "heads", "headed", "commands", "commanded"})
CARRY_VERBS = frozenset({"received", "receives", "receive", "launched", "carried", "conducted"})
FOUND_VERBS = forms("found", "co-found", "cofound", "create", "establish") - {"founding"}

LEADER_NOUNS = frozenset({"emir", "amir", "leader", "head", "chief", "chairman", "commander-in-chief",
                          "president", "founder", "chief executive"})
MEMBER_NOUNS = frozenset({
    "deputy", "spokesman", "spokesperson", "spokeswoman", "judge", "director", "official", "member",
    "fighter", "agent", "manager", "analyst", "researcher", "commander", "representative", "officer",
    "lieutenant", "expert", "envoy", "secretary", "ambassador", "adviser", "advisor", "fellow",
    "professor", "co-founder", "cofounder", "militant", "operative", "negotiator", "coordinator",
    "minister", "chief of staff", "strategist", "scholar", "associate",
})
# Modifiers that make a leader noun a member role: "senior leader", "deputy leader", "regional emir".
MEMBER_MODIFIERS = frozenset({"senior", "deputy", "regional", "local", "military", "assistant", "vice",
                              "another", "zone", "sector", "provincial", "top", "religious", "spiritual",
                              "field", "second", "one"})
AFFIL_WORDS = frozenset({"affiliated", "linked", "aligned", "associated", "allied", "backed", "connected",
                         "inspired", "loyal"})
AFFIL_NOUNS = frozenset({"affiliate", "affiliates", "splinter", "offshoot", "faction", "factions",
                         "franchise", "ally", "allies"})
MEDIA_NOUNS = frozenset({"publication", "newsletter", "magazine", "outlet", "division", "arm", "wing",
                         "agency", "foundation", "company", "channel"})
MEDIA_MODIFIERS = frozenset({"propaganda", "media"})
ROLE_CONTAINERS = frozenset({"role", "position", "post", "capacity", "title"})
# Tokens that may sit between the members of a list of names.
SEPARATORS = frozenset({",", "and", "or", "(", ")", ";", "the", "as", "well", "&", "both", "also", "—", "-"})
HYPHEN_TOKENS = frozenset({"-", "‑", "–"})
FORMER = frozenset({"former", "ex", "erstwhile", "one-time", "onetime", "once", "late", "deceased"})


@dataclass
class Rel:
    subject: int
    predicate: str
    object: int
    sentence: int
    rule: str
    confidence: float = 0.6
    start: str | None = None
    end: str | None = None
    extra: dict = field(default_factory=dict)


# ------------------------------------------------------------------ token helpers
def local(ctx: ExtractContext, token: Token) -> int | None:
    return local_of_mention(ctx, mention_of(ctx, token))


def np_entity(ctx: ExtractContext, token: Token, si: int) -> int | None:
    """The entity a noun phrase headed by ``token`` names: the head's mention, an anaphor, an
    appositive name ("the group's head, Iyad Ag Ghaly") or a name compounded into it."""
    found = entity_of(ctx, token, si)
    if found is not None:
        return found
    # An apposed name wins over a modifier: "another AQIM splinter group, al-Mourabitoun".
    for dep in ("appos", "compound"):
        for child in token.children:
            if child.dep_ == dep and (found := entity_of(ctx, child, si)) is not None:
                return found
    return None


def head_entity(ctx: ExtractContext, token: Token, si: int) -> int | None:
    """np_entity, climbing through appositions ("X, an expert designated by ..." -> X)."""
    for _ in range(3):
        if token.dep_ == "appos" and local(ctx, token) is None and token.head.i != token.i:
            # "Sidan Ag-Hitta, another senior JNIM leader designated by ...": the person, not "JNIM";
            # "the Sahara branch of AQIM (AQIM)—a formal affiliate that ...": the name just before.
            # Only a name (or "the group") heads it: "UN peacekeepers, a ...-backed mission" is no UN's.
            found = left_anchor(ctx, token)
            if found is None:
                found = entity_of(ctx, token.head, si)
                if found is None:
                    found = next((entity_of(ctx, c, si) for c in token.head.children
                                  if c.dep_ == "appos" and c.i != token.i and local(ctx, c) is not None), None)
            if found is not None:
                return found
            if local(ctx, token.head) is None and token.head.dep_ != "appos":
                return np_entity(ctx, token, si)
        found = np_entity(ctx, token, si)
        if found is not None:
            return found
        if token.dep_ in ("appos", "attr") and token.head.i != token.i:
            if token.dep_ == "attr":
                return clause_subject(ctx, token.head, si)
            token = token.head
            continue
        return None
    return None


def left_anchor(ctx: ExtractContext, token: Token) -> int | None:
    """The entity named right before an appositive phrase ("X (Y)—a formal affiliate" -> Y)."""
    edge = token.left_edge
    if ")" in edge.text and local(ctx, edge) is not None:
        return local(ctx, edge)  # the tokenizer glues "AQIM)—a" into one token
    i = edge.i - 1
    while i >= 0 and ctx.doc[i].text in (",", "—", "–", "-", "(", ")", ":"):
        i -= 1
    return local(ctx, ctx.doc[i]) if i >= 0 and i < token.left_edge.i - 1 else None


def pronoun_subject(ctx: ExtractContext, pronoun: Token, si: int) -> int | None:
    """"it"/"they" as the subject of a subordinate clause: the subject of the nearest enclosing
    clause ("AAD ... proved formidable as it captured towns" -> AAD); a place or person there
    means the pronoun is not a group ("France was his enemy as it threatened ..." -> None)."""
    verb = pronoun.head
    while verb.head.i != verb.i:
        verb = verb.head
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass") and child.i != pronoun.i and child.tag_ not in ("WP", "WDT") \
                    and child.lower_ not in ("it", "they"):
                found = np_entity_deep(ctx, child, si)
                if found is None:
                    continue
                return found if entity_type(ctx, found) == "Organization" else None
    return entity_of(ctx, pronoun, si)


def clause_subject(ctx: ExtractContext, verb: Token, si: int) -> int | None:
    """The entity that is the subject of a verb (or of the noun phrase a participle modifies)."""
    token = verb
    for _ in range(5):
        for child in token.children:
            if child.dep_ in ("nsubj", "nsubjpass") and child.tag_ not in ("WP", "WDT"):
                if child.lower_ in ("it", "they") and token.dep_ != "ROOT":
                    return pronoun_subject(ctx, child, si)
                return np_entity_deep(ctx, child, si)
        if token.dep_ in ("relcl", "acl"):
            return head_entity(ctx, token.head, si)
        if token.i != verb.i and token.pos_ in ("NOUN", "PROPN"):  # "X, an expert ... and sanctioned by"
            if token.dep_ == "appos" and local(ctx, token) is None:
                return head_entity(ctx, token.head, si)  # the person, not "JNIM" in "a JNIM leader"
            return head_entity(ctx, token, si)
        if token.dep_ in ("xcomp", "conj", "aux") and token.head.i != token.i:
            token = token.head
            continue
        return None
    return None


def main_subject(ctx: ExtractContext, span: Span, si: int) -> int | None:
    """The entity a sentence is about: its root's subject (an anaphor resolves), or a root that is
    itself a name ("JNIM, which ..., formed in 2017": the small model's fragment parse)."""
    root = span.root
    for child in root.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            return np_entity_deep(ctx, child, si)
    if root.pos_ in ("NOUN", "PROPN"):
        return local(ctx, root)
    return None


def np_entity_deep(ctx: ExtractContext, token: Token, si: int) -> int | None:
    """Entity of a subject phrase: its head, else the first name in its left part ("JNIM militants")."""
    found = np_entity(ctx, token, si)
    if found is not None:
        return found
    for tok in token.lefts:
        for sub in tok.subtree:
            if (found := entity_of(ctx, sub, si)) is not None:
                return found
    return None


def object_list(ctx: ExtractContext, start: int, span: Span, si: int, allow_modifiers: bool = False,
                lead: int = 6) -> list[int]:
    """Entities listed from doc token ``start`` on: "A, B (C) and D", after up to ``lead`` filler words
    ("neighboring countries such as"). A name modifying a following noun ("AQIM factions") is not
    an item unless ``allow_modifiers``, or it ends a started list ("the A, B and C triangle")."""
    doc = ctx.doc
    items: list[int] = []
    i, skipped = start, 0
    while i < span.end:
        tok = doc[i]
        nominal = tok.pos_ in ("PROPN", "NOUN", "PRON") or local(ctx, tok) is not None
        found = entity_of(ctx, tok, si) if nominal else None
        if found is not None and (local(ctx, tok) is not None or tok.lower_ in ("it", "its")):
            # Skip to the end of this mention.
            j = i
            while j + 1 < span.end and local(ctx, doc[j + 1]) == found and mention_of(ctx, doc[j + 1]) \
                    == mention_of(ctx, tok):
                j += 1
            nxt = doc[j + 1] if j + 1 < span.end else None
            modifier = nxt is not None and (nxt.pos_ in ("NOUN", "PROPN", "ADJ") or nxt.dep_ == "amod") \
                and local(ctx, nxt) is None and nxt.lower_ not in SEPARATORS
            # "the al-Qaeda-affiliated Katiba Macina": a name hyphenated to a participle modifies.
            hyphenated = nxt is not None and nxt.text in HYPHEN_TOKENS and j + 2 < span.end \
                and not doc[j].whitespace_ and not nxt.whitespace_ and doc[j + 2].is_lower and doc[j + 2].is_alpha
            if hyphenated or (modifier and not allow_modifiers and not items):
                i, skipped = j + 1, skipped + 1
                continue
            if found not in items:
                items.append(found)
            if modifier:
                if not allow_modifiers:
                    break
                # "attacks against military bases, UN peacekeeping missions, and the G5": the list goes on.
                k = j + 1
                while k < span.end and k <= j + 4 and doc[k].text not in (",", ";") and doc[k].lower_ != "and" \
                        and local(ctx, doc[k]) is None and doc[k].pos_ not in ("VERB", "AUX", "PUNCT"):
                    k += 1
                if k >= span.end or (doc[k].text not in (",", ";") and doc[k].lower_ != "and"):
                    break
                i = k
                continue
            i = j + 1
            continue
        if tok.lower_ in SEPARATORS or tok.text in ("’s", "'s"):
            i += 1
            continue
        if items:
            # Inside a list, a parenthesised alias or appositive keeps going only until the next separator.
            if tok.text == "," or tok.lower_ == "and":
                i += 1
                continue
            break
        verbal = tok.pos_ in ("VERB", "AUX") and tok.dep_ not in ("amod", "prep")  # "..., including A"
        if skipped >= lead or verbal or tok.text in (".", ":", "!", "?"):
            break
        skipped += 1
        i += 1
    return items


def after(token: Token) -> int:
    return token.i + 1


# ------------------------------------------------------------------ dates
def clause_dates(ctx: ExtractContext, si: int, ref: PartialDate | None):
    sentence = ctx.sentences[si].text
    return find_dates(sentence, ref)


def start_of(ctx: ExtractContext, si: int, ref: PartialDate | None) -> tuple[str | None, str | None]:
    """(start, end) from the dates of a sentence: a point or "since" date starts, a range bounds."""
    dates = [d for d in clause_dates(ctx, si, ref) if not d.relative or ref is not None]
    if len(dates) != 1:
        return None, None
    d = dates[0]
    return d.value.iso(), d.end_value.iso() if d.end_value else None
