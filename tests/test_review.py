from __future__ import annotations

import json
import os
import re
import shutil
import sys

import pytest
from click.testing import CliRunner

from ocrfix import clean
from ocrfix.cli import main
from ocrfix.diffview import changes_of
from ocrfix.edits import apply_edits
from ocrfix.review import REJECT, DecisionBook, apply_decisions, decision_key

from .conftest import REPO, SAMPLES
from .reviewfilters import TEST_FILTERS, hand_made, install

pexpect = pytest.importorskip("pexpect")

HELSINKI = SAMPLES / "helsinki-1969-11-18-salt-session.ocr.txt"
PROMPT = r"\[y,n,e,a,d,k,s,u,q,\?\]\? "
CABLE = "NOT TO BE REPRODUCED\nTHE M0SCOW TALKS ~ AT H0ME\nPRICE £5 • ¥9 F0R ARMS\n"


@pytest.fixture
def cable(tmp_path, monkeypatch):
    install(monkeypatch)
    path = tmp_path / "cable.txt"
    path.write_text(CABLE, encoding="utf-8")
    return path


def test_apply_decisions_reject_accept_replace_and_undecided():
    original = "THE M0SCOW TALKS ~ AT H0ME £\n"
    result = hand_made(original, [(5, 6, "O", "digits", "zero", 0.9, ""), (23, 24, "O", "digits", "zero", 0.9, "")],
                       unresolved=[(17, 18, "", "symbols", "tilde", 0.3, ""), (26, 27, "", "symbols", "pound", 0.3, "")])
    first, tilde, second, pound = changes_of(result)
    book = DecisionBook()
    book.record(first, "replace", "MOSKVA")  # replaces the whole word the change touches
    book.record(second, "reject")
    book.record(tilde, "accept")
    reviewed, undecided = apply_decisions(result, book)
    assert reviewed.text == "THE MOSKVA TALKS  AT H0ME £\n"
    assert undecided == 1 and reviewed.flags == [pound.edit]
    assert [(e.before, e.replacement, e.filter) for e in reviewed.edits] == [
        ("M0SCOW", "MOSKVA", "editor"), ("~", "", "symbols")]
    assert apply_edits(original, reviewed.edits) == reviewed.text


def test_decisions_are_keyed_by_what_they_decide_not_by_position():
    result = hand_made("A0B C0D\n", [(1, 2, "O", "d", "zero", 0.9, ""), (5, 6, "O", "d", "zero", 0.9, "")])
    book = DecisionBook()
    book.record(changes_of(result)[1], REJECT)
    # the tool improves: a new change appears before the decided one, which keeps its decision
    improved = hand_made("A0B C0D\n", [(0, 0, "X", "new", "add", 0.9, ""), (1, 2, "O", "d", "zero", 0.9, ""),
                                       (5, 6, "O", "d", "zero", 0.9, "")])
    assert book.get(changes_of(improved)[2].edit).decision == REJECT
    assert book.get(changes_of(improved)[1].edit) is None
    # a different proposal for the same span is a new question
    changed = hand_made("A0B C0D\n", [(5, 6, "Q", "d", "zero", 0.9, "")])
    assert book.get(changes_of(changed)[0].edit) is None
    assert decision_key(changes_of(result)[1].edit) != decision_key(changes_of(changed)[0].edit)


def test_a_proposal_made_inside_an_applied_change_cannot_be_accepted_as_is():
    original = "M0SC0W\n"
    result = hand_made(original, [(0, 6, "MOSCOW", "digits", "word", 0.9, "")],
                       unresolved=[(0, 6, "MOSKVA", "names", "fuzzy", 0.3, "")])
    applied, flag = changes_of(result)
    book = DecisionBook()
    book.record(applied, "reject")
    book.record(flag, "accept")
    assert apply_decisions(result, book)[0].text == original


