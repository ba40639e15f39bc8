"""Small reports written for the store tests (registry actors, invented people, an accented town)."""

from __future__ import annotations

from pathlib import Path

REPORTS = {
    "convoy.txt": (
        "Convoy attacked near Léré\n\n"
        "Fighters of JNIM attacked a fuel convoy near Léré in central Mali on 3 March 2024, killing 12 "
        "soldiers, according to the United Nations. Local official Boubacar Keitax said the attackers "
        "came from the forest. Salif Dembelex, a trader in Timbuktu, said the road had been closed for "
        "weeks.\n\n"
        "The Malian army said it had killed 20 militants in Mopti the following day.\n"),
    "blockade.txt": (
        "Blockade of Kayes\n\n"
        "JNIM announced a blockade of Kayes in September 2023. Salif Dembelex told reporters that fuel "
        "prices had doubled. Aminata Coulibalix, a nurse in Kayes, said patients could no longer reach "
        "the hospital.\n\n"
        "Iyad Ag Ghaly, the leader of JNIM, has not commented on the blockade.\n"),
    "sahel.txt": (
        "Violence spreads in the Sahel\n\n"
        "The Islamic State Sahel Province attacked villages near Menaka in Mali in 2024. Moussa Kanoutex, "
        "a researcher in Bamako, said the group was competing with JNIM for recruits. Boubacar Keitax "
        "said the army had withdrawn from Menaka.\n"),
}


def write_reports(folder: Path, names: list[str] | None = None) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for name in names or list(REPORTS):
        path = folder / name
        path.write_text(REPORTS[name], "utf-8")
        out.append(path)
    return out
