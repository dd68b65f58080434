"""The page-markers filter must not remove real content: excerpts of clean corpus cables that
look like furniture (metadata records, lone symbols, answer lines, repeated passages), and
the checks that furniture around them still goes."""

from __future__ import annotations

from pathlib import Path

import pytest

import ocrfix
from ocrfix import Config

ONLY = Config(filters=["page-markers"])
FILLER = [
    line
    for line in (Path(__file__).parent / "data" / "cables" / "1976BONN03865.txt").read_text(encoding="utf-8").split("\n")
    if line.strip()
][:20]
# lines with glyphs only OCR produces: a document with these has visibly been read by OCR
DAMAGED = "THE MlNISTER SAiD THAT HE WiLL\nRAISE THE ~ISSUE AGAiN W1TH THE\nAMBASSAD0R, WHO HAS NoT YET REPLiED.\n"


def clean(text: str):
    return ocrfix.clean(text, ONLY)


@pytest.mark.parametrize("marking", ["UNCLASSIFIED", "CONFIDENTIAL", "LIMITED OFFICIAL USE"])
def test_the_second_line_of_a_metadata_record_stays(marking):
    # 1973LAPAZ03608, 1973STATE057534, 1973STATE124000: the record's value is on its own line
    text = f"SIRACUSA\n\n*** CURRENT HANDLING RESTRICTIONS *** N/A *** CURRENT CLASSIFICATION\n*** {marking}\n"
    result = clean(text)
    assert result.text == text and result.edits == []


def test_a_banner_at_the_end_still_goes_after_a_metadata_record():
    record = "*** CURRENT HANDLING RESTRICTIONS *** N/A *** CURRENT CLASSIFICATION\n*** CONFIDENTIAL\n"
    assert clean("SIRACUSA\n\n" + record + "\nCONFIDENTIAL\n").text == "SIRACUSA\n\n" + record


def test_a_marking_word_with_another_word_on_its_line_is_text():
    # 1977KINSHA11101 opens with the marker of its unclassified part
    text = "BEGIN UNCLASSIFIED\n\n1. THE LOCAL PRESS CONTINUES TO GIVE HEAVY PLAY TO THE TRIAL.\n"
    assert clean(text).text == text
    # a garbled banner with speckle beside it still goes
    assert clean("a. SECRET . : : oo\n\n1. THE LOCAL PRESS.\n").text == "1. THE LOCAL PRESS.\n"
    assert clean("TOP SE” RET\n\n1. THE LOCAL PRESS.\n").text == "1. THE LOCAL PRESS.\n"


@pytest.mark.parametrize(
    "text, symbol",
    [
        ("@\n\n1. BRANIFF LOCAL OFFICE ANTICIPATES DNTAC ORDER.\n", "@"),  # 1973BUENOS03147
        ("2. POST DOES NOT HAVE THE FACILITIES TO LOCATE SUBJECTS WITHIN THE US\n.\n\nSMITH\n", "."),
        ("RESULTS OF PAST WEEK'S WORK (TEXT DATAFAXED TO IO/UNP\n).\n\n2. (U) IN ENSUING REVIEW.\n", ")."),
        ("FOUR SEPARATE LISTS OF REPRESENTATIVES FROM IMO AND TWO FROM ANAMBRA\n*\n\n2. THE NORTHERN FLAVOR.\n", "*"),
    ],
)
def test_a_lone_symbol_in_a_clean_document_is_kept_as_a_doubt(text, symbol):
    result = clean(text)
    assert result.text == text
    assert [(f.before, f.rule, f.confidence) for f in result.flags] == [(symbol, "noise-line", 0.0)]
    assert "no other OCR damage" in result.flags[0].note


def test_a_lone_symbol_in_a_document_read_by_ocr_is_noise():
    result = clean(DAMAGED + "*\n\n" + DAMAGED)
    assert result.text == DAMAGED + "\n" + DAMAGED
    assert [e.rule for e in result.edits] == ["noise-line"]


def test_a_line_of_glyphs_only_ocr_makes_is_noise_even_in_clean_text():
    assert clean("THE TEXT FOLLOWS.\n\n«\n\nTHE REST.\n").text == "THE TEXT FOLLOWS.\n\nTHE REST.\n"
    assert clean("THE TEXT FOLLOWS.\nq\nTHE REST.\n").text == "THE TEXT FOLLOWS.\nTHE REST.\n"


@pytest.mark.parametrize("answer", ["5. N", "5. D", "8. --"])
def test_a_numbered_answer_is_text_even_in_a_damaged_document(answer):
    # 1977DAMASC04767, 1977STOCKH00147: trade-opportunity forms answer by number
    text = DAMAGED + f"\n{answer}\n\n6. HAMA POULTRY INSTITUTION , HAMA\n"
    result = clean(text)
    assert result.text == text
    assert [(f.before, f.rule, f.confidence) for f in result.flags] == [(answer, "noise-line", 0.0)]


