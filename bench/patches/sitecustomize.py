"""Bench-only workaround, put on PYTHONPATH by bench/run.py for the ingest phases (and so in
every worker): actorgraph.extract.rules.claims._counted_noun loops forever when a number is the
root of its parse (``head.head is not head`` compares fresh spaCy Token objects, always true).
Patched here to compare token indexes until the rule's owner fixes it; a no-op once fixed."""

import inspect


def _patch() -> None:
    try:
        from actorgraph.extract.rules import claims
    except Exception:  # pragma: no cover
        return
    if "head.head is not head" not in inspect.getsource(claims._counted_noun):
        return

    def _counted_noun(ctx, start, end):
        span = ctx.doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return None
        for tok in span:
            if tok.like_num or tok.pos_ == "NUM":
                head = tok.head
                while head.like_num and head.head.i != head.i:
                    head = head.head
                if head.pos_ in ("NOUN", "PROPN") and not head.like_num:
                    return head.lower_
        return None

    claims._counted_noun = _counted_noun


_patch()
