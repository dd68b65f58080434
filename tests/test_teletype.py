"""Teletype uppercase: lowercase OCR noise, mixed-case documents left alone, --case sentence."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

import ocrfix
from ocrfix import Config
from ocrfix.cli import main

from .conftest import SAMPLES
from .garbling import cable_lines, garble_every

TELETYPE = """1. AMBASSADOR SMITH MET WITH THE SOVIET DELEGATION IN HELSINKI. THE
USSR DELEGATION SAID THAT SALT ISSUES WERE LINKED TO NATO. AS
REPORTED REFTEL, THE SOVIETS WILL TABLE A PROPOSAL ON ICBM LIMITS.
2. WE BELIEVE THE DISCUSSION WAS USEFUL. GROMYKO AGREES WITH GROMYKO
AND GROMYKO SAID SO.
"""

FRUS = sorted(SAMPLES.glob("frus-*.txt"))


def words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z']+", text)


def test_lowercase_noise_in_teletype_text_is_uppercased_into_words():
    clean = cable_lines("1978STATE098163", 1, 9)
    garbled, _ = garble_every(clean, 4)
    noisy = garbled.replace("THE ", "iHE ", 1) + "THE DELEGATION NOTED iHE PROPOSAL WITH tNTEREST.\n"
    result = ocrfix.clean(noisy)
    assert result.text == clean + "THE DELEGATION NOTED THE PROPOSAL WITH INTEREST.\n"
    assert not re.search("[a-z]", result.text)


def test_teletype_filter_alone_uppercases_every_lowercase_glyph_but_not_header_fields():
    text = "FM AMEMBASSY MOSCOw\n\nTHE DELEGATION NOTED iHE PROPOSAL WITH tNTEREST.\n"
    result = ocrfix.clean(text, Config(filters=["teletype"]))
    assert result.text == "FM AMEMBASSY MOSCOw\n\nTHE DELEGATION NOTED IHE PROPOSAL WITH TNTEREST.\n"
    assert {(e.rule, e.filter) for e in result.edits} == {("uppercase", "teletype")}


def test_default_output_keeps_teletype_uppercase():
    assert ocrfix.clean(TELETYPE).text == TELETYPE


@pytest.mark.parametrize("case", ["upper", "sentence"])
@pytest.mark.parametrize("path", FRUS, ids=lambda p: p.name)
def test_mixed_case_documents_are_never_case_changed(path, case):
    text = path.read_text(encoding="utf-8")
    assert ocrfix.clean(text, Config(filters=["teletype"], case=case)).edits == []
    result = ocrfix.clean(text, Config(case=case))
    for edit in result.edits:
        assert not (edit.before != edit.replacement and edit.before.lower() == edit.replacement.lower()), edit


def test_frus_set_is_there():
    assert len(FRUS) == 3


def check_sentence_case(text: str) -> None:
    rendered = words(text)
    for acronym in ("USSR", "SALT", "NATO", "REFTEL", "ICBM"):
        assert acronym in rendered, acronym
    # a name the document itself vouches for (seen intact three times, in no lexicon)
    assert rendered.count("Gromyko") == 3
    # the first word of each sentence
    for first in ("Ambassador", "The", "We"):
        assert first in rendered, first
    assert text.startswith("1. Ambassador ")
    # everything else is lower case
    for word in ("met", "with", "delegation", "said", "that", "issues", "were", "linked", "reported",
                 "will", "table", "proposal", "limits", "believe", "discussion", "useful", "agrees"):
        assert word in rendered, word
    assert "DELEGATION" not in rendered and "Delegation" not in rendered
    assert "the SOVIETS" not in text


def test_sentence_case_renders_a_teletype_paragraph_readably():
    result = ocrfix.clean(TELETYPE, Config(case="sentence"))
    check_sentence_case(result.text)
    assert result.text.upper() == TELETYPE  # only case changes
    assert {e.rule for e in result.edits} == {"sentence-case"}


def test_sentence_case_through_the_cli(tmp_path):
    path = tmp_path / "cable.txt"
    path.write_text(TELETYPE, encoding="utf-8")
    result = CliRunner().invoke(main, ["clean", "--case", "sentence", str(path)])
    assert result.exit_code == 0, result.stderr
    check_sentence_case(result.stdout)
    assert result.stdout == ocrfix.clean(TELETYPE, Config(case="sentence")).text


def test_sentence_case_leaves_header_fields_upper():
    text = "FM AMEMBASSY MOSCOW\nTO SECSTATE WASHDC\n\n" + TELETYPE
    result = ocrfix.clean(text, Config(case="sentence"))
    assert result.text.startswith("FM AMEMBASSY MOSCOW\nTO SECSTATE WASHDC\n\n1. Ambassador ")


def test_sentence_case_capitalises_names_from_the_names_list():
    rendered = words(ocrfix.clean(TELETYPE, Config(case="sentence")).text)
    assert "Smith" in rendered and "Helsinki" in rendered


def test_sentence_case_capitalises_protected_names():
    text = "THE DELEGATION MET SEMENOV IN HELSINKI.\n"
    rendered = words(ocrfix.clean(text, Config(case="sentence", protected=["SEMENOV"])).text)
    assert "Semenov" in rendered


def test_sentence_case_judges_a_possessive_by_its_word():
    text = "SEMENOV'S STATEMENT AND THE SOVIET'S REPLY. LET'S SEE THE USSR'S VIEW.\n"
    result = ocrfix.clean(text, Config(case="sentence", protected=["SEMENOV"]))
    assert result.text == "Semenov's statement and the Soviet's reply. Let's see the USSR's view.\n"


def test_sentence_case_reads_us_as_the_pronoun_only_where_its_neighbours_say_so():
    # after a verb and before a word such as THAT or TO, US is "us"; after THE, a conjunction or a
    # preposition, or before a noun, it is the United States
    text = ("THEY TOLD US THAT THE US DELEGATION WOULD ASK US TO WAIT.\n"
            "THE US IN THE UN AGREED, AND VISITS TO US BY THE MINISTER, THE SOVIETS AND US ON ONE SIDE.\n"
            "US TO TABLE PROPOSAL.\n")
    assert ocrfix.clean(text, Config(case="sentence")).text == (
        "They told us that the US delegation would ask us to wait.\n"
        "The US in the UN agreed, and visits to US by the minister, the Soviets and US on one side.\n"
        "US to table proposal.\n")


def test_sentence_case_lowercases_common_words_that_are_also_cable_terms():
    # (not "ALL OF US": in a cable US is the United States, and stays in capitals)
    text = "THE TALKS WERE USEFUL AND ALL OF THEM AGREED, AS YOU KNOW, NOT TO REPORT BY CABLE.\n"
    assert ocrfix.clean(text, Config(case="sentence")).text == (
        "The talks were useful and all of them agreed, as you know, not to report by cable.\n")
