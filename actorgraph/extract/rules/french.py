"""Shared helpers of the French rule families (relations_fr, events_fr, claims_fr, funding_fr).

The French model's parse uses Universal Dependencies labels and is less reliable
on news prose than the English rules need, so the French rules read a sentence
as text in which every entity mention (and every anaphor standing for the group
in focus: "le groupe", "les jihadistes", "il") is replaced by a slot ``⟦i⟧``.
Patterns then say where names sit relative to French trigger words
("est dirigé par ⟦P⟧", "⟦S⟧ a prêté allégeance à ⟦O⟧"). Names never come from
the patterns, only from the document's mentions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from actorgraph.extract import ExtractContext
from actorgraph.extract.dates import DateMention, PartialDate, find_dates
from actorgraph.extract.rules.coref import dominant_actor, entity_type, focus_entity, is_state

SLOT = re.compile(r"⟦(\d+)⟧")
CACHE = "actorgraph.french"
# Definite descriptions and pronouns that stand for the group in focus.
ANAPHOR = re.compile(
    r"\b(?:[Ll]e|[Cc]e) groupe(?: jihadiste| djihadiste| armé| terroriste)?\b"
    r"|\b[Ll]es (?:jihadistes|djihadistes|assaillants)\b(?! (?:du|de l['’]|de la|des) )"
    r"|\b[Ll]a (?:nouvelle )?(?:coalition|organisation)\b|\b[Ll]['’]organisation\b"
    r"|\b[Ii]l\b(?! (?:s['’]agit|y a|faut|semble|est (?:possible|difficile|probable|impossible|clair)))"
)
NEW_GROUP = re.compile(r"\bnouvelle (?:coalition|organisation)\b|\bnouveau groupe\b", re.IGNORECASE)
FORMED = re.compile(r"(?:former|créer|fonder|donner naissance à|constituer)\s+(?:le |la |l['’]|un |une )?⟦(\d+)⟧")
ARTICLE = r"(?:(?:le|la|les|un|une|des|du|de la|de l['’]|de|d['’]|l['’]|au|aux|à la|à l['’]|à|en)\s*)"
WEEKDAY = re.compile(r"^(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|hier|aujourd['’]hui)$",
                     re.IGNORECASE)
OPENER_WORDS = frozenset({"Le", "La", "Les", "L'", "L’", "Des", "Un", "Une", "Au", "En", "Dans", "Ce", "Cette"})
ATTRIBUTION_BEFORE = re.compile(r"(?:selon|d['’]après|cités? par|citées? par)\s+" + ARTICLE + r"?$",
                                re.IGNORECASE)


@dataclass
class Masked:
    """One sentence with its mentions and anaphors as slots."""

    index: int
    raw: str  # the sentence as in the view
    text: str  # with slots
    slots: list[int]  # local id of each slot
    spans: list[tuple[int, int]]  # masked-text span of each slot
    raw_spans: list[tuple[int, int]]  # sentence-relative raw span of each slot
    anaphoric: list[bool]

    def local(self, slot: int) -> int:
        return self.slots[slot]

    def slots_in(self, start: int, end: int) -> list[int]:
        return [i for i, (s, e) in enumerate(self.spans) if start <= s and e <= end]

    def slot_before(self, pos: int) -> int | None:
        found = [i for i, (_, e) in enumerate(self.spans) if e <= pos]
        return found[-1] if found else None

    def raw_offset(self, pos: int) -> int:
        """Sentence-relative raw offset of a masked-text offset."""
        shift = 0
        for (s, e), (rs, re_) in zip(self.spans, self.raw_spans, strict=True):
            if s >= pos:
                break
            if e <= pos:
                shift = re_ - e
            else:
                return rs
        return pos + shift


def _cache(ctx: ExtractContext) -> dict:
    return ctx.doc.user_data.setdefault(CACHE, {})


def is_french(ctx: ExtractContext) -> bool:
    return (ctx.document.language or "").lower().startswith("fr")


def reference(ctx: ExtractContext) -> PartialDate | None:
    try:
        return PartialDate.from_iso(ctx.document.published) if ctx.document.published else None
    except ValueError:
        return None


def armed_group(ctx: ExtractContext, local: int | None) -> bool:
    """A non-state organisation that can be "le groupe": not a state force, medium or think tank."""
    if local is None or entity_type(ctx, local) != "Organization" or is_state(ctx, local):
        return False
    key = ctx.entity(local).key
    if key is None:
        return True
    from actorgraph.registry import load_registry

    try:
        return load_registry().get(key).kind == "armed_group"
    except KeyError:
        return False


def group_focus(ctx: ExtractContext, si: int) -> int | None:
    """The group "le groupe"/"il" refers to: coref's focus when it is an armed group, else the last
    armed group named in the three sentences before (French reports name the group once per paragraph)."""
    found = focus_entity(ctx, si)
    if armed_group(ctx, found):
        return found
    for back in range(si - 1, max(-1, si - 4), -1):
        start, end = ctx.sentence_spans()[back]
        for i, (s, e) in enumerate(ctx.view_mentions):
            local = ctx.mentions[i].local_id
            if start <= s and e <= end and armed_group(ctx, local):
                return local
    found = dominant_actor(ctx)
    return found if armed_group(ctx, found) else None


def masked(ctx: ExtractContext, si: int) -> Masked:
    cache = _cache(ctx).setdefault("masked", {})
    if si not in cache:
        cache[si] = _masked(ctx, si)
    return cache[si]


def _masked(ctx: ExtractContext, si: int) -> Masked:
    start, end = ctx.sentence_spans()[si]
    raw = ctx.view.text[start:end]
    items: list[tuple[int, int, int, bool]] = []
    for i, (s, e) in enumerate(ctx.view_mentions):
        local = ctx.mentions[i].local_id
        if start <= s and e <= end and local is not None:
            items.append((s - start, e - start, local, False))
    taken = [(s, e) for s, e, _, _ in items]
    new_group = _new_group(ctx, si) if NEW_GROUP.search(raw) else None
    for m in ANAPHOR.finditer(raw):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        target = new_group if new_group is not None and NEW_GROUP.search(m.group(0)) else group_focus(ctx, si)
        if target is not None:
            items.append((m.start(), m.end(), target, True))
    items.sort()
    text, slots, spans, raw_spans, anaphoric, pos = [], [], [], [], [], 0
    out_len = 0
    for s, e, local, ana in items:
        if s < pos:
            continue
        chunk = raw[pos:s]
        text.append(chunk)
        out_len += len(chunk)
        token = f"⟦{len(slots)}⟧"
        spans.append((out_len, out_len + len(token)))
        raw_spans.append((s, e))
        text.append(token)
        out_len += len(token)
        slots.append(local)
        anaphoric.append(ana)
        pos = e
    text.append(raw[pos:])
    return Masked(si, raw, "".join(text), slots, spans, raw_spans, anaphoric)


def _new_group(ctx: ExtractContext, si: int) -> int | None:
    """"la nouvelle coalition": the group the previous sentence says was formed."""
    if si == 0:
        return None
    prev = masked(ctx, si - 1)
    found = FORMED.search(prev.text)
    return prev.local(int(found.group(1))) if found else None


def strip_definitions(m: Masked) -> str:
    """Masked text without parenthesised aliases of the slot before them:
    "⟦0⟧ (⟦1⟧, ⟦2⟧ selon son acronyme arabe)" -> "⟦0⟧"."""
    def drop(match: re.Match) -> str:
        before = int(match.group(1))
        inner = [int(x) for x in SLOT.findall(match.group(2))]
        if inner and all(m.local(i) == m.local(before) for i in inner):
            return match.group(0)[: match.start(2) - match.start(0) - 1].rstrip()
        return match.group(0)
    return re.sub(r"⟦(\d+)⟧\s*\(([^()]*)\)", drop, m.text)


def sentence_subject(m: Masked, before: int | None = None, types: tuple[str, ...] | None = None,
                     ctx: ExtractContext | None = None) -> int | None:
    """Slot of the clause's subject: the first name of the sentence when only an opener
    ("En mars 2017,", "Selon X,") and articles or common nouns ("Des combattants du") precede it."""
    text = m.text if before is None else m.text[:before]
    for i, (s, _e) in enumerate(m.spans):
        if before is not None and s >= before:
            break
        lead = text[:s]
        if ATTRIBUTION_BEFORE.search(lead):
            continue
        tail = re.split(r"[,:;]\s*", lead)[-1]
        words = tail.split()
        opener = len(words) <= 5 and not SLOT.search(tail) and all(
            w[:1].islower() or w[:1] in "«\"'’" or w in OPENER_WORDS or re.match(r"^[LlDd]['’]", w) for w in words)
        if opener and (types is None or ctx is None or entity_type(ctx, m.local(i)) in types):
            return i
        if s > 0 and not re.search(r",\s*(?:" + ARTICLE + r")?$", lead):
            return None
    return None


def dates_in(ctx: ExtractContext, si: int) -> list[DateMention]:
    """Date expressions of a sentence; a bare weekday ("mercredi") yields to a real date."""
    found = find_dates(ctx.sentences[si].text, reference(ctx), "fr")
    real = [d for d in found if not WEEKDAY.match(d.text.strip())]
    return real if real else found


def single_date(ctx: ExtractContext, si: int, kinds: tuple[str, ...] = ("point", "since", "range_start")
                ) -> DateMention | None:
    dates = [d for d in dates_in(ctx, si) if d.kind in kinds]
    return dates[0] if len(dates) == 1 else None


def list_after(m: Masked, pos: int, lead: int = 6, text: str | None = None) -> list[int]:
    """Slots listed from ``pos`` on: "le centre et le nord du ⟦0⟧, ainsi qu'au ⟦1⟧ et au ⟦2⟧"."""
    text = m.text if text is None else text
    out: list[int] = []
    i = pos
    allowed = lead
    while i < len(text):
        nxt = SLOT.search(text, i)
        if nxt is None:
            break
        gap = text[i:nxt.start()]
        if re.search(r"[.;:!?«»]|\b(?:qui|que|dont|où|mais|avant|après|depuis|lors|chef|émir|leader|dirigeant"
                     r"|fondateur|porte-parole|commandant|membre|rival|allié)\b", gap):
            break
        words = [w for w in re.split(r"[\s,()]+", gap) if w and w not in ("et", "ou", "ainsi")]
        if len(words) > allowed:
            break
        out.append(int(nxt.group(1)))
        i = nxt.end()
        allowed = 4
    return out
