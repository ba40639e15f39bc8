"""Funding sources credited to a group in French reports: "rançon", "impôt/zakat", "extorsion",
"orpaillage", "vol de bétail", "contrebande", "trafic de drogue".

Called by ``funding`` for French documents, with the English rules' logic: a source
word that is revenue by itself ("rançon", "zakat", "racket") counts; others count when
the sentence speaks of money ("financement", "revenus", "s'enrichit"). Stated
uncertainty ("on ignore si", "aucune preuve") credits nothing.
"""

from __future__ import annotations

import re

from actorgraph.extract import ExtractContext
from actorgraph.extract.rules.coref import entity_type, is_state
from actorgraph.extract.rules.french import SLOT, Masked, masked, sentence_subject
from actorgraph.model import Fact

SOURCES: list[tuple[str, re.Pattern[str], bool]] = [
    ("kidnapping_ransom", re.compile(r"\brançons?\b"), True),
    ("kidnapping_ransom", re.compile(r"\benlèvements?\b|\bkidnapping\b|\brapts?\b|\bprises? d['’]otages?\b"
                                     r"|\benlever des\b"), False),
    ("extortion", re.compile(r"\bextorsions?\b|\bracket\w*\b|\brançonn\w+\b|\bargent de (?:la )?protection\b"), True),
    ("taxation_zakat", re.compile(r"\bzakat\b|\bimpôts?\b|\btaxes?\b|\btax(?:ent|e|ation)\b|\bprélève\w*\b"
                                  r"|\bdroits? de passage\b|\bprélèvements?\b"), True),
    ("human_trafficking", re.compile(r"\btraite (?:des|d['’]) (?:êtres humains|personnes)\b"
                                     r"|\btrafic (?:de|des) migrants\b|\bpasseurs?\b"), False),
    ("drug_trafficking", re.compile(r"\bdrogues?\b|\bcocaïne\b|\bcannabis\b|\bstupéfiants\b|\btramadol\b"
                                    r"|\bhaschich\b"), False),
    ("smuggling", re.compile(r"\bcontrebande\b|\btrafics?\b(?! (?:de|des|d['’]) (?:drogue|migrants|armes|êtres))"
                             r"|\bcarburant de contrebande\b"), False),
    ("gold_mining", re.compile(r"\borpaillage\b|\bmines? d['’]or\b|\bsites? aurifères?\b|\bexploitation aurifère\b"
                               r"|\bor artisanal\b|\bsites? d['’]orpaillage\b"), False),
    ("livestock_theft", re.compile(r"\bvols? de (?:bétail|troupeaux|bovins|cheptel)\b|\bbétail volé\b"
                                   r"|\brazzias?\b"), True),
    ("foreign_support", re.compile(r"\bsoutien financier\b|\bfinancements? (?:venus? )?de l['’]étranger\b"
                                   r"|\bdons?\b de (?:sympathisants|donateurs)"), False),
    ("other", re.compile(r"\btrafic d['’]armes\b|\bventes? d['’]armes\b|\bcriminalité organisée\b"), False),
]
MONEY = re.compile(r"\bfinanc\w*|\brevenus?\b|\bressources\b|\bargent\b|\benrichi\w*|\bmanne\b|\bfonds\b"
                   r"|\bprofits?\b|\brapporte\w*|\blucrati\w+|\bsources? de\b|\bcaisses\b|\bbutin\b|\bgains?\b",
                   re.IGNORECASE)
UNCERTAIN = re.compile(r"\b(?:incertain|on ignore|ignore si|pas clair|aucune preuve|sans preuve|dément\w*|nie\b"
                       r"|nié|n['’]est pas établi|non confirmé|rien ne prouve)", re.IGNORECASE)
OWNER = re.compile(r"(?:financement|revenus|ressources|manne|fonds|caisses)\s+(?:\w+\s+){0,2}?(?:du|de la|de l['’]|des|"
                   r"d['’])\s*⟦(\d+)⟧", re.IGNORECASE)


def _fundable(ctx: ExtractContext, m: Masked, slot: int) -> bool:
    local = m.local(slot)
    return entity_type(ctx, local) == "Organization" and not is_state(ctx, local)


def _credited(ctx: ExtractContext, m: Masked, at: int) -> int | None:
    if (o := OWNER.search(m.text)) and _fundable(ctx, m, int(o.group(1))):
        return m.local(int(o.group(1)))
    subj = sentence_subject(m, None, ("Organization",), ctx)
    if subj is not None and _fundable(ctx, m, subj):
        return m.local(subj)
    for y in SLOT.finditer(m.text):
        slot = int(y.group(1))
        if m.anaphoric[slot] and _fundable(ctx, m, slot):
            return m.local(slot)
    raw_before = [i for i, (s, _) in enumerate(m.raw_spans) if s < at]
    for slot in raw_before:
        if _fundable(ctx, m, slot):
            return m.local(slot)
    return None


def french_funding(ctx: ExtractContext) -> list[Fact]:
    facts: list[Fact] = []
    seen: set[tuple[int, str]] = set()
    for si in range(len(ctx.sentences)):
        m = masked(ctx, si)
        low = m.raw.lower()
        cued = bool(MONEY.search(low))
        hits = []
        for kind, pattern, self_cued in SOURCES:
            for x in pattern.finditer(low):
                if self_cued or cued:
                    hits.append((x.start(), kind, "funding_fr.revenue_word.v1" if self_cued
                                 else "funding_fr.cued_source.v1"))
        for at, kind, rule in sorted(hits):
            if UNCERTAIN.search(low[:at]):
                continue
            group = _credited(ctx, m, at)
            if group is None or (group, kind) in seen:
                continue
            seen.add((group, kind))
            facts.append(Fact("funding", {"subject": group, "source": kind}, si, rule,
                              0.7 if rule.endswith("revenue_word.v1") else 0.6))
    return facts
