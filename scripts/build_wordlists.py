#!/usr/bin/env python3
"""Build the lexicons under wordlists/ from the shared material and pyspellchecker's English list.

    python scripts/build_wordlists.py [--shared ../shared]

Rerunning gives byte-identical files. Cables listed in benchmarks/heldout-cables.txt are left out
of every count (and their entities of the names list) so that benchmarks measure unseen text.
Hand-kept lists (arms-control.txt, confusions.tsv, short-words.txt, header-fields.txt) are not
generated; this script only reads short-words.txt.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import zlib
from collections import Counter
from pathlib import Path

import spellchecker

REPO = Path(__file__).resolve().parent.parent
WORDLISTS = REPO / "wordlists"
HELDOUT = REPO / "benchmarks" / "heldout-cables.txt"

# English words rarer than this in pyspellchecker's counts are mostly misspellings and oddities.
ENGLISH_MIN_COUNT = 100
# The corpus is small, so even pairs seen once carry context worth keeping.
BIGRAM_MIN_COUNT = 1
WORD = re.compile(r"[A-Z]+(?:'[A-Z]+)?")
# Words in entity surfaces that are not names.
NAME_STOPWORDS = {"THE", "OF", "AND", "FOR", "IN", "ON", "TO", "AT", "DE", "LA", "DEL", "DU", "LE", "EL"}


def is_heldout(name: str) -> bool:
    return zlib.crc32(name.encode()) % 5 == 0


def header(text: str) -> str:
    return "".join(f"# {line}\n" for line in text.strip().splitlines())


def write(path: Path, comment: str, lines: list[str]) -> None:
    path.write_text(header(comment) + "".join(line + "\n" for line in lines), encoding="utf-8")
    print(f"wrote {path.relative_to(REPO)} ({len(lines)} entries)")


def corpus_words(text: str) -> list[list[str]]:
    """Tokens per line: hyphenated compounds count as their parts."""
    return [WORD.findall(line.upper().replace("’", "'")) for line in text.splitlines()]


def short_words() -> set[str]:
    return {line.strip() for line in (WORDLISTS / "short-words.txt").read_text().splitlines()
            if line.strip() and not line.startswith("#")}


def build(shared: Path, write_heldout: bool) -> None:
    cables = sorted((shared / "corpus" / "cables").glob("*.txt"))
    heldout = [c.name for c in cables if is_heldout(c.name)]
    if write_heldout:
        HELDOUT.write_text(
            "# Corpus cables held out of every lexicon and n-gram count, so that benchmarks\n"
            "# (harm on clean text, synthetic OCR) measure ocrfix on text it was not built from.\n"
            "# Rule: zlib.crc32(file name) % 5 == 0. Regenerate with scripts/build_wordlists.py --write-heldout.\n"
            + "".join(name + "\n" for name in heldout)
        )
    listed = [line for line in HELDOUT.read_text().splitlines() if line and not line.startswith("#")]
    if listed != heldout:
        raise SystemExit("benchmarks/heldout-cables.txt is out of date: rerun with --write-heldout")
    training = [c for c in cables if not is_heldout(c.name)]

    unigrams: Counter[str] = Counter()
    bigrams: Counter[tuple[str, str]] = Counter()
    for cable in training:
        for line in corpus_words(cable.read_text(encoding="utf-8")):
            unigrams.update(line)
            bigrams.update(zip(line, line[1:]))
    write(
        WORDLISTS / "cable-unigrams.tsv",
        f"Word counts in {len(training)} clean cable bodies (1973-79), held-out cables excluded.\n"
        "Format: WORD<TAB>count, sorted by word. Built by scripts/build_wordlists.py.",
        [f"{w}\t{c}" for w, c in sorted(unigrams.items())],
    )
    write(
        WORDLISTS / "cable-bigrams.tsv",
        f"Word-pair counts (within a line) in the same cables.\n"
        "Format: WORD WORD<TAB>count, sorted. Built by scripts/build_wordlists.py.",
        [f"{a} {b}\t{c}" for (a, b), c in sorted(bigrams.items()) if c >= BIGRAM_MIN_COUNT],
    )

    resources = Path(spellchecker.__file__).parent / "resources" / "en.json.gz"
    english = json.loads(gzip.open(resources).read())
    allowed_short = short_words()
    kept = {}
    for word, count in english.items():
        if not word.isascii() or not word.isalpha():
            continue
        upper = word.upper()
        if len(upper) <= 2 and upper not in allowed_short:
            continue
        if count >= ENGLISH_MIN_COUNT:
            kept[upper] = kept.get(upper, 0) + count
    write(
        WORDLISTS / "english.tsv",
        f"General English word frequencies: pyspellchecker's English list, words seen at least\n"
        f"{ENGLISH_MIN_COUNT} times, uppercased; one- and two-letter words only from short-words.txt.\n"
        "Format: WORD<TAB>count, sorted by word. Built by scripts/build_wordlists.py.",
        [f"{w}\t{c}" for w, c in sorted(kept.items())],
    )

    terms = set()
    for row in (shared / "terms" / "cable-terms.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        term = row.split("\t")[0]
        for token in re.split(r"[\s/()]+", term):
            token = token.strip(".,")
            if len(token) >= 2 and re.fullmatch(r"[A-Z][A-Z0-9&.\-]*", token) and token != "NN":
                terms.add(token)
    write(
        WORDLISTS / "cable-terms.txt",
        "Cable jargon, markers, office symbols and abbreviations (from the shared cable-terms.tsv, whose\n"
        "SOURCES.md names the sources). Protected: never corrected into something else.\n"
        "Format: one TERM per line, sorted. Built by scripts/build_wordlists.py.",
        sorted(terms),
    )

    names = set()
    for row in (shared / "corpus" / "entities.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        surface, kind, doc = (row.split("\t") + ["", ""])[:3]
        if is_heldout(doc + ".txt") or not kind.startswith(("PER", "GPE", "ORG", "LOC")):
            continue
        for token in WORD.findall(surface.upper()):
            if len(token) >= 3 and token not in NAME_STOPWORDS:
                names.add(token)
    write(
        WORDLISTS / "names.txt",
        "Words of the people, places and organisations named in the corpus cables (shared entities.tsv),\n"
        "held-out cables excluded. Format: one NAME per line, sorted. Built by scripts/build_wordlists.py.",
        sorted(names),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared", help="the shared material folder")
    parser.add_argument("--write-heldout", action="store_true", help="rewrite benchmarks/heldout-cables.txt")
    args = parser.parse_args()
    build(args.shared, args.write_heldout)


if __name__ == "__main__":
    main()
