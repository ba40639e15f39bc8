"""Fact extractors, one module per rule family; importing them registers them."""
from actorgraph.extract.rules import (
    claims,  # noqa: F401
    events,  # noqa: F401
    funding,  # noqa: F401
    relations,  # noqa: F401
    relations_fr,  # noqa: F401
)
