"""Lexicons: candidates for garbled words, user word lists, protected words."""

from __future__ import annotations

import pytest

from ocrfix.lexicon import DEFAULT_USER_COUNT, WordlistError, load_lexicon, read_user_wordlist


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


@pytest.mark.parametrize("garbled, word", [
    ("MOOERA?E", "MODERATE"), ("SU8sT,ANTIV£", "SUBSTANTIVE"), ("W[LL", "WILL"), ("M0SCOW", "MOSCOW"),
    ("Tl-IE", "THE"), ("ANO", "AND"), ("rnEETING", "MEETING"), ("$TATEMENT", "STATEMENT"), ("tNTEREST", "INTEREST"),
])
def test_garbled_word_finds_its_word_as_the_cheapest_candidate(lexicon, garbled, word):
    assert word in lexicon.candidates(garbled, 2)
    scored = lexicon.scored_candidates(garbled, 2)
    best = min(scored, key=lambda pair: (pair[1], pair[0]))
    assert best[0] == word


@pytest.mark.parametrize("garbled, word", [("NEGOTATONS", "NEGOTIATIONS"), ("ADMINSTRATON", "ADMINISTRATION")])
def test_two_lost_letters_are_found_at_distance_two_only(lexicon, garbled, word):
    assert word in lexicon.candidates(garbled, 2)
    assert word not in lexicon.candidates(garbled, 1)


@pytest.mark.parametrize("garbled, word", [("AGREMNT", "AGREEMENT"), ("GOVERMNT", "GOVERNMENT"),
                                           ("CONSTRCTVE", "CONSTRUCTIVE")])
def test_two_lost_letters_are_found_whatever_else_is_near(lexicon, garbled, word):
    assert word in lexicon.candidates(garbled, 2)


@pytest.mark.parametrize("garbled, found", [
    ("NEGOTIATIOXX", True),  # keeps its first two glyph classes
    ("XXGOTIATIONS", True),  # keeps its last three
    ("XEGOTIATIOXS", False),  # damaged at both ends: given up (the scan would cost too much)
    ("XEGOTIATIXNS", False),
])
def test_two_edits_away_a_long_word_must_keep_one_end(lexicon, garbled, found):
    assert ("NEGOTIATIONS" in lexicon.candidates(garbled, 2)) is found
    assert "NEGOTIATIONS" not in lexicon.candidates(garbled, 1)


def test_distance_zero_is_only_glyph_confusions(lexicon):
    assert "MOSCOW" in lexicon.candidates("M0SCOW", 0)
    assert "MOSCOW" not in lexicon.candidates("MOSCW", 0)


def test_candidates_are_known_words(lexicon):
    for word in lexicon.candidates("W[LL", 2):
        assert word in lexicon


@pytest.mark.parametrize("word", ["REFTEL", "SEPTEL", "DCM", "AMEMBASSY", "NODIS", "SALT", "ICBM", "HELSINKI", "USSR"])
def test_jargon_acronyms_and_names_are_protected(lexicon, word):
    assert word in lexicon.protected
    assert word in lexicon


def test_user_words_and_protected_words_join_the_lexicon_protected(tmp_path):
    wordlist = tmp_path / "words.txt"
    wordlist.write_text("ZORBOVSKY\t12\n", encoding="utf-8")
    lexicon = load_lexicon((str(wordlist),), frozenset({"TOSALT"}))
    assert {"ZORBOVSKY", "TOSALT"} <= lexicon.protected
    assert "ZORBOVSKY" in lexicon.candidates("Z0RBOVSKY", 2)
    assert "TOSALT" not in load_lexicon().protected
    assert "ZORBOVSKY" not in load_lexicon()


def test_user_wordlist_format(tmp_path):
    path = tmp_path / "words.txt"
    path.write_text(
        "# a comment\n"
        "\n"
        "nodis\n"
        "SEMENOV\t40\n"
        "HELSINKI\t1187\t2410\n"  # the format `ocrfix learn` writes: further columns ignored
        "SEMENOV\t2\n"
        "  TOSALT  \n",
        encoding="utf-8",
    )
    assert read_user_wordlist(str(path)) == {
        "NODIS": DEFAULT_USER_COUNT, "SEMENOV": 42, "HELSINKI": 1187, "TOSALT": DEFAULT_USER_COUNT,
    }


@pytest.mark.parametrize("content, message", [
    ("NODIS\nTWO WORDS\n", "{path}:2: expected WORD or WORD<TAB>COUNT, got 'TWO WORDS'"),
    ("# header\nSEMENOV\tmany\n", "{path}:2: count 'many' is not a whole number"),
    ("HELLO\t12 3\n", "{path}:1: count '12 3' is not a whole number"),
])
def test_bad_wordlist_lines_are_named_by_file_and_line(tmp_path, content, message):
    path = tmp_path / "words.txt"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(WordlistError) as error:
        read_user_wordlist(str(path))
    assert str(error.value) == message.format(path=path)


def test_unreadable_and_undecodable_wordlists(tmp_path):
    missing = tmp_path / "missing.txt"
    with pytest.raises(WordlistError, match=r"^cannot read wordlist .*missing\.txt: No such file or directory$"):
        read_user_wordlist(str(missing))
    latin = tmp_path / "latin.txt"
    latin.write_bytes(b"CAF\xc9\n")
    with pytest.raises(WordlistError) as error:
        read_user_wordlist(str(latin))
    assert str(error.value) == f"wordlist {latin} is not UTF-8"


def test_cli_reports_a_bad_wordlist_with_file_and_line(tmp_path):
    from click.testing import CliRunner

    from ocrfix.cli import main

    cable = tmp_path / "cable.txt"
    cable.write_text("THE TALKS WERE USEFUL.\n", encoding="utf-8")
    words = tmp_path / "words.txt"
    words.write_text("SEMENOV\tforty\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["clean", str(cable), "--wordlist", str(words)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"{words}:1: count 'forty' is not a whole number" in result.stderr
