from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from ocrfix import clean
from ocrfix.cli import main
from ocrfix.diffview import changes_of, side_by_side, widen_to_words, word_diff, word_hunks
from ocrfix.diffview import make_console

from .conftest import SAMPLES
from .reviewfilters import hand_made, install

HELSINKI = SAMPLES / "helsinki-1969-11-18-salt-session.ocr.txt"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def plain(lines) -> list[str]:
    return [line.plain for line in lines]


def test_word_diff_across_line_boundaries():
    original = "THE SUB-\nSTANTIVE PHASE\nA LONG LINE\n"
    result = hand_made(original, [(4, 17, "SUBSTANTIVE", "joins", "hyphen", 0.95, "broken word"),
                                  (30, 31, "\n", "wrap", "split", 0.8, "")])
    assert result.text == "THE SUBSTANTIVE PHASE\nA LONG\nLINE\n"
    body = plain(word_diff(result, "cable", color=False))[2:]
    assert body == [
        "1 │ THE [-SUB-↵-]",
        "2 │ [-STANTIVE-]{+SUBSTANTIVE+}[1] PHASE",
        "  │   [1] joins:hyphen 0.95 · broken word",
        "3 │ A LONG[- -]{+↵+}[2]",
        "  │   [2] wrap:split 0.80",
        "  │ LINE",
    ]


def test_whole_furniture_lines_are_struck_on_their_own_numbered_lines():
    original = "HEADER PAGE 2\nBODY £5 • ¥9 0NE\nNOT TO BE REPRODUCED\nEND\n"
    result = hand_made(original, [(0, 14, "", "furniture", "page-header", 1.0, "page header"),
                                  (27, 28, "O", "digits", "zero", 0.9, ""),
                                  (31, 52, "", "furniture", "warning", 1.0, "")])
    assert result.text == "BODY £5 • ¥9 ONE\nEND\n"
    body = plain(word_diff(result, "cable", color=False))
    assert body[1].splitlines() == [
        "legend: [-removed-] {+inserted+} {?unresolved?}  [n] = change n, explained under its line",
        "  furniture: page-header 1, warning 1",
        "  digits: zero 1",
        "3 applied, 0 unresolved",
    ]
    assert body[2:] == [
        "1 │ [-HEADER PAGE 2↵-][1]",
        "  │   [1] furniture:page-header 1.00 · page header",
        "2 │ BODY £5 • ¥9 [-0NE-]{+ONE+}[2]",
        "  │   [2] digits:zero 0.90",
        "3 │ [-NOT TO BE REPRODUCED↵-][3]",
        "  │   [3] furniture:warning 1.00",
        "4 │ END",
    ]


def test_side_by_side_keeps_unicode_rows_aligned_and_furniture_left_only():
    original = "HEADER PAGE 2\nBODY £5 • ¥9 0NE\nNOT TO BE REPRODUCED\nEND\n"
    result = hand_made(original, [(0, 14, "", "furniture", "page-header", 1.0, ""),
                                  (27, 28, "O", "digits", "zero", 0.9, ""),
                                  (31, 52, "", "furniture", "warning", 1.0, "")])
    console = make_console(False, width=100)
    with console.capture() as captured:
        for renderable in side_by_side(result, "cable", color=False):
            console.print(renderable)
    rows = [line.rstrip() for line in captured.get().splitlines()]
    header = next(i for i, line in enumerate(rows) if line.lstrip().startswith("#  input"))
    table = [re.split(r"\s{2,}", line.strip()) for line in rows[header + 1:] if not line.strip().startswith("[")]
    assert table == [
        ["1", "[-HEADER PAGE 2-]"],
        ["2", "BODY £5 • ¥9 [-0NE-]", "1", "BODY £5 • ¥9 {+ONE+}"],
        ["3", "[-NOT TO BE REPRODUCED-]"],
        ["4", "END", "2", "END"],
    ]


def test_unresolved_proposals_are_marked_apart_from_applied_changes():
    original = "ARMS £ TALKS ~ HERE\n"
    result = hand_made(original, [(5, 6, "", "symbols", "stray", 0.9, "")],
                       unresolved=[(13, 14, "", "symbols", "tilde", 0.3, "stray tilde?")])
    body = plain(word_diff(result, "cable", color=False))[-3:]
    assert body == [
        "1 │ ARMS [-£-][1] TALKS {?~?}[2] HERE",
        "  │   [1] symbols:stray 0.90",
        "  │   [2] symbols:tilde 0.30 unresolved: proposed '' · stray tilde?",
    ]