def test_review_by_lines_then_clean_reproduces_it(cable, tmp_path):
    runner = CliRunner()
    # furniture: reject; M0SCOW: accept; ~: type a replacement; H0ME: reject; F0R: skip
    out = runner.invoke(main, ["review", str(cable), "--no-color"], input="n\ny\ne\n-\nn\ns\n")
    assert out.exit_code == 0, out.output
    assert "── change 1 of 5 · test-furniture:warning-line · 1.00 · applied ──" in out.stdout
    assert "replacement for '~': " in out.stdout
    assert out.stdout.rstrip().endswith(
        f"4 decided now, 1 undecided (kept as the cleaner left them); wrote {cable}.reviewed.txt and {cable}.decisions.jsonl")
    reviewed = (tmp_path / "cable.txt.reviewed.txt").read_text(encoding="utf-8")
    assert reviewed == "NOT TO BE REPRODUCED\nTHE MOSCOW TALKS - AT H0ME\nPRICE £5 • ¥9 FOR ARMS\n"
    decisions = [json.loads(line) for line in (tmp_path / "cable.txt.decisions.jsonl").read_text().splitlines()]
    assert [(d["before"], d["decision"], d.get("replacement")) for d in decisions] == [
        ("NOT TO BE REPRODUCED\n", "reject", None), ("0", "accept", None), ("~", "replace", "-"), ("0", "reject", None)]
    again = runner.invoke(main, ["clean", str(cable), "--decisions", str(tmp_path / "cable.txt.decisions.jsonl")])
    assert again.stdout == reviewed
    assert again.stderr == f"warning: 1 change(s) not decided in {tmp_path / 'cable.txt.decisions.jsonl'}; kept as the cleaner left them\n"
    # a second review asks only the one left undecided
    second = runner.invoke(main, ["review", str(cable), "--no-color"], input="y\n")
    assert f"4 change(s) already decided in {cable}.decisions.jsonl; 1 to review" in second.stdout
    assert "── change 1 of 1 · test-digits:digit-0 · 0.90 · applied ──" in second.stdout


def test_after_the_tool_improves_only_new_changes_are_asked(cable, tmp_path, monkeypatch):
    runner = CliRunner()
    install(monkeypatch, {n: TEST_FILTERS[n] for n in ("test-digits",)})
    decisions = tmp_path / "d.jsonl"
    first = runner.invoke(main, ["review", str(cable), "--decisions", str(decisions), "-o", str(tmp_path / "r.txt")],
                          input="n\nn\ny\n")
    assert first.exit_code == 0 and "── change 3 of 3" in first.stdout
    install(monkeypatch)  # the tool grows two more filters
    second = runner.invoke(main, ["review", str(cable), "--decisions", str(decisions), "-o", str(tmp_path / "r.txt")],
                           input="y\ny\n")
    assert f"3 change(s) already decided in {decisions}; 2 to review" in second.stdout
    assert "change 1 of 2 · test-furniture:warning-line" in second.stdout
    assert "change 2 of 2 · test-tildes:tilde" in second.stdout
    assert (tmp_path / "r.txt").read_text(encoding="utf-8") == "THE M0SCOW TALKS  AT H0ME\nPRICE £5 • ¥9 FOR ARMS\n"


def test_accept_or_reject_all_of_a_rule_step_back_and_quit(cable, tmp_path):
    runner = CliRunner()
    # furniture: y; M0SCOW: back (k) to furniture, y again; M0SCOW: d = reject this and later digit-0
    out = runner.invoke(main, ["review", str(cable)], input="y\nk\ny\nd\nq\n")
    assert out.exit_code == 0
    assert "decided: accept" in out.stdout
    assert "quit: 4 decided now, 1 undecided" in out.stdout  # H0ME and F0R are digit-0 too; ~ is left
    reviewed = (tmp_path / "cable.txt.reviewed.txt").read_text(encoding="utf-8")
    assert reviewed == "THE M0SCOW TALKS ~ AT H0ME\nPRICE £5 • ¥9 F0R ARMS\n"


def test_review_refuses_stdin_and_bad_decisions(cable, tmp_path):
    runner = CliRunner()
    out = runner.invoke(main, ["review", "-"])
    assert (out.exit_code, out.stderr) == (2, "Error: review needs a file: standard input is the keyboard\n")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"key": "x", "decision": "maybe"}\n')
    out = runner.invoke(main, ["clean", str(cable), "--decisions", str(bad)])
    assert out.exit_code == 2
    assert out.stderr == f"Error: {bad}: line 1: needs a string 'key' and a 'decision' of accept, reject, replace\n"
    out = runner.invoke(main, ["clean", str(cable), "--decisions", str(tmp_path / "none.jsonl")])
    assert out.stderr == f"Error: {tmp_path / 'none.jsonl'}: no such file\n"


# --- end to end in a real pseudo-terminal -----------------------------------------------------

