from __future__ import annotations

import random

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
