from __future__ import annotations

import gc
import json

import pytest
from click.testing import CliRunner

from ocrfix.cli import main
from ocrfix.filters import REGISTRY

from .conftest import ZeroToO, install_only

SHIPPED_FILTERS = dict(REGISTRY)  # before any test swaps in its stand-ins


@pytest.fixture(autouse=True)
def only_test_filter(monkeypatch):
    install_only(monkeypatch, ZeroToO)


@pytest.fixture
def garbled(tmp_path):
    path = tmp_path / "cable.txt"
    path.write_bytes(b"M0SCOW TALKS\r\nIN 1969 AT H0ME\r\n")
    return path


def test_clean_writes_cleaned_text_to_stdout_keeping_crlf(runner, garbled):
    result = runner.invoke(main, ["clean", str(garbled)])
    assert result.exit_code == 0
    assert result.stdout_bytes == b"MOSCOW TALKS\r\nIN 1969 AT HOME\r\n"
    assert garbled.read_bytes() == b"M0SCOW TALKS\r\nIN 1969 AT H0ME\r\n"


def test_clean_reads_stdin(runner):
    result = runner.invoke(main, ["clean", "-"], input=b"G0OD\n")
    assert result.exit_code == 0
    assert result.stdout == "GOOD\n"


def test_check_exits_1_when_something_would_change(runner, garbled, tmp_path):
    result = runner.invoke(main, ["clean", "--check", str(garbled)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == f"would clean {garbled}\n"
    tidy = tmp_path / "tidy.txt"
    tidy.write_text("ALREADY CLEAN 1969\n")
    result = runner.invoke(main, ["clean", "--check", str(tidy)])
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")


def test_diff_prints_unified_diff(runner, garbled):
    result = runner.invoke(main, ["clean", "--diff", str(garbled)])
    assert result.exit_code == 0
    lines = result.stdout_bytes.decode().split("\n")
    assert lines[0] == f"--- {garbled}"
    assert lines[1] == f"+++ {garbled} (cleaned)"
    assert "-M0SCOW TALKS\r" in lines and "+MOSCOW TALKS\r" in lines


def test_report_lists_each_edit_with_positions(runner, garbled, tmp_path):
    report = tmp_path / "report.jsonl"
    result = runner.invoke(main, ["clean", "--report", str(report), str(garbled)])
    assert result.exit_code == 0
    records = [json.loads(line) for line in report.read_text().splitlines()]
    assert [(r["before"], r["after"], r["input"]["line"], r["input"]["column"]) for r in records] == [
        ("0", "O", 1, 2),
        ("0", "O", 2, 13),
    ]
    assert records[1]["output"] == {"start": 26, "end": 27, "line": 2, "column": 13}
    assert records[0]["filter"] == "zero-to-o" and records[0]["rule"] == "zero"
    assert records[0]["status"] == "applied" and records[0]["confidence"] == 0.9


def test_min_confidence_leaves_unresolved_edits_in_report(runner, garbled, tmp_path):
    report = tmp_path / "r.jsonl"
    result = runner.invoke(main, ["clean", "--min-confidence", "0.95", "--report", str(report), str(garbled)])
    assert result.stdout_bytes == garbled.read_bytes()
    assert {json.loads(line)["status"] for line in report.read_text().splitlines()} == {"unresolved"}


def test_skip_disables_a_filter(runner, garbled):
    result = runner.invoke(main, ["clean", "--skip", "zero-to-o", str(garbled)])
    assert result.stdout_bytes == garbled.read_bytes()


def test_unknown_filter_is_a_usage_error(runner, garbled):
    result = runner.invoke(main, ["clean", "--only", "spelling", str(garbled)])
    assert result.exit_code == 2
    assert result.stderr == "Error: unknown filter 'spelling' (known: zero-to-o)\n"


def test_config_file_options_and_unknown_keys(runner, garbled, tmp_path):
    config = tmp_path / "ocrfix.toml"
    config.write_text("[options.zero-to-o]\nconfidence = 0.3\n")
    result = runner.invoke(main, ["clean", "--config", str(config), str(garbled)])
    assert result.stdout_bytes == garbled.read_bytes()  # 0.3 is below the default threshold
    config.write_text("colour = true\n")
    result = runner.invoke(main, ["clean", "--config", str(config), str(garbled)])
    assert result.exit_code == 2
    assert result.stderr == f"Error: {config}: unknown key 'colour'\n"


def test_pyproject_tool_table_is_honoured(runner, garbled, tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text('[tool.ocrfix]\nskip = ["zero-to-o"]\n')
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["clean", str(garbled)])
    assert result.stdout_bytes == garbled.read_bytes()


def test_empty_file_gives_empty_output(runner, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = runner.invoke(main, ["clean", str(empty)])
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")


def test_cp1252_input_is_read_with_a_warning(runner, tmp_path):
    path = tmp_path / "old.txt"
    path.write_bytes("PRICE \u00a35 H0ME\n".encode("cp1252"))
    result = runner.invoke(main, ["clean", str(path)])
    assert result.exit_code == 0
    assert result.stdout == "PRICE \u00a35 HOME\n"
    assert result.stderr == f"warning: {path}: not valid UTF-8 (at byte 6); read as cp1252\n"


def test_binary_file_is_refused(runner, tmp_path):
    path = tmp_path / "scan.tif"
    path.write_bytes(b"II*\x00\x08\x00")
    result = runner.invoke(main, ["clean", str(path)])
    assert result.exit_code == 2
    assert result.stderr == f"Error: {path}: looks like a binary file (it contains NUL bytes); not cleaned\n"


def test_missing_file(runner, tmp_path):
    result = runner.invoke(main, ["clean", str(tmp_path / "nope.txt")])
    assert result.exit_code == 2
    assert result.stderr == f"Error: {tmp_path / 'nope.txt'}: no such file\n"


def test_unreadable_file(runner, tmp_path, monkeypatch):
    path = tmp_path / "secret.txt"
    path.write_text("X")

    def refuse(self):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("pathlib.Path.read_bytes", refuse)
    result = runner.invoke(main, ["clean", str(path)])
    assert result.exit_code == 2
    assert result.stderr == f"Error: {path}: permission denied\n"


def test_output_file_is_written(runner, garbled, tmp_path):
    out = tmp_path / "clean.txt"
    result = runner.invoke(main, ["clean", "-o", str(out), str(garbled)])
    assert (result.exit_code, result.stdout) == (0, "")
    assert out.read_bytes() == b"MOSCOW TALKS\r\nIN 1969 AT HOME\r\n"


def test_filters_lists_names_and_options(runner):
    result = runner.invoke(main, ["filters"])
    assert result.exit_code == 0
    assert result.stdout == (
        "zero-to-o: test-only: 0 between letters becomes O\n"
        "    confidence = 0.9  confidence of each edit\n"
    )


def test_help_documents_exit_codes(runner):
    result = runner.invoke(main, ["clean", "--help"])
    assert "1  --check: cleaning would change something" in result.stdout


def test_diff_style_is_given_with_equals_and_never_eats_the_file(runner, garbled):
    result = runner.invoke(main, ["clean", "--diff=unified", str(garbled)])
    assert result.exit_code == 0
    assert result.stdout.startswith(f"--- {garbled}\n")
    result = runner.invoke(main, ["clean", "--diff=sideways", str(garbled)])
    assert result.exit_code == 2
    assert "'sideways' is not one of" in result.stderr


def test_filters_are_listed_in_pipeline_order_not_registration_order(monkeypatch):
    monkeypatch.setattr("ocrfix.filters.REGISTRY", SHIPPED_FILTERS)
    monkeypatch.setattr("ocrfix.cli.REGISTRY", SHIPPED_FILTERS)
    result = CliRunner().invoke(main, ["filters"])
    names = [line.split(":")[0] for line in result.stdout.splitlines() if not line.startswith(" ")]
    assert names == ["page-markers", "confusions", "dictionary", "teletype"]


def test_command_collects_garbage_less_often_than_the_library(runner):
    from ocrfix.batch import COMMAND_GC_THRESHOLD

    before = gc.get_threshold()
    try:
        gc.set_threshold(700, *before[1:])
        assert runner.invoke(main, ["filters"]).exit_code == 0
        assert gc.get_threshold() == (COMMAND_GC_THRESHOLD, *before[1:])
    finally:
        gc.set_threshold(*before)
