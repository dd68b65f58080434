"""Learning a lexicon from a collection, and handing it to the cleaning pass."""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass

import pytest
from click.testing import CliRunner

from ocrfix.batch import LEXICON_NAME, MANIFEST_NAME
from ocrfix.cli import main
from ocrfix.edits import Edit
from ocrfix.filters import Filter
from ocrfix.learn import FORMAT_LINE, WordStatistics, document_words, looks_intact
from ocrfix.lexicon import DEFAULT_USER_COUNT, read_user_wordlist


@dataclass
class LowerKnown(Filter):
    """Test filter: lower-cases every word found in the context's word lists, to show which it got."""

    name = "lower-known"
    summary = "test-only: lower-case words of the word lists"

    def propose(self, text, context):
        known = set()
        for path in context.wordlists:
            known |= set(read_user_wordlist(path))
        return [Edit(m.start(), m.end(), m.group().lower(), "known", 1.0)
                for m in re.finditer(r"[A-Z]+", text) if m.group() in known]


@pytest.fixture(autouse=True)
def only_test_filter(monkeypatch):
    monkeypatch.setattr("ocrfix.filters.REGISTRY", {"lower-known": LowerKnown}, raising=True)
    monkeypatch.setattr("ocrfix.config.REGISTRY", {"lower-known": LowerKnown}, raising=True)
    monkeypatch.setattr("ocrfix.config.default_pipeline", lambda: ["lower-known"], raising=True)


@pytest.fixture
def collection(tmp_path):
    folder = tmp_path / "cables"
    folder.mkdir()
    texts = [
        "AMEMBASSY HELSINKI TO SECSTATE. SEMENOV MET SMITH.\n",
        "SEMENOV AND SMITH MET AGAIN IN HELSINKI; SEMENOV SPOKE.\n",
        "SEMEN0V SAID HELSINKI TALKS RESUME. TOSALT 123.\n",
        "NOTHING HERE BUT HELSINK1 AND SEMENOV, TWICE SEMENOV.\n",
    ]
    for number, text in enumerate(texts):
        (folder / f"c{number}.txt").write_text(text)
    (folder / "scan.png").write_bytes(b"\x89PNG\x00")
    return folder


def test_only_intact_words_are_counted():
    counts = document_words("M0SCOW TALKS, (Moscow) talks; WaSHINGTON NON-PAPER ABC h3llo Helsinki's U.S.")
    assert counts == Counter({"TALKS": 2, "MOSCOW": 1, "PAPER": 1})
    assert looks_intact("Semenov") and looks_intact("semenov") and not looks_intact("SEMEN0V")
    assert not looks_intact("caf\u00e9s") and not looks_intact("TOO", min_length=4)


def test_lexicon_keeps_words_in_enough_documents_most_widespread_first():
    statistics = WordStatistics()
    for text in ["ALPHA BRAVO BRAVO", "ALPHA BRAVO", "ALPHA CHARLIE", "DELTA"]:
        statistics.add(document_words(text))
    assert statistics.documents == 4
    assert statistics.lexicon(min_documents=2) == [("ALPHA", 3, 3), ("BRAVO", 2, 3)]


def test_learn_command_writes_a_readable_lexicon(collection, tmp_path):
    lexicon = tmp_path / "learned.txt"
    result = CliRunner().invoke(main, ["learn", str(collection), "-o", str(lexicon), "--min-documents", "3", "-j", "2"])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"learned 2 words from 4 documents: {lexicon}\n"
    assert lexicon.read_text() == (
        f"{FORMAT_LINE}\n"
        "# 4 documents; words of at least 4 letters found in at least 3 documents\n"
        "SEMENOV\t3\t5\n"
        "HELSINKI\t3\t3\n"
    )
    assert read_user_wordlist(lexicon) == {"HELSINKI": 3, "SEMENOV": 3}


def test_read_user_wordlist_takes_plain_word_lists(tmp_path):
    plain = tmp_path / "names.txt"
    plain.write_text("# names\nsemenov\n\nSmith\n")
    assert read_user_wordlist(plain) == {"SEMENOV": DEFAULT_USER_COUNT, "SMITH": DEFAULT_USER_COUNT}


def test_clean_learn_saves_the_lexicon_and_gives_it_to_the_filters(collection, tmp_path):
    out = tmp_path / "out"
    runner = CliRunner()
    result = runner.invoke(main, ["clean", str(collection), "--out-dir", str(out), "--learn", "-j", "1"])
    assert result.exit_code == 0, result.stderr
    lexicon = out / LEXICON_NAME
    assert result.stderr.startswith(f"learned 2 words from 4 documents: {lexicon}\n")
    assert (out / "c1.txt").read_text() == "semenov AND SMITH MET AGAIN IN helsinki; semenov SPOKE.\n"
    manifest = json.loads((out / MANIFEST_NAME).read_text())
    (description,) = manifest["configs"].values()
    assert description["wordlists"] == [hashlib.sha256(lexicon.read_bytes()).hexdigest()]

    again = runner.invoke(main, ["clean", str(collection), "--out-dir", str(out), "--learn", "-j", "1", "-q"])
    assert again.exit_code == 0
    assert (out / "c1.txt").stat().st_mtime_ns == manifest["files"]["c1.txt"][1]  # same lexicon: resumed

    (collection / "c4.txt").write_text("SMITH AND SMITH\n")
    relearned = runner.invoke(main, ["clean", str(collection), "--out-dir", str(out), "--learn", "-j", "1"])
    assert relearned.stderr.startswith(f"learned 3 words from 5 documents: {lexicon}\n")
    assert (out / "c1.txt").read_text() == "semenov AND smith MET AGAIN IN helsinki; semenov SPOKE.\n"


def test_learn_without_out_dir_needs_a_lexicon_path(collection):
    result = CliRunner().invoke(main, ["clean", str(collection), "--suffix", ".c", "--learn"])
    assert result.exit_code == 2
    assert result.stderr == "Error: --learn needs --lexicon PATH (where to save the lexicon) when there is no --out-dir\n"
