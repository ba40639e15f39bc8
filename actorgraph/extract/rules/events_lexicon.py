"""Word lists of the event rules: trigger lemmas per family, target nouns, cue words.

The English pipeline runs without spaCy's lemmatizer (see extract/nlp.py), so the
rules lemmatise their own small vocabulary: ``lemma_of`` maps every inflected
form of a trigger word back to its base, built once from the base forms below
plus a short table of irregular forms. Only general vocabulary lives here —
never names of actors or places (those come from the document's mentions).
"""

from __future__ import annotations

from functools import cache

from spacy.tokens import Token

# ------------------------------------------------------------------ trigger families
# A family decides the event type, the sub-type and how the arguments are read.
VERB_FAMILIES: dict[str, tuple[str, ...]] = {
    "attack": ("attack", "raid", "ambush", "storm", "assault", "target"),
    "kill": ("kill", "massacre", "execute", "slaughter", "murder", "behead", "slay"),
    "clash": ("clash", "fight"),
    "capture": ("capture", "seize", "overrun", "conquer", "retake", "recapture", "reclaim"),
    "explosion": ("bomb", "detonate", "explode", "shell", "blow"),
    "abduction": ("kidnap", "abduct"),
    "ransom": ("pay",),
    "release": ("release", "free"),
    "blockade": ("blockade", "besiege", "block", "encircle", "choke"),
    "withdrawal": ("withdraw", "leave", "quit"),
    "deployment": ("deploy", "intervene"),
    "coup": ("overthrow", "oust", "depose"),
    "formation": ("form", "found", "establish", "create", "merge"),
    "designation": ("designate", "sanction", "list", "proscribe"),
    "agreement": ("sign", "conclude"),
    "statement": ("announce", "declare", "proclaim", "state", "claim", "publish", "issue", "allege"),
    "diplomacy": ("end", "sever", "suspend", "expel"),
}
NOUN_FAMILIES: dict[str, tuple[str, ...]] = {
    "attack": ("attack", "raid", "ambush", "assault", "offensive", "incursion"),
    "clash": ("clash", "battle", "confrontation"),
    "kill": ("massacre", "killing", "execution"),
    "explosion": ("bombing", "explosion", "airstrike", "shelling"),
    "abduction": ("kidnapping", "abduction"),
    "ransom": ("ransom",),
    "blockade": ("blockade", "siege"),
    "withdrawal": ("withdrawal", "pullout", "departure", "exit"),
    "deployment": ("deployment", "intervention"),
    "coup": ("coup", "putsch"),
    "formation": ("formation", "founding", "merger", "creation", "establishment"),
    "designation": ("designation",),
    "agreement": ("agreement", "accord", "ceasefire", "truce"),
    "statement": ("statement", "announcement", "interview", "communique", "video", "message"),
}
IRREGULAR = {
    "paid": "pay", "withdrew": "withdraw", "withdrawn": "withdraw", "left": "leave", "shot": "shoot",
    "overran": "overrun", "fought": "fight", "struck": "strike", "sent": "send", "took": "take",
    "taken": "take", "retook": "retake", "retaken": "retake", "overrun": "overrun", "slew": "slay",
    "slain": "slay", "freed": "free", "blew": "blow", "blown": "blow",
    "led": "lead", "began": "begin", "begun": "begin", "kept": "keep", "made": "make", "gave": "give",
    "given": "give", "laid": "lay",
}
# Simple-past forms the tagger sometimes reads as base forms ("the army retook the town").
PAST_FORMS = {"retook", "withdrew", "took", "fought", "struck", "slew", "blew", "overran", "began", "led",
              "paid",
              "sent", "freed", "shot"}
CONSONANT_DOUBLING = {"kidnap", "ban", "plan", "stop", "drop", "expel", "overrun", "sign"}


def _inflections(base: str) -> set[str]:
    """Regular English forms of a base word (verb forms and noun plurals)."""
    forms = {base}
    if base.endswith("e"):
        forms |= {base + "s", base + "d", base[:-1] + "ing"}
    elif base.endswith(("sh", "ch", "s", "x")):
        forms |= {base + "es", base + "ed", base + "ing"}
    elif base.endswith("y") and base[-2:-1] not in "aeiou":
        forms |= {base[:-1] + "ies", base[:-1] + "ied", base + "ing"}
    else:
        forms |= {base + "s", base + "ed", base + "ing"}
    if base in CONSONANT_DOUBLING:
        forms |= {base + base[-1] + "ed", base + base[-1] + "ing"}
    return forms


