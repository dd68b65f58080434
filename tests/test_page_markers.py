"""The page-markers filter on the repository's samples (the acceptance tests of issue 3) and small cases."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

import ocrfix
from ocrfix import Config, apply_edits
from ocrfix.filters import REGISTRY, default_pipeline

from .conftest import SAMPLES

DATA = Path(__file__).parent / "data"
ONLY = Config(filters=["page-markers"])
RULES = {"page-header", "banner", "footer", "stamp", "page-ref", "noise-line", "end-of-message"}


def clean(text: str, config: Config = ONLY):
    return ocrfix.clean(text, config)


def nonblank(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


def test_page_markers_is_registered_first_in_the_pipeline():
    assert default_pipeline()[0] == "page-markers"
    assert {"footer_threshold", "banner_threshold", "recurrence_threshold", "min_page_gap"} <= set(
        REGISTRY["page-markers"].defaults()
    )


# -- Helsinki: real garbled OCR -----------------------------------------------------------

HELSINKI = SAMPLES / "helsinki-1969-11-18-salt-session.ocr.txt"
# 1-based line numbers of the furniture in the sample, by what it is
HELSINKI_FOOTERS = [32, 75, 100, 136, 139, 188, 213]  # 136 and 139 are the two halves of one footer
HELSINKI_STAMPS = [98, 212]
HELSINKI_NOISE = [137, 183, 184, 186, 187]
HELSINKI_INLINE_STAMP = 73  # `... SPIRALING uPwARCS, UNClASSIFlfD`


@pytest.fixture(scope="module")
def helsinki():
    text = HELSINKI.read_text(encoding="utf-8")
    return text, clean(text)


def test_helsinki_loses_every_footer_stamp_and_noise_line_and_no_body_line(helsinki):
    text, result = helsinki
    lines = text.split("\n")
    furniture = set(HELSINKI_FOOTERS + HELSINKI_STAMPS + HELSINKI_NOISE)
    expected = [line for number, line in enumerate(lines, 1) if number not in furniture]
    expected[expected.index(lines[HELSINKI_INLINE_STAMP - 1])] = lines[HELSINKI_INLINE_STAMP - 1].replace(
        " UNClASSIFlfD", ""
    )
    assert nonblank(result.text) == nonblank("\n".join(expected))


def test_helsinki_footers_in_every_garbled_form_are_footers(helsinki):
    text, result = helsinki
    lines = text.split("\n")
    by_rule = Counter(e.rule for e in result.edits)
    assert by_rule == {"footer": 7, "stamp": 3, "noise-line": 5}
    removed = "".join(e.before for e in result.edits if e.rule == "footer")
    for number in HELSINKI_FOOTERS:
        assert lines[number - 1] in removed
    assert "NO'l' TO 8E llEf'l!ODUCED" in removed and "Wl;fHGUT THE.sltfltti~RiZATl0N" in removed


def test_helsinki_stamp_read_into_a_text_line_loses_only_the_stamp(helsinki):
    _, result = helsinki
    (inline,) = [e for e in result.edits if e.rule == "stamp" and "\n" not in e.before]
    assert inline.before == " UNClASSIFlfD"
    assert ".1.~. r u1, ,·, !~~& SPJRALJNG uPwARCS, \n" in result.text


def test_helsinki_keeps_the_heading_lines(helsinki):
    _, result = helsinki
    out = result.text.split("\n")
    assert out[0] == " -~DIS· "  # EXDIS, the message's own handling line
    assert " I C\u00a0\u00b7 RE T S(CTlON 2 ore HELSJNl<f 1321" not in out  # sanity: the real line follows
    assert any("S(CTlON 2 ore HELSJNl<f 1321" in line for line in out)
    assert "EIICD1S " in out and "SMITH " in out


def test_helsinki_section_one_has_its_ground_truth_line_count(helsinki):
    """The hand-made ground truth of section 1 is line for line: the cleaned OCR must have as many lines."""
    _, result = helsinki
    out = result.text.split("\n")
    section2 = next(i for i, line in enumerate(out) if "S(CTlON 2" in line)
    truth = (DATA / "helsinki-section1.gt.txt").read_text(encoding="utf-8")
    assert len(nonblank("\n".join(out[:section2]))) == len(nonblank(truth))


def test_helsinki_rejoins_a_sentence_cut_by_a_split_footer(helsinki):
    _, result = helsinki
    assert "B·ASEO ON THES£ \n PRE'YIOVS E)CCl4ANOES• \n" in result.text


def test_helsinki_keeps_the_paragraph_break_before_a_footer(helsinki):
    _, result = helsinki
    assert "SEME•NOV' \n\n 2, l~ MlS SRIEF." in result.text
    assert result.text.endswith("QUESTIONING• \nSMITH \n")


# -- State 1977: clean cable with headers and banners ------------------------------------

STATE = SAMPLES / "state-1977-310500-arms-transfer-non-paper.txt"
# (first, last) 1-based line ranges that go: banners, page headers, their blank lines, NNN
STATE_REMOVED = [(5, 7), (47, 52), (67, 72), (102, 107), (142, 147), (188, 193), (211, 216), (239, 242)]


def test_state_1977_loses_headers_banners_and_nnn_and_nothing_else():
    text = STATE.read_text(encoding="utf-8")
    result = clean(text)
    gone = {n for first, last in STATE_REMOVED for n in range(first, last + 1)}
    lines = text.split("\n")
    assert all(lines[n - 1] in ("", "SECRET", "NNN") or lines[n - 1].startswith("PAGE 0") for n in gone)
    expected = "\n".join(line for number, line in enumerate(lines, 1) if number not in gone)
    assert result.text == expected
    assert Counter(e.rule for e in result.edits) == {"banner": 14, "page-header": 7, "end-of-message": 1}
    assert result.flags == []


def test_state_1977_joins_sentences_across_page_breaks():
    result = clean(STATE.read_text(encoding="utf-8"))
    assert "LIMITATION OF THE INTERNATIONAL  \nARMS TRADE  \n" in result.text
    assert 'THE "BASIC PRINCIPLES  \nOF RELATIONS' in result.text
    assert "WITH REGARD TO  \nTHIS ISSUE PRIOR TO THE SSOD." in result.text
    assert "LIMITED POLITICAL VALUE.\n\n--REDUCING COSTLY" in result.text
    assert "THE CONVENTIONAL ARMS TRADE. CHRISTOPHER\n\n## Message Attributes" in result.text
    assert "S E C R E T STATE 310500\n" in result.text


# -- FRUS: only the [Page N] markers go ---------------------------------------------------


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("frus-*.txt")), ids=lambda p: p.stem)
def test_frus_loses_only_its_page_markers(path):
    text = path.read_text(encoding="utf-8")
    result = clean(text)
    expected = re.sub(r"\[Page \d+\] ", "", re.sub(r"\n\[Page \d+\]\n", "", text))
    assert "[Page" in text and result.text == expected
    assert {e.rule for e in result.edits} == {"page-ref"}


def test_frus_inline_marker_leaves_the_sentence_whole():
    result = clean((SAMPLES / "frus-1971-07-13-smith-to-kissinger-backchannel.txt").read_text(encoding="utf-8"))
    assert "I would be willing to do so either in private conversation" in result.text


# -- small cases ----------------------------------------------------------------------------

PAGE_BREAK = "SECRET\n\nSECRET\n\nPAGE 02 STATE 123456\n\n"
BODY = "THE AMBASSADOR CALLED ON THE FOREIGN MINISTER THIS MORNING AND\n"


def test_sentence_cut_by_a_page_break_continues_on_the_next_line():
    text = "SECRET\n\n" + BODY + PAGE_BREAK + "RAISED THE QUESTION OF THE LOAN.\n\nSECRET\n"
    assert clean(text).text == BODY + "RAISED THE QUESTION OF THE LOAN.\n"


def test_paragraph_break_at_a_page_break_stays():
    text = "SECRET\n\n1. THE LOAN IS AGREED.\n\n" + PAGE_BREAK + "2. THE MINISTER WILL SIGN.\n\nSECRET\n"
    assert clean(text).text == "1. THE LOAN IS AGREED.\n\n2. THE MINISTER WILL SIGN.\n"


def test_marker_words_in_the_body_stay_and_a_lone_secret_paragraph_is_only_flagged():
    body = (
        "1. THE TALKS WERE HELD IN SECRET AT THE MINISTER'S REQUEST AND\n"
        "THEIR RESULTS ARE CONFIDENTIAL.\n\nSECRET.\n\n"
        "PAGE 2 OF REFTEL CONTAINS THE FULL TEXT OF THE DRAFT AGREEMENT.\n"
    )
    result = clean("CONFIDENTIAL\n\n" + body + "\nCONFIDENTIAL\n")
    assert result.text == body
    flagged = [e for e in result.flags if e.before == "SECRET."]
    assert len(flagged) == 1 and flagged[0].confidence == 0 and flagged[0].replacement == "SECRET."


def test_a_lone_paragraph_label_is_kept_as_a_doubt_but_noise_goes():
    result = clean("THE TEXT FOLLOWS.\n\n2.\n\nTHE REST.\n~\n")
    assert result.text == "THE TEXT FOLLOWS.\n\n2.\n\nTHE REST.\n"
    assert [(e.before, e.rule, e.confidence) for e in result.flags] == [("2.", "noise-line", 0.0)]


def test_the_cable_heading_lines_stay():
    heading = "S E C R E T SECTION 01 OF 02 STATE 123456\n\nE.O. 11652: GDS\nTAGS: PARM, UR\nSUBJECT: SALT\n\n"
    assert clean("SECRET\n" + heading + BODY).text == heading + BODY


def test_end_of_message_marker_goes_but_what_follows_it_stays():
    result = clean(BODY + "KISSINGER\n\nNNNN\n\nNOTE BY OC/T: NOT PASSED.\n")
    assert result.text == BODY + "KISSINGER\n\nNOTE BY OC/T: NOT PASSED.\n"
    assert [e.rule for e in result.edits] == ["end-of-message"]


def test_unknown_furniture_recurring_at_page_intervals_goes():
    body = nonblank((DATA / "cables" / "1979LONDON02802.txt").read_text(encoding="utf-8"))
    stamp = "DEPARTMENT OF STATE ARCHIVE COPY RETURN TO FILES"
    text = "\n".join(body[:20] + [stamp] + body[20:40] + [stamp] + body[40:]) + "\n"
    result = clean(text)
    assert nonblank(result.text) == body
    assert [e.rule for e in result.edits] == ["footer", "footer"] and all("recurs" in e.note for e in result.edits)


def test_similar_lines_close_together_are_text_not_furniture():
    rows = [f"ITEM {n}: TEN THOUSAND TONS OF WHEAT FOR DELIVERY IN MARCH" for n in range(40)]
    text = "\n".join(rows) + "\n"
    assert clean(text).text == text


def test_lines_below_min_confidence_become_flags_not_edits():
    text = "SECRET\n\n" + BODY + PAGE_BREAK + "RAISED THE QUESTION.\n"
    result = clean(text, Config(filters=["page-markers"], min_confidence=0.99))
    assert result.text == text and result.edits == []
    assert {e.rule for e in result.flags} == {"banner", "page-header"}


def test_crlf_input_keeps_its_line_endings():
    text = ("SECRET\n\n" + BODY + PAGE_BREAK + "RAISED THE QUESTION.\n").replace("\n", "\r\n")
    result = clean(text)
    assert result.text == (BODY + "RAISED THE QUESTION.\n").replace("\n", "\r\n")
    assert apply_edits(text, result.edits) == result.text


def test_every_edit_uses_a_known_rule_and_reproduces_the_text():
    for path in sorted(SAMPLES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        result = clean(text)
        assert {e.rule for e in result.edits + result.flags} <= RULES
        assert apply_edits(text, result.edits) == result.text
        assert clean(result.text).text == result.text
