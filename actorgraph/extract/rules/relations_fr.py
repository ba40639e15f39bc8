"""Relations in French reports: "est dirigé par", "chef du", "émir de", "porte-parole de",
"a prêté allégeance à", "s'est allié à", "affilié à al-Qaïda", "opère dans/au", "a attaqué".

Runs only on documents whose language is French (the English ``relations`` rules
read an English parse). Patterns are matched on the sentence with its mentions as
slots (see ``french``); every fact is type-checked against the ontology, as in
``relations``.
"""

from __future__ import annotations

import re

from actorgraph.extract import ExtractContext, component
from actorgraph.extract.rules.coref import entity_type, is_state
from actorgraph.extract.rules.french import (
    ARTICLE,
    SLOT,
    Masked,
    dates_in,
    is_french,
    list_after,
    masked,
    sentence_subject,
    single_date,
    strip_definitions,
)
from actorgraph.extract.rules.relations import relation_facts
from actorgraph.extract.rules.relations_base import Rel
from actorgraph.model import Fact

E = r"⟦(?P<o>\d+)⟧"
GAP = r"(?:[^\s⟦⟧.;]+\s+){0,4}?(?:[ldLD]['’])?"  # a few words without a name: "le Touareg malien", "l'"
LEADER_ROLES = {"chef", "émir", "emir", "dirigeant", "leader", "patron", "numéro un", "guide"}
ROLE_WORDS = ("chef|émir|emir|dirigeant|leader|patron|numéro un|fondateur|cofondateur|co-fondateur|porte-parole"
              "|commandant|adjoint|numéro deux|lieutenant|membre|cadre|responsable|juge|idéologue|combattant"
              "|trésorier|représentant|négociateur|conseiller|directeur|chercheur|analyste|expert")
MEMBER_MODIFIERS = re.compile(r"\b(?:adjoint|régional|local|militaire|religieux|de zone|de secteur|haut)\b")
ROLE = re.compile(rf"\b(?P<role>{ROLE_WORDS})s?\b(?P<mod>\s+(?:adjoint|militaire|religieux|régional|local)e?)?"
                  rf"\s+(?:de|du|des|d['’])\s*(?:la |l['’]|les )?" + E)
PERSON_BEFORE_ROLE = re.compile(
    r"⟦(?P<p>\d+)⟧\s*(?:,\s*|\s+(?:est|était|reste|devenu|a été|demeure)\s+)(?:(?:le|la|l['’]|un|une|l['’]un des|"
    r"l['’]une des|ancien|ancienne|actuel|actuelle|nouveau|nouvel|nouvelle|principal|premier|plus|proches?|"
    r"haut|[a-zéèêëàçîô-]+)\s*){0,4}$")
LEAD_VERB = re.compile(r"\b(?:est|a été|était|sont|ont été)?\s*(?:dirigée?s?|commandée?s?|chapeautée?s?)\s+par\s+"
                       + GAP + r"⟦(?P<p>\d+)⟧")
HEAD_OF = re.compile(r"\b(?:a pris|prend|prendra|avait pris|à)\s+la tête\s+(?:de|du|des|d['’])\s*"
                     r"(?:la |l['’]|les )?(?:[a-zéè]+\s+)?" + E)
WHOSE_LEADER = re.compile(r"⟦(?P<o>\d+)⟧\s*,?\s*dont\s+(?:l['’]|le |la )(?P<role>émir|chef|dirigeant|leader|"
                          r"fondateur|porte-parole)\s+(?:est|était|reste|demeure)\s+" + GAP + r"⟦(?P<p>\d+)⟧")
FOUNDED_BY = re.compile(r"\b(?:fondée?s?|créée?s?|cofondée?s?)\s+(?:en \d{4}\s+)?par\s+" + GAP + r"⟦(?P<p>\d+)⟧")
FOUNDED = re.compile(r"\b(?:a|avait|ont)\s+(?:\w+\s+)?(?:fondé|créé|cofondé)\s+" + ARTICLE + r"?" + E)
MERGED = re.compile(r"\b(?:ont|avaient|se sont)\s+(?:\w+\s+)?(?:fusionné|regroupés?|unis|alliés)\s+"
                    r"(?:pour (?:former|créer|fonder|donner naissance à|constituer)|au sein d[eu'’]|dans)\s+"
                    + ARTICLE + r"?" + E)
