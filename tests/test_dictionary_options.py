from __future__ import annotations

import random

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

import ocrfix
import ocrfix.lexicon as lexicon_module
from ocrfix import Config
from ocrfix.lexicon import Lexicon

JOIN = Config(options={"dictionary": {"join_hyphens": True}})


def test_line_end_hyphens_are_kept_by_default():
    text = "THE SOVIET STATE-\nMENT. THE NEXT\n"
    assert ocrfix.clean(text).text == text


def test_join_hyphens_joins_only_known_words_and_keeps_the_line_breaks():
    text = "THE SOVIET STATE-\nMENT. THE NEXT\nPROVOCA-\nTION BY A THIRD\nSOVIET-\nAMERICAN TALKS\n"
    result = ocrfix.clean(text, JOIN)
    assert result.text == "THE SOVIET STATEMENT.\nTHE NEXT\nPROVOCATION\nBY A THIRD\nSOVIET-\nAMERICAN TALKS\n"
    assert {e.rule for e in result.edits} == {"join-hyphen"}
    assert ocrfix.apply_edits(text, result.edits) == result.text


def test_a_date_time_group_is_not_reported_as_a_garbled_token():
    text = "R 302128Z DEC 77\nTHE M0SC0W ~~Ll~~ TALKS ANO THE 1HEIR WOULO BE HELD\n"
    result = ocrfix.clean(text)
    assert not [f for f in result.flags if "302128Z" in f.before]


def test_scan_and_index_find_the_same_one_edit_neighbours():
    """Lookups of a word length are answered by a scan until its index is built: same answers,
    whatever order documents come in (batch output must not depend on --jobs)."""
    scanning, indexed = Lexicon(), Lexicon()
    skeletons = sorted(scanning._by_skeleton)
    rng = random.Random(7)
    saved = lexicon_module.SCAN_BEFORE_INDEX
    try:
        for _ in range(400):
            query = list(rng.choice(skeletons))
            for _ in range(rng.randint(0, 2)):
                query[rng.randrange(len(query))] = rng.choice("ABCDEHNRS$!0")
            query = "".join(query)
            lexicon_module.SCAN_BEFORE_INDEX = 10**9
            by_scan = scanning._within_one(query)
            lexicon_module.SCAN_BEFORE_INDEX = 0
            by_index = indexed._within_one(query)
            assert by_scan == by_index, query
    finally:
        lexicon_module.SCAN_BEFORE_INDEX = saved


def test_one_edit_neighbours_are_every_skeleton_one_edit_away():
    """The edge check (EDGE_CHECK) answers most long queries without the index: it must never
    miss a neighbour. Queries: words with an edit at any place, and two words run together."""
    lexicon = Lexicon()
    skeletons = sorted(lexicon._by_skeleton)
    long_ones = [s for s in skeletons if len(s) >= 9]
    rng = random.Random(11)
    queries = []
    for _ in range(150):
        word = list(rng.choice(long_ones))
        at = rng.randrange(len(word) + 1)
        edit = rng.choice(("substitute", "delete", "insert"))
        if edit == "insert":
            word.insert(at, rng.choice("AEN$!0"))
        elif at < len(word):
            word[at:at + 1] = [rng.choice("AEN$!0")] if edit == "substitute" else []
        queries.append("".join(word))
        queries.append(rng.choice(skeletons) + rng.choice(skeletons))
    for query in queries:
        everywhere = {m for m, _, _ in process.extract(query, skeletons, scorer=Levenshtein.distance,
                                                       score_cutoff=1, limit=None)}
        assert lexicon._within_one(query) == everywhere, query


def test_clean_cable_oddities_are_left_alone():
    """Found by running all 181 corpus cables: none of these is OCR damage in a clean cable."""
    text = (
        "THE MINISTER SAID THE COUNCIL WOULD RECOMMEND-\n"
        "ATIONS ON 19-FEBRUARY. ECONOMIC/\n"
        "POLITICAL TALKS WITH DIPLOMATS...AS BEFORE...AND THE AUTHOR(S) OF THE\n"
        "REPORT WILL MEET AGAIN ON TUESDAY IN GENEVA TO CONSIDER THE EXPORT REGIME.\n"
    )
    assert ocrfix.clean(text).text == text


def test_two_words_run_together_at_a_comma_are_split_in_damaged_text():
    text = "THE ISSUE WHICH,BY NOW, IS MOOT ANO THE 1HEIR T ALKS W[LL GO ON\n"
    result = ocrfix.clean(text)
    assert "WHICH, BY NOW" in result.text
    assert any(e.rule == "split" and e.before == "WHICH,BY" for e in result.edits)
