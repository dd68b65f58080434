"""Learning a lexicon from a collection (TICCL-style): words that recur intact across many
documents are names, places and local jargon, worth protecting and pulling variants to.

The lexicon is plain text, one word a line, sorted by the number of documents:

    # ocrfix learned lexicon 1: word <TAB> documents <TAB> occurrences
    # 1,204 documents; words of at least 4 letters found in at least 3 documents
    WASHINGTON	1187	2410

Words are upper case (compare case-insensitively). Lines starting with # are comments.
`ocrfix.lexicon.read_user_wordlist` reads it (and plain word lists) for `--wordlist`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from .textio import DEFAULT_MAX_BYTES, write_atomic

FORMAT_LINE = "# ocrfix learned lexicon 1: word <TAB> documents <TAB> occurrences"
DEFAULT_MIN_DOCUMENTS = 3
DEFAULT_MIN_LENGTH = 4

# Words are split at white space, hyphens and slashes; surrounding punctuation is dropped.
_PIECES = re.compile(r"[^\s/\-\u2010-\u2015]+")
_EDGE_PUNCTUATION = "\"'()[]{}<>.,;:!?*`"


def looks_intact(word: str, min_length: int = DEFAULT_MIN_LENGTH) -> bool:
    """Plain ASCII letters only, long enough, and cased as text is (UPPER, lower or Title).

    A letter next to a digit or a stray mark (M0SCOW, WASH1NGTON, TH,E) is not a word here,
    nor is ragged casing (WaSHINGTON), which OCR produces and writers do not.
    """
    return (
        len(word) >= min_length
        and word.isascii()
        and word.isalpha()
        and (word.isupper() or word.islower() or word.istitle())
    )


def document_words(text: str, min_length: int = DEFAULT_MIN_LENGTH) -> Counter:
    """How often each intact word (upper-cased) occurs in one document."""
    counts: Counter = Counter()
    for piece in _PIECES.findall(text):
        word = piece.strip(_EDGE_PUNCTUATION)
        if looks_intact(word, min_length):
            counts[word.upper()] += 1
    return counts


@dataclass
class WordStatistics:
    """Document and occurrence counts over a collection; memory grows with the vocabulary only."""

    documents: int = 0
    document_counts: Counter = None
    occurrences: Counter = None

    def __post_init__(self) -> None:
        self.document_counts = self.document_counts or Counter()
        self.occurrences = self.occurrences or Counter()

    def add(self, counts: Counter) -> None:
        self.documents += 1
        self.document_counts.update(counts.keys())
        self.occurrences.update(counts)

    def lexicon(self, min_documents: int = DEFAULT_MIN_DOCUMENTS) -> list[tuple[str, int, int]]:
        """(word, documents, occurrences) for words in at least `min_documents` documents, most widespread first."""
        kept = [(w, d, self.occurrences[w]) for w, d in self.document_counts.items() if d >= min_documents]
        return sorted(kept, key=lambda row: (-row[1], -row[2], row[0]))


def format_lexicon(rows: list[tuple[str, int, int]], documents: int, min_documents: int, min_length: int) -> str:
    header = [
        FORMAT_LINE,
        f"# {documents:,} documents; words of at least {min_length} letters found in at least {min_documents} documents",
    ]
    return "\n".join(header + [f"{w}\t{d}\t{o}" for w, d, o in rows]) + "\n"


# --------------------------------------------------------------------------- over a batch


@dataclass(frozen=True)
class LearnSetup:
    max_bytes: int = DEFAULT_MAX_BYTES
    min_length: int = DEFAULT_MIN_LENGTH


def count_file(setup: LearnSetup, job) -> tuple[int, Counter] | None:
    """(characters, word counts) of one file, or None when it is not readable text (the cleaning pass says why)."""
    from .batch import _Refused, decode_source, read_source

    try:
        text = decode_source(read_source(job.source, setup.max_bytes), job.source).text
    except _Refused:
        return None
    return len(text), document_words(text, setup.min_length)


@dataclass
class Learned:
    words: int
    documents: int


def learn_lexicon(
    jobs: Iterable,
    path: Path,
    *,
    jobs_count: int = 1,
    scheduler: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    min_documents: int = DEFAULT_MIN_DOCUMENTS,
    min_length: int = DEFAULT_MIN_LENGTH,
    console=None,
    quiet: bool = True,
) -> Learned:
    """First pass over a batch: count intact words per document and save the lexicon (atomically)."""
    from .batch import Progress, in_order, open_executor

    jobs = list(jobs)
    setup = LearnSetup(max_bytes, min_length)
    statistics = WordStatistics()
    progress = Progress(console, len(jobs), enabled=console is not None and console.is_terminal and not quiet, label="learning")
    executor = open_executor(setup, jobs_count, len(jobs), scheduler) if jobs else None
    try:
        if executor is not None:
            for _job, counted, _error in in_order(executor, count_file, setup, jobs):
                if counted is not None:
                    statistics.add(counted[1])
                progress.advance(counted[0] if counted else 0)
    finally:
        progress.stop()
        if executor is not None:
            executor.close()
    rows = statistics.lexicon(min_documents)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, format_lexicon(rows, statistics.documents, min_documents, min_length))
    return Learned(len(rows), statistics.documents)