JOINED = re.compile(r"\b(?:a|ont)\s+(?:\w+\s+)?(?:rejoint|intégré)\s+" + ARTICLE + r"?" + E
                    + r"|\b(?:s['’]est|se sont)\s+(?:\w+\s+)?(?:fondue?s?|ralliée?s?)\s+(?:dans|à|au)\s+"
                    + ARTICLE + r"?⟦(?P<o2>\d+)⟧")
COMPONENT = re.compile(r"\b(?:composante|branche|faction|filiale|katiba|brigade|unité)\s+(?:sahélienne\s+|"
                       r"régionale\s+|locale\s+)?(?:de|du|des|d['’])\s*(?:la |l['’]|les )?" + E)
BRANCH_NAME = re.compile(r"^(?:émirat|branche|katiba|faction|brigade)\b", re.IGNORECASE)
AFFILIATED = re.compile(r"\b(?:affiliée?s?|liée?s?|rattachée?s?|fidèles?|proches?)\s+(?:à|au|aux|de|du|d['’])\s*"
                        r"(?:la |l['’]|les )?" + E)
ALLEGIANCE = re.compile(r"\b(?:prêté|prête|prêtent|prêter|renouvelé|renouvelle|fait|faire|juré|jure)\s+"
                        r"(?:son |leur )?(?:serment d['’])?(?:allégeance|bay['’]?a|fidélité)\s+(?:à|au|aux)\s*"
                        r"(?:la |l['’]|les )?")
OPPOSE = re.compile(
    r"\b(?:(?:a|ont|avait|avaient|avoir)\s+(?:\w+\s+)?(?:attaqué|combattu|affronté|ciblé|visé|tué|pris pour cible|"
    r"pris d['’]assaut|déclaré la guerre à|tendu une embuscade à)"
    r"|combat|combattent|affronte|affrontent|cible|ciblent|(?:s['’]oppose|s['’]opposent|s['’]en prend|"
    r"s['’]en prennent)\s+(?:à|aux|au)"
    r"|en (?:concurrence|conflit|guerre|lutte) (?:avec|contre)|rival(?:e|es|aux)? (?:de|du|d['’])"
    r"|ennemis? (?:de|du|d['’])"
    r"|(?:attaques?|offensives?|opérations?|embuscades?|combats|raids?|assauts?|affrontements?|frappes?) contre"
    r"|(?:affrontements?|combats) avec)\s*")
RIVAL_APPOS = re.compile(r"⟦(?P<o>\d+)⟧\s*,\s*(?:son|leur)\s+(?:principal\s+|grand\s+)?(?:rival|ennemi|adversaire|"
                         r"concurrent)")
ALLY = re.compile(r"\b(?:(?:s['’]est|se sont|s['’]étaient|s['’]était)\s+(?:\w+\s+)?alliée?s?\s+(?:à|au|aux|avec)"
                  r"|(?:coopère|coopèrent|collabore|collaborent|travaille main dans la main)\s+avec"
                  r"|avec le (?:soutien|concours|appui) (?:de|du|des|d['’])"
                  r"|(?:allié|alliée|alliés|partenaire)s? (?:de|du|des|d['’]))\s*")
SUPPORTED_BY = re.compile(r"⟦(?P<s>\d+)⟧\s*,?\s*(?:appuyée?s?|soutenue?s?|épaulée?s?|aidée?s?|assistée?s?)\s+par\s+"
                          + GAP + E)
OPERATE = re.compile(
    r"\b(?:opère|opèrent|opérait|opéraient|sévit|sévissent|est (?:très )?(?:active?|présente?|implantée?|actif)"
    r"|sont (?:très )?(?:actifs|actives|présents|présentes|implantés|implantées)"
    r"|(?:s['’]est|se sont)\s+(?:\w+\s+)?(?:implantée?s?|installée?s?|étendue?s?|propagée?s?|déployée?s?)"
    r"|(?:a|ont)\s+(?:\w+\s+)?étendu\s+(?:ses|son|leur|leurs)\s+(?:opérations|influence|activités|présence|action)"
    r"|étend\s+(?:ses|son)\s+(?:opérations|influence|activités|présence)"
    r"|déployée?s?|basée?s?|installée?s?|présente?s?|actifs?|actives?)"
    r"\s+(?:(?:\w+\s+){0,2}?)(?:dans|à|au|aux|en|vers|sur|jusqu['’]au)\b")
BASED = re.compile(r"⟦(?P<s>\d+)⟧\s*,?\s*(?:basée?|installée?|établie?)\s+à\s+" + E)
STRONGHOLD = re.compile(r"⟦(?P<l>\d+)⟧\s*,\s*(?:le |l['’]un des )?(?:fief|bastion|sanctuaire)s?\s+(?:de|du|des|d['’])"
                        r"\s*" + GAP + E)
