"""Name normalisation and matching for actors, places and people.

Scraped reports spell the same Arabic, Tamasheq, Fulfulde or French name many ways
(Ghaly/Ghali, Kouffa/Koufa, Mourabitoun/Murabitun, Sévaré/Sevare).  `normalise` folds
those variants to one form; the `same_name`, `is_short_form` and `acronym_of` predicates
decide whether two surface forms denote the same name, type-aware, erring on the side of
*not* merging: a wrong merge corrupts the graph, a missed one only leaves a duplicate.

The folding follows the evaluation's `normalise_name` (score.py) closely so that what we
merge is what the scorer would call equal, but it is applied to a fixpoint so that it is
idempotent.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

from rapidfuzz.distance import Levenshtein
from rapidfuzz.fuzz import ratio

__all__ = ["acronym_of", "is_short_form", "name_key", "normalise", "same_name", "similar"]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


QUOTES = {ord(q): None for q in "'\"`´’‘“”ʿʾʼʻ′″‛"}
# Assimilated Arabic article: ad-Din, an-Nusra, as-Sahrawi, ash-Shabaab, az-Zallaqa, ud-Din.
ASSIMILATED = re.compile(r"\b[aeu]([dtsrnz]h?)-(?=\1)")
# Article glued to the noun: Eddine, Addin, Uddin (Ansar Eddine = Ansar al-Din).
GLUED_DIN = re.compile(r"^[aeu]d(d(?:in|ine|een))$")
ARTICLES = frozenset({"al", "el", "the"})
TRANSLIT = (
    ("ou", "u"),
    ("ee", "i"),
    ("ii", "i"),
    ("ae", "ai"),
    ("dh", "d"),
    ("q", "k"),
    ("ph", "f"),
    ("tch", "ch"),
    ("dj", "j"),
)
DOUBLED = re.compile(r"([^\W\d_])\1+")
WHOLE_TOKEN = {"dine": "din"}  # ad-Dine / Dine / Din: the final-e rule skips 4-letter tokens
VOWELS = frozenset("aeiouy")

# Words that carry no identity in a person's name (titles, honorifics).
TITLES = _words(
    "mr mrs ms dr sheikh shaykh cheikh sheik mawlawi mullah imam emir amir hajj hadj president "
    "col colonel gen general capt captain lt lieutenant commander minister prime sir"
)
# Patronymic particles: part of the name, but never a name on their own.
# ("abu" is one too, but stays among given names: a kunya like "Abu Walid" is a name.)
PARTICLES = _words("ag ould uld wuld ben bin ibn bint wallet abu abi um umm ou u ait de da van von")
# Heads and modifiers an organisation's short form may omit: "Wagner" for "Russian Wagner Group".
ORG_GENERIC = _words(
    "group groupe company corporation corp inc ltd llc organization organisation pmc network foundation"
)
ORG_ADJECTIVE_SUFFIXES = ("ian", "ien", "ean", "ese", "ish", "ais", "ois")
# Nationality adjectives the suffixes miss.
ADJECTIVES = _words(
    "french british dutch swiss burkinabe burkinabè saudi emirati qatari iraqi israeli yemeni "
    "somali afghan pakistani thai greek"
)
LOCATION_FEATURES = (("border", "point"), ("border", "post"), ("border", "crossing"))
# Function words an acronym skips (English, French, Arabic transliteration).
ACRONYM_STOP = _words(
    "of the in for and on to at al el wa wal fi li lil bi de du des la le les l d et pour en a au aux sur"
)
PERSON, ORGANIZATION, LOCATION = "person", "organization", "location"


# ------------------------------------------------------------------ normalisation
def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _fold_token(token: str) -> str:
    """Fold one token's transliteration variants (run to a fixpoint by the caller)."""
    token = GLUED_DIN.sub(r"\1", token)
    for old, new in TRANSLIT:
        token = token.replace(old, new)
    token = DOUBLED.sub(r"\1", token)
    if len(token) > 4 and token.endswith("e"):
        token = token[:-1]
    if len(token) > 2 and token.endswith("y"):
        token = token[:-1] + "i"
    return WHOLE_TOKEN.get(token, token)


