"""Lint the data under wordlists/, as codespell lints its dictionaries: every file says what it is,
entries are well-formed, sorted by the documented key and unique, and no protected word is a cheap
OCR misreading of a much commoner word (protecting it would shield that misreading from correction).

Each check returns a list of problems, so a failure names every bad line at once.
"""

from __future__ import annotations

import re

import pytest

from ocrfix.channel import noise_model
from ocrfix.lexicon import Lexicon, load_lexicon

from .conftest import REPO

WORDLISTS = REPO / "wordlists"

WORD = r"[A-Z]+(?:'[A-Z]+)?"
# One entry a line, sorted: the pattern every entry must match.
WORD_LISTS = {
    "acronyms.txt": r"[A-Z][A-Z0-9]*",
    "arms-control.txt": r"[A-Z][A-Z0-9]*",
    "cable-terms.txt": r"[A-Z][A-Z0-9&.\-]*",
    "names.txt": WORD,
    "places.txt": WORD,
    "proper-words.txt": WORD,
    "short-words.txt": r"[A-Z]{1,2}",
    "us-country-previous.txt": WORD,
    "us-pronoun-next.txt": WORD,
}
# KEY<TAB>COUNT, sorted by key: (key pattern, smallest count the header promises).
COUNT_LISTS = {
    "cable-unigrams.tsv": (WORD, 1),
    "cable-bigrams.tsv": (f"{WORD} {WORD}", 1),
    "english.tsv": (r"[A-Z]+", 100),
}
UNSORTED = {"confusions.tsv", "furniture.tsv", "header-fields.txt"}  # checked on their own below
PROTECTED = ("cable-terms.txt", "arms-control.txt", "names.txt", "acronyms.txt")
# The furniture kinds and forms the page-markers filter reads (ocrfix.filters.page_markers.templates);
# any other combination would be silently ignored.
FURNITURE = {
    ("banner", "text"), ("stamp", "text"), ("stamp", "regex"), ("footer", "text"), ("page-word", "text"),
    ("page-ref", "regex"), ("end-of-message", "regex"), ("heading", "word"), ("heading", "regex"),
}
FURNITURE_REQUIRED = {("page-word", "text"), ("page-ref", "regex"), ("end-of-message", "regex")}
# Same rule as scripts/build_wordlists.py: a channel cost below this is one likely glyph
# confusion (weight 0.4 or more), and the other word is at least e**4 = 55 times likelier.
CHEAP_CONFUSION = 1.0
FREQUENCY_GAP = 4.0


def data_files() -> list[str]:
    return sorted(p.name for p in WORDLISTS.iterdir() if p.suffix in (".txt", ".tsv"))


def split(text: str) -> tuple[list[str], list[tuple[int, str]]]:
    """The leading comment block and the numbered entry lines after it."""
    lines = text.split("\n")
    header = []
    while lines and lines[0].startswith("#"):
        header.append(lines.pop(0))
    first = len(header) + 1
    return header, [(first + i, line) for i, line in enumerate(lines[:-1] if lines and lines[-1] == "" else lines)]


def read(name: str) -> tuple[list[str], list[tuple[int, str]]]:
    return split((WORDLISTS / name).read_text(encoding="utf-8"))


def layout_problems(name: str, raw: bytes) -> list[str]:
    problems = []
    if raw.startswith(b"\xef\xbb\xbf"):
        problems.append(f"{name}: starts with a byte order mark")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        return [f"{name}: not UTF-8 ({error})"]
    if not text.endswith("\n") or text.endswith("\n\n"):
        problems.append(f"{name}: must end with exactly one newline")
    if "\r" in text:
        problems.append(f"{name}: has carriage returns")
    header, entries = split(text.lstrip("\ufeff"))
    if not header or not header[0].startswith("# "):
        problems.append(f"{name}: must open with a '# ' comment saying what it is")
    if not any("Format:" in line for line in header):
        problems.append(f"{name}: the header must document the Format:")
    for number, line in entries:
        if line.startswith("#"):
            problems.append(f"{name}:{number}: comment below the header")
        elif not line.strip():
            problems.append(f"{name}:{number}: blank line")
        elif line != line.strip() or "\t\t" in line or "  " in line.replace("\t", ""):
            problems.append(f"{name}:{number}: stray whitespace in {line!r}")
    if not entries:
        problems.append(f"{name}: no entries")
    return problems


