from __future__ import annotations

import json
from collections import Counter

import pytest
from click.testing import CliRunner

from ocrfix.cli import main

from .conftest import SAMPLES
from .reviewfilters import install

HELSINKI = SAMPLES / "helsinki-1969-11-18-salt-session.ocr.txt"


@pytest.fixture(params=["default", "test-filters"])
def pipeline(request, monkeypatch):
    if request.param == "test-filters":
        install(monkeypatch)
    return request.param


def table_rows(output: str, title: str) -> list[list[str]]:
    """The body rows of a plain rich table printed under `title`."""
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == title)
    rows = []
    for line in lines[start + 4:]:
        if not line.startswith("│"):
            break
        rows.append([cell.strip() for cell in line.strip("│").split("│")])
    return rows


def test_helsinki_summary_counts_match_the_jsonl(pipeline, tmp_path):
    runner = CliRunner()
    report = tmp_path / "helsinki.jsonl"
    assert runner.invoke(main, ["clean", str(HELSINKI), "--report", str(report)]).exit_code == 0
    records = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()]
    if not records:
        pytest.skip(f"the {pipeline} pipeline records no edit on the Helsinki sample")
    out = runner.invoke(main, ["report", str(report), "--no-color"], env={"COLUMNS": "200"})
    assert out.exit_code == 0, out.stderr
    rows = table_rows(out.stdout, "Edits per filter and rule")
    expected = Counter((r["filter"], r["rule"], r["status"]) for r in records)
    pairs = sorted({(f, rule) for f, rule, _ in expected})
    assert rows == [
        [f, rule, str(expected[f, rule, "applied"]), str(expected[f, rule, "unresolved"]),
         str(expected[f, rule, "applied"] + expected[f, rule, "unresolved"])]
        for f, rule in pairs
    ] + [["all", "", str(sum(r["status"] == "applied" for r in records)),
          str(sum(r["status"] == "unresolved" for r in records)), str(len(records))]]
    histogram = table_rows(out.stdout, "Confidence")
    assert sum(int(row[1]) for row in histogram) == len(records)
    assert f"Unresolved tokens: {sum(r['status'] == 'unresolved' for r in records)} " in out.stdout
    [document] = table_rows(out.stdout, "Documents with the most edits (top 10)")
    assert document[0] == str(HELSINKI) and document[3] == str(len(records))
    # every change is shown in context with its rule
    for record in records:
        assert f" {record['filter']}:{record['rule']} {record['confidence']:.2f}" in out.stdout


@pytest.fixture
def saved_report(tmp_path, monkeypatch):
    install(monkeypatch)
    cable = tmp_path / "cable.txt"
    cable.write_text("NOT TO BE REPRODUCED\nPRICE £5 • ¥9 F0R ARMS ~\nLINE TWO\nTHE BA8E\n", encoding="utf-8")
    report = tmp_path / "cable.jsonl"
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["clean", "cable.txt", "--report", str(report)]).exit_code == 0
    return report


def test_changes_shown_in_context_with_unicode_gutter(saved_report):
    out = CliRunner().invoke(main, ["report", str(saved_report), "--no-color"])
    assert out.exit_code == 0
    assert "Unresolved (1): decide these first\n  cable.txt:2:24  '~' → ''  test-tildes:tilde 0.30  stray tilde?" in out.stdout
    assert "1 │ [-NOT TO BE REPRODUCED↵-][1]\n" in out.stdout
    assert "2 │ PRICE £5 • ¥9 [-F0R-]{+FOR+}[2] ARMS {?~?}[3]\n" in out.stdout


def test_report_filters(saved_report):
    runner = CliRunner()
    only_digits = runner.invoke(main, ["report", str(saved_report), "--no-color", "--filter", "test-digits"])
    assert [row[:2] for row in table_rows(only_digits.stdout, "Edits per filter and rule")] == [
        ["test-digits", "digit-0"], ["test-digits", "digit-8"], ["all", ""]]
    by_rule = runner.invoke(main, ["report", str(saved_report), "--no-color", "--rule", "test-digits:digit-8"])
    assert table_rows(by_rule.stdout, "Edits per filter and rule")[0] == ["test-digits", "digit-8", "1", "0", "1"]
    unresolved = runner.invoke(main, ["report", str(saved_report), "--no-color", "--unresolved"])
    assert [row[:2] for row in table_rows(unresolved.stdout, "Edits per filter and rule")] == [["test-tildes", "tilde"], ["all", ""]]
    confident = runner.invoke(main, ["report", str(saved_report), "--no-color", "--min-confidence", "0.95"])
    assert table_rows(confident.stdout, "Edits per filter and rule")[-1] == ["all", "", "1", "0", "1"]
    doubtful = runner.invoke(main, ["report", str(saved_report), "--no-color", "--max-confidence", "0.5"])
    assert table_rows(doubtful.stdout, "Edits per filter and rule")[-1] == ["all", "", "0", "1", "1"]
    other_file = runner.invoke(main, ["report", str(saved_report), "--no-color", "--file", "*other*"])
    assert table_rows(other_file.stdout, "Edits per filter and rule") == [["all", "", "0", "0", "0"]]
    assert other_file.stderr == "no edit matches the filters\n"
    this_file = runner.invoke(main, ["report", str(saved_report), "--no-color", "--file", "cable.*"])
    assert table_rows(this_file.stdout, "Edits per filter and rule")[-1] == ["all", "", "3", "1", "4"]


def test_report_without_its_input_lists_changes_alone(saved_report, tmp_path):
    (tmp_path / "cable.txt").write_text("SOMETHING ELSE ENTIRELY\n", encoding="utf-8")
    out = CliRunner().invoke(main, ["report", str(saved_report), "--no-color"])
    assert "cable.txt (input not found or changed since the report: changes without context)" in out.stdout
    assert "  2:16  '0' → 'O'  applied test-digits:digit-0 0.90  look-alike digit inside a word" in out.stdout


def test_bad_report_files_are_clear_errors(tmp_path):
    runner = CliRunner()
    missing = runner.invoke(main, ["report", str(tmp_path / "none.jsonl")])
    assert (missing.exit_code, missing.stderr) == (2, f"Error: {tmp_path / 'none.jsonl'}: no such file\n")
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"status": "applied"}\n', encoding="utf-8")
    out = runner.invoke(main, ["report", str(broken)])
    assert out.exit_code == 2
    assert out.stderr == (f"Error: {broken}: line 1: not an ocrfix edit record "
                          "(no filter, rule, confidence, before, after, input)\n")
    broken.write_text("\n{oops\n", encoding="utf-8")
    assert runner.invoke(main, ["report", str(broken)]).stderr == f"Error: {broken}: line 2: not JSON\n"