def _normalise_once(name: str) -> str:
    text = _strip_accents(_strip_accents(name).casefold())
    text = ASSIMILATED.sub("", text)
    raw = " ".join(re.sub(r"[\W_]+", " ", text.translate(QUOTES)).split())
    text = re.sub(r"\bwa a?l\b", "wal", raw)  # wa'l-, wa-l-, wa al- -> wal
    tokens = [t for t in text.split() if t not in ARTICLES]
    tokens = [_fold_token(t) for t in _join_letters(tokens)]
    tokens = [t for t in tokens if t not in ARTICLES]
    return " ".join(tokens) or raw


def _join_letters(tokens: list[str]) -> list[str]:
    """Join runs of two or more single letters: 'u n' (from U.N.) -> 'un'."""
    out: list[str] = []
    run: list[str] = []
    for token in [*tokens, ""]:
        if len(token) == 1:
            run.append(token)
            continue
        out.extend(["".join(run)] if len(run) > 1 else run)
        run = []
        if token:
            out.append(token)
    return out


@lru_cache(maxsize=65536)
def normalise(name: str) -> str:
    """Fold a name for comparison: case, accents, quotes, punctuation, articles, transliteration.

    'Jama’at Nusrat al-Islam wal-Muslimin' -> 'jamat nusrat islam wal muslimin';
    'U.N.' -> 'un'; 'Sévaré' -> 'sevar'.  Idempotent; never raises on a string.
    """
    if not isinstance(name, str):
        return ""
    current = name
    for _ in range(8):  # the steps interact (a folded token can become an article): iterate
        folded = _normalise_once(current)
        if folded == current:
            break
        current = folded
    return current


def _normalised(words: frozenset[str]) -> frozenset[str]:
    return frozenset(normalise(w) for w in words)


# The word lists above are compared with normalised tokens ("group" folds to "grup").
TITLES_N = _normalised(TITLES)
PARTICLES_N = _normalised(PARTICLES)
ORG_GENERIC_N = _normalised(ORG_GENERIC)
ADJECTIVES_N = _normalised(ADJECTIVES)
LOCATION_FEATURES_N = tuple(tuple(normalise(w) for w in f) for f in LOCATION_FEATURES)


def name_key(name: str) -> str:
    """Exact-merge key: the normalised form without spaces, so word splits do not count.

    'Abdel Malek Droukdel' and 'Abdelmalek Droukdel' share a key; equal keys are the same
    name whatever the type, so a caller may merge on key equality without further checks.
    """
    return normalise(name).replace(" ", "")


def similar(a: str, b: str) -> float:
    """Similarity in [0, 1] of two names after normalisation (1.0 for equal keys)."""
    na, nb = normalise(a), normalise(b)
    if not na or not nb:
        return 0.0
    if na.replace(" ", "") == nb.replace(" ", ""):
        return 1.0
    return ratio(na, nb) / 100.0


# ------------------------------------------------------------------ token comparison
def _kind(type_: str) -> str:
    low = (type_ or "").casefold()
    if low.startswith("per"):
        return PERSON
    if low.startswith(("loc", "gpe", "fac")):
        return LOCATION
    return ORGANIZATION  # organisations and anything unknown get the strict rules


def _skeleton(token: str) -> str:
    return "".join(c for c in token if c not in VOWELS)


def _is_adjective(token: str) -> bool:
    # Nigerien/Nigerian, Malian/Malien differ only in vowels but name different things.
    return token.endswith(ORG_ADJECTIVE_SUFFIXES) or token in ADJECTIVES_N


