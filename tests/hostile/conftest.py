"""The hostile corpus, generated once per session by make_corpus (no binaries are committed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile.make_corpus import make_corpus


@pytest.fixture(scope="session")
def hostile_corpus(tmp_path_factory) -> tuple[Path, dict[str, Path]]:
    root = tmp_path_factory.mktemp("hostile") / "corpus"
    return root, make_corpus(root)
