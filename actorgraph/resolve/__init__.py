"""Resolve mentions to entities: name normalisation and matching, alias clustering."""
