"""Token correction shared by the `confusions` and `dictionary` filters.

A noisy-channel decoder: for each line, every token may stay as it is or become a candidate
word (or a merge of neighbouring tokens, or a split of one); each choice costs
    -ln P(garbled) + channel cost (the OCR confusion model)     for a change
    -ln P(intact) [+ unknown-word and garbage penalties]       for keeping the token
plus word-bigram language-model costs between neighbours. The cheapest path wins; each
change carries its local posterior as confidence.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from .casecount import case_counts
from .edits import Edit
from .lexicon import Lexicon, load_lexicon
from .memo import plain_memo, plain_memo_by_flag
from .resources import data_lines

LEADING_MARKS = "\"'([{<“‘`*"
TRAILING_MARKS = ".,;:!?)\"']}>•·”’*"
# Glyphs that no word of teletype prose holds.
HARD_GARBAGE = set("£¥§•·~|\\{}[]<>^¬«»©®°±¤¢¦¨¯´¸¹²³¼½¾×÷_`$")
SOFT_GARBAGE = set(",.:;!?\"()")  # punctuation that does not belong inside a teletype word
COMPOUND = re.compile(r"[^\W_][^-\s]*(?:-[^\W_][^-\s]*)+")  # parts joined by hyphens: CO-PRODUCTION
RUN_ON = re.compile(r"([A-Za-z]{2,})([,;:])([A-Za-z]{2,})")
WORD = re.compile(r"\S+")
ELLIPSIS = re.compile(r"\.{2,}")
JOINERS = re.compile(r"[-/]|\.{2,}")  # a hyphen or slash, or an ellipsis run into the next word
POSSESSIVE_MARK = re.compile(r"[•·'’]S")
ABBREVIATION = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]?\.?")  # U.S., E.O., A.M., i.e.
CAPITALISED = re.compile(r"[A-Z][a-z]{2,}(?:['’]s)?")  # a proper mixed-case word, never teletype noise
# Numbers, date-time groups, codes (A-344, SS20, F4); not words with a digit for a letter (TH1S).
NUMBERISH = re.compile(r"[0-9]+(?:[.,:/\-][0-9]+)*[A-Z]{0,2}|[A-Z]{1,3}-[0-9]+[A-Z]?|[A-Z]{1,3}[0-9]{2,}[A-Z]?|[A-Z][0-9]"
                       r"|[0-9]+(?:ST|ND|RD|TH|S)")

# Costs, in nats.
UNKNOWN_WORD = 17.0  # keeping a token the lexicons do not know
UNLISTED_WORD_COST = UNKNOWN_WORD + 9.0  # the language model's cost of a word no lexicon lists
DOCUMENT_WORD_COST = -math.log(1e-4)  # a word the document vouches for (its vocabulary)
# A candidate whose channel cost exceeds this is a worse bet than "some word we do not know".
REJECT_CHANNEL = 7.0
CONTEXT_WEIGHT = 0.7  # how far the word-pair model may move a choice away from the unigram
MERGE_SPACE = 1.6  # OCR split a word with a stray space
SPLIT_SPACE = 2.5  # OCR ran two words together
MIN_NOISE, MAX_NOISE = 0.002, 0.5
NOISE_GRID_RATIO = 1.25
NEAR_MISS_EVIDENCE = 0.5  # how much an unknown word one slip from a known one says about OCR damage
FAR_MISS_EVIDENCE = 0.1  # ... and an unknown word far from any (usually a name)
NEAR_MISS_COST = 5.0
# Known words are reconsidered (real-word errors such as ME for HE) only in documents this noisy.
REAL_WORD_MIN_NOISE = 0.08
# A document with fewer garbled tokens than this share (or only one) is clean text: only
# garbled tokens are touched.
CLEAN_DOCUMENT_GARBLE = 0.006
CLEAN_DOCUMENT_MAX_CHANNEL = 2.5  # e.g. two digits read for letters (M0SC0W), not a reshaped word
REAL_WORD_DOUBT = 1.5
KNOWN_MERGE_MIN_NOISE = 0.2  # only in badly damaged text may two known words be one split word  # a real word is likelier meant than a glyph-confusable rival
MAX_OPTIONS = 4
# Cache bounds: a worker's memory grows while they fill, then stays flat however many files it cleans.
LINE_CACHE_SIZE = 5_000
TRANSITION_CACHE_SIZE = 100_000
READINGS_CACHE_SIZE = 50_000
SETTINGS_CACHE_SIZE = 1_000
LONG_GARBLED_LETTERS = 8
VOCABULARY_MIN_LENGTH = 5
VOCABULARY_MIN_SUPPORT = 3
NEAR_KNOWN_COST = 4.0  # one lost letter or two glyph confusions away from a known word


@dataclass(slots=True)
class Token:
    """A whitespace-delimited token, placed within its line: the same line anywhere in any text
    has the same tokens, so they are made once and shared."""

    start: int  # of the whole token, in its line
    end: int
    raw: str  # lead + core + trail
    lead: str
    core: str
    trail: str

    @property
    def core_start(self) -> int:
        return self.start + len(self.lead)

    @property
    def core_end(self) -> int:
        return self.end - len(self.trail)


def split_token(raw: str) -> tuple[str, str, str]:
    rest = raw.lstrip(LEADING_MARKS)
    core = rest.rstrip(TRAILING_MARKS)
    i, j = len(raw) - len(rest), len(raw) - len(rest) + len(core)
    if j < len(raw) and raw[j] == ")" and core.count("(") > core.count(")"):
        j += 1  # AUTHOR(S): the bracket closes inside the word
    return raw[:i], raw[i:j], raw[j:]


split_parts = plain_memo(maxsize=50_000)(split_token)  # the same words come on line after line


class TokenLine(NamedTuple):
    number: int
    offset: int  # where the line starts in the text
    tokens: tuple[Token, ...]


@lru_cache(maxsize=4)  # several filters and passes read the same text
def tokenize(text: str) -> list[TokenLine]:
    """The tokens of each line. Treat the result as read-only."""
    lines = []
    offset = 0
    for number, line in enumerate(text.split("\n")):
        lines.append(TokenLine(number, offset, line_tokens(line)))
        offset += len(line) + 1
    return lines


# Most lines come through every filter and pass unchanged. (The garbage collector tracks Token
# objects and walks them all on every full collection: the cache holds about a document's lines.)
@lru_cache(maxsize=500)
def line_tokens(line: str) -> tuple[Token, ...]:
    return tuple(Token(*match.span(), raw := match.group(), *split_parts(raw)) for match in WORD.finditer(line))


@lru_cache(maxsize=1)
def header_field_pattern() -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in data_lines("header-fields.txt")))


def is_header_line(line: str) -> bool:
    return bool(header_field_pattern().match(line.lstrip()))


@plain_memo(maxsize=50_000)
def is_numberish(core: str) -> bool:
    if NUMBERISH.fullmatch(core.upper()):
        return True
    digits = sum(map(str.isdigit, core))
    letters = sum(map(str.isalpha, core))
    return digits >= 2 and digits >= letters


@plain_memo_by_flag(maxsize=50_000)
def garbage_glyphs(core: str, teletype: bool) -> int:
    """How many glyphs of the token cannot belong to a word (lowercase counts in teletype text)."""
    if ABBREVIATION.fullmatch(core) or CAPITALISED.fullmatch(core):
        return 0
    if "(" in core and core.count("(") == core.count(")"):
        core = core.replace("(", "").replace(")", "")  # a bracketed part, AUTHOR(S)
    core = ELLIPSIS.sub("", core)  # DIPLOMATS...AS
    parts = JOINERS.split(core)
    if len(parts) > 1:  # 19-FEBRUARY: the digits are a number of their own, not damage
        return sum(garbage_glyphs(p, teletype) for p in parts if p and not is_numberish(p))
    if not teletype:  # edited text: trailing digits are footnote references (States1)
        core = core.rstrip("0123456789")
    count = 0
    letters = any(ch.isalpha() for ch in core)
    for i, ch in enumerate(core):
        if ch in HARD_GARBAGE:
            count += 1
        elif ch.isdigit() and letters:
            count += 1
        elif teletype and (ch.islower() or (ch in SOFT_GARBAGE and 0 < i < len(core) - 1)):
            count += 1
    return count


def lookup_form(core: str) -> str:
    """The form a clean token is looked up by: uppercase, curly apostrophe straightened."""
    return core.upper().replace("’", "'")


@dataclass
class DocumentProfile:
    """What the whole document says about how to read its tokens."""

    teletype: bool
    noise: float
    vocabulary: dict[str, int] = field(default_factory=dict)
    teletype_lines: frozenset[int] = frozenset()
    header_lines: frozenset[int] = frozenset()
    clean: bool = False


@plain_memo(maxsize=LINE_CACHE_SIZE)  # every pass profiles the document's lines again
def is_upper_line(line: str) -> bool:
    """Is the line (of an upper-case document) teletype text?"""
    return uppercase_share(line) >= 0.6


def uppercase_share(text: str) -> float:
    letters, upper, _ = case_counts(text)
    return upper / letters if letters else 0.0


def is_known(word: str, lexicon: Lexicon) -> bool:
    if word in lexicon:
        return True
    for suffix in ("'S", "S'"):
        if word.endswith(suffix) and word[: -len(suffix)] in lexicon:
            return True
    if not JOINERS.search(word):
        return False
    parts = [p for p in JOINERS.split(word) if p]  # CO-PRODUCTION, 19-FEBRUARY, DIPLOMATS...AS, RECOMMEND-
    return bool(parts) and all(part in lexicon or is_numberish(part) for part in parts)


GARBLED, NEAR_MISS, FAR_MISS, KNOWN = "garbled", "near miss", "far miss", "known"
UNSEEN = object()  # not in a cache, told apart from a cached None


def token_kind(core: str, teletype: bool, lexicon: Lexicon, protected: frozenset[str]) -> str | None:
    """What a token says about the document's damage: garbled, an unknown word one slip from a
    known one (near miss), another unknown word (far miss), known; None for numbers and specks."""
    form = lookup_form(core)
    if sum(map(str.isalpha, core)) < 2 or is_numberish(core):
        return None
    if garbage_glyphs(core, teletype):
        return GARBLED
    if is_known(form, lexicon) or form in protected or ABBREVIATION.fullmatch(core):
        return KNOWN
    return NEAR_MISS if _near_known(form, lexicon, NEAR_MISS_COST) else FAR_MISS


def _token_kinds(lexicon: Lexicon, protected: frozenset[str]) -> tuple[dict, dict]:
    """The token kinds known so far, one table for edited text and one for teletype (plain dicts
    of strings, which the garbage collector does not walk)."""
    tables = lexicon.token_kinds.get(protected)
    if tables is None:
        tables = lexicon.token_kinds[protected] = ({}, {})
    for table in tables:
        if len(table) > READINGS_CACHE_SIZE:
            table.clear()
    return tables


def profile_document(text: str, lexicon: Lexicon, protected: frozenset[str] = frozenset()) -> DocumentProfile:
    lines = text.split("\n")
    teletype = uppercase_share(text) >= 0.8
    teletype_lines = frozenset(i for i, line in enumerate(lines) if is_upper_line(line)) if teletype else frozenset()
    header_lines = frozenset(i for i, line in enumerate(lines) if is_header_line(line))
    counts = {GARBLED: 0, NEAR_MISS: 0, FAR_MISS: 0, KNOWN: 0}
    intact: dict[str, int] = {}
    damaged: list[str] = []
    tables = _token_kinds(lexicon, protected)
    known_words = lexicon.cost
    for number, _, tokens in tokenize(text):
        teletype_line = number in teletype_lines
        kinds = tables[teletype_line]
        for token in tokens:
            core = token.core
            kind = kinds.get(core, UNSEEN)  # (cached inline: this runs for every token of every pass)
            if kind is UNSEEN:
                kind = kinds[core] = token_kind(core, teletype_line, lexicon, protected)
            if kind is None:
                continue
            counts[kind] += 1
            if kind == GARBLED:
                damaged.append(core)
            elif kind != KNOWN and core.isalpha() and core.isupper() and len(core) >= VOCABULARY_MIN_LENGTH \
                    and core not in known_words:  # (a known word, or a garbled one, is never intact and unknown)
                intact[core] = intact.get(core, 0) + 1
    words, garbled, near, far = sum(counts.values()), counts[GARBLED], counts[NEAR_MISS], counts[FAR_MISS]
    # Garbled glyphs are sure signs of OCR damage; an unknown word one slip from a known one is
    # some sign; other unknown words are mostly names.
    evidence = (garbled + NEAR_MISS_EVIDENCE * near + FAR_MISS_EVIDENCE * far) / words if words else 0.0
    noise = _on_grid(min(MAX_NOISE, max(MIN_NOISE, evidence)))
    garbled_share = garbled / words if words else 0.0
    vocabulary = _document_vocabulary(intact, damaged, lexicon)
    return DocumentProfile(teletype, noise, vocabulary, teletype_lines, header_lines,
                           clean=garbled < 2 or garbled_share < CLEAN_DOCUMENT_GARBLE)


def _on_grid(noise: float) -> float:
    """Round the noise estimate to a coarse geometric grid: decisions should not hang on its
    third digit, and a rerun over text that barely changed then reads it exactly as before."""
    step = math.log(NOISE_GRID_RATIO)
    return math.exp(round(math.log(noise) / step) * step)


def _document_vocabulary(intact: dict[str, int], damaged: list[str], lexicon: Lexicon) -> dict[str, int]:
    """Unknown words the document itself vouches for: seen intact, and again intact or as
    garbled variants, at least VOCABULARY_MIN_SUPPORT times in all (TICCL-style clustering)."""
    skeleton = lexicon.model.skeleton
    damaged_skeletons = [skeleton(d) for d in damaged]
    vocabulary = {}
    for word, count in intact.items():
        target = skeleton(word)
        reach = 1 if len(target) < 7 else 2  # short words have too many accidental neighbours
        variants = len(process.extract(target, damaged_skeletons, scorer=Levenshtein.distance,
                                       score_cutoff=reach, limit=None))
        if count + variants >= VOCABULARY_MIN_SUPPORT and not _near_known(word, lexicon):
            vocabulary[word] = count + variants
    return vocabulary


def _near_known(word: str, lexicon: Lexicon, within: float = NEAR_KNOWN_COST) -> bool:
    """Is this unknown word a cheap glyph confusion of a known one (TMAT for THAT)?"""
    return any(lexicon.model.cost(word, w) < within for w in lexicon.candidates(word, 1))


@dataclass(slots=True)
class Option:
    """One reading of `span` tokens of a line, wherever they stand (so one object serves every
    occurrence of the same token in a document)."""

    span: int
    core: str  # replacement for the cores' span; equal to the original when kept
    words: tuple[str, ...]  # what the language model sees
    cost: float
    kept: bool = False


# What a token allows for merging it with its neighbours, as bits of one number.
GARBLED_GLYPHS = 1  # shows damaged glyphs
BARRIER = 2  # never part of a merge: a number, an empty core, an OCR'd 'S
HYPHENATED = 4  # ends in a hyphen
TRAILED = 8  # has punctuation after its core


@plain_memo_by_flag(maxsize=50_000)
def join_flags(raw: str, teletype: bool) -> int:
    """The merge bits of a token (see GARBLED_GLYPHS)."""
    _, core, trail = split_token(raw)
    return ((GARBLED_GLYPHS if garbage_glyphs(core, teletype) else 0)
            | (BARRIER if not core or is_numberish(core) or POSSESSIVE_MARK.fullmatch(raw) else 0)
            | (HYPHENATED if core.endswith("-") or trail.endswith("-") else 0)
            | (TRAILED if trail else 0))


class Decoder:
    """Chooses, line by line, the cheapest reading of every token."""

    def __init__(self, lexicon: Lexicon, profile: DocumentProfile, protected: frozenset[str],
                 max_distance: int = 2, allow_merge: bool = True, allow_split: bool = True,
                 use_context: bool = True, real_words: bool = True) -> None:
        self.lexicon = lexicon
        self.profile = profile
        self.protected = protected | frozenset(profile.vocabulary)
        self.max_distance = max_distance
        self.allow_merge = allow_merge
        self.allow_split = allow_split
        self.use_context = use_context
        self.real_words = real_words
        self.clean_document = profile.clean
        self.change_cost = -math.log(profile.noise)
        self.keep_cost = -math.log(1 - profile.noise)
        self.vocabulary_skeletons = {w: lexicon.model.skeleton(w) for w in profile.vocabulary}
        # Everything a line's reading depends on besides its own tokens: lines are read again,
        # unchanged, on every pass, and a pass over text that barely changed profiles it the same.
        setting = (profile.noise, profile.clean, tuple(sorted(profile.vocabulary)), self.protected,
                   max_distance, allow_merge, allow_split, use_context, real_words)
        if len(lexicon.settings) > SETTINGS_CACHE_SIZE:  # the caches below are keyed by these numbers
            lexicon.settings.clear()
            lexicon.readings_cache.clear()
            lexicon.line_cache.clear()
        self._setting = lexicon.settings.setdefault(setting, len(lexicon.settings))  # a small key for the caches
        self._readings = lexicon.readings_cache
        self._fixed = lexicon.fixed_cache  # by token, one table for edited text and one for teletype
        self._known_words_doubted = real_words and profile.noise >= REAL_WORD_MIN_NOISE
        # A line of fixed tokens reads as it stands, unless known words may be doubted or merged.
        self._skip_fixed_lines = not self._known_words_doubted and not (
            allow_merge and profile.noise >= KNOWN_MERGE_MIN_NOISE)
        self._transitions: dict[str, float] = lexicon.transitions
        # each token's options in this document, one table for edited text and one for teletype
        self._options_by_token: tuple[dict[str, tuple[Option, ...]], dict[str, tuple[Option, ...]]] = ({}, {})

    # --- options -------------------------------------------------------------------------

    def _word_cost(self, word: str) -> float:
        if word in self.profile.vocabulary:
            return DOCUMENT_WORD_COST
        return self.lexicon.cost.get(word, UNLISTED_WORD_COST)

    def _scored(self, observed: str, distance: int, scan: bool) -> list[tuple[str, float]]:
        """Candidate words with their channel costs: the lexicon's (cached) and the document's."""
        scored = list(self.lexicon.scored_candidates(observed, distance, scan))
        if self.vocabulary_skeletons:
            skeleton = self.lexicon.model.skeleton(observed)
            scored += [(w, self.lexicon.model.cost(observed, w)) for _, _, w in process.extract(
                skeleton, self.vocabulary_skeletons, scorer=Levenshtein.distance, score_cutoff=distance, limit=None)]
        return scored

    def _changes(self, observed: str, span: int, extra: float, distance: int,
                 scan: bool = True) -> list[Option]:
        stem, suffix = (observed[:-2], observed[-2:]) if observed.endswith("'S") and len(observed) > 4 else (observed, "")
        if suffix:
            return [Option(o.span, o.core + suffix, o.words, o.cost)
                    for o in self._changes(stem, span, extra, distance, scan)]
        base = self.change_cost + extra
        options = [Option(span, word, (word,), base + channel)
                   for word, channel in self._scored(observed, distance, scan)
                   if not (word == observed and span == 1)]
        options.sort(key=lambda o: (o.cost + self._word_cost(o.core), o.core))
        return options[:MAX_OPTIONS]

    def _fixed_reading(self, core: str, teletype: bool) -> tuple[tuple[str, ...], bool] | None:
        """How a token reads that is itself in every document (a known word, a number, a lone
        glyph): the words the language model sees, and whether it is a word whose keeping costs
        the document's keep cost. None for a token with readings to choose from."""
        fixed = self._fixed[teletype]
        if core in fixed:
            return fixed[core]
        upper = lookup_form(core)
        if len(core) < 2 or POSSESSIVE_MARK.fullmatch(core):  # a lone glyph is too little evidence
            # to read as any word; an OCR'd 'S is the punctuation repair's business
            reading = ((upper,) if upper in ("A", "I") else (), False)
        elif is_numberish(core) or ABBREVIATION.fullmatch(core) or sum(map(str.isalnum, core)) < 2 and not teletype:
            reading = (("<num>",) if is_numberish(core) else (), False)
        elif garbage_glyphs(core, teletype) == 0 and (
                is_known(upper if not teletype else core, self.lexicon) or upper in self.lexicon.protected):
            reading = ((upper if upper in self.lexicon.cost else "<unk>",), True)
        else:
            reading = None
        if len(fixed) > READINGS_CACHE_SIZE:
            fixed.clear()
        fixed[core] = reading
        return reading

    def _only_reading(self, core: str, teletype: bool) -> tuple[tuple[str, ...], bool] | None:
        """The token's fixed reading where it is its one reading: not where known words may be doubted."""
        fixed = self._fixed_reading(core, teletype)
        return None if fixed is None or fixed[1] and self._known_words_doubted else fixed

    def options_for(self, core: str, teletype: bool) -> tuple[Option, ...]:
        """Every reading of a token on its own: kept first, then candidates. Treat as read-only."""
        by_token = self._options_by_token[teletype]
        options = by_token.get(core)
        if options is None:  # the same word recurs all through a document
            options = by_token[core] = self._token_options(core, teletype)
        return options

    def _token_options(self, core: str, teletype: bool) -> tuple[Option, ...]:
        fixed = self._only_reading(core, teletype)
        if fixed is not None:
            return (Option(1, core, fixed[0], self.keep_cost if fixed[1] else 0.0, kept=True),)
        key = (self._setting, core, teletype)
        readings = self._readings.get(key)
        if readings is None:  # ... and across documents
            # plain tuples, which the garbage collector stops tracking (Option objects it would walk)
            readings = self._readings[key] = tuple((o.core, o.words, o.cost, o.kept) for o in self._options(core, teletype))
            if len(self._readings) > READINGS_CACHE_SIZE:
                self._readings.clear()
        return tuple(Option(1, core, words, cost, kept) for core, words, cost, kept in readings)

    def _options(self, core: str, teletype: bool) -> list[Option]:
        form = lookup_form(core) if not teletype else core
        fixed = self._fixed_reading(core, teletype)
        if fixed is not None and not fixed[1]:
            return [Option(1, core, fixed[0], 0.0, kept=True)]
        garbage = garbage_glyphs(core, teletype)
        upper = lookup_form(core)
        protected = upper in self.protected or upper in self.lexicon.protected
        known = garbage == 0 and (is_known(form, self.lexicon) or protected)
        if known:
            keep = Option(1, core, (upper if upper in self.lexicon.cost else "<unk>",), self.keep_cost, kept=True)
        elif garbage:
            # Surely damaged, but kept: the page said some word we have no candidate for.
            keep = Option(1, core, ("<unk>",), self.change_cost + REJECT_CHANNEL + UNKNOWN_WORD, kept=True)
        else:
            keep = Option(1, core, ("<unk>",), self.keep_cost + UNKNOWN_WORD, kept=True)
        options = [keep]
        if protected and garbage == 0:
            return options
        if not known and COMPOUND.fullmatch(core) and "-" in self.lexicon.model.rewrite(core)[0]:
            options += self._compound(core, teletype)  # (l-I is an H, not a hyphen)
        run_on = RUN_ON.fullmatch(core)
        if run_on and self.allow_split and not self.clean_document \
                and all(w.upper() in self.lexicon.cost for w in run_on.group(1, 3)):
            # WHICH,BY: two words whose space OCR (or the typist) lost after a comma
            first, mark, second = run_on.groups()
            options.append(Option(1, f"{first}{mark} {second}", (first.upper(), second.upper()),
                                  self.change_cost + SPLIT_SPACE))
        if known:
            if self._known_words_doubted and len(core) >= 2:
                options += self._changes(core, 1, REAL_WORD_DOUBT, 0)
            return options
        letters = sum(map(str.isalpha, core))
        if garbage == 0 and (self.clean_document or letters <= 3 and self.profile.noise < REAL_WORD_MIN_NOISE):
            # In clean text an unknown word is a name or the writer's own spelling, and a short
            # one an abbreviation: not ours to change.
            return options
        distance = min(self.max_distance, 0 if letters <= 2 else 1 if letters <= 4 else 2)
        if garbage and letters >= LONG_GARBLED_LETTERS and self.max_distance >= 2:
            distance = 3  # a long word with damaged glyphs can still be told from its neighbours
        changes = self._changes(core, 1, 0.0, distance)
        if self.clean_document:  # an odd token in clean text: only plain glyph confusions
            changes = [o for o in changes if o.cost - self.change_cost <= CLEAN_DOCUMENT_MAX_CHANNEL
                       and len(o.core) == len(core) >= 3]
        options += changes
        if self.allow_split and len(core) >= 5 and garbage == 0:
            options += self._splits(core)
        return options

    def _compound(self, core: str, teletype: bool) -> list[Option]:
        """A hyphenated compound (SELF-SUFFlCIENCY) is read part by part."""
        parts, cost = [], 0.0
        for part in core.split("-"):
            readings = self._options(part, teletype)
            best = min(readings, key=lambda o: o.cost + sum(self._word_cost(w) for w in o.words if w not in ("<unk>", "<num>")))
            parts.append(best.core)
            cost += best.cost if not best.kept else 0.0
        joined = "-".join(parts)
        if joined == core or not cost:
            return []
        return [Option(1, joined, ("<unk>",), cost + UNKNOWN_WORD / 2)]

    def _splits(self, core: str) -> list[Option]:
        options = []
        upper = core.upper()
        for k in range(2, len(upper) - 1):
            left, right = upper[:k], upper[k:]
            if left in self.lexicon.cost and right in self.lexicon.cost:
                cost = self.change_cost + SPLIT_SPACE + self.lexicon.model.cost(core, left + right)
                options.append(Option(1, f"{left} {right}", (left, right), cost))
        return options

    def merges(self, tokens: tuple[Token, ...], i: int, known: list[bool], pieces: list[bool],
               flags: list[int]) -> list[Option]:
        """Readings of tokens i, i+1 (and i+2) as one word; `flags` are their join_flags."""
        options = []
        window, inner = flags[i], 0  # the bits of the tokens merged, and of all but the last
        for j in (i + 2, i + 3):
            if j > len(tokens) or all(known[i:j]) and self.profile.noise < KNOWN_MERGE_MIN_NOISE:
                break
            inner |= flags[j - 2]
            window |= flags[j - 1]
            if self.clean_document and not window & GARBLED_GLYPHS:
                break
            if window & BARRIER:
                break  # numbers, empty cores, and an OCR'd 'S (it belongs to the word before it)
            if not any(pieces[i:j]) or j == i + 3 and not pieces[i + 1]:
                continue  # a split word leaves at least one piece that is short or no word
            if inner & HYPHENATED:
                break  # deliberate hyphenation is the hyphen option's business
            if inner & TRAILED:
                break
            span = tokens[i:j]
            observed = span[0].core + "".join(t.lead + t.core for t in span[1:])
            extra = MERGE_SPACE * (j - i - 1)
            letters = sum(map(str.isalpha, observed))
            # A merge rejoins pieces of one word; it does not swallow a neighbour whole. Clean
            # pieces parted by a stray space rejoin within one edit: look further only for damaged ones.
            merged = [o for o in self._changes(observed, j - i, extra, self.max_distance, bool(window & GARBLED_GLYPHS))
                      if len(o.core) >= letters - 1][:3]
            if merged and not all(known[i:j]):
                # the rival of a merge: the pieces are one word we have no candidate for
                merged.append(Option(j - i, observed, ("<unk>",),
                                     self.change_cost + extra + REJECT_CHANNEL + UNKNOWN_WORD, kept=True))
            options += merged
        return options

    # --- decoding ------------------------------------------------------------------------

    def _lm(self, previous: str, words: tuple[str, ...]) -> float:
        if not self.use_context:
            return sum(self._unigram(w) for w in words)
        cost = 0.0
        for word in words:
            cost += self._transition(previous, word)
            previous = word
        return cost

    def _unigram(self, word: str) -> float:
        return 0.0 if word in ("<unk>", "<num>") else self._word_cost(word)

    def _transition(self, previous: str, word: str) -> float:
        if word in self.profile.vocabulary:
            return self._word_cost(word)  # the document's own word: no corpus context
        # otherwise the same in every document, so shared by all of them (words hold no spaces, and
        # a dict of strings and floats is one the garbage collector does not walk)
        key = f"{previous} {word}"
        cost = self._transitions.get(key)
        if cost is None:
            if len(self._transitions) >= TRANSITION_CACHE_SIZE:
                self._transitions.clear()
            cost = self._transitions[key] = self._transition_cost(previous, word)
        return cost

    def _transition_cost(self, previous: str, word: str) -> float:
        if word in ("<unk>", "<num>"):
            return 0.0
        unigram = self.lexicon.cost.get(word, UNLISTED_WORD_COST)
        if previous in ("<s>", "<unk>", "<num>"):
            return unigram
        return unigram + CONTEXT_WEIGHT * (self.lexicon.pair_cost(previous, word) - unigram)

    def decode_line(self, tokens: tuple[Token, ...], teletype: bool) -> list[tuple[int, Option, float]]:
        """The changed options on the best path, each with the index of its first token and its
        local confidence."""
        if not tokens:
            return []
        if self._skip_fixed_lines:  # most lines of most documents have nothing to choose
            fixed = self._fixed[teletype]
            for token in tokens:
                reading = fixed.get(token.core, UNSEEN)
                if reading is None or reading is UNSEEN and self._fixed_reading(token.core, teletype) is None:
                    break
            else:
                return []
        key = (self._setting, teletype, tuple(t.raw for t in tokens))
        cached = self.lexicon.line_cache.get(key)
        if cached is None:
            cached = self._decode(tokens, teletype)
            if len(self.lexicon.line_cache) > LINE_CACHE_SIZE:
                self.lexicon.line_cache.clear()
            self.lexicon.line_cache[key] = cached
        return cached

    def _decode(self, tokens: tuple[Token, ...], teletype: bool) -> list[tuple[int, Option, float]]:
        if not self.use_context and not self.allow_merge:
            return self._each_alone(tokens, teletype)
        per_token = [self.options_for(t.core, teletype) for t in tokens]
        known = [len(opts) == 1 or (opts[0].kept and opts[0].words[0] != "<unk>") for opts in per_token]
        # a piece of a broken word: short, or no known word
        pieces = [len(t.core) <= 3 or not k for t, k in zip(tokens, known)]
        starting = per_token  # each token's own options, and the merges that start there
        if self.allow_merge:
            flags_of = join_flags.for_flag(teletype)
            flags = [flags_of(t.raw) for t in tokens]
            for i in range(len(tokens) - 1):
                merged = self.merges(tokens, i, known, pieces, flags)
                if merged:
                    starting[i] = (*starting[i], *merged)
        if all(len(s) == 1 for s in starting):
            return []
        n = len(tokens)
        best: list[dict[str, tuple[float, tuple | None]]] = [dict() for _ in range(n + 1)]
        best[0]["<s>"] = (0.0, None)
        for i in range(n):
            for previous, (cost, _) in best[i].items():
                for option in starting[i]:
                    total = cost + option.cost + self._lm(previous, option.words)
                    last = option.words[-1] if option.words else previous
                    slot = best[i + option.span]
                    if last not in slot or total < slot[last][0]:
                        slot[last] = (total, (i, previous, option))
        path: list[tuple[int, Option]] = []
        state = min(best[n], key=lambda k: best[n][k][0])
        position = n
        while position > 0:
            _, back = best[position][state]
            i, previous, option = back
            path.append((i, option))
            position, state = i, previous
        path.reverse()
        return self._with_confidence(path, starting)

    def _each_alone(self, tokens: tuple[Token, ...], teletype: bool) -> list[tuple[int, Option, float]]:
        """Without context or merges every token is decided on its own: no lattice needed, and a
        token with a fixed reading (most of them) needs no options made."""
        changed = []
        for i, token in enumerate(tokens):
            if self._only_reading(token.core, teletype) is not None:
                continue
            options = self.options_for(token.core, teletype)
            if len(options) == 1:
                continue
            scores = [o.cost + self._lm("<s>", o.words) for o in options]
            best = min(scores)
            winner = options[scores.index(best)]
            if not winner.kept:
                changed.append((i, winner, 1.0 / sum(math.exp(best - score) for score in scores)))
        return changed

    def _with_confidence(self, path: list[tuple[int, Option]],
                         starting: list[tuple[Option, ...]]) -> list[tuple[int, Option, float]]:
        changed = []
        for k, (start, option) in enumerate(path):
            if option.kept:
                continue
            previous = path[k - 1][1].words[-1] if k and path[k - 1][1].words else "<s>"
            following = path[k + 1][1] if k + 1 < len(path) else None
            rivals = [o for o in starting[start] if o.span == option.span]
            if option.span > 1:  # the alternative to a merge: keep each token
                rivals.append(self._kept_span(starting, start, start + option.span))
            scores = [self._local(o, previous, following) for o in rivals]
            best = min(scores)
            weights = [math.exp(best - s) for s in scores]
            mine = weights[rivals.index(option)]
            changed.append((start, option, mine / sum(weights)))
        return changed

    def _kept_span(self, starting, start, end) -> Option:
        kept = [next(o for o in starting[i] if o.kept and o.span == 1) for i in range(start, end)]
        words = tuple(w for o in kept for w in o.words)
        return Option(end - start, "", words, sum(o.cost for o in kept), kept=True)

    def _local(self, option: Option, previous: str, following: Option | None) -> float:
        cost = option.cost + self._lm(previous, option.words)
        if following is not None and following.words:
            last = option.words[-1] if option.words else previous
            cost += self._lm(last, following.words[:1])
        return cost


# --- shared by the correction filters -----------------------------------------------------

PROFILE_KEY = "document-profile"


def document_profile(text: str, context) -> DocumentProfile:
    """The profile of the document as the first correction filter saw it, shared by the later ones."""
    profile = context.extra.get(PROFILE_KEY)
    if profile is None:
        lexicon = load_lexicon(context.wordlists, context.protected)
        profile = profile_document(text, lexicon, context.protected)
        context.extra[PROFILE_KEY] = profile
    return profile


def decoded_edits(text: str, decoder: Decoder, rule_for, note_for) -> list[Edit]:
    """Run a decoder over every line that is not a cable header field and turn its choices into edits."""
    edits = []
    teletype_lines, header_lines = decoder.profile.teletype_lines, decoder.profile.header_lines
    for number, offset, tokens in tokenize(text):
        if not tokens or number in header_lines:
            continue
        for start, option, confidence in decoder.decode_line(tokens, number in teletype_lines):
            first, last = tokens[start], tokens[start + option.span - 1]
            begin, end = offset + first.core_start, offset + last.core_end
            before = text[begin:end]
            if before == option.core:
                continue
            edits.append(Edit(begin, end, option.core, rule_for(option, first),
                              round(confidence, 4), note_for(option, before)))
    return edits
