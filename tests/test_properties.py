"""Property tests of the real pipeline over random cable-like text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ocrfix
from ocrfix import Config
from ocrfix.filters import default_pipeline

CABLE_WORDS = ["THE", "SOVIET", "DELEGATION", "SALT", "TALKS", "REFTEL", "SEPTEL", "NODIS", "HELSINKI", "SEMENOV",
               "STATEMENT", "MODERATE", "AND", "CONSTRUCTIVE", "AMEMBASSY", "MOSCOW", "WILL", "MEETING", "PAGE",
               "SECRET", "USSR", "ICBM", "PARA", "TOSALT", "302128Z", "DEC", "77", "1969", "005", "FM", "TO", "INFO",
               "E.O.", "TAGS", "Smith", "President", "observations", "NOT", "REPRODUCED", "WITHOUT"]
GARBLED_WORDS = ["SE~ENOV", "•S", "MOOERA?E", "ANO", "SU8sT,ANTIV£", "W[LL", "Tl-IE", "iHE", "tNTEREST", "M0SCOW",
                 "rnEETING", "VVEEK", "TALKS•", "T", "ALKS", "EXPERi", "AUTHOR(S", "SEH~NOV", "$TATE", "l-IAS",
                 "1NTEREST", "S.UMM:AR'r1", "•", "·", "'", "--", "(", ")", ",", ".", "[Page 12]"]
SEPARATORS = [" ", " ", " ", "  ", "\n", "\r\n", "\n\n", "\t"]

token = st.one_of(st.sampled_from(CABLE_WORDS), st.sampled_from(GARBLED_WORDS),
                  st.from_regex(r"[0-9]{1,6}Z?", fullmatch=True),
                  st.text(alphabet="AEIOSTNMHRL0158$£|!.,'-•", min_size=1, max_size=8))
texts = st.lists(st.tuples(token, st.sampled_from(SEPARATORS)), max_size=40).map(
    lambda pairs: "".join(word + separator for word, separator in pairs))
pipelines = st.lists(st.booleans(), min_size=len(default_pipeline()), max_size=len(default_pipeline())).map(
    lambda chosen: [name for name, keep in zip(default_pipeline(), chosen) if keep])
cases = st.sampled_from(["upper", "sentence"])

PROPERTY = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def test_the_real_filters_are_in_the_pipeline():
    assert default_pipeline() == ["page-markers", "confusions", "dictionary", "teletype"]


@PROPERTY
@given(text=texts, filters=pipelines, case=cases)
def test_applying_the_edits_to_the_input_reproduces_the_output(text, filters, case):
    result = ocrfix.clean(text, Config(filters=filters, case=case))
    assert result.original == text
    assert ocrfix.apply_edits(text, result.edits) == result.text
    for edit in result.edits + result.flags:
        assert edit.before == text[edit.start : edit.end]
        assert 0.0 <= edit.confidence <= 1.0 and edit.filter in filters


@PROPERTY
@given(text=texts)
def test_no_filters_means_no_change(text):
    result = ocrfix.clean(text, Config(filters=[]))
    assert result.text == text and result.edits == [] and result.flags == []


@PROPERTY
@given(text=texts, case=cases)
def test_cleaning_cleaned_text_changes_nothing(text, case):
    config = Config(case=case)
    once = ocrfix.clean(text, config).text
    assert ocrfix.clean(once, config).text == once


@PROPERTY
@given(text=texts)
def test_flag_only_never_changes_the_text(text):
    result = ocrfix.clean(text, Config(flag_only=True))
    assert result.text == text and result.edits == []
    for flag in result.flags:
        assert flag.before == text[flag.start : flag.end]
