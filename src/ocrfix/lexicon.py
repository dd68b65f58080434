"""Lexicons: what words exist, how often, in what company, and which must never change."""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from .channel import NoiseModel, noise_model
from .memo import Generations
from .resources import data_lines

PROTECTED_LISTS = ("cable-terms.txt", "arms-control.txt", "names.txt")
# Words known only from a list (no counts) are treated as this probable.
LISTED_WORD_PROBABILITY = 2e-6
# User wordlist entries without a count get this many pseudo-occurrences in the cable corpus.
DEFAULT_USER_COUNT = 5
# The domain corpus is small but on topic; it gets this share of the unigram mixture.
CABLE_SHARE = 0.6
# In pyspellchecker's counts SMITH has 1,006 and MOSCOW 294, but DELEGATION 3,038 and STATE 151,139.
COMMON_ENGLISH_COUNT = 2000
# Entries in each generation of the candidate caches (two generations: at most twice this many).
# Over 300,000 tokens one in eight misses was a look-up the cache had held and emptied; keeping a
# generation is 1.7% faster for about 19 MB more (benchmarks/speed.py).
CANDIDATE_CACHE_SIZE = 50_000
# A short token's glyph-class neighbours weighed by the channel model (those nearest in plain
# letters); 16 cost 2% more time for no gain in quality (benchmarks/quality.py).
SCORED_CANDIDATES = 8
# Lookups of one length answered by a C-level scan before that length's deletion index is built:
# a build costs about as much as ten scans, so a length builds once it has paid that much in scans
# (and a one-line file never pays for a build).
SCAN_BEFORE_INDEX = 10
# One edit leaves the query's first half or its second half whole, at the start or the end of the
# word. So where no known skeleton starts with the query's first k glyphs, nor ends with its last k
# (k at most half the query), none is one edit away: most long queries, such as a merge of two
# words, are answered by two set lookups.
EDGE_CHECK = range(3, 9)  # the values of k kept
LONG_WORD = 6
# A long word two edits away is found if it keeps its first FIRST_EDGE or its last LAST_EDGE glyph
# classes. Endings are few (-ION, -ED, -ES): two final glyphs would leave several times as many
# words to scan, for no measured gain in quality (benchmarks/quality.py).
FIRST_EDGE = 2
LAST_EDGE = 3
BIGRAM_SHARE = 0.5  # weight of the corpus bigram against the unigram
UNSEEN_WORD_COST = 20.0


class WordlistError(ValueError):
    """A user wordlist that cannot be read; the message names the file and line."""


