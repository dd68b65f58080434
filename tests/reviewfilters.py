"""Test-only filters for the review tools, so they can be exercised before the real filters exist.

Run as `python -m tests.reviewfilters ARGS...` to call the ocrfix CLI with these filters
registered (a subprocess, e.g. a pexpect session, cannot see a monkeypatched registry).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass

from ocrfix.edits import Edit
from ocrfix.filters import Filter

DIGIT_LOOKALIKES = {"0": "O", "1": "I", "8": "B", "5": "S"}


@dataclass
class FurnitureLines(Filter):
    """Deletes whole lines that carry a reproduction warning (page furniture)."""

    name = "test-furniture"
    summary = "test-only: delete reproduction-warning lines"

    def propose(self, text, context):
        return [
            Edit(m.start(), m.end(), "", "warning-line", 1.0, "page furniture")
            for m in re.finditer(r"^[^\n]*REPRODUCED[^\n]*\n", text, flags=re.M)
        ]


@dataclass
class DigitInWord(Filter):
    """Turns a digit that looks like a letter into that letter when letters stand on both sides."""

    name = "test-digits"
    summary = "test-only: look-alike digits inside words"

    def propose(self, text, context):
        return [
            Edit(i, i + 1, DIGIT_LOOKALIKES[text[i]], f"digit-{text[i]}", 0.9, "look-alike digit inside a word")
            for i in range(1, len(text) - 1)
            if text[i] in DIGIT_LOOKALIKES and text[i - 1].isalpha() and text[i + 1].isalpha()
        ]


@dataclass
class Tildes(Filter):
    """Proposes, without confidence, to drop tildes: these stay unresolved."""

    name = "test-tildes"
    summary = "test-only: doubtful tildes"

    def propose(self, text, context):
        return [Edit(m.start(), m.end(), "", "tilde", 0.3, "stray tilde?") for m in re.finditer("~", text)]


TEST_FILTERS = {cls.name: cls for cls in (FurnitureLines, DigitInWord, Tildes)}


def install(monkeypatch, filters=TEST_FILTERS) -> None:
    """Make `filters` the registry and the default pipeline, everywhere ocrfix looks."""
    filters = dict(filters)
    for where in ("ocrfix.filters.REGISTRY", "ocrfix.config.REGISTRY", "ocrfix.cli.REGISTRY"):
        monkeypatch.setattr(where, filters, raising=True)
    monkeypatch.setattr("ocrfix.config.default_pipeline", lambda: list(filters), raising=True)


def _install_for_process(names: list[str]) -> None:
    import ocrfix.cli
    import ocrfix.config
    import ocrfix.filters

    chosen = {name: TEST_FILTERS[name] for name in names}
    ocrfix.filters.REGISTRY.clear()
    ocrfix.filters.REGISTRY.update(chosen)
    ocrfix.config.default_pipeline = lambda: list(chosen)


def hand_made(original: str, applied=(), unresolved=()):
    """A Result from (start, end, replacement, filter, rule, confidence, note) tuples."""
    from ocrfix.edits import apply_edits
    from ocrfix.engine import Result

    def edits(specs):
        return [Edit(s, e, r, rule, c, note, f, original[s:e]) for s, e, r, f, rule, c, note in specs]

    done = edits(applied)
    return Result(original, apply_edits(original, done), done, edits(unresolved))


if __name__ == "__main__":
    import os

    from ocrfix.cli import main

    wanted = os.environ.get("OCRFIX_TEST_FILTERS")
    if wanted is not None:  # unset: the real registry; set: these test filters (comma-separated)
        _install_for_process([n for n in wanted.split(",") if n])
    sys.exit(main())
