"""Within-document resolution: group a document's mentions into local entities.

Evidence for "same thing", strongest first: the text defines one name as the
other's alias; the actor registry knows both; the names match after
normalisation and transliteration folding; a surname or short form refers to
a unique full name in the same document; an acronym fits a unique full name.
Cross-document merging happens in the store (see store.repository).
"""

from __future__ import annotations

from collections import Counter, defaultdict

from actorgraph.extract.entities import registry_entry, state_key_of
from actorgraph.model import LocalEntity, Mention
from actorgraph.registry import Registry
from actorgraph.resolve.names import acronym_of, is_short_form, normalise, same_name


class UnionFind:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _vote_types(mentions: list[Mention]) -> None:
    """One type per surface form: the registry's, else the most frequent label."""
    votes: dict[str, Counter] = defaultdict(Counter)
    for m in mentions:
        votes[m.text][m.type] += 100 if m.key else 1
    for m in mentions:
        m.type = votes[m.text].most_common(1)[0][0]


# A state's army, forces, troops and soldiers are one actor ("Malian troops" = "Malian army");
# its security forces (police, gendarmerie too), government and services stay apart.
ARMED_FORCES_KINDS = {"army", "forces"}


def _same_actor_key(key: str, registry: Registry | None = None) -> str:
    """The key two mentions must share to be one entity: a state's armed forces share one,
    whether the registry ('Malian soldiers') or the nationality rule ('Malian troops') found it."""
    key = (state_key_of(registry, key) if registry is not None else None) or key
    parts = key.split(":")
    if len(parts) == 3 and parts[0] == "state" and parts[2] in ARMED_FORCES_KINDS:
        return f"state:{parts[1]}:armed"
    return key


def _union_same_surface(uf: UnionFind, mentions: list[Mention]) -> None:
    first: dict[tuple[str, str], int] = {}
    for i, m in enumerate(mentions):
        k = (m.key, "") if m.key else (m.type, normalise(m.text))
        if k in first:
            uf.union(first[k], i)
        else:
            first[k] = i


def _clusters(uf: UnionFind, n: int) -> dict[int, list[int]]:
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(n):
        groups[uf.find(i)].append(i)
    return groups


def _keys(mentions: list[Mention], members: list[int]) -> set[str]:
    return {mentions[i].key for i in members if mentions[i].key}


def _union_names(uf: UnionFind, mentions: list[Mention]) -> None:
    """Merge clusters whose names match (transliteration-insensitive), never two registry keys."""
    groups = list(_clusters(uf, len(mentions)).values())
    for a in range(len(groups)):
        for b in range(a + 1, len(groups)):
            ga, gb = groups[a], groups[b]
            ma, mb = mentions[ga[0]], mentions[gb[0]]
            if ma.type != mb.type or (
                _keys(mentions, ga) and _keys(mentions, gb) and _keys(mentions, ga) != _keys(mentions, gb)
            ):
                continue
            names_a = {mentions[i].text for i in ga}
            names_b = {mentions[i].text for i in gb}
            if any(same_name(x, y, ma.type) for x in names_a for y in names_b):
                uf.union(ga[0], gb[0])


def _given_name_of(name: str, full: str, etype: str) -> bool:
    """'Jafar' -> 'Jafar Dicko': a lone given name, the first word of a person's two-word name."""
    words = full.split()
    return etype == "Person" and len(words) == 2 and " " not in name and name[:1].isupper() \
        and normalise(name) == normalise(words[0])


def _refers_to(names: set[str], full: str, etype: str) -> bool:
    return any(is_short_form(n, full, etype) or (n.isupper() and acronym_of(n, full))
               or _given_name_of(n, full, etype) for n in names)


def _union_short_forms(uf: UnionFind, mentions: list[Mention]) -> None:
    """'Ghaly' -> 'Iyad Ag Ghaly', 'MLF' -> 'Macina Liberation Front', only when the target is unique."""
    groups = _clusters(uf, len(mentions))
    fulls = {root: max((mentions[i].text for i in members), key=len) for root, members in groups.items()}
    for root, members in groups.items():
        names = {mentions[i].text for i in members}
        if not all(len(n.split()) == 1 or n.isupper() for n in names):
            continue
        etype = mentions[members[0]].type
        # The model often labels a lone surname ORG ("Kone of ISS added"); a surname that fits
        # exactly one person named in full is that person whatever its label.
        loose = not _keys(mentions, members) and all(len(n.split()) == 1 for n in names)
        candidates = [
            other
            for other, full in fulls.items()
            if other != root
            and len(full.split()) > 1
            and (mentions[groups[other][0]].type == etype
                 or (loose and mentions[groups[other][0]].type == "Person"))
            and _refers_to(names, full, mentions[groups[other][0]].type)
        ]
        if len(candidates) > 1:
            # 'Dicko' after 'Ibrahim Malam Dicko' but before 'Jafar Dicko' is introduced: a short
            # form refers back, so only full names already used before it can be meant.
            first = min(members)
            candidates = [c for c in candidates if min(groups[c]) < first]
        if len(candidates) != 1:
            continue
        mine, theirs = _keys(mentions, members), _keys(mentions, groups[candidates[0]])
        if not (mine and theirs and mine != theirs):
            uf.union(root, candidates[0])


def _fullest(names: list[str]) -> str:
    """The fullest form used: most words, then longest, then most frequent."""
    counts = Counter(names)
    return max(counts, key=lambda n: (len(n.split()) if not n.isupper() else 0, len(n), counts[n]))


def cluster_mentions(
    mentions: list[Mention], definitions: list[tuple[int, int]], registry: Registry
) -> list[LocalEntity]:
    """Assign ``local_id`` to every mention and return the document's local entities."""
    _vote_types(mentions)
    # Mentions carry their own keys again below; clustering compares the shared actor keys.
    own_keys = [m.key for m in mentions]
    for m in mentions:
        if m.key:
            m.key = _same_actor_key(m.key, registry)
    uf = UnionFind(len(mentions))
    try:
        for alias, full in definitions:
            uf.union(alias, full)
        _union_same_surface(uf, mentions)
        _union_names(uf, mentions)
        _union_short_forms(uf, mentions)
    finally:
        for m, key in zip(mentions, own_keys, strict=True):
            m.key = key
    entities = []
    for local_id, members in enumerate(sorted(_clusters(uf, len(mentions)).values(), key=min)):
        names = [mentions[i].text for i in members]
        types = Counter(mentions[i].type for i in members)
        keys = Counter(mentions[i].key for i in members if mentions[i].key)
        key = keys.most_common(1)[0][0] if keys else None
        entry = registry_entry(registry, key)
        for i in members:
            mentions[i].local_id = local_id
        name = _fullest(names)
        aliases = sorted(set(names) - {name})
        # The fullest name's label is the most reliable one when labels disagree.
        full_type = Counter(mentions[i].type for i in members if mentions[i].text == name)
        etype = entry.type if entry else (full_type + types).most_common(1)[0][0]
        for i in members:
            mentions[i].type = etype
        entities.append(LocalEntity(local_id, etype, name, aliases, key, entry.name if entry else None))
    return entities
