"""Bounds on what ingest accepts, so one hostile or broken file cannot exhaust a worker."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class IngestLimits:
    """Refusal thresholds; every one is checked before the expensive step it protects."""

    max_bytes: int = 64 * 1024 * 1024  # raw file size
    max_html_depth: int = 2000  # element nesting; deeper trees are refused before parsing
    max_pdf_pages: int = 5000
    max_control_ratio: float = 0.02  # share of C0 control characters that marks binary junk
    min_text_chars: int = 1  # decoded, stripped text shorter than this is "empty"