def order_problems(name: str, keys: list[tuple[int, object]]) -> list[str]:
    """Keys (with line numbers) must be strictly increasing: sorted and without duplicates."""
    problems, seen = [], set()
    for (_, previous), (number, key) in zip([(0, None)] + keys, keys):
        if key in seen:
            problems.append(f"{name}:{number}: duplicate {key!r}")
        elif previous is not None and key < previous:
            problems.append(f"{name}:{number}: {key!r} is out of order (after {previous!r})")
        seen.add(key)
    return problems


def word_list_problems(name: str, entries: list[tuple[int, str]], pattern: str) -> list[str]:
    problems = [f"{name}:{n}: {line!r} is not {pattern}" for n, line in entries if not re.fullmatch(pattern, line)]
    return problems + order_problems(name, entries)


def count_list_problems(name: str, entries: list[tuple[int, str]], pattern: str, minimum: int) -> list[str]:
    problems, keys = [], []
    for number, line in entries:
        fields = line.split("\t")
        if len(fields) != 2:
            problems.append(f"{name}:{number}: expected KEY<TAB>COUNT, got {line!r}")
            continue
        key, count = fields
        if not re.fullmatch(pattern, key):
            problems.append(f"{name}:{number}: {key!r} is not {pattern}")
        if not re.fullmatch(r"[1-9][0-9]*", count) or int(count) < minimum:
            problems.append(f"{name}:{number}: count {count!r} is not a whole number of at least {minimum}")
        keys.append((number, tuple(key.split(" "))))  # bigrams sort by the pair
    return problems + order_problems(name, keys)


def unquote(field: str) -> str:
    return "" if field == '""' else field


def confusion_key(observed: str, intended: str, weight: float) -> tuple:
    """The documented order: marks and digits before letters, by OBSERVED, the likeliest first."""
    return (observed[:1].isalpha(), observed, -weight, intended)


def confusion_problems(entries: list[tuple[int, str]]) -> list[str]:
    problems, keys, pairs = [], [], {}
    for number, line in entries:
        fields = line.split("\t")
        if len(fields) != 3:
            problems.append(f"confusions.tsv:{number}: expected OBSERVED<TAB>INTENDED<TAB>WEIGHT, got {line!r}")
            continue
        observed, intended = unquote(fields[0]), unquote(fields[1])
        try:
            weight = float(fields[2])
        except ValueError:
            problems.append(f"confusions.tsv:{number}: weight {fields[2]!r} is not a number")
            continue
        if not 0 < weight <= 1:
            problems.append(f"confusions.tsv:{number}: weight {weight} is not in (0, 1]")
        if not observed or observed == intended:
            problems.append(f"confusions.tsv:{number}: {line!r} confuses nothing (OBSERVED empty or same as INTENDED)")
        if (observed, intended) in pairs:
            problems.append(f"confusions.tsv:{number}: duplicate of line {pairs[observed, intended]}")
        pairs.setdefault((observed, intended), number)
        keys.append((number, confusion_key(observed, intended, weight)))
    for (_, previous), (number, key) in zip(keys, keys[1:]):
        if key < previous:
            problems.append(f"confusions.tsv:{number}: out of order (after {previous[1:]!r})")
    return problems


def regex_problems(name: str, number: int, pattern: str, flags: int = 0) -> list[str]:
    try:
        compiled = re.compile(pattern, flags)
    except re.error as error:
        return [f"{name}:{number}: {pattern!r} does not compile: {error}"]
    # A pattern that matches an empty line would match every line.
    return [f"{name}:{number}: {pattern!r} matches an empty line"] if compiled.match("") else []


