"""Output does not depend on the hash seed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from .conftest import SAMPLES


def ocrfix_command() -> str:
    beside = Path(sys.executable).parent / "ocrfix"
    return str(beside) if beside.exists() else shutil.which("ocrfix")


def test_output_and_report_are_identical_across_hash_seeds(tmp_path):
    sample = SAMPLES / "helsinki-1969-11-18-salt-session.ocr.txt"
    runs = []
    for seed in ("1", "2"):
        report = tmp_path / f"report-{seed}.jsonl"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([ocrfix_command(), "clean", str(sample), "--report", str(report)], env=env,
                              capture_output=True, check=True)
        runs.append((done.stdout, report.read_bytes()))
    assert runs[0] == runs[1]
    assert runs[0][0] and runs[0][0] != sample.read_bytes()
