"""Offline geocoding for Sahel reporting; see ``gazetteer`` for sources and rules."""

from actorgraph.geo.gazetteer import Place, bbox, country_of, fallback, geocode, get_gazetteer, norm

__all__ = ["Place", "bbox", "country_of", "fallback", "geocode", "get_gazetteer", "norm"]