def _tokens_compatible(x: str, y: str, *, person: bool) -> bool:
    """Two normalised tokens are spelling variants of one word."""
    if x == y:
        return True
    if x[0] != y[0] or _is_adjective(x) or _is_adjective(y):
        return False
    sx, sy = _skeleton(x), _skeleton(y)
    if min(len(sx), len(sy)) < 3:
        return False  # too short to judge: Mali/Malawi, Gao/Goa
    short, long_ = sorted((sx, sy), key=len)
    if long_.startswith(short) and len(long_) == len(short) + 1:
        # One trailing consonant more.  In names of groups only the Arabic construct-state
        # 't' (Nusrat/Nasr, Katibat/Katiba) qualifies: Ansarul/Ansar are different words.
        return person or long_[-1] == "t"
    return person and sx == sy and ratio(x, y) >= 75  # Zawahiri/Zawahri, Droukdel/Droukdal


def _same_sequence(ta: Sequence[str], tb: Sequence[str], *, max_changed: int, person: bool) -> bool:
    """Equal-length token lists that differ in at most `max_changed` compatible tokens."""
    if len(ta) != len(tb):
        return False
    changed = [(x, y) for x, y in zip(ta, tb, strict=True) if x != y]
    return len(changed) <= max_changed and all(_tokens_compatible(x, y, person=person) for x, y in changed)


def _person_tokens(name: str) -> list[str]:
    return [t for t in normalise(name).split() if t not in TITLES_N]


def _given_compatible(ga: list[str], gb: list[str]) -> bool:
    """Given names agree: the shorter list is an in-order subsequence of the longer one,
    starting at the same first name (or, for multi-word kunyas like 'Abu Walid', anywhere)."""
    short, long_ = sorted((ga, gb), key=len)
    if not short:
        return False  # a bare surname is a short form, not the same name
    if _tokens_compatible("".join(ga), "".join(gb), person=True):
        return True  # split differently: Abdel Malek / Abdelmalek
    if not _tokens_compatible(short[0], long_[0], person=True) and len(short) < 2:
        return False
    position = 0
    for token in short:
        while position < len(long_) and not _tokens_compatible(token, long_[position], person=True):
            position += 1
        if position == len(long_):
            return False
        position += 1
    return True


def _same_person(a: str, b: str) -> bool:
    ta, tb = _person_tokens(a), _person_tokens(b)
    if not ta or not tb:
        return False
    if "".join(ta) == "".join(tb):
        return True
    if not _tokens_compatible(ta[-1], tb[-1], person=True):
        return False  # the surname must match closely
    ga = [t for t in ta[:-1] if t not in PARTICLES_N or t == "abu"]
    gb = [t for t in tb[:-1] if t not in PARTICLES_N or t == "abu"]
    return _given_compatible(ga, gb)


def _same_place_or_org(a: str, b: str, kind: str) -> bool:
    ta, tb = normalise(a).split(), normalise(b).split()
    if sorted(ta) == sorted(tb):
        return True  # word order only
    if len(ta) != len(tb):
        return False  # an extra token distinguishes: Islamic State / ... in the Greater Sahara
    if len(ta) == 1:
        return _same_single_token(ta[0], tb[0], kind)
    # One changed word in a long name is a spelling variant (Nasr/Nusrat); two are a new name.
    return _same_sequence(ta, tb, max_changed=1, person=False)


def _same_single_token(x: str, y: str, kind: str) -> bool:
    """Single-word places and organisations are short and collide easily (Mali/Malawi,
    Niger/Nigeria, Gao/Goa): only a one-letter typo in a long place name is tolerated."""
    if kind != LOCATION or min(len(x), len(y)) < 7 or x[0] != y[0]:
        return False
    return Levenshtein.distance(x, y) <= 1


def same_name(a: str, b: str, type: str) -> bool:
    """True if `a` and `b` are spellings of the same name of an entity of `type`.

    `type` is Person, Organization or Location (spaCy labels PERSON/ORG/GPE/LOC also work).
    Short forms and acronyms are *not* the same name: see `is_short_form` and `acronym_of`.
    """
    if not normalise(a) or not normalise(b):
        return False
    if name_key(a) == name_key(b):
        return True
    kind = _kind(type)
    if kind == PERSON:
        return _same_person(a, b)
    return _same_place_or_org(a, b, kind)