def read_user_wordlist(path: str) -> dict[str, int]:
    """Read a word list: WORD, or WORD<TAB>COUNT with any further columns ignored (the
    format `ocrfix learn` writes). Lines starting with # are comments."""
    words: dict[str, int] = {}
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise WordlistError(f"cannot read wordlist {path}: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise WordlistError(f"wordlist {path} is not UTF-8") from None
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.strip().split("\t")
        word = fields[0].strip().upper()
        if not word or " " in word:
            raise WordlistError(f"{path}:{number}: expected WORD or WORD<TAB>COUNT, got {line.strip()!r}")
        count = fields[1].strip() if len(fields) > 1 else ""
        try:
            words[word] = words.get(word, 0) + (int(count) if count else DEFAULT_USER_COUNT)
        except ValueError:
            raise WordlistError(f"{path}:{number}: count {count!r} is not a whole number") from None
    return words


def _counts(name: str) -> dict[str, int]:
    counts = {}
    for line in data_lines(name):
        word, count = line.rsplit("\t", 1)
        counts[word] = int(count)
    return counts


class Lexicon:
    """Unigram and bigram statistics plus protected words, with a candidate index by glyph class."""

    def __init__(self, extra_words: dict[str, int] | None = None, model: NoiseModel | None = None) -> None:
        self.model = model or noise_model()
        cable = _counts("cable-unigrams.tsv")
        for word, count in (extra_words or {}).items():
            cable[word] = cable.get(word, 0) + count
        english = self.english = _counts("english.tsv")
        self.bigrams = _counts("cable-bigrams.tsv")  # by "PREVIOUS WORD", as the file has them
        self.cable = cable
        cable_total = sum(cable.values())
        english_total = sum(english.values())
        self.protected = frozenset(w for name in PROTECTED_LISTS for w in data_lines(name)) | frozenset(extra_words or ())
        probabilities: dict[str, float] = {}
        for word in set(cable) | set(english) | self.protected:
            p = CABLE_SHARE * cable.get(word, 0) / cable_total + (1 - CABLE_SHARE) * english.get(word, 0) / english_total
            probabilities[word] = max(p, LISTED_WORD_PROBABILITY)
        self.cost = {w: -math.log(p) for w, p in probabilities.items()}
        by_skeleton = defaultdict(list)
        for word in sorted(self.cost):
            by_skeleton[self.model.skeleton(word)].append(word)
        self._by_skeleton = {skeleton: tuple(words) for skeleton, words in by_skeleton.items()}
        self._deletes_by_length: dict[int, dict[str, str]] = {}
        self._skeletons_by_length: dict[int, tuple[str, ...]] = {}
        self._lookups: dict[int, int] = defaultdict(int)
        self._edges_by_width: dict[int, tuple[frozenset[str], frozenset[str]]] = {}
        self._edge_pools: dict[tuple[str, str], tuple[tuple[str, ...], tuple[int, ...]]] = {}
        self._candidate_cache = Generations(CANDIDATE_CACHE_SIZE)  # by (skeleton, distance, scan)
        self._scored_cache = Generations(CANDIDATE_CACHE_SIZE)  # by (observed, distance, scan)
        # the decoder's caches, kept here because they live as long as the lexicon
        self.line_cache: dict = {}
        self.transitions: dict = {}
        self.readings_cache: dict = {}
        self.fixed_cache: tuple[dict, dict] = ({}, {})
        self.token_kinds: dict = {}
        self.settings: dict = {}

    def __contains__(self, word: str) -> bool:
        return word in self.cost

    def is_common(self, word: str) -> bool:
        """Frequent enough in general English that it is a word before it is a name."""
        return self.english.get(word, 0) >= COMMON_ENGLISH_COUNT

    def pair_cost(self, previous: str, word: str) -> float:
        """-ln P(word | previous), the corpus bigram interpolated with the unigram (the corpus is small)."""
        unigram = math.exp(-self.cost.get(word, UNSEEN_WORD_COST))
        pair = self.bigrams.get(f"{previous} {word}", 0)
        seen = self.cable.get(previous, 0)
        conditional = pair / seen if seen else 0.0
        return -math.log(BIGRAM_SHARE * conditional + (1 - BIGRAM_SHARE) * unigram)

    def _within_one(self, query: str) -> set[str]:
        """Every skeleton within one edit of the query. A length's deletion index costs a few
        hundredths of a second to build, so the first lookups of each length scan instead
        (the same answer: both are exact)."""
        by_length = self._skeletons_by_length
        if not by_length:
            lists = defaultdict(list)
            for skeleton in self._by_skeleton:
                lists[len(skeleton)].append(skeleton)
            by_length.update((length, tuple(skeletons)) for length, skeletons in lists.items())
        length = len(query)
        indexes = self._deletes_by_length
        same_length = indexes.get(length)
        if same_length is None:
            self._lookups[length] += 1
            if self._lookups[length] <= SCAN_BEFORE_INDEX:
                return {m for n in (length - 1, length, length + 1) if n in by_length
                        for m, _, _ in process.extract(query, by_length[n], scorer=Levenshtein.distance,
                                                       score_cutoff=1, limit=None)}
            same_length = self._deletes(length)
        k = min(length // 2, EDGE_CHECK[-1])  # (checked once the index is in use: a one-line file builds neither)
        if k >= EDGE_CHECK[0]:
            heads, tails = self._edges(k)
            if query[:k] not in heads and query[-k:] not in tails:
                return set()
        by_skeleton = self._by_skeleton
        lost = self._deletes(length + 1).get(query)  # one glyph lost
        found = set(lost.split(" ")) if lost else set()
        if query in by_skeleton:
            found.add(query)
        deletions = {query[:i] + query[i + 1 :] for i in range(length)}
        found |= by_skeleton.keys() & deletions  # one glyph invented (C-level: the small set is walked)
        substituted = set()
        for deleted in same_length.keys() & deletions:
            substituted.update(same_length[deleted].split(" "))
        # deletions at different places also meet: keep only what is truly one edit away
        if substituted:
            found.update(match for match, _, _ in process.extract(
                query, substituted, scorer=Levenshtein.distance, score_cutoff=1, limit=None))
        return found

    def _edges(self, k: int) -> tuple[frozenset[str], frozenset[str]]:
        """The first and the last k glyphs of every skeleton one edit could reach from a query of
        length 2k or more (see EDGE_CHECK), built on demand."""
        edges = self._edges_by_width.get(k)
        if edges is None:
            reach = [s for length, skeletons in self._skeletons_by_length.items() if length >= 2 * k - 1
                     for s in skeletons]
            edges = self._edges_by_width[k] = frozenset(s[:k] for s in reach), frozenset(s[-k:] for s in reach)
        return edges

    def _deletes(self, length: int) -> dict[str, str]:
        """Skeletons of this length indexed by each of their one-glyph deletions (built on demand)."""
        index = self._deletes_by_length.get(length)
        if index is None:
            # Each entry's skeletons as one string, grown in place: compact, a dict of strings the
            # garbage collector never walks, and no list per entry that would bring on full collections.
            index = {}
            get = index.get
            for skeleton in self._skeletons_by_length.get(length, ()):
                for i in range(length):
                    deleted = skeleton[:i] + skeleton[i + 1 :]
                    found = get(deleted)
                    index[deleted] = skeleton if found is None else f"{found} {skeleton}"
            self._deletes_by_length[length] = index
        return index

    def _scan(self, query: str, max_distance: int) -> list[str]:
        """Skeletons within the distance that share the query's first or last glyph classes (see
        FIRST_EDGE), by a C-level scan: the deletion index reaches only one edit on each side, and
        a word damaged at both ends at once is rare enough to give up."""
        pools = self._edge_pools
        if not pools:
            lists = defaultdict(list)
            for skeleton in self._by_skeleton:
                lists["first", skeleton[:FIRST_EDGE]].append(skeleton)
                lists["last", skeleton[-LAST_EDGE:]].append(skeleton)
            for key, found in lists.items():
                found.sort(key=len)  # so that the lengths within reach are one slice: one C-level scan, not five
                # fresh copies made one after another lie close in memory, which a scan reads faster
                found = "\n".join(found).split("\n")
                pools[key] = tuple(found), tuple(map(len, found))  # (untracked, as above)
        length = len(query)
        found = set()
        for end, glyph in (("first", query[:FIRST_EDGE]), ("last", query[-LAST_EDGE:])):
            pool = pools.get((end, glyph))
            if pool is None:
                continue
            skeletons, lengths = pool
            low, high = bisect_left(lengths, length - max_distance), bisect_right(lengths, length + max_distance)
            if low < high:
                found.update(match for match, _, _ in process.extract(
                    query, skeletons[low:high], scorer=Levenshtein.distance, score_cutoff=max_distance, limit=None))
        return list(found)

    def scored_candidates(self, observed: str, max_distance: int, scan: bool = True) -> tuple[tuple[str, float], ...]:
        """Candidates with the channel cost of reading each as `observed`, cached."""
        key = (observed, max_distance, scan)
        cached = self._scored_cache.get(key)
        if cached is None:
            cost = self.model.cost
            # sorted: ties must break the same way in every process, whatever the hash seed
            words = sorted(set(self.candidates(observed, max_distance, scan)))
            if len(words) > SCORED_CANDIDATES:
                # a short token has scores of glyph-class neighbours: weigh only those nearest
                # in plain letters, commonest first, through the (slower) channel model
                ranked = sorted((distance, self.cost[w], w) for w, distance, _ in process.extract(
                    observed.upper(), words, scorer=Levenshtein.distance, limit=None))
                words = sorted(w for _, _, w in ranked[:SCORED_CANDIDATES])
            cached = tuple((w, cost(observed, w)) for w in words)
            self._scored_cache.put(key, cached)
        return cached

    def candidates(self, observed: str, max_distance: int = 2, scan: bool = True) -> tuple[str, ...]:
        """Known words whose glyph skeleton is within `max_distance` edits of the observed one.

        `scan` allows the slower search two edits away for long words the index misses."""
        query = self.model.skeleton(observed)
        key = (query, max_distance, scan)
        cached = self._candidate_cache.get(key)
        if cached is None:
            cached = tuple(self._lookup(query, max_distance, scan)) if query else ()
            self._candidate_cache.put(key, cached)
        return cached

    def _lookup(self, query: str, max_distance: int, scan: bool) -> list[str]:
        found: set[str] = set()
        by_skeleton = self._by_skeleton
        if max_distance >= 1:
            found.update(self._within_one(query))
        elif query in by_skeleton:
            found.add(query)
        if scan and not found and max_distance >= 2 and len(query) >= LONG_WORD:
            found.update(self._scan(query, max_distance))
        words = []
        for skeleton in sorted(found):  # (each within the distance: the searches above make sure)
            words.extend(by_skeleton[skeleton])
        return words


@lru_cache(maxsize=8)
def load_lexicon(wordlists: tuple[str, ...] = (), protected: frozenset[str] = frozenset()) -> Lexicon:
    """The shared lexicon plus user wordlists and protected words; cached per process."""
    extra: dict[str, int] = {}
    for path in wordlists:
        for word, count in read_user_wordlist(path).items():
            extra[word] = extra.get(word, 0) + count
    for word in protected:
        extra.setdefault(word, DEFAULT_USER_COUNT)
    return Lexicon(extra)
