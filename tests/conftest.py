from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from ocrfix.edits import Edit
from ocrfix.filters import Context, Filter

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
def context() -> Context:
    return Context()
