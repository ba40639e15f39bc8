"""Errors a user can cause. The CLI prints their message without a traceback."""


class ActorgraphError(Exception):
    """Base class: the message names the file, line or entity and what to do."""


class IngestError(ActorgraphError):
    """A file cannot be read or is refused; the message starts with the file name."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class NotFoundError(ActorgraphError):
    """An entity, document or other name is not in the store."""


class ConfigError(ActorgraphError):
    """A setting or option is invalid."""