@cache
def _form_table(nominal: bool) -> dict[str, str]:
    """Inflected form -> base, for verbs or for nouns ("founding" is a verb form and a noun)."""
    table: dict[str, str] = {}
    if nominal:
        for base in sorted({w for words in NOUN_FAMILIES.values() for w in words}):
            for form in (base, base + "s", base + "es", base[:-1] + "ies" if base.endswith("y") else base):
                table.setdefault(form, base)
        return table
    bases = {w for words in VERB_FAMILIES.values() for w in words} | SUPPORT_VERBS | HABIT_VERBS
    for base in sorted(bases | set(IRREGULAR.values())):
        for form in _inflections(base):
            table.setdefault(form, base)
    table.update(IRREGULAR)
    return table


def lemma_of(token: Token, nominal: bool | None = None) -> str:
    """The base form of a trigger-vocabulary word, else the lower-cased text."""
    if token.lemma_:
        return token.lemma_.lower()
    low = token.lower_
    if nominal is None:
        nominal = token.tag_.startswith("NN")
    return _form_table(nominal).get(low) or _form_table(not nominal).get(low, low)


@cache
def _family_index(nominal: bool) -> dict[str, str]:
    families = NOUN_FAMILIES if nominal else VERB_FAMILIES
    return {w: fam for fam, words in families.items() for w in words}


def trigger_family(token: Token) -> str | None:
    """The event family a token triggers, judged by its part of speech and lemma."""
    if token.tag_.startswith("VB"):
        return _family_index(False).get(lemma_of(token, False))
    if token.tag_.startswith("NN"):
        return _family_index(True).get(lemma_of(token, True))
    return None


# ------------------------------------------------------------------ argument vocabulary
# Targets that make an attack "violence against civilians" (ACLED: unarmed victims).
CIVILIAN_NOUNS = {
    "civilian", "civilians", "villager", "villagers", "village", "villages", "resident", "residents",
    "worshipper", "worshippers", "worshiper", "worshipers", "passenger", "passengers", "farmer",
    "farmers", "herder", "herders", "trader", "traders", "women", "children", "people", "pupils",
    "students", "teachers", "hotel", "market", "mosque", "church", "school", "wedding", "bus",
    "hostage", "hostages", "journalist", "journalists", "aid", "displaced", "refugees", "population",
    "populations", "community", "communities", "shoppers", "guests", "tourists", "civil",
}
# Words that make an attack an explosion / remote violence.
EXPLOSIVE_WORDS = {
    "ied", "ieds", "bomb", "bombs", "explosive", "explosives", "mine", "landmine", "landmines",
    "vbied", "svbied", "suicide", "mortar", "mortars", "rocket", "rockets", "drone", "airstrike",
    "airstrikes", "shelling", "grenade", "grenades",
}
# Nouns that make "capture"/"seize" an overtaking of territory rather than an abduction.
TERRITORY_NOUNS = {
    "town", "towns", "city", "cities", "territory", "village", "villages", "base", "bases", "camp",
    "camps", "region", "area", "areas", "control", "locality", "localities", "post", "posts",
    "outpost", "outposts", "district", "province", "power",
}
# Objects of "release", "publish", "issue" that make a statement, not a hostage release.
MEDIA_NOUNS = {
    "statement", "statements", "video", "videos", "photo", "photos", "photograph", "photographs",
    "image", "images", "message", "messages", "communique", "audio", "recording", "footage",
    "report", "claim", "declaration", "propaganda", "pictures", "document", "documents",
}
# Objects of "sign"/"conclude" that make an agreement.
AGREEMENT_NOUNS = {"agreement", "accord", "deal", "ceasefire", "truce", "treaty", "pact", "memorandum"}
# Objects of "end"/"sever"/"suspend" that make a diplomatic strategic development.
TIES_NOUNS = {"cooperation", "ties", "relations", "partnership", "agreement", "accord", "mission",
              "ambassador",
              "envoy", "diplomats", "diplomat", "embassy"}