def test_widening_takes_whole_words_but_not_the_next_line():
    text = "NOT TO BE\nM0SCOW TALKS"
    assert widen_to_words(text, 11, 12) == (10, 16)
    assert widen_to_words(text, 0, 10) == (0, 10)  # a whole line with its newline stays as it is
    assert widen_to_words(text, 3, 3) == (3, 3)  # an insertion between words


def test_far_apart_changes_show_context_with_a_gap():
    original = "".join(f"LINE {n}\n" for n in range(1, 21)).replace("LINE 2\n", "L1NE 2\n").replace("LINE 18", "L1NE 18")
    start2, start18 = original.index("L1NE 2"), original.index("L1NE 18")
    result = hand_made(original, [(start2 + 1, start2 + 2, "I", "d", "one", 0.9, ""),
                                  (start18 + 1, start18 + 2, "I", "d", "one", 0.9, "")])
    body = plain(word_diff(result, "cable", color=False, context=1))[2:]
    numbers = [line.split("│")[0].strip() for line in body]
    assert numbers == ["1", "2", "", "3", "⋮", "17", "18", "", "19"]


# --- the CLI ----------------------------------------------------------------------------------

@pytest.fixture
def test_pipeline(monkeypatch):
    install(monkeypatch)


@pytest.fixture
def unicode_cable(tmp_path):
    path = tmp_path / "cable.txt"
    path.write_text("NOT TO BE REPRODUCED WITHOUT AUTHORIZATION\nPRICE £5 • ¥9 F0R ARMS\n", encoding="utf-8")
    return path


def test_diff_styles_and_plain_output_when_not_a_terminal(test_pipeline, unicode_cable):
    runner = CliRunner()
    unified = runner.invoke(main, ["clean", "--diff", str(unicode_cable)])
    assert unified.exit_code == 0
    assert unified.stdout.splitlines()[:2] == [f"--- {unicode_cable}", f"+++ {unicode_cable} (cleaned)"]
    word = runner.invoke(main, ["clean", "--diff=word", str(unicode_cable)])
    assert word.exit_code == 0 and "\x1b[" not in word.stdout
    assert "1 │ [-NOT TO BE REPRODUCED WITHOUT AUTHORIZATION↵-][1]" in word.stdout
    assert "2 │ PRICE £5 • ¥9 [-F0R-]{+FOR+}[2] ARMS" in word.stdout
    sbs = runner.invoke(main, ["clean", "--diff=side-by-side", str(unicode_cable)])
    assert sbs.exit_code == 0
    assert re.search(r"2\s+PRICE £5 • ¥9 \[-F0R-\] ARMS\s+1\s+PRICE £5 • ¥9 \{\+FOR\+\} ARMS", sbs.stdout)


def test_color_flag_and_no_color_env(test_pipeline, unicode_cable, monkeypatch):
    runner = CliRunner()
    colored = runner.invoke(main, ["clean", "--diff=word", "--color", str(unicode_cable)])
    assert "\x1b[" in colored.stdout
    assert "[-" not in colored.stdout  # colour replaces the bracket marks
    assert "2 │ PRICE £5 • ¥9 F0RFOR[2] ARMS" in ANSI.sub("", colored.stdout)
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in runner.invoke(main, ["clean", "--diff=word", str(unicode_cable)]).stdout
    assert "\x1b[" in runner.invoke(main, ["clean", "--diff=unified", "--color", str(unicode_cable)]).stdout
    monkeypatch.delenv("NO_COLOR")
    assert "\x1b[" not in runner.invoke(main, ["clean", "--diff=word", "--no-color", str(unicode_cable)]).stdout


PIPELINES = ["default", "test-filters"]


@pytest.fixture(params=PIPELINES)
def pipeline(request, monkeypatch):
    """The real filters (whatever exist on this branch), and the test filters."""
    if request.param == "test-filters":
        install(monkeypatch)
    return request.param


def test_helsinki_coloured_diff_shows_every_change_with_its_rule(pipeline):
    result = clean(HELSINKI.read_text(encoding="utf-8"))
    changes = changes_of(result)
    if not changes:
        pytest.skip(f"the {pipeline} pipeline makes no change to the Helsinki sample")
    out = CliRunner().invoke(main, ["clean", "--diff=word", "--color", str(HELSINKI)])
    assert out.exit_code == 0 and "\x1b[" in out.stdout
    text = ANSI.sub("", out.stdout)
    for change in changes:
        assert f"[{change.number}] {change.label} {change.edit.confidence:.2f}" in text
    hunks = word_hunks(result)
    # every hunk's input text appears struck (removed) or marked (unresolved) on its line
    for hunk in hunks:
        line = result.original.count("\n", 0, hunk.start) + 1
        assert re.search(rf"^\s*{line} │", text, flags=re.M)