def spawn_review(args, cwd, test_filters: str | None):
    env = {k: v for k, v in os.environ.items() if k not in ("OCRFIX_TEST_FILTERS", "NO_COLOR")}
    env.update(TERM="xterm", COLUMNS="120", LINES="40", PYTHONPATH=str(REPO))
    if test_filters is not None:
        env["OCRFIX_TEST_FILTERS"] = test_filters
    child = pexpect.spawn(sys.executable, ["-m", "tests.reviewfilters", "review", *args], cwd=str(cwd), env=env,
                          encoding="utf-8", timeout=30, dimensions=(40, 120))
    child.delaybeforesend = None  # each send waits for its prompt already
    return child


def test_keys_in_a_terminal_with_a_typed_replacement(cable, tmp_path):
    child = spawn_review([str(cable), "--no-color"], tmp_path, ",".join(TEST_FILTERS))
    child.expect(PROMPT)
    child.send("y")  # one key, no Enter
    child.expect("change 2 of 5 · test-digits:digit-0")
    child.expect(PROMPT)
    child.send("e")
    child.expect("replacement for 'M0SCOW': ")
    child.sendline("MOSKVA")
    child.expect("change 3 of 5")
    child.expect(PROMPT)
    child.send("u")  # the tilde is the only unresolved one, and we are on it: stays
    child.expect("no unresolved change after this one")
    child.expect(PROMPT)
    child.send("q")
    child.expect("quit: 2 decided now, 3 undecided")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert (tmp_path / "cable.txt.reviewed.txt").read_text(encoding="utf-8") == (
        "THE MOSKVA TALKS ~ AT HOME\nPRICE £5 • ¥9 FOR ARMS\n")


@pytest.mark.parametrize("pipeline", ["default", "test-filters"])
def test_helsinki_review_rejecting_three_changes_gives_the_cleaned_text_with_them_reverted(pipeline, tmp_path, monkeypatch):
    if pipeline == "test-filters":
        install(monkeypatch)
    source = tmp_path / HELSINKI.name
    shutil.copyfile(HELSINKI, source)
    result = clean(source.read_text(encoding="utf-8"))
    changes = changes_of(result)
    applied = [c for c in changes if not c.unresolved]
    if len(applied) < 5:
        pytest.skip(f"the {pipeline} pipeline applies {len(applied)} changes to the Helsinki sample; need 5")
    rejected = {applied[0].number, applied[2].number, applied[4].number}  # the 1st, 3rd and 5th
    expected = apply_edits(result.original, [c.edit for c in applied if c.number not in rejected])
    child = spawn_review([source.name, "--no-color"], tmp_path,
                         ",".join(TEST_FILTERS) if pipeline == "test-filters" else None)
    for position, change in enumerate(changes, 1):
        child.expect(rf"── change {position} of {len(changes)} · {change.label} · ")
        child.expect(PROMPT)
        # reject the three, accept the other applied ones, leave unresolved proposals unapplied
        child.send("n" if change.number in rejected or change.unresolved else "y")
    child.expect(f"{len(changes)} decided now, 0 undecided")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    reviewed = (tmp_path / f"{source.name}.reviewed.txt").read_text(encoding="utf-8")
    assert reviewed == expected
    assert reviewed != result.text and len(reviewed) > 0
    reproduced = CliRunner().invoke(main, ["clean", str(source), "--decisions", f"{source}.decisions.jsonl"])
    assert (reproduced.exit_code, reproduced.stderr) == (0, "")
    assert reproduced.stdout == expected


def test_plain_diff_on_a_terminal_is_the_coloured_word_view(cable, tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("OCRFIX_TEST_FILTERS", "NO_COLOR")}
    env.update(TERM="xterm", PAGER="cat", PYTHONPATH=str(REPO), OCRFIX_TEST_FILTERS=",".join(TEST_FILTERS))
    output = pexpect.run(f"{sys.executable} -m tests.reviewfilters clean {cable} --diff", cwd=str(tmp_path), env=env,
                         encoding="utf-8", timeout=30, dimensions=(10, 100))
    assert "\x1b[" in output
    words = re.sub(r"\x1b\[[0-9;]*m", "", output)
    assert "3 │ PRICE £5 • ¥9 F0RFOR[5] ARMS" in words
    assert "[5] test-digits:digit-0 0.90 · look-alike digit inside a word" in words
