"""Counting letters by case: the fast byte count agrees with Python's own character tests."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ocrfix.casecount import case_counts


def by_character(text: str) -> tuple[int, int, int]:
    letters = [c for c in text if c.isalpha()]
    return len(letters), sum(c.isupper() for c in letters), sum(c.islower() for c in letters)


@given(st.text())
def test_counts_agree_with_the_character_tests(text):
    assert case_counts(text) == by_character(text)


def test_letters_without_case_and_cased_symbols():
    # 本 is a letter with no case; Ⓐ has case but is no letter; É is a letter beyond ASCII
    assert case_counts("日本 Ⓐ Éa 1£.") == (4, 1, 1)
