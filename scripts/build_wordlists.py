#!/usr/bin/env python3
"""Build the lexicons under wordlists/ from the shared material and pyspellchecker's English list.

    python scripts/build_wordlists.py [--shared ../shared] [--out wordlists]

Rerunning gives byte-identical files. Cables listed in benchmarks/heldout-cables.txt are left out
of every count (and their entities of the names list) so that benchmarks measure unseen text.
Hand-kept lists (acronyms.txt, arms-control.txt, confusions.tsv, furniture.tsv, header-fields.txt,
short-words.txt) are not generated; this script reads short-words.txt, arms-control.txt and
confusions.tsv from the repository's wordlists/ (also when --out points elsewhere).

Protected words are never corrected, so a protected name that is also a cheap OCR misreading of a
much more frequent word (ALI for ALL, ROLF for ROLE) would shield that misreading. Such entries
are left out of names.txt and cable-terms.txt (tests/test_wordlists.py checks the same rule).
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import re
import zlib
from collections import Counter
from importlib.metadata import version
from pathlib import Path

import spellchecker

from ocrfix.channel import ConfusionTable, NoiseModel
from ocrfix.lexicon import CABLE_SHARE, LISTED_WORD_PROBABILITY

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
# A protected entry is dropped when OCR turns a word into it this cheaply (channel cost, -ln weight:
# one glyph confusion of weight 0.4 or more) and that word is this much likelier (in nats, e**4 = 55x).
CHEAP_CONFUSION = 1.0
FREQUENCY_GAP = 4.0


def is_heldout(name: str) -> bool:
    return zlib.crc32(name.encode()) % 5 == 0


def header(text: str) -> str:
    return "".join(f"# {line}\n" for line in text.strip().splitlines())


def write(path: Path, comment: str, lines: list[str]) -> None:
    path.write_text(header(comment) + "".join(line + "\n" for line in lines), encoding="utf-8")
    shown = path.relative_to(REPO) if path.is_relative_to(REPO) else path
    print(f"wrote {shown} ({len(lines)} entries)")


def corpus_words(text: str) -> list[list[str]]:
    """Tokens per line: hyphenated compounds count as their parts."""
    return [WORD.findall(line.upper().replace("’", "'")) for line in text.splitlines()]


def hand_kept(name: str) -> list[str]:
    return [line.strip() for line in (WORDLISTS / name).read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


def short_words() -> set[str]:
    return set(hand_kept("short-words.txt"))


def word_costs(cable: dict[str, int], english: dict[str, int], protected: set[str]) -> dict[str, float]:
    """-ln P(word) as ocrfix.lexicon.Lexicon computes it from these lists."""
    cable_total, english_total = sum(cable.values()), sum(english.values())
    costs = {}
    for word in set(cable) | set(english) | protected:
        p = CABLE_SHARE * cable.get(word, 0) / cable_total + (1 - CABLE_SHARE) * english.get(word, 0) / english_total
        costs[word] = -math.log(max(p, LISTED_WORD_PROBABILITY))
    return costs


def shields_misreading(costs: dict[str, float]):
    """A test: is this protected entry a cheap OCR misreading of a much likelier known word?

    Candidates share the entry's glyph skeleton, as Lexicon.candidates(entry, 0) finds them.
    """
    model = NoiseModel(ConfusionTable.from_lines(hand_kept("confusions.tsv")))
    by_skeleton: dict[str, list[str]] = {}
    for word in sorted(costs):
        by_skeleton.setdefault(model.skeleton(word), []).append(word)

    def test(entry: str) -> bool:
        return any(
            word != entry and costs[word] + FREQUENCY_GAP < costs[entry] and model.cost(entry, word) < CHEAP_CONFUSION
            for word in by_skeleton.get(model.skeleton(entry), ())
        )

    return test


def build(shared: Path, out: Path, write_heldout: bool) -> None:
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
        out / "cable-unigrams.tsv",
        f"Word counts in {len(training)} clean cable bodies (1973-79), held-out cables excluded.\n"
        "Format: WORD<TAB>count, sorted by word. Built by scripts/build_wordlists.py.",
        [f"{w}\t{c}" for w, c in sorted(unigrams.items())],
    )
    write(
        out / "cable-bigrams.tsv",
        "Word-pair counts (within a line) in the same cables.\n"
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
        out / "english.tsv",
        f"General English word frequencies: pyspellchecker {version('pyspellchecker')}'s English list, words seen at least\n"
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

    names = set()
    places = set()
    for row in (shared / "corpus" / "entities.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        surface, kind, doc = (row.split("\t") + ["", ""])[:3]
        if is_heldout(doc + ".txt") or not kind.startswith(("PER", "GPE", "ORG", "LOC")):
            continue
        for token in WORD.findall(surface.upper()):
            if len(token) >= 3 and token not in NAME_STOPWORDS:
                names.add(token)
        place_words = WORD.findall(surface.upper())
        if kind.startswith(("GPE", "LOC")) and len(place_words) == 1 and len(place_words[0]) >= 3:
            places.add(place_words[0])  # a place named by one word: CHINA, GENEVA, SOVIET

    shields = shields_misreading(word_costs(unigrams, kept, terms | names | set(hand_kept("arms-control.txt"))))
    dropped_terms = sorted(t for t in terms if shields(t))
    dropped_names = sorted(n for n in names if shields(n))
    for kind, dropped in (("terms", dropped_terms), ("names", dropped_names)):
        if dropped:
            print(f"left out {len(dropped)} {kind} that are cheap misreadings of commoner words: {' '.join(dropped)}")
    write(
        out / "cable-terms.txt",
        "Cable jargon, markers, office symbols and abbreviations (from the shared cable-terms.tsv, whose\n"
        "SOURCES.md names the sources). Protected: never corrected into something else. Left out: terms that\n"
        "OCR makes cheaply from a much commoner word (they would shield that misreading).\n"
        "Format: one TERM per line, sorted. Built by scripts/build_wordlists.py.",
        sorted(terms - set(dropped_terms)),
    )
    write(
        out / "names.txt",
        "Words of the people, places and organisations named in the corpus cables (shared entities.tsv),\n"
        "excluding held-out cables and words that OCR makes cheaply from a much commoner word (ALI from ALL).\n"
        "Format: one NAME per line, sorted. Built by scripts/build_wordlists.py.",
        sorted(names - set(dropped_names)),
    )
    write(
        out / "places.txt",
        "Nations and places named by a single word in the corpus cables (entities of type GPE and LOC),\n"
        "held-out cables excluded: written with a capital in sentence case (Soviet, China, Geneva).\n"
        "Format: one WORD per line, sorted. Built by scripts/build_wordlists.py.",
        sorted(places),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared", help="the shared material folder")
    parser.add_argument("--out", type=Path, default=WORDLISTS, help="where to write the generated lists (default: wordlists/)")
    parser.add_argument("--write-heldout", action="store_true", help="rewrite benchmarks/heldout-cables.txt")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    build(args.shared, args.out, args.write_heldout)


if __name__ == "__main__":
    main()