# ------------------------------------------------------------------ short forms
def _person_short_form(short: list[str], full: list[str]) -> bool:
    if not short or len(short) >= len(full) or all(t in PARTICLES_N for t in short):
        return False
    tail = full[-len(short) :]
    return all(_tokens_compatible(x, y, person=True) for x, y in zip(short, tail, strict=True))


def _org_core(tokens: list[str]) -> list[str]:
    """Drop generic heads ('Group') and leading nationality adjectives ('Russian')."""
    core = [t for t in tokens if t not in ORG_GENERIC_N]
    while len(core) > 1 and _is_adjective(core[0]):
        core = core[1:]
    return core


def _location_core(tokens: list[str]) -> list[str]:
    for feature in LOCATION_FEATURES_N:
        if len(tokens) > len(feature) and tuple(tokens[-len(feature) :]) == feature:
            return tokens[: -len(feature)]
    return tokens


def is_short_form(short: str, full: str, type: str) -> bool:
    """True if `short` is a shortened reference to `full` within one text.

    Persons: the surname or last tokens ('Ghaly' -> 'Iyad Ag Ghaly', 'Ag Ghaly' too).
    Organisations: the name without generic heads or nationality ('Wagner' -> 'Russian
    Wagner Group').  Locations: only a bare name for its border post; 'Mopti' is *not* a
    short form of 'Mopti Region' (a town is not its region).
    """
    kind = _kind(type)
    if kind == PERSON:
        return _person_short_form(_person_tokens(short), _person_tokens(full))
    ts, tf = normalise(short).split(), normalise(full).split()
    if not ts or len(ts) >= len(tf):
        return False
    core = _org_core(tf) if kind == ORGANIZATION else _location_core(tf)
    return core != tf and core == ts


# ------------------------------------------------------------------ acronyms
def _acronym_tokens(full: str) -> list[str]:
    """Words of `full` for acronym matching: accents and quotes gone, elisions split."""
    text = _strip_accents(full).casefold()
    text = re.sub(r"\b([ldjnms]|qu)['’]", r"\1 ", text)  # l'Azawad -> l Azawad (French elision)
    text = text.translate(QUOTES)
    return re.sub(r"[\W_]+", " ", text).split()


def acronym_of(acronym: str, full: str) -> bool:
    """True if `acronym` abbreviates `full`: 'MLF' / 'Macina Liberation Front', 'AQIM' /
    'al-Qaeda in the Islamic Maghreb', 'JNIM' / 'Jama'at Nusrat al-Islam wal-Muslimin',
    'MINUSMA' / 'Mission multidimensionnelle intégrée des Nations unies pour la
    stabilisation au Mali'.  Each content word contributes a prefix (usually its initial);
    function words may be skipped; at most one inner content word may be skipped, and only
    for acronyms of four letters or more."""
    letters = re.sub(r"[\W_]+", "", _strip_accents(acronym)).casefold()
    words = _acronym_tokens(full)
    if len(letters) < 2 or not 2 <= len(words) <= 30:  # longer 'names' are sentences
        return False
    skips = 1 if len(letters) >= 4 else 0
    return _acronym_match(letters, tuple(words), 0, 0, skips)


@lru_cache(maxsize=4096)
def _acronym_match(letters: str, words: tuple[str, ...], i: int, j: int, skips: int) -> bool:
    if j == len(words):
        return i == len(letters)
    word = words[j]
    if word in ACRONYM_STOP and _acronym_match(letters, words, i, j + 1, skips):
        return True
    for k in range(1, len(word) + 1):  # consume a prefix of this word
        if i + k > len(letters) or letters[i : i + k] != word[:k]:
            break
        if _acronym_match(letters, words, i + k, j + 1, skips):
            return True
    # Skip an inner content word (MINUSMA skips 'multidimensionnelle'), never the first or last.
    inner = 0 < j < len(words) - 1 and i > 0
    return (
        skips > 0
        and inner
        and word not in ACRONYM_STOP
        and _acronym_match(letters, words, i, j + 1, skips - 1)
    )
