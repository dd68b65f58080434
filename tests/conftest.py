from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner

from ocrfix.edits import Edit
from ocrfix.filters import Context, Filter, option

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"
# The shared material sits beside the repository in CI; OCRFIX_SHARED points elsewhere.
SHARED = Path(os.environ.get("OCRFIX_SHARED") or REPO.parent / "shared")


@dataclass
class ScriptedFilter(Filter):
    """A test filter that proposes edits chosen in advance, relative to the text it gets.

    Each spec is (position fraction, length, replacement, confidence).
    """

    name = "scripted"
    summary = "test-only: proposes scripted edits"
    specs: list = field(default_factory=list)

    def propose(self, text: str, context: Context):
        edits, last_end = [], -1
        for fraction, length, replacement, confidence in self.specs:
            start = int(fraction * len(text))
            end = min(len(text), start + length)
            if start < last_end or (start == last_end and (length == 0 or edits and edits[-1].start == edits[-1].end)):
                continue
            edits.append(Edit(start, end, replacement, "scripted", confidence))
            last_end = end
        return edits


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def context() -> Context:
    return Context()


@dataclass
class ZeroToO(Filter):
    """Test filter (importable, so worker processes can build it): digit 0 between letters becomes O."""

    name = "zero-to-o"
    summary = "test-only: 0 between letters becomes O"
    confidence: float = option(0.9, "confidence of each edit")

    def propose(self, text: str, context: Context):
        return [
            Edit(i, i + 1, "O", "zero", self.confidence, "digit 0 inside a word")
            for i in range(1, len(text) - 1)
            if text[i] == "0" and text[i - 1].isalpha() and text[i + 1].isalpha()
        ]


def install_only(monkeypatch, *filters: type[Filter]) -> dict:
    """Make these test filters the whole registry and default pipeline, in this order."""
    registry = {f.name: f for f in filters}
    monkeypatch.setattr("ocrfix.filters.REGISTRY", registry)
    monkeypatch.setattr("ocrfix.config.REGISTRY", registry)
    monkeypatch.setattr("ocrfix.cli.REGISTRY", registry)
    monkeypatch.setattr("ocrfix.config.default_pipeline", lambda: list(registry))
    return registry
