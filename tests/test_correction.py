"""The correction filters on text: garbled teletype paragraphs built from clean cable lines."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

import ocrfix
from ocrfix import Config
from ocrfix.cli import main
from ocrfix.correction import split_token
from ocrfix.filters import REGISTRY

from .garbling import cable_lines, garble_every, garble_words

SEMENOV_GARBLED = "SE~ENOV •S STATEMENT WAS MOOERA?E ANO CONSTRUCTIVE"
SEMENOV_CLEAN = "SEMENOV'S STATEMENT WAS MODERATE AND CONSTRUCTIVE"

HEADING = """R 181530Z NOV 69
FM USDEL SALT HELSlNKI
TO SECSTATE WASHDC 1321
INFO AMEMBASSY M0SCOW
E.O. 11652: GDS
TAGS: PARM, UR
"""

JARGON = """5. AS REPORTED REFTEL, DCM MET WITH SOVIET DEL ON 18 NOV 1969. SEPTEL
FOLLOWS ON NODIS BASIS. AMEMBASSY MOSCOW WILL REPEAT TOSALT 005 TO
USDEL AND REFER TO HELSINKI 1321 AND STATE 310500 OF 302128Z DEC 77.
"""


def garbled_summary() -> tuple[str, str]:
    """Paragraph 1 of a Geneva cable, every second long word garbled, and the clean text."""
    clean = cable_lines("1977GENEVA01270", 1, 7)
    garbled, pairs = garble_every(clean, every=2)
    assert len(pairs) >= 12
    return garbled, clean


def with_semenov(paragraph: str) -> str:
    lines = paragraph.split("\n")
    return "\n".join(lines[:4] + [SEMENOV_GARBLED] + lines[4:])


def changes_touching(result, text: str, needle: str) -> list:
    """Applied edits, and proposals that would change the text, overlapping any occurrence of needle."""
    spans = [(m.start(), m.end()) for m in re.finditer(re.escape(needle), text)]
    assert spans, needle
    proposals = result.edits + [f for f in result.flags if f.replacement != f.before]
    return [e for e in proposals for start, end in spans if e.start < end and start < e.end]


# --- typical confusions -------------------------------------------------------------------------

@pytest.mark.parametrize("name, first, last, every", [
    ("1977GENEVA01270", 1, 7, 2),
    ("1977GENEVA01270", 1, 7, 3),
    ("1978STATE098163", 1, 9, 2),
    ("1973BEIRUT07784", 1, 10, 2),
])
def test_garbled_cable_paragraph_is_restored(name, first, last, every):
    clean = cable_lines(name, first, last)
    garbled, pairs = garble_every(clean, every)
    assert len(pairs) >= 9 and garbled != clean
    result = ocrfix.clean(garbled)
    assert result.text == clean
    assert ocrfix.apply_edits(garbled, result.edits) == result.text


def garbled_meeting() -> tuple[str, str]:
    """Paragraph 2 of the Geneva cable with hand-picked misreadings, and the clean text."""
    clean = cable_lines("1977GENEVA01270", 8, 12)
    return garble_words(clean, {
        "MEETING": "MEET1NG", "QUESTION": "QUEST10N", "SHOULD": "SH0ULD", "PROVIDED": "PR0VIDED",
        "WEAPONS": "VVEAPONS", "MEETINGS": "rnEETINGS", "THE": "Tl-IE", "WEEK": "VVEEK", "AGREED": "AGR£ED",
        "WHICH": "Wl-IICH", "DISCUSSED": "DI$CUSSED", "LENGTHY": "LENGiHY", "TENTATIVELY": "TENTATlVELY",
    }), clean


def test_typical_glyph_confusions_are_repaired_in_a_garbled_paragraph():
    garbled, clean = garbled_meeting()
    result = ocrfix.clean(garbled)
    assert result.text == clean
    fixed = {(e.before, e.replacement) for e in result.edits}
    assert {("MEET1NG", "MEETING"), ("rnEETINGS", "MEETINGS"), ("VVEAPONS", "WEAPONS"), ("AGR£ED", "AGREED"),
            ("DI$CUSSED", "DISCUSSED"), ("LENGiHY", "LENGTHY")} <= fixed


@pytest.mark.parametrize("config", [Config(protected=["SEMENOV"]), Config(protected=["semenov"])])
def test_semenov_statement_is_repaired_when_the_name_is_known(config):
    garbled, clean = garbled_summary()
    result = ocrfix.clean(with_semenov(garbled), config)
    assert result.text == with_semenov(clean).replace(SEMENOV_GARBLED, SEMENOV_CLEAN)


def test_semenov_statement_is_repaired_with_a_wordlist_through_the_cli(tmp_path):
    garbled, clean = garbled_summary()
    path = tmp_path / "cable.txt"
    path.write_text(with_semenov(garbled), encoding="utf-8")
    words = tmp_path / "names.txt"
    words.write_text("# people in this accession\nSEMENOV\t40\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["clean", str(path), "--wordlist", str(words)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == with_semenov(clean).replace(SEMENOV_GARBLED, SEMENOV_CLEAN)


def test_document_vocabulary_pulls_garbled_variants_to_a_name_seen_intact():
    garbled, clean = garbled_summary()
    mentions = "SEMENOV OPENED THE MEETING. SEMENOV SAID THE TALKS WERE USEFUL.\n"
    text = mentions + with_semenov(garbled)
    result = ocrfix.clean(text)  # SEMENOV is in no lexicon: the document vouches for it
    assert result.text == mentions + with_semenov(clean).replace(SEMENOV_GARBLED, SEMENOV_CLEAN)
    (edit,) = [e for e in result.edits if e.before.startswith("SE~ENOV")]
    assert edit.rule == "document-word" or "SEMENOV" in edit.replacement


def test_punctuation_marks_become_the_period_or_apostrophe_the_context_calls_for():
    garbled, clean = garbled_summary()
    text = garbled + "SEMENOV •S DELEGATION LEFT THE TALKS•\n"
    result = ocrfix.clean(text, Config(protected=["SEMENOV"]))
    assert result.text == clean + "SEMENOV'S DELEGATION LEFT THE TALKS.\n"


# --- what must not change -----------------------------------------------------------------------

@pytest.mark.parametrize("needle", [
    "REFTEL", "DCM", "SEPTEL", "NODIS", "AMEMBASSY", "USDEL", "TOSALT 005", "HELSINKI 1321", "STATE 310500",
    "302128Z DEC 77", "18 NOV 1969", "5.", "MDW", "USSR", "FRG",
])
def test_jargon_names_and_numbers_are_never_rewritten_in_a_garbled_document(needle):
    garbled, _ = garbled_summary()
    text = garbled + "\n" + JARGON
    result = ocrfix.clean(text, Config(protected=["TOSALT"]))
    assert changes_touching(result, text, needle) == []
    assert result.text.count(needle) == text.count(needle)


def test_a_user_word_is_never_rewritten():
    garbled, _ = garbled_summary()
    text = garbled + "DELEGATION CABLED TOSALT AND TOSALT REPLIED TO FRONTAL.\n"
    result = ocrfix.clean(text, Config(protected=["TOSALT", "FRONTAL"]))
    assert changes_touching(result, text, "TOSALT") == []
    assert changes_touching(result, text, "FRONTAL") == []


def test_header_field_lines_are_left_as_they_are():
    garbled, clean = garbled_summary()
    text = HEADING + "\n" + garbled
    result = ocrfix.clean(text)
    assert result.text == HEADING + "\n" + clean  # the heading keeps even its misreadings


def test_digits_in_numbers_stay_digits():
    garbled, clean = garbled_summary()
    numbers = "2. IN 1977 THE 1ST AND 2ND SESSIONS (STATE 310500, TOSALT 005) MET AT 1015 HOURS.\n"
    result = ocrfix.clean(garbled + numbers)
    assert result.text == clean + numbers


# --- confidence, flags, records -----------------------------------------------------------------

def test_flag_only_changes_nothing_and_records_the_proposals():
    garbled, clean = garbled_summary()
    text = with_semenov(garbled)
    applied = ocrfix.clean(text, Config(protected=["SEMENOV"]))
    flagged = ocrfix.clean(text, Config(protected=["SEMENOV"], flag_only=True))
    assert flagged.text == text and flagged.edits == []
    proposals = {(f.before, f.replacement) for f in flagged.flags}
    assert {("MOOERA?E", "MODERATE"), ("ANO", "AND")} <= proposals
    # every change one filter makes to a word is proposed in flag-only mode
    word_changes = {(e.before, e.replacement) for e in applied.edits
                    if e.filter in ("confusions", "dictionary") and not e.steps}
    assert len(word_changes) >= 10
    assert word_changes <= proposals


def test_flag_only_through_the_cli_leaves_the_file_text_and_reports_proposals(tmp_path):
    garbled, _ = garbled_summary()
    path = tmp_path / "cable.txt"
    path.write_text(garbled, encoding="utf-8")
    report = tmp_path / "edits.jsonl"
    result = CliRunner().invoke(main, ["clean", str(path), "--flag-only", "--report", str(report)])
    assert result.exit_code == 0
    assert result.stdout == garbled
    lines = report.read_text(encoding="utf-8").splitlines()
    assert len(lines) >= 12 and all('"status": "unresolved"' in line for line in lines)


@pytest.mark.parametrize("filter_name", ["confusions", "dictionary"])
def test_an_edit_below_min_confidence_is_left_unresolved(filter_name):
    garbled, clean = garbled_meeting()
    alone = Config(filters=[filter_name], max_passes=1)
    result = ocrfix.clean(garbled, alone)
    doubtful = [e for e in result.edits if 0.5 <= e.confidence < 1.0]
    assert doubtful
    edit = min(doubtful, key=lambda e: (e.confidence, e.start))
    stricter = ocrfix.clean(garbled, Config(filters=[filter_name], max_passes=1,
                                            min_confidence=round(edit.confidence + 0.0001, 5)))
    assert stricter.text == ocrfix.apply_edits(garbled, [e for e in result.edits if e is not edit])
    (flag,) = [f for f in stricter.flags if (f.start, f.end) == (edit.start, edit.end)]
    assert (flag.replacement, flag.rule, flag.confidence) == (edit.replacement, edit.rule, edit.confidence)


def test_min_confidence_one_applies_only_certain_edits():
    garbled, _ = garbled_summary()
    result = ocrfix.clean(garbled, Config(min_confidence=1.0))
    assert all(e.confidence == 1.0 for e in result.edits)
    assert all(f.confidence < 1.0 or f.replacement == f.before for f in result.flags)


@pytest.mark.parametrize("config", [
    Config(protected=["SEMENOV"], min_confidence=0.85),
    Config(protected=["SEMENOV"], skip=["confusions"]),
])
def test_an_unapplied_possessive_repair_never_loses_the_s(config):
    garbled, _ = garbled_summary()
    result = ocrfix.clean(with_semenov(garbled), config)
    line = result.text.split("\n")[4]
    assert line.startswith(("SEMENOV'S STATEMENT", "SE~ENOV •S STATEMENT", "SEMENOV •S STATEMENT")), line


def test_every_edit_carries_filter_rule_confidence_and_note():
    garbled, _ = garbled_summary()
    text = HEADING + "\n" + with_semenov(garbled) + "\n" + JARGON
    result = ocrfix.clean(text, Config(protected=["SEMENOV"]))
    assert len(result.edits) >= 12
    for edit in result.edits + result.flags:
        assert edit.filter in REGISTRY
        assert edit.rule and edit.note
        assert 0.0 <= edit.confidence <= 1.0
        assert edit.before == text[edit.start : edit.end]
        for step in edit.steps:
            assert step.filter in REGISTRY and step.rule and step.note


# --- known bugs ---------------------------------------------------------------------------------

def test_spaced_punctuation_is_never_deleted():
    garbled, clean = garbled_summary()
    extra = "2. LEBANESE FORCES , PERHAPS PRODDED BY ISRAELIS , MOVED SOUTH .\n"
    result = ocrfix.clean(garbled + extra)
    last = result.text.split("\n")[-2]
    assert last.count(",") == 2 and last.endswith(".")


def test_plural_possessive_apostrophe_is_kept():
    garbled, clean = garbled_summary()
    extra = "THE EMPLOYEES' INITIAL REACTION TO THE OTHERS' LETTER WAS CALM.\n"
    assert ocrfix.clean(garbled + extra).text == clean + extra


def test_a_prose_line_starting_with_to_is_corrected():
    garbled, clean = garbled_summary()
    extra = "TO FIND THE CURRENT TEXT ACCEPTABLE EXCEPT FOR THE FINAL PARA.\n"
    bad = garble_words(extra, {"CURRENT": "CURR£NT", "ACCEPTABLE": "ACCEPiABLE"})
    assert ocrfix.clean(garbled + bad).text == clean + extra


def test_short_words_with_a_digit_for_a_letter_are_repaired():
    garbled, clean = garbled_summary()
    extra = "THE NOTE CAME FROM THE AMBASSADOR UPON THIS REQUEST FOR THEIR INFO.\n"
    bad = garble_words(extra, {"FROM": "FR0M", "UPON": "UP0N", "THIS": "TH1S", "THEIR": "THE1R", "INFO": "INF0"})
    assert ocrfix.clean(garbled + bad).text == clean + extra


def test_a_garbled_half_of_a_hyphenated_compound_is_repaired():
    garbled, clean = garbled_summary()
    extra = "GREATER SELF-SUFFICIENCY IS A NON-CONTROVERSIAL AIM OF THE TOURISM-YOUTH PAPER.\n"
    bad = garble_words(extra, {"SUFFICIENCY": "SUFFlCIENCY", "CONTROVERSIAL": "CONTROVER$IAL", "TOURISM": "TOURISrn"})
    assert ocrfix.clean(garbled + bad).text == clean + extra


@pytest.mark.parametrize("raw, parts", [
    ('"(REFTEL),', ('"(', "REFTEL", "),")),
    ("AUTHOR(S):", ("", "AUTHOR(S)", ":")),  # the bracket closes inside the word
    ("(A)", ("(", "A", ")")),
    ("TALKS•", ("", "TALKS", "•")),
    ("'.", ("'", "", ".")),  # marks only: nothing is left for the core
    ("•", ("", "", "•")),
])
def test_a_token_splits_into_leading_marks_core_and_trailing_marks(raw, parts):
    assert split_token(raw) == parts
