"""The speed benchmark's plumbing (no timings are asserted)."""

from __future__ import annotations

import re

import pytest

from benchmarks import speed

from .conftest import ZeroToO, install_only


@pytest.fixture(autouse=True)
def stand_in_filter(monkeypatch):
    monkeypatch.setattr(speed, "REGISTRY", install_only(monkeypatch, ZeroToO))
    monkeypatch.setattr(speed, "pin_to_one_cpu", lambda: "not pinned (test)")


def test_repeated_reaches_the_token_count_document_by_document():
    documents = speed.repeated(["A B C", "D E"], 11)
    assert documents == ["A B C", "D E", "A B C", "D E", "A B C"]
    assert sum(len(d.split()) for d in documents) >= 11


def test_speed_reports_the_pipeline_each_filter_and_start_up(capsys):
    assert speed.main(["--tokens", "2000", "--runs", "1"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Pipeline: zero-to-o. Throughput in one process, not pinned (test).\n")
    for corpus in ("Fresh garbled cables", "Helsinki sample, repeated"):
        assert re.search(rf"^\| {corpus} \| whole pipeline \| \d+ \| \d+ \|", out, re.M)
        assert re.search(rf"^\| {corpus} \| zero-to-o alone \| \d+ \| \d+ \|", out, re.M)
    assert re.search(r"^\| `ocrfix clean` on a one-line file, whole command \| \d+\.\d{3} \|$", out, re.M)
    assert re.search(r"^\| first `ocrfix.clean` \(loads lexicons\) \| \d+\.\d{3} \|$", out, re.M)


def test_fresh_documents_are_all_different_and_reach_the_token_count():
    bodies = ["THE TALKS WILL CONTINUE TOMORROW IN GENEVA.\n", "SEMENOV SAID THE SOVIET SIDE AGREED.\n"]
    documents = speed.fresh(bodies, 200)
    assert sum(len(d.split()) for d in documents) >= 200
    assert len(set(documents)) == len(documents)