def header_field_problems(entries: list[tuple[int, str]]) -> list[str]:
    problems = [p for number, line in entries for p in regex_problems("header-fields.txt", number, line)]
    seen = {}
    for number, line in entries:
        if line in seen:
            problems.append(f"header-fields.txt:{number}: duplicate of line {seen[line]}")
        seen.setdefault(line, number)
    if not problems:  # the correction filters join them into one pattern
        problems += regex_problems("header-fields.txt", 0, "|".join(f"(?:{line})" for _, line in entries))
    return problems


def furniture_problems(entries: list[tuple[int, str]]) -> list[str]:
    problems, seen = [], {}
    for number, line in entries:
        fields = line.split("\t")
        if len(fields) != 3 or not all(fields):
            problems.append(f"furniture.tsv:{number}: expected KIND<TAB>FORM<TAB>PATTERN, got {line!r}")
            continue
        kind, form, pattern = fields
        if (kind, form) not in FURNITURE:
            problems.append(f"furniture.tsv:{number}: the page-markers filter reads no {form} templates of kind {kind!r}")
        if form == "regex":
            problems += regex_problems("furniture.tsv", number, pattern, re.IGNORECASE)
        if line in seen:
            problems.append(f"furniture.tsv:{number}: duplicate of line {seen[line]}")
        seen.setdefault(line, number)
    present = {tuple(line.split("\t")[:2]) for _, line in entries}
    problems += [f"furniture.tsv: needs a {form} template of kind {kind!r}" for kind, form in sorted(FURNITURE_REQUIRED - present)]
    return problems


def shields_misreading(entry: str, lexicon: Lexicon) -> list[str]:
    """Much commoner known words that OCR cheaply misreads as this entry."""
    model = noise_model()
    entry_cost = lexicon.cost.get(entry, 99.0)
    return [
        word
        for word in lexicon.candidates(entry, 0)
        if word != entry and lexicon.cost[word] + FREQUENCY_GAP < entry_cost and model.cost(entry, word) < CHEAP_CONFUSION
    ]


# ---------------------------------------------------------------- the shipped data


def test_every_data_file_is_linted():
    assert data_files() == sorted(set(WORD_LISTS) | set(COUNT_LISTS) | UNSORTED)


@pytest.mark.parametrize("name", data_files())
def test_layout(name):
    assert layout_problems(name, (WORDLISTS / name).read_bytes()) == []


@pytest.mark.parametrize("name", sorted(WORD_LISTS))
def test_word_list(name):
    header, entries = read(name)
    assert any("sorted" in line for line in header)
    assert word_list_problems(name, entries, WORD_LISTS[name]) == []


@pytest.mark.parametrize("name", sorted(COUNT_LISTS))
def test_count_list(name):
    header, entries = read(name)
    assert any("sorted" in line for line in header)
    assert count_list_problems(name, entries, *COUNT_LISTS[name]) == []


def test_confusions():
    header, entries = read("confusions.tsv")
    assert any("Sorted by OBSERVED" in line for line in header)
    assert confusion_problems(entries) == []


def test_header_fields():
    assert header_field_problems(read("header-fields.txt")[1]) == []


def test_furniture():
    assert furniture_problems(read("furniture.tsv")[1]) == []


def test_short_words_are_one_or_two_letters_the_english_list_keeps():
    english = {line.split("\t")[0] for _, line in read("english.tsv")[1]}
    short = [line for _, line in read("short-words.txt")[1]]
    assert {w for w in english if len(w) <= 2} <= set(short)


def test_no_protected_entry_shields_a_misreading_of_a_commoner_word():
    lexicon = load_lexicon()
    problems = [
        f"{name}: {entry} (commoner: {', '.join(found)})"
        for name in PROTECTED
        for _, entry in read(name)[1]
        if (found := shields_misreading(entry, lexicon))
    ]
    assert problems == []


# ---------------------------------------------------------------- the lint catches what it should


def entries(*lines: str) -> list[tuple[int, str]]:
    return list(enumerate(lines, 1))


