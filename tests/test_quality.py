"""The quality benchmark's bookkeeping, with two stand-in filters."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from benchmarks import quality
from ocrfix import Config
from ocrfix.edits import Edit
from ocrfix.filters import Filter

from .conftest import ZeroToO, install_only


@dataclass
class DropPageHeaders(Filter):
    name = "page-markers"
    summary = "test-only: drops PAGE NN lines"

    def propose(self, text, context):
        return [Edit(m.start(), m.end(), "", "page", 1.0) for m in re.finditer(r"^PAGE \d\d .*\n", text, re.M)]


@pytest.fixture(autouse=True)
def stand_in_filters(monkeypatch):
    install_only(monkeypatch, DropPageHeaders, ZeroToO)


def test_correction_set_scores_raw_and_output_and_finds_documents_made_worse():
    documents = [
        quality.Document("fixed", "PAGE 01 X\nM0SCOW TALKS\n", "MOSCOW TALKS"),
        quality.Document("harmed", "TELEX B0B\n", "TELEX B0B"),
    ]
    result = quality.correct("set", documents, Config())
    fixed, harmed = result.documents
    assert (fixed.raw.cer.errors, fixed.output.cer.errors) == (11, 0)
    assert (harmed.raw.cer.errors, harmed.output.cer.errors) == (0, 1)
    assert result.worse == ["harmed"]
    assert result.raw.cer.errors == 11 and result.output.cer.errors == 1
    assert result.raw.cer.length == len("MOSCOW TALKS") + len("TELEX B0B")


def test_harm_separates_furniture_removal_from_other_changes():
    documents = [quality.Document("cable", "PAGE 02 STATE 1\nSTATE 1, M0SCOW\n"), quality.Document("clean", "ALL WELL\n")]
    result = quality.harm("harm", documents, Config(), {"page-markers"})
    cable, clean = result.documents
    assert cable.changed == len("PAGE 02 STATE 1\n") + 1
    assert cable.changed_outside_furniture == 1
    assert cable.edits_outside_furniture == 1
    assert (clean.changed, clean.changed_outside_furniture, clean.edits_outside_furniture) == (0, 0, 0)
    assert result.changed_documents == 1


def test_harm_counts_everything_when_no_furniture_filter_runs():
    documents = [quality.Document("cable", "PAGE 02 STATE 1\nM0SCOW\n")]
    result = quality.harm("harm", documents, Config(skip=["page-markers"]), {"page-markers"})
    assert result.documents[0].changed == result.documents[0].changed_outside_furniture == 1
    result = quality.harm("harm", documents, Config(), set())
    assert result.documents[0].changed_outside_furniture == len("PAGE 02 STATE 1\n") + 1


def test_markdown_tables_carry_the_figures():
    correction = quality.correct("Tiny", [quality.Document("d", "M0SCOW", "MOSCOW")], Config())
    assert quality.correction_table([correction], details=False)[2] == (
        "| Tiny | 1 | 16.67% | 0.00% | 100.0% | 100.00% | 0.00% | 100.0% | 0 |"
    )
    harmed = quality.harm("Clean", [quality.Document("d", "M0SCOW IS FINE\n")], Config(), {"page-markers"})
    assert quality.harm_table([harmed], details=False)[2] == "| Clean | 1 | 15 | 1 | 1 | 6.667% | 1 | 1 |"


def test_unknown_filter_is_refused(capsys):
    assert quality.main(["--only", "nonsense", "--shared", "/nowhere"]) == 2
    assert capsys.readouterr().err == "error: unknown filter 'nonsense' (known: page-markers, zero-to-o)\n"