@pytest.mark.parametrize("garbled", [False, True])
def test_a_repeated_passage_of_text_stays(garbled):
    # 1978PARIS19560 names the same countries twice, 28 lines apart
    first = [
        "PAPER REF (A) WITH A FEW MINOR EXPRESSIONS OF CONCERN. STRONG SUPPORT",
        "FROM U.K. , NORWAY , CANADA , AUSTRALIA , NETHERLANDS , JAPAN ,",
        "GERMANY , BELGIUM , SWEDEN , DENMARK , SPAIN , AND AUSTRIA . SEC GEN",
        "CONCLUDED THIS AGENDA ITEM IS TO BE TAKEN UP AGAIN BY COUNCIL SOON",
    ]
    second = [
        "3. IN ENSUING DISCUSSION, STRONG AND UNQUALIFIED SUPPORT WAS",
        "EXPRESSED BY U.K. , NORWAY , CANADA , AUSTRALIA , NETHERLANDS , JAPAN",
        ", GERMANY , BELGIUM , SWEDEN , DENMARK , SPAIN , AND AUSTRIA .",
        "FINLAND APPROVED AD REFERENDUM. ITALY PREFERRED BROADENING MANDATE OF",
    ]
    if garbled:  # OCR may leave only one line of the passage similar enough to count as recurring
        first[1] = "; FROM : U.K. , NORWY , CANAD>. , AUSTRALIA , NETHERLANDS , JAPAN ;"
        first[2] = "GERMAN'r , BELGIUM ; SWEDEN ; D£NMARK , SPAIN , AND AUSTRIA . SEC GEN"
        second[2] = "• GERMANY , BELGIUM , SWEDEN ' DENMARK , SPAIN , AND AUSTRIA ."
    text = "\n".join(first + FILLER + second) + "\n"
    assert clean(text).text == text


def test_a_repeated_passage_at_a_page_boundary_goes():
    # the same two recurring lines, but standing between the text and a page header
    stamp = ["DEPARTMENT OF STATE ARCHIVE COPY", "RETURN TO CENTRAL FILES ROOM 1234"]
    text = "\n".join(FILLER[:4] + stamp + ["PAGE 02 STATE 123456"] + FILLER[4:] + stamp) + "\n"
    assert clean(text).text == "\n".join(FILLER) + "\n"


def test_a_clean_line_ending_in_a_stamp_word_keeps_it():
    text = "1. THE REPORT, NOW DECLASSIFIED, STATES THE TEXT WILL REMAIN UNCLASSIFIED\n"
    assert clean("SECRET\n\n" + text + "\nSECRET\n").text == text


def test_a_footer_split_around_a_page_header_goes_in_one_pass():
    text = (
        "POSTED PRICE AGREEMENTS WHILE RETAINING BASIC AGREEMENTS; (2) PRESS\n"
        "NOT TO BE REPRODUCED WITHOUT THE AUTHORIZATION OF THE\nPAGE 02 STATE 310500\nEXECUTIVE SECRETARY"
    )
    result = clean(text)
    assert result.text == "POSTED PRICE AGREEMENTS WHILE RETAINING BASIC AGREEMENTS; (2) PRESS\n"
    assert clean(result.text).text == result.text


def test_two_first_halves_of_a_footer_do_not_make_a_footer():
    half = "NOT TO BE REPRODUCED WITHOUT THE AUTHORIZATION OF THE"
    text = f"POSTED PRICE AGREEMENTS; (2) PRESS\n{half}\n{half}\n"
    assert clean(text).text == text


# -- furniture in Tesseract reads of teletype pages (excerpts of dev/synthetic) -------------

D159_PAGE_BREAK = (
    "WE@OTIATIONS FOR THE RELEASE OF FHE PUEBLO AND CREW WILL DEPEND ON\n"
    "SECRECY. If 183 IMPORTANT THAT THE IMMEDIATE PROBLEM CF THE PUESIO\n"
    "{scrap}\n"
    "PAGE 02 SYATE 111864 6200323\n\n"
    "BECRE TF SECTION O02 GW 02 SPATE 111264\n\n"
    "SEIZURE AMD THE LONGER-RUM PROBLEM OF ENSURING THE SECURITY OF THs\n"
)


def test_a_scrap_in_the_banners_place_above_a_page_header_is_the_banner():
    text = "SECRET\n" + DAMAGED + D159_PAGE_BREAK.format(scrap="& GET") + "\nSRCRET\n"
    result = clean(text)
    assert "& GET" not in result.text and "PAGE 02" not in result.text
    assert "THE PUESIO\n\nBECRE TF SECTION O02" in result.text
    assert [e.confidence for e in result.edits if e.before.startswith("& GET")] == [0.6]


@pytest.mark.parametrize("banner, scrap", [("SECRET", "SET."), ("CONFIDENTIAL", "& GET"), ("", "& GET")])
def test_a_short_line_above_a_page_header_stays_unless_it_scraps_the_documents_own_banner(banner, scrap):
    # a paragraph's last word ends its sentence; GET is no scrap of CONFIDENTIAL; no banner, no evidence
    text = f"{banner}\n" + DAMAGED + D159_PAGE_BREAK.format(scrap=scrap)
    assert f"\n{scrap}\n" in clean(text).text


def test_a_capitalised_scrap_at_the_top_of_an_ocr_read_page_is_noise():
    # dev/synthetic d150: the banner above the cable's classification line read as `Bore, .`
    heading = "SEC RET SECTION 61 OF 02 SFONL 390%\nPES: STARR 106085.\n"
    assert clean("Bore, .\n" + heading + DAMAGED).text == heading + DAMAGED
    # in clean text a capitalised word is a word (the State sample's `## Message Text`)
    clean_text = "## Message Text\n\nSECRET STATE 310500\n"
    assert clean(clean_text).text == clean_text