WITHDREW = re.compile(r"\b(?:(?:s['’]est|se sont)\s+(?:\w+\s+)?retirée?s?|a\s+(?:\w+\s+)?achevé\s+son\s+retrait|"
                      r"(?:son |leur )?retrait)\s+(?:du|de la|de l['’]|des|de|d['’])\s*" + E)
COUNTRY_WORD = re.compile(r"\s*(?:le |du |au )?pays\b")
MEDIA = re.compile(r"\b(?:branche|organe|bras|agence|service|fondation)\s+(?:médiatique|de propagande|"
                   r"de communication|d['’]information)\s+(?:de|du|des|d['’])\s*(?:la |l['’]|les )?⟦(?P<o>\d+)⟧"
                   r"\s*,\s*⟦(?P<m>\d+)⟧")
MEDIA_APPOS = re.compile(r"⟦(?P<m>\d+)⟧\s*,\s*(?:la |le |l['’])?(?:branche|organe|bras|agence)\s+(?:médiatique|"
                         r"de propagande|de communication)\s+(?:de|du|des|d['’])\s*(?:la |l['’]|les )?⟦(?P<o>\d+)⟧")
SANCTIONED_BY = re.compile(r"\b(?:désignée?s?|sanctionnée?s?|inscrite?s?|placée?s?)\s+(?:\w+\s+){0,5}?par\s+"
                           + ARTICLE + r"?" + E)
SANCTIONS = re.compile(r"⟦(?P<o>\d+)⟧\s+(?:a|ont)\s+(?:\w+\s+)?(?:désigné|sanctionné|inscrit)\s+" + ARTICLE
                       + r"?⟦(?P<s>\d+)⟧")
VIOLENT = {"battles", "violence_against_civilians", "explosions_remote_violence"}


def _subject(m: Masked, text: str, pos: int, ctx: ExtractContext) -> int | None:
    """The slot doing what the trigger at ``pos`` says: the antecedent of "qui", the sentence
    subject, else the nearest name before the trigger."""
    before = text[:pos]
    rel = re.search(r"⟦(\d+)⟧\s*(?:\([^()]*\)\s*)?,?\s*qui\s+(?:[^⟦,.;]{0,30})$", before)
    if rel:
        return int(rel.group(1))
    subj = sentence_subject(_as_masked(m, text), pos, ("Organization", "Person"), ctx)
    if subj is not None:
        return subj
    found = [int(x.group(1)) for x in SLOT.finditer(before)]
    return found[-1] if found else None


def _as_masked(m: Masked, text: str) -> Masked:
    if text is m.text:
        return m
    spans = [(x.start(), x.end()) for x in SLOT.finditer(text)]
    # Slots keep their numbers; recompute positions in the stripped text.
    order = [int(x.group(1)) for x in SLOT.finditer(text)]
    new_spans = list(m.spans)
    for n, span in zip(order, spans, strict=True):
        new_spans[n] = span
    present = set(order)
    new_spans = [sp if i in present else (10 ** 9, 10 ** 9) for i, sp in enumerate(new_spans)]
    return Masked(m.index, m.raw, text, m.slots, new_spans, m.raw_spans, m.anaphoric)


def _dates(ctx: ExtractContext, si: int) -> tuple[str | None, str | None]:
    d = single_date(ctx, si)
    if d is None:
        return None, None
    return d.value.iso(), d.end_value.iso() if d.end_value else None


