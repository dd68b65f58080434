"""The OCR noise model: confusion costs and the glyph classes used for candidate lookup."""

from __future__ import annotations

import pytest

from ocrfix.channel import (
    CLASS_WEIGHT,
    UNKNOWN_SUBSTITUTION,
    ConfusionTable,
    NoiseModel,
    noise_model,
)


@pytest.fixture(scope="module")
def model() -> NoiseModel:
    return noise_model()


def test_reading_a_word_as_itself_costs_nothing(model):
    assert model.cost("MOSCOW", "MOSCOW") == 0.0


@pytest.mark.parametrize("observed, intended", [("0", "O"), ("1", "I"), ("8", "B"), ("5", "S"), ("$", "S"), ("£", "E")])
def test_a_known_confusion_is_cheaper_than_an_unknown_substitution(model, observed, intended):
    assert model.substitution(observed, intended) < UNKNOWN_SUBSTITUTION
    assert model.substitution(observed, intended) < model.substitution("X", intended)


def test_zero_for_o_is_cheaper_than_any_letter_for_o_in_a_word(model):
    assert model.cost("M0SCOW", "MOSCOW") < model.cost("MXSCOW", "MOSCOW")
    assert model.cost("M0SCOW", "MOSCOW") < model.cost("M0SCOW", "MASCOW")


def test_likelier_confusions_cost_less(model):
    # 0 is read for O far more often than for Q (weights 0.9 and 0.2 in the table)
    assert model.substitution("0", "O") < model.substitution("0", "Q")
    assert model.substitution("1", "I") < model.substitution("1", "L")


@pytest.mark.parametrize("observed, intended, rival", [
    ("Tl-IE", "THE", "TIE"),
    ("rnEETING", "MEETING", "RNEETING"),
    ("VVEEK", "WEEK", "VVEEK".upper()),
    ("ALTHOUGl-I", "ALTHOUGH", "ALTHOUGLI"),
])
def test_multi_glyph_confusions_are_cheap_rewrites(model, observed, intended, rival):
    assert model.cost(observed, intended) < UNKNOWN_SUBSTITUTION
    assert model.cost(observed, intended) < model.cost(observed, rival)


def test_rewrite_applies_unambiguous_multi_glyph_confusions(model):
    assert model.rewrite("Tl-IE")[0] == "THE"
    assert model.rewrite("rn")[0] == "M"
    assert model.rewrite("rnEETING")[0] == "MEETING"
    assert model.rewrite("MOSCOW") == ("MOSCOW", 0.0)


def test_an_invented_letter_costs_more_than_an_invented_mark(model):
    assert model.deletion("X") > model.deletion("•")
    assert model.cost("TALKS•", "TALKS") < model.cost("TALKSX", "TALKS")


def test_lowercase_noise_is_cheap_in_teletype_words(model):
    assert model.cost("tNTEREST", "INTEREST") < UNKNOWN_SUBSTITUTION
    assert model.cost("iHE", "THE") < model.cost("XHE", "THE")


def test_garbled_words_are_closer_to_the_intended_word_than_to_rivals(model):
    assert model.cost("MOOERA?E", "MODERATE") < model.cost("MOOERA?E", "MODERATO")
    assert model.cost("SU8sT,ANTIV£", "SUBSTANTIVE") < UNKNOWN_SUBSTITUTION


@pytest.mark.parametrize("garbled, word", [
    ("M0SCOW", "MOSCOW"), ("SU8sT,ANTIV£", "SUBSTANTIVE"), ("$TATEMENT", "STATEMENT"), ("Tl-IE", "THE"),
    ("rnEETING", "MEETING"), ("W[LL", "WILL"), ("5OVIET", "SOVIET"), ("TALKS•", "TALKS"),
])
def test_glyph_confusions_share_a_skeleton_with_the_intended_word(model, garbled, word):
    assert model.skeleton(garbled) == model.skeleton(word)


@pytest.mark.parametrize("word, other", [("MOSCOW", "MASCOW"), ("SALT", "SAFT"), ("TALKS", "TACKS")])
def test_different_letters_keep_different_skeletons(model, word, other):
    assert model.skeleton(word) != model.skeleton(other)


def test_glyph_classes_follow_the_weight_threshold():
    table = ConfusionTable.from_lines(["0\tO\t0.9", "Q\tO\t0.1", "rn\tM\t0.6", "•\t\"\"\t0.5"])
    model = NoiseModel(table)
    assert CLASS_WEIGHT > 0.1
    assert model.skeleton("0") == model.skeleton("O")
    assert model.skeleton("Q") != model.skeleton("O")
    assert model.skeleton("o") == model.skeleton("O")  # lowercase look-alikes join their capital
    assert model.skeleton("A•B") == model.skeleton("AB")  # a frequent stray mark is dropped
    assert model.skeleton("rnE") == model.skeleton("ME")


def test_table_reads_quoted_empty_as_nothing_and_knows_only_its_rows():
    table = ConfusionTable.from_lines(["•\t\"\"\t0.5", "0\tO\t0.9"])
    assert table.weights == {("•", ""): 0.5, ("0", "O"): 0.9}
    assert table.cost("0", "O") == pytest.approx(0.10536, abs=1e-4)
    assert table.cost("O", "0") is None
