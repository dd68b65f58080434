"""A stand-in dictionary filter for benchmarks/batch.py --demo-filter, so that the batch
machinery can be measured with realistic per-token work before the real pipeline is in.

Each token with letters that is not in a lexicon of the corpus vocabulary is looked up
with rapidfuzz against it (the shape of the work a dictionary filter does). The lexicon is
loaded once per process (lru_cache), i.e. when a worker prepares, not for every file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz, process

from ocrfix.edits import Edit
from ocrfix.filters import REGISTRY, Filter, option

TOKEN = re.compile(r"[A-Z0-9]*[A-Z][A-Z0-9]*")


@lru_cache(maxsize=None)
def vocabulary(cables: str) -> tuple[str, ...]:
    words = set()
    for path in sorted(Path(cables).glob("*.txt")):
        words.update(w for w in re.findall(r"[A-Z]{3,}", path.read_text(encoding="utf-8")))
    return tuple(sorted(words))


@dataclass
class DemoLookup(Filter):
    name = "demo-lookup"
    summary = "benchmark stand-in: fuzzy lexicon lookup of unknown tokens"
    cables: str = option("", "folder of clean cables to take the vocabulary from")

    def propose(self, text, context):
        words = vocabulary(self.cables)
        known = set(words)
        edits = []
        for match in TOKEN.finditer(text):
            token = match.group()
            if token in known or len(token) < 4:
                continue
            best = process.extractOne(token, words, scorer=fuzz.ratio, score_cutoff=80)
            if best is not None:
                edits.append(Edit(match.start(), match.end(), best[0], "demo-lookup", best[1] / 100, "nearest word"))
        return edits


def register() -> None:
    REGISTRY[DemoLookup.name] = DemoLookup