def sentence_relations(ctx: ExtractContext, si: int) -> list[Rel]:
    m = masked(ctx, si)
    text = strip_definitions(m)
    out: list[Rel] = []
    loc = m.local

    def add(s: int | None, pred: str, o: int | None, rule: str, conf: float = 0.6, start=None, end=None,
            role=None) -> None:
        if s is None or o is None:
            return
        out.append(Rel(loc(s), pred, loc(o), si, f"relations_fr.{rule}.v1", conf, start, end, {"role": role}))

    start, _ = _dates(ctx, si)
    # Leadership and roles.
    for x in LEAD_VERB.finditer(text):  # "le GSIM est dirigé par Iyad Ag Ghaly": the person leads the group
        add(int(x.group("p")), "leader_of", _subject(m, text, x.start(), ctx), "led_by", 0.7, _since(ctx, si))
    for x in HEAD_OF.finditer(text):
        add(_subject(m, text, x.start(), ctx), "leader_of", int(x.group("o")), "head_of", 0.7, start)
    for x in WHOSE_LEADER.finditer(text):
        pred = "founded" if x.group("role") == "fondateur" else (
            "member_of" if x.group("role") == "porte-parole" else "leader_of")
        add(int(x.group("p")), pred, int(x.group("o")), "whose_leader", 0.7)
    for x in ROLE.finditer(text):
        role = x.group("role")
        org = int(x.group("o"))
        person = None
        if pb := PERSON_BEFORE_ROLE.search(text[: x.start()]):
            person = int(pb.group("p"))
        elif pa := re.match(r"\s*,\s*⟦(\d+)⟧", text[x.end():]):
            person = int(pa.group(1))
        if person is None:
            continue
        if role == "fondateur":
            pred = "founded"
        elif role in LEADER_ROLES and not x.group("mod") and not MEMBER_MODIFIERS.search(text[max(0, x.start() - 20):
                                                                                             x.start()]):
            pred = "leader_of"
        else:
            pred = "member_of"
        place = re.match(r"\s*(?:dans|pour)\s+(?:la |le |l['’])?(?:[a-zé]+\s+(?:de|du|d['’])\s*)?⟦(\d+)⟧",
                         text[x.end():])
        if place and entity_type(ctx, loc(int(place.group(1)))) == "Location":
            pred = "member_of" if pred == "leader_of" else pred
            add(org, "operates_in", int(place.group(1)), "role_place", 0.6)
        add(person, pred, org, "role", 0.7, role=role)
    # Founding, merging, components.
    for x in FOUNDED_BY.finditer(text):
        add(int(x.group("p")), "founded", _subject(m, text, x.start(), ctx), "founded_by", 0.7, start)
    for x in FOUNDED.finditer(text):
        add(_subject(m, text, x.start(), ctx), "founded", int(x.group("o")), "founded", 0.7, start)
    for x in MERGED.finditer(text):
        target = int(x.group("o"))
        for y in SLOT.finditer(text[: x.start()]):
            if re.search(r"⟦\d+⟧\s*d['’]\s*$", text[: y.start()]):
                continue  # "l'émirat du Sahara d'AQMI": AQMI names the parent, not a merging group
            add(int(y.group(1)), "part_of", target, "merged", 0.7, start)
    for x in JOINED.finditer(text):
        target = int(x.group("o") or x.group("o2"))
        add(_subject(m, text, x.start(), ctx), "part_of", target, "joined", 0.65, start)
    for x in COMPONENT.finditer(text):
        before = SLOT.findall(text[: x.start()])
        if before and re.search(r"⟦\d+⟧\s*(?:,\s*(?:une?|la|le|l['’])?\s*|\s+(?:est|était)\s+(?:une?|la|le|l['’])\s*)"
                                r"[a-zé\s]{0,20}$", text[: x.start()]):
            add(int(before[-1]), "part_of", int(x.group("o")), "component", 0.65)
    for x in re.finditer(r"⟦(\d+)⟧\s*d['’]\s*⟦(\d+)⟧", text):  # "l'émirat du Sahara d'AQMI"
        a, b = int(x.group(1)), int(x.group(2))
        if BRANCH_NAME.match(m.raw[m.raw_spans[a][0]:m.raw_spans[a][1]]):
            add(a, "part_of", b, "branch_of", 0.65)
    # Affiliation, allegiance, alliance.
    for x in AFFILIATED.finditer(text):
        subj = _nearest_before(text, x.start())
        if subj is not None and re.search(r"proches?", x.group(0)):
            continue
        add(subj, "affiliated_with", int(x.group("o")), "affiliated", 0.65)
    for x in ALLEGIANCE.finditer(text):
        subj = _subject(m, text, x.start(), ctx)
        for o in list_after(m, x.end(), lead=2, text=text):
            add(subj, "allegiance_to", o, "allegiance", 0.7, start)
    for x in ALLY.finditer(text):
        subj = _subject(m, text, x.start(), ctx)
        for o in list_after(m, x.end(), lead=4, text=text):
            add(subj, "allied_with", o, "ally", 0.6)
    for x in SUPPORTED_BY.finditer(text):
        add(int(x.group("s")), "allied_with", int(x.group("o")), "supported_by", 0.6)
    # Opposition.
    for x in OPPOSE.finditer(text):
        subj = _subject(m, text, x.start(), ctx)
        for o in list_after(m, x.end(), lead=4, text=text):
            if entity_type(ctx, loc(o)) in ("Organization", "Person"):
                add(subj, "opposes", o, "oppose", 0.6)
    for x in RIVAL_APPOS.finditer(text):
        subj = sentence_subject(_as_masked(m, text), x.start(), ("Organization", "Person"), ctx)
        add(subj, "opposes", int(x.group("o")), "rival", 0.6)
    # Areas of operation.
    for x in OPERATE.finditer(text):
        before = text[: x.start()]
        rel = re.search(r"⟦(\d+)⟧\s*,\s*dont\s+(?:les|la|le|l['’]|ses)\s+[^⟦,.;]{0,30}$", before)
        participle = re.match(r"(?:déployée?s?|basée?s?|installée?s?|présente?s?|actifs?|actives?)\b", x.group(0))
        if rel:
            subj = int(rel.group(1))
        elif participle:  # "les mercenaires du groupe Wagner, déployés dans le pays"
            subj = _nearest_before(text, x.start())
        else:
            subj = _subject(m, text, x.start(), ctx)
        places = list_after(m, x.end(), lead=6, text=text)
        since = _since(ctx, si)
        for o in places:
            if entity_type(ctx, loc(o)) == "Location":
                add(subj, "operates_in", o, "operate", 0.65, since)
        if not places and subj is not None and COUNTRY_WORD.match(text[x.end():]) \
                and (c := _country(ctx)) is not None:
            out.append(Rel(loc(subj), "operates_in", c, si, "relations_fr.operate_country.v1", 0.55, since))
    for x in BASED.finditer(text):
        add(int(x.group("s")), "operates_in", int(x.group("o")), "based", 0.7)
    for x in STRONGHOLD.finditer(text):
        add(int(x.group("o")), "operates_in", int(x.group("l")), "stronghold", 0.65)
    for x in WITHDREW.finditer(text):
        d = single_date(ctx, si, ("point",))
        add(_subject(m, text, x.start(), ctx), "operates_in", int(x.group("o")), "withdrew", 0.6,
            end=d.value.iso() if d else None)
    for x in re.finditer(r"(?:(?:s['’]est|se sont)\s+(?:\w+\s+)?retirée?s?|a\s+(?:\w+\s+)?achevé\s+son\s+retrait)"
                         r"\s+du pays", text):
        c = _country(ctx)
        subj = _subject(m, text, x.start(), ctx)
        d = single_date(ctx, si, ("point",))
        if c is not None and subj is not None:
            out.append(Rel(loc(subj), "operates_in", c, si, "relations_fr.withdrew.v1", 0.6, None,
                            d.value.iso() if d else None))
    # Media arms and sanctions.
    for x in list(MEDIA.finditer(text)) + list(MEDIA_APPOS.finditer(text)):
        add(int(x.group("m")), "media_arm_of", int(x.group("o")), "media_arm", 0.7)
    for x in SANCTIONED_BY.finditer(text):
        add(_subject(m, text, x.start(), ctx), "sanctioned_by", int(x.group("o")), "sanctioned", 0.65)
    for x in SANCTIONS.finditer(text):
        add(int(x.group("s")), "sanctioned_by", int(x.group("o")), "sanctions", 0.65)
    return out


