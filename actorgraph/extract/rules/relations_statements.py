"""Relations a group or its leader declares: enemies named in quotes and statements.

- "France was his “historic enemy”" -> the person opposes France;
- inside a quote attributed to a leader or a group, "France remains our historic enemy.
  France and its supporters, such as the US, Germany, ... and Niger." -> the speaker's group
  opposes each (a verbless sentence that continues the list of enemies);
- "We say to the X government: ... we have the right to destroy you" -> opposes the addressee;
- "Joint A-B statement praising X and encouraging violence on Y" -> A and B allied_with X,
  opposes Y.

The speaker of a quote is the subject of its speech verb, else the attribution line above it
("Iyad Ag Ghaly, April 3, 2017", "JNIM statement, July 2022"). "our"/"we" is the speaker's
group: the speaker itself, or the organisation a person leads.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from actorgraph.extract import ExtractContext
from actorgraph.extract.rules.coref import dominant_actor, entity_of, entity_type, sentence_span
from actorgraph.extract.rules.relations_base import OPPOSE_NOUNS, OPPOSE_VERBS, Rel, clause_subject, forms, local

ENEMY_NOUNS = frozenset({"enemy", "enemies", "foe", "foes", "adversary", "adversaries", "nemesis"})
FIRST_PLURAL = frozenset({"our", "we", "us"})
THIRD_PERSON = frozenset({"his", "her"})
SPEECH_VERBS = forms("say", "state", "declare", "tell", "warn", "announce", "claim", "write", "add") \
    | {"said", "told", "wrote"}
STATEMENT_NOUNS = frozenset({"statement", "statements", "message", "communique", "communiqué", "video",
                             "speech", "announcement", "declaration", "audio", "interview"})
PRAISE_VERBS = forms("praise", "hail", "congratulate", "welcome", "salute", "endorse", "support", "laud",
                     "applaud", "celebrate")
HOSTILE_VERBS = OPPOSE_VERBS | forms("destroy", "kill", "defeat", "expel", "punish")
VIOLENCE_NOUNS = OPPOSE_NOUNS | {"violence", "jihad", "war", "attacks", "strikes"}
QUOTES_OPEN = ("“", '"', "«")
MAX_ATTRIBUTION_TOKENS = 14


def _group_of(ctx: ExtractContext, speaker: int | None, rels: list[Rel]) -> int | None:
    """The organisation that "we" is: the speaker itself, or the one a person leads."""
    if speaker is None:
        return None
    if entity_type(ctx, speaker) == "Organization":
        return speaker
    led = [r.object for r in rels if r.subject == speaker and r.predicate == "leader_of"
           and not r.extra.get("former")]
    if not led:
        return None
    dominant = dominant_actor(ctx)
    return dominant if dominant in led else led[0]


def _in_quote(ctx: ExtractContext, si: int) -> bool:
    """Whether a sentence lies inside quotation marks (a quote may span sentences)."""
    if ctx.sentences[si].text.lstrip().startswith(QUOTES_OPEN):
        return True
    start = ctx.sentence_starts[si]
    before = ctx.view.text[max(0, start - 2000): start]
    return before.rfind("“") > before.rfind("”")


def speaker_of(ctx: ExtractContext, si: int) -> int | None:
    """Who speaks in a quoted sentence: the subject of a speech verb in it, else an attribution
    line among the three lines above (a short line opening with a name and not ending a sentence)."""
    span = sentence_span(ctx, si)
    if span is not None:
        for tok in span:
            if tok.lower_ in SPEECH_VERBS and tok.pos_ == "VERB":
                subj = clause_subject(ctx, tok, si)
                if subj is not None and entity_type(ctx, subj) in ("Person", "Organization"):
                    return subj
    for back in range(1, 4):
        j = si - back
        if j < 0:
            break
        line = sentence_span(ctx, j)
        if line is None or len(line) > MAX_ATTRIBUTION_TOKENS or line.text.rstrip().endswith("."):
            continue
        words = [t for t in line if not t.is_punct and not t.is_space]
        if not words:
            continue
        first = local(ctx, words[0])
        if first is not None and entity_type(ctx, first) in ("Person", "Organization"):
            return first
    return None


def _owner(ctx: ExtractContext, noun: Token, si: int, rels: list[Rel]) -> int | None:
    """Who holds the enemy: "our" -> the speaker's group, "his" -> the nearest person before."""
    for child in noun.children:
        if child.dep_ != "poss":
            continue
        low = child.lower_
        if low in FIRST_PLURAL:
            return _group_of(ctx, speaker_of(ctx, si), rels)
        if low in THIRD_PERSON:
            for tok in reversed(ctx.doc[sentence_span(ctx, si).start: child.i]):
                found = local(ctx, tok)
                if found is not None and entity_type(ctx, found) == "Person":
                    return found
            return None
        found = entity_of(ctx, child, si)
        if found is not None:
            return found
    return None


