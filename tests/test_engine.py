from __future__ import annotations

from dataclasses import fields, replace

from hypothesis import given, settings
from hypothesis import strategies as st

from ocrfix.edits import Edit, Step, apply_edits
from ocrfix.engine import ChangeTracker, _named, resolve_overlaps, run_filters
from ocrfix.filters import Context

from .conftest import ScriptedFilter


def run(text, *stages, **context):
    return run_filters(text, [ScriptedFilter(specs=list(s)) for s in stages], Context(**context))


def test_no_filters_changes_nothing():
    result = run_filters("SOME TEXT\n", [], Context())
    assert result.text == "SOME TEXT\n"
    assert result.edits == [] and result.flags == []
    assert not result.changed


def test_naming_a_proposal_keeps_everything_else_it_says():
    step = Step("teletype", "upper", 0.9, "a note", "i", "I")
    edit = Edit(4, 10, "MOSCOW", "word", 0.7, "a note", "confusions", "M0SCOW", (step, step))
    # every field is set, so a field added to Edit and not carried over by _named shows here
    assert all(getattr(edit, f.name) != f.default for f in fields(Edit))
    named = _named(edit, "dictionary")
    want = replace(edit, filter="dictionary")
    assert [getattr(named, f.name) for f in fields(Edit)] == [getattr(want, f.name) for f in fields(Edit)]
    assert _named(named, "dictionary") is named


def test_single_edit_is_reported_against_original():
    result = run("THE M0SCOW TALKS", [(4 / 16, 6, "MOSCOW", 1.0)])
    assert result.text == "THE MOSCOW TALKS"
    [edit] = result.edits
    assert (edit.start, edit.end, edit.before, edit.replacement) == (4, 10, "M0SCOW", "MOSCOW")
    assert edit.filter == "scripted"


def test_later_stage_maps_through_earlier_deletion():
    # stage 1 deletes the first line; stage 2 edits a word on the second line
    text = "FOOTER LINE\nTHE M0SCOW TALKS\n"
    tracker = ChangeTracker(text)
    tracker.apply([Edit(0, 12, "", "footer", filter="a")])
    assert tracker.text == "THE M0SCOW TALKS\n"
    tracker.apply([Edit(4, 10, "MOSCOW", "word", filter="b")])
    edits = tracker.changes()
    assert [(e.start, e.end, e.replacement, e.filter) for e in edits] == [(0, 12, "", "a"), (16, 22, "MOSCOW", "b")]
    assert apply_edits(text, edits) == tracker.text


def test_edits_on_the_same_span_merge_and_keep_their_history():
    tracker = ChangeTracker("iHE END")
    tracker.apply([Edit(0, 1, "I", "upper", 0.9, filter="teletype")])
    tracker.apply([Edit(0, 3, "THE", "word", 0.8, filter="dictionary")])
    [edit] = tracker.changes()
    assert (edit.start, edit.end, edit.before, edit.replacement) == (0, 3, "iHE", "THE")
    assert edit.rules == ("teletype:upper", "dictionary:word")
    assert edit.confidence == 0.8
    assert [s.before for s in edit.steps] == ["i", "IHE"]


def test_change_undone_by_a_later_stage_disappears():
    tracker = ChangeTracker("ABC")
    tracker.apply([Edit(1, 2, "X", "r", filter="a")])
    tracker.apply([Edit(1, 2, "B", "r", filter="b")])
    assert tracker.changes() == []
    assert tracker.text == "ABC"


def test_insertion_next_to_deletion_keeps_order():
    text = "AB"
    tracker = ChangeTracker(text)
    tracker.apply([Edit(1, 2, "", "del", filter="a")])  # "A"
    tracker.apply([Edit(1, 1, "Z", "ins", filter="b")])  # "AZ": joins the deletion at that point
    assert tracker.text == "AZ"
    assert apply_edits(text, tracker.changes()) == "AZ"


def test_low_confidence_edits_become_flags():
    result = run("ONE TWO", [(0, 3, "UNO", 0.2), (4 / 7, 3, "DOS", 0.9)], min_confidence=0.5)
    assert result.text == "ONE DOS"
    [flag] = result.flags
    assert (flag.start, flag.end, flag.replacement, flag.before) == (0, 3, "UNO", "ONE")


def test_flag_only_changes_nothing_but_records_everything():
    result = run("ONE TWO", [(0, 3, "UNO", 1.0), (4 / 7, 3, "DOS", 1.0)], flag_only=True)
    assert result.text == "ONE TWO"
    assert [f.replacement for f in result.flags] == ["UNO", "DOS"]


def test_overlapping_proposals_keep_the_more_confident():
    kept, dropped = resolve_overlaps([Edit(0, 4, "A", "r", 0.4), Edit(2, 6, "B", "r", 0.9)])
    assert [e.replacement for e in kept] == ["B"]
    assert [e.replacement for e in dropped] == ["A"]


def test_flag_inside_an_earlier_change_widens_to_it():
    text = "XX M0SC0W YY"
    result = run(text, [(3 / 12, 6, "MOSC0W", 1.0)], [(3 / 12, 6, "MOSCOW", 0.1)], min_confidence=0.5)
    assert result.text == "XX MOSC0W YY"
    [flag] = result.flags
    assert (flag.start, flag.end) == (3, 9)


edit_spec = st.tuples(
    st.floats(min_value=0, max_value=1),
    st.integers(min_value=0, max_value=6),
    st.text(alphabet="AB\n ·x", max_size=4),
    st.sampled_from([0.1, 0.6, 1.0]),
)
stage = st.lists(edit_spec, max_size=6).map(lambda specs: sorted(specs, key=lambda s: s[0]))


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet="ABC \n\r·£", max_size=40), stages=st.lists(stage, max_size=4))
def test_applying_reported_edits_reproduces_the_output(text, stages):
    result = run(text, *stages)
    expected = text
    for specs in stages:  # what the filters did, stage by stage, with no engine bookkeeping
        proposals = ScriptedFilter(specs=specs).propose(expected, Context())
        expected = apply_edits(expected, [e for e in proposals if e.confidence >= 0.5])
    assert result.text == expected
    assert apply_edits(text, result.edits) == result.text
    previous_end = 0
    for edit in result.edits:
        assert edit.before == text[edit.start : edit.end]
        assert edit.start >= previous_end
        previous_end = edit.end
    for flag in result.flags:
        assert 0 <= flag.start <= flag.end <= len(text)
