from __future__ import annotations

import math

from ocrfix.scoring import Score, Tally, char_errors, micro_average, normalise_whitespace, score, word_errors


def test_whitespace_runs_collapse_to_one_space_and_ends_are_stripped():
    assert normalise_whitespace("  THE\tTALKS \n\n  ENTERED\r\n") == "THE TALKS ENTERED"


def test_char_errors_is_levenshtein_over_ground_truth_length():
    assert char_errors("SITTING", "KITTEN") == Tally(3, 6)
    assert char_errors("KITTEN", "SITTING") == Tally(3, 7)


def test_char_errors_ignore_layout_but_count_missing_and_extra_spaces():
    assert char_errors("THE\n\nTALKS  ", "THE TALKS") == Tally(0, 9)
    assert char_errors("T ALKS", "TALKS") == Tally(1, 5)
    assert char_errors("THETALKS", "THE TALKS") == Tally(1, 9)


def test_word_errors_count_whole_tokens():
    # SE~ENOV and MOOERA?E replaced; the stray S inserted
    assert word_errors("SE~ENOV S STATEMENT WAS MOOERA?E", "SEMENOV STATEMENT WAS MODERATE") == Tally(3, 4)
    assert word_errors("A B C", "A C") == Tally(1, 2)
    assert word_errors("", "A B") == Tally(2, 2)


def test_score_gives_exact_and_case_insensitive_rates():
    result = score("The talks", "THE TALKS")
    assert result.cer == Tally(7, 9)
    assert result.cer_insensitive == Tally(0, 9)
    assert result.wer == Tally(2, 2)
    assert result.wer_insensitive == Tally(0, 2)


def test_rate_of_a_tally():
    assert Tally(1, 4).rate == 0.25
    assert Tally(0, 0).rate == 0.0
    assert math.isinf(Tally(2, 0).rate)


def test_micro_average_sums_distances_and_lengths():
    short = score("AB", "AC")  # 1 error in 2 characters: 50%
    long = score("ABCDEFGH", "ABCDEFGH")  # 0 errors in 8
    pooled = micro_average([short, long])
    assert pooled.cer == Tally(1, 10)
    assert pooled.cer.rate == 0.1  # not the 25% a mean of the two rates would give
    assert pooled.wer == Tally(1, 2)
    assert micro_average([]) == Score()


def test_as_dict_carries_errors_length_and_rate():
    assert score("AB", "AC").as_dict()["cer"] == {"errors": 1, "length": 2, "rate": 0.5}