def _nearest_before(text: str, pos: int) -> int | None:
    found = [int(x.group(1)) for x in SLOT.finditer(text[:pos])]
    return found[-1] if found else None


def _since(ctx: ExtractContext, si: int) -> str | None:
    for d in dates_in(ctx, si):
        if d.kind == "since":
            return d.value.iso()
    return None


def _country(ctx: ExtractContext) -> int | None:
    from actorgraph.extract.rules.events import _country_context

    return _country_context(ctx)[1]


def _event_places(ctx: ExtractContext) -> list[Rel]:
    """A group that attacks, kills or blockades somewhere operates there (FORMAT.md: "attacks in")."""
    from actorgraph.extract.rules.events_fr import french_event_records

    out = []
    for e in french_event_records(ctx):
        if e.type not in VIOLENT:
            continue
        for actor in e.actors:
            if entity_type(ctx, actor) == "Organization" and not is_state(ctx, actor) and e.place_id is not None:
                out.append(Rel(actor, "operates_in", e.place_id, e.sentence, "relations_fr.event_place.v1", 0.55))
    return out


@component("relations_fr")
def french_relations(ctx: ExtractContext) -> list[Fact]:
    """Relations of a French document ([] for any other language)."""
    if not is_french(ctx):
        return []
    rels: list[Rel] = []
    for si in range(len(ctx.sentences)):
        rels += sentence_relations(ctx, si)
    rels += _event_places(ctx)
    return relation_facts(ctx, rels)