def rule_declared_enemies(ctx: ExtractContext, rels: list[Rel]) -> list[Rel]:
    out: list[Rel] = []
    for si in range(len(ctx.sentences)):
        span = sentence_span(ctx, si)
        if span is None:
            continue
        for tok in span:
            if tok.lower_ not in ENEMY_NOUNS or tok.dep_ not in ("attr", "oprd"):
                continue
            owner = _owner(ctx, tok, si, rels)
            enemy = clause_subject(ctx, tok.head, si)
            if owner is None or enemy is None or enemy == owner:
                continue
            out.append(Rel(owner, "opposes", enemy, si, "relations.declared_enemy.v1", 0.65))
            out += _continued_list(ctx, si, owner, enemy)
        out += _addressed_threats(ctx, span, si, rels)
        out += _statement_stances(ctx, span, si)
    return out


def _continued_list(ctx: ExtractContext, si: int, owner: int, enemy: int) -> list[Rel]:
    """"France and its supporters, such as A, B and C.": a verbless sentence of the same quote
    that opens with the declared enemy lists more of them."""
    out: list[Rel] = []
    nxt = sentence_span(ctx, si + 1) if si + 1 < len(ctx.sentences) else None
    if nxt is None or nxt.root.pos_ not in ("NOUN", "PROPN") or not _in_quote(ctx, si + 1):
        return out
    words = [t for t in nxt if not t.is_punct and not t.is_space]
    if not words or local(ctx, words[0]) != enemy:
        return out
    for tok in nxt:
        found = local(ctx, tok)
        if found is not None and found not in (owner, enemy) and entity_type(ctx, found) != "Person":
            out.append(Rel(owner, "opposes", found, si + 1, "relations.declared_enemy_list.v1", 0.6))
    return list({r.object: r for r in out}.values())


def _addressed_threats(ctx: ExtractContext, span: Span, si: int, rels: list[Rel]) -> list[Rel]:
    """"We say to the X government: ... we have the right to destroy you and target you"."""
    out: list[Rel] = []
    addressee = None
    for tok in span:
        if tok.lower_ in SPEECH_VERBS and any(c.lower_ == "we" for c in tok.children if c.dep_ == "nsubj"):
            for prep in [c for c in tok.children if c.dep_ in ("prep", "dative") and c.lower_ == "to"]:
                for pobj in [c for c in prep.children if c.dep_ == "pobj"]:
                    found = local(ctx, pobj)
                    if found is not None and entity_type(ctx, found) in ("Organization", "Person"):
                        addressee = found
    if addressee is None:
        return out
    threatened = any(t.lower_ in HOSTILE_VERBS and any(c.lower_ == "you" for c in t.children if c.dep_ == "dobj")
                     for t in span)
    group = _group_of(ctx, speaker_of(ctx, si), rels)
    if threatened and group is not None and group != addressee:
        out.append(Rel(group, "opposes", addressee, si, "relations.addressed_threat.v1", 0.6))
    return out


def _statement_stances(ctx: ExtractContext, span: Span, si: int) -> list[Rel]:
    """"Joint A-B statement praising X and encouraging violence on Y"."""
    out: list[Rel] = []
    for tok in span:
        if tok.lower_ not in STATEMENT_NOUNS or local(ctx, tok) is not None:
            continue
        speakers = [found for c in tok.children if c.dep_ in ("compound", "poss", "nmod", "amod")
                    for sub in c.subtree if (found := local(ctx, sub)) is not None
                    and entity_type(ctx, found) == "Organization"]
        speakers = list(dict.fromkeys(speakers))
        if not speakers:
            continue
        for verb in [c for c in tok.children if c.dep_ in ("acl", "relcl")]:
            for v in [verb, *verb.conjuncts]:
                for d in [c for c in v.children if c.dep_ == "dobj"]:
                    target = local(ctx, d)
                    if v.lower_ in PRAISE_VERBS and target is not None:
                        out += [Rel(s, "allied_with", target, si, "relations.statement_praise.v1", 0.6)
                                for s in speakers if s != target]
                    if d.lower_ in VIOLENCE_NOUNS:
                        for prep in [c for c in d.children if c.dep_ == "prep" and c.lower_ in ("on", "against")]:
                            for o in prep.children:
                                target = local(ctx, o)
                                if target is not None:
                                    out += [Rel(s, "opposes", target, si, "relations.statement_violence.v1", 0.6)
                                            for s in speakers if s != target]
    return out
