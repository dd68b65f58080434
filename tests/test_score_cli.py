from __future__ import annotations

import json

import pytest

from ocrfix.cli import main


@pytest.fixture
def pair(tmp_path):
    output = tmp_path / "out.txt"
    truth = tmp_path / "gt.txt"
    output.write_text("SEMENOV •S STATEMENT WAS MOOERA?E\n", encoding="utf-8")
    truth.write_text("SEMENOV'S STATEMENT\nWAS MODERATE\n", encoding="utf-8")
    return output, truth


def test_score_prints_a_table_of_error_rates(runner, pair):
    output, truth = pair
    result = runner.invoke(main, ["score", str(output), str(truth)])
    assert result.exit_code == 0
    assert result.stdout == (
        "metric  case         errors  length    rate\n"
        "CER     exact             4      32  12.50%\n"
        "CER     insensitive       4      32  12.50%\n"
        "WER     exact             3       4  75.00%\n"
        "WER     insensitive       3       4  75.00%\n"
    )


def test_score_json(runner, pair):
    output, truth = pair
    result = runner.invoke(main, ["score", str(output), str(truth), "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {
        "output": str(output),
        "ground_truth": str(truth),
        "cer": {"errors": 4, "length": 32, "rate": 0.125},
        "wer": {"errors": 3, "length": 4, "rate": 0.75},
        "cer_insensitive": {"errors": 4, "length": 32, "rate": 0.125},
        "wer_insensitive": {"errors": 3, "length": 4, "rate": 0.75},
    }


def test_score_case_insensitive_differs_from_exact(runner, tmp_path):
    (tmp_path / "a").write_text("Semenov said", encoding="utf-8")
    (tmp_path / "b").write_text("SEMENOV SAID", encoding="utf-8")
    result = runner.invoke(main, ["score", str(tmp_path / "a"), str(tmp_path / "b"), "--json"])
    figures = json.loads(result.stdout)
    assert figures["cer"]["errors"] == 10  # emenov, said
    assert figures["cer_insensitive"]["errors"] == 0
    assert figures["wer"]["errors"] == 2
    assert figures["wer_insensitive"]["errors"] == 0


def test_score_reads_output_from_stdin(runner, pair):
    _, truth = pair
    result = runner.invoke(main, ["score", "-", str(truth), "--json"], input="SEMENOV'S STATEMENT WAS MODERATE")
    assert result.exit_code == 0
    figures = json.loads(result.stdout)
    assert figures["output"] == "<stdin>"
    assert figures["cer"] == {"errors": 0, "length": 32, "rate": 0.0}


def test_score_missing_file_is_an_input_error(runner, pair, tmp_path):
    _, truth = pair
    missing = tmp_path / "missing.txt"
    result = runner.invoke(main, ["score", str(missing), str(truth)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"Error: {missing}: no such file\n"


def test_score_refuses_binary_input(runner, pair, tmp_path):
    output, _ = pair
    binary = tmp_path / "scan.bin"
    binary.write_bytes(b"GIF89a\x00\x01")
    result = runner.invoke(main, ["score", str(output), str(binary)])
    assert result.exit_code == 2
    assert result.stderr == f"Error: {binary}: looks like a binary file (it contains NUL bytes); not cleaned\n"


def test_score_refuses_an_empty_ground_truth(runner, pair, tmp_path):
    output, _ = pair
    empty = tmp_path / "empty.txt"
    empty.write_text(" \n\n", encoding="utf-8")
    result = runner.invoke(main, ["score", str(output), str(empty)])
    assert result.exit_code == 2
    assert result.stderr == f"Error: {empty}: the ground truth is empty; there is nothing to score against\n"


def test_score_both_from_stdin_is_a_usage_error(runner):
    result = runner.invoke(main, ["score", "-", "-"])
    assert result.exit_code == 2
    assert result.stderr.endswith("Error: only one of OUTPUT and GROUND_TRUTH can be - (stdin)\n")


def test_score_warns_about_non_utf8_input_and_still_scores(runner, pair, tmp_path):
    _, truth = pair
    latin = tmp_path / "latin.txt"
    latin.write_bytes("SEMENOV'S STATEMENT WAS MODERATE \xa3".encode("cp1252"))
    result = runner.invoke(main, ["score", str(latin), str(truth), "--json"])
    assert result.exit_code == 0
    assert result.stderr == f"warning: {latin}: not valid UTF-8 (at byte 33); read as cp1252\n"
    assert json.loads(result.stdout)["cer"]["errors"] == 2
