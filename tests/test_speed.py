"""The speed benchmark's plumbing (no timings are asserted)."""

from __future__ import annotations

import json
import re

import pytest

from benchmarks import speed

from .conftest import ZeroToO, install_only


@pytest.fixture
def stand_in_filter(monkeypatch):
    """The stand-in filter as the whole pipeline, measured in this process (a child process
    would not see it)."""
    monkeypatch.setattr(speed, "REGISTRY", install_only(monkeypatch, ZeroToO))
    monkeypatch.setattr(speed, "pin_to_one_cpu", lambda: "not pinned (test)")
    specs = []

    def in_this_process(spec: dict) -> float:
        specs.append(spec)
        return speed.child_measurement(spec)

    monkeypatch.setattr(speed, "run_child", in_this_process)
    return specs


def test_repeated_reaches_the_token_count_document_by_document():
    documents = speed.repeated(["A B C", "D E"], 11)
    assert documents == ["A B C", "D E", "A B C", "D E", "A B C"]
    assert sum(len(d.split()) for d in documents) >= 11


def test_speed_reports_the_pipeline_each_filter_and_start_up(stand_in_filter, capsys):
    assert speed.main(["--tokens", "2000", "--repeat", "2", "--runs", "1"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Pipeline: zero-to-o. Each measurement in 2 fresh processes, not pinned (test).\n")
    for corpus in ("Fresh garbled cables", "Helsinki sample, repeated"):
        for label in ("whole pipeline", "whole pipeline, collector set as `ocrfix` sets it", "zero-to-o alone"):
            assert re.search(rf"^\| {re.escape(corpus)} \| {re.escape(label)} \| \d+ \| \d+ \| [\d.]+ \| [\d,]+ \| [\d,]+ \|$",
                             out, re.M), (corpus, label)
    # each of the 3 measurements of the 2 corpora made twice, on one file of documents per corpus
    assert len(stand_in_filter) == 2 * 3 * 2
    assert [(s["filters"], s["command_gc"]) for s in stand_in_filter[:6]] == [
        (None, False), (None, False), (None, True), (None, True), (["zero-to-o"], False), (["zero-to-o"], False)]
    assert len({s["documents"] for s in stand_in_filter}) == 1  # (the same temporary path, written per corpus)
    assert re.search(r"^\| `ocrfix clean` on a one-line file, whole command \| \d+\.\d{3} \|$", out, re.M)
    assert re.search(r"^\| first `ocrfix.clean` \(loads lexicons\) \| \d+\.\d{3} \|$", out, re.M)


def test_a_measurement_runs_in_a_fresh_process_on_the_documents_given(tmp_path):
    documents = ["THE M0SCOW TALKS WERE MOOERA?E ANO C0NSTRUCTIVE.\n"] * 3
    documents_file = tmp_path / "documents.json"
    documents_file.write_text(json.dumps(documents), encoding="utf-8")
    result = speed.measure("corpus", "page-markers alone", documents, documents_file, ["page-markers"],
                           command_gc=True, repeat=2)
    assert (result.documents, result.tokens) == (3, 21)
    assert len(result.cpu_seconds) == 2 and all(s > 0 for s in result.cpu_seconds)
    assert result.best_tokens_per_cpu_second >= result.tokens_per_cpu_second


def test_fresh_documents_are_all_different_and_reach_the_token_count():
    bodies = ["THE TALKS WILL CONTINUE TOMORROW IN GENEVA.\n", "SEMENOV SAID THE SOVIET SIDE AGREED.\n"]
    documents = speed.fresh(bodies, 200)
    assert sum(len(d.split()) for d in documents) >= 200
    assert len(set(documents)) == len(documents)