# Objects of "declare"/"proclaim" that create a polity (a strategic development, not talk).
POLITY_NOUNS = {"statehood", "independence", "state", "caliphate", "emirate", "autonomy"}
# Forces whose withdrawal or deployment is an event ("troops withdrew"); not "residents left".
FORCE_NOUNS = {
    "troops", "forces", "force", "soldiers", "army", "military", "mission", "peacekeepers",
    "contingent", "mercenaries", "battalion", "battalions", "units", "personnel",
}
# Verbs whose object is the event noun itself: "launched an attack", "waged a blockade".
SUPPORT_VERBS = {
    "launch", "carry", "conduct", "stage", "wage", "mount", "perpetrate", "execute", "claim",
    "intensify", "lead", "orchestrate", "commit", "impose", "lay", "begin", "complete", "announce",
    "sign", "reach", "release", "issue", "publish", "give", "grant", "make", "initiate", "order",
    "undertake", "organize", "organise", "plan",
}
# Modals and hedges that make a clause hypothetical, and adverbs of habit.
MODALS = {"could", "may", "might", "would", "will", "should", "can", "must", "shall", "'ll", "wo", "ca"}
HABITUAL = {
    "regularly", "often", "frequently", "continually", "continuously", "routinely", "usually",
    "repeatedly", "relentlessly", "typically", "sometimes", "increasingly", "constantly", "generally",
    "normally", "always", "occasionally", "commonly", "persistently", "persistantly", "still",
}
# Heads that turn what they govern into a possibility, a plan or a method, not an occurrence.
IRREALIS_HEADS = {
    "possibility", "threat", "risk", "plan", "plans", "ability", "capacity", "capability", "strategy",
    "strategies", "tactic", "tactics", "goal", "aim", "intention", "attempt", "attempts", "fear",
    "fears", "prospect", "likelihood", "chance", "danger", "way", "ways", "means", "method",
    "methods", "condition", "demand", "demands", "call", "calls", "effort", "efforts", "willingness",
    "manual", "instructions", "policy", "response", "use", "potential", "hope", "hopes", "bid",
    "readiness", "offer", "proposal", "conditions",
}
# Verbs that report a method or a habit when their object is an event noun ("use ambushes").
HABIT_VERBS = {"use", "employ", "favour", "favor", "prefer", "rely", "adopt", "specialize", "practise",
               "practice", "resort", "continue", "keep", "include", "coordinate", "organize",
               "organise", "face", "fear", "suffer", "threaten", "risk", "plan", "prepare"}
# Discourse openers meaning "right after what was just said": the previous sentence dates them.
SEQUEL_OPENERS = ("in response", "in retaliation", "accordingly", "subsequently", "shortly after",
                  "soon after", "afterwards", "following this", "in the aftermath", "days later",
                  "weeks later", "the next day", "the following day", "as a result", "in reprisal")
# Openers meaning "on the very day just given": the previous sentence's date, at full precision.
SAME_DAY_OPENERS = ("the same day", "that same day", "on the same day", "that day", "the same night",
                    "that night", "on that day", "the same morning", "that morning")
# Pronouns and descriptions that refer back to the document's focus group.
ANAPHORS = {"it", "they", "group", "militants", "jihadists", "organization", "organisation",
            "insurgents", "fighters", "movement", "coalition", "alliance", "terrorists", "rebels"}
# Heads of noun phrases naming combatants: "fighters from X", "X fighters" make X the actor.
COMBATANT_NOUNS = {
    "fighters", "fighter", "militants", "militant", "gunmen", "gunman", "members", "men", "elements",
    "jihadists", "insurgents", "rebels", "combatants", "assailants", "attackers", "operatives",
    "mercenaries", "commandos", "troops", "soldiers", "forces", "units", "militiamen", "recruits",
}
# Sites that a place name follows ("the army camp at X", "the base in X"): X is the event's place.
SITE_NOUNS = {
    "camp", "base", "post", "outpost", "garrison", "barracks", "checkpoint", "position", "positions",
    "plant", "factory", "mine", "site", "station", "headquarters", "market", "school", "mosque", "church",
}
# Victims who bear arms: their presence among the dead makes an attack a battle (ACLED).
ARMED_NOUNS = COMBATANT_NOUNS - {"men", "members", "recruits"} | {
    "soldier", "troop", "gendarmes", "gendarme", "policemen", "policeman", "police", "guards",
    "militia", "militias", "peacekeepers", "peacekeeper", "army", "military", "officers",
}
# Verbs of saying: a clause under them reports what a source said.
REPORT_VERBS = {"say", "said", "saying", "claim", "tell", "told", "state", "announce", "add", "insist", "assert",
                "allege", "report"}

# A declared blockade: a verb that stops goods or people moving into or out of a place.
CUT_OFF_VERBS = {"stop", "block", "bar", "prevent", "halt", "ban", "forbid", "prohibit", "cut"}
CUT_OFF_MOVES = {"enter", "entering", "enters", "reach", "reaching", "leave", "leaving", "into", "off"}
CUT_OFF_GOODS = {"goods", "supplies", "food", "fuel", "traffic", "vehicles", "trucks", "lorries", "convoys",
                 "aid", "merchandise", "anything", "everything"}
