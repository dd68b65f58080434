"""scripts/build_wordlists.py is reproducible: run on the shared material, it writes exactly the
lists that are committed under wordlists/."""

from __future__ import annotations

import re
import subprocess
import sys
from importlib import metadata

import pytest

from .conftest import REPO, SHARED

GENERATED = ["cable-bigrams.tsv", "cable-terms.txt", "cable-unigrams.tsv", "english.tsv", "names.txt", "places.txt"]


@pytest.mark.skipif(not (SHARED / "corpus" / "cables").is_dir(),
                    reason=f"the shared material is not at {SHARED} (set OCRFIX_SHARED to its folder)")
def test_rebuilding_the_wordlists_gives_the_committed_files(tmp_path):
    built = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "build_wordlists.py"), "--shared", str(SHARED), "--out", str(tmp_path)],
        capture_output=True, text=True, timeout=300,
    )
    assert built.returncode == 0, built.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == GENERATED
    # english.tsv also depends on the installed pyspellchecker, whose version its header names:
    # compared only when that version is installed, so a new release cannot turn CI red.
    compared = [n for n in GENERATED if n != "english.tsv" or built_with_installed_pyspellchecker()]
    differing = [name for name in compared if (tmp_path / name).read_bytes() != (REPO / "wordlists" / name).read_bytes()]
    assert differing == [], "rerun: python scripts/build_wordlists.py --shared ../shared"


def built_with_installed_pyspellchecker() -> bool:
    header = (REPO / "wordlists" / "english.tsv").read_text(encoding="utf-8").split("\n", 1)[0]
    match = re.search(r"pyspellchecker (\S+)'s", header)
    return bool(match) and match.group(1) == metadata.version("pyspellchecker")