def test_layout_catches_damaged_files():
    assert layout_problems("x.txt", b"A\nB\n") == ["x.txt: must open with a '# ' comment saying what it is",
                                                   "x.txt: the header must document the Format:"]
    damaged = b"# x\n# Format: W\nA \n\nB\r\n#late\nC\n\n"
    assert layout_problems("x.txt", damaged) == [
        "x.txt: must end with exactly one newline",
        "x.txt: has carriage returns",
        "x.txt:3: stray whitespace in 'A '",
        "x.txt:4: blank line",
        "x.txt:5: stray whitespace in 'B\\r'",
        "x.txt:6: comment below the header",
        "x.txt:8: blank line",
    ]
    assert layout_problems("x.txt", b"# x\n# Format: W\n\xff\n") == [
        "x.txt: not UTF-8 ('utf-8' codec can't decode byte 0xff in position 16: invalid start byte)"
    ]


def test_list_lint_catches_order_case_and_duplicates():
    assert word_list_problems("n.txt", entries("ABEL", "Abel", "ZED", "ADAM", "ZED"), WORD) == [
        "n.txt:2: 'Abel' is not " + WORD,
        "n.txt:4: 'ADAM' is out of order (after 'ZED')",
        "n.txt:5: duplicate 'ZED'",
    ]
    assert count_list_problems("c.tsv", entries("A B\t2", "A\t1", "B\t0", "C\tx", "D"), f"{WORD} {WORD}", 1) == [
        f"c.tsv:2: 'A' is not {WORD} {WORD}",
        f"c.tsv:3: 'B' is not {WORD} {WORD}",
        "c.tsv:3: count '0' is not a whole number of at least 1",
        f"c.tsv:4: 'C' is not {WORD} {WORD}",
        "c.tsv:4: count 'x' is not a whole number of at least 1",
        "c.tsv:5: expected KEY<TAB>COUNT, got 'D'",
        "c.tsv:2: ('A',) is out of order (after ('A', 'B'))",
    ]


def test_confusion_lint_catches_bad_weights_order_and_duplicates():
    assert confusion_problems(entries("0\tO\t0.9", "0\tO\t0.2", "A\tH\t0", "5\tS\t1.5", "a\ta\t0.5", "b\tB")) == [
        "confusions.tsv:2: duplicate of line 1",
        "confusions.tsv:3: weight 0.0 is not in (0, 1]",
        "confusions.tsv:4: weight 1.5 is not in (0, 1]",
        "confusions.tsv:5: 'a\\ta\\t0.5' confuses nothing (OBSERVED empty or same as INTENDED)",
        "confusions.tsv:6: expected OBSERVED<TAB>INTENDED<TAB>WEIGHT, got 'b\\tB'",
        "confusions.tsv:4: out of order (after ('A', -0.0, 'H'))",
    ]


def test_pattern_lint_catches_bad_and_empty_patterns():
    assert header_field_problems(entries("FM\\s", "TO(\\s", "X?", "FM\\s")) == [
        "header-fields.txt:2: 'TO(\\\\s' does not compile: missing ), unterminated subpattern at position 2",
        "header-fields.txt:3: 'X?' matches an empty line",
        "header-fields.txt:4: duplicate of line 1",
    ]
    assert furniture_problems(entries("banner\tregex\tSECRET", "page-word\ttext\tPAGE", "stamp\ttext")) == [
        "furniture.tsv:1: the page-markers filter reads no regex templates of kind 'banner'",
        "furniture.tsv:3: expected KIND<TAB>FORM<TAB>PATTERN, got 'stamp\\ttext'",
        "furniture.tsv: needs a regex template of kind 'end-of-message'",
        "furniture.tsv: needs a regex template of kind 'page-ref'",
    ]


def test_misreading_lint_flags_a_name_that_a_common_word_turns_into():
    lexicon = load_lexicon()
    # ALI is a name in the corpus, but OCR makes it of ALL (L read as I) far more often.
    assert "ALL" in shields_misreading("ALI", lexicon)
    assert shields_misreading("SEMENOV", lexicon) == []
    assert shields_misreading("SALT", lexicon) == []
