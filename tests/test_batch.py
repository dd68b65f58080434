"""Batch cleaning through the CLI: trees, resume, in-place, bad files, parallel runs, safety."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import pytest

from ocrfix.batch import MANIFEST_NAME, Layout, Selection, Source, discover, plan, with_suffix_name
from ocrfix.cli import main

from .conftest import ZeroToO, install_only


@pytest.fixture(autouse=True)
def only_test_filter(monkeypatch):
    install_only(monkeypatch, ZeroToO)


@pytest.fixture
def tree(tmp_path):
    """An accession: nested folders of garbled and clean cables, one scan image."""
    root = tmp_path / "accession"
    files = {
        "1969/nov/helsinki.txt": "M0SCOW TALKS\nIN H0ME\n",
        "1969/nov/clean.txt": "ALREADY CLEAN\n",
        "1970/jan/bonn.txt": "B0NN REPORTS\r\nSEC0ND LINE\r\n",
        "top.txt": "T0P LEVEL\n",
    }
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode())
    (root / "1969" / "scan.tif").write_bytes(b"II*\x00\x08\x00")
    return root


def outputs(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != MANIFEST_NAME
    }


def summary_value(stderr: str, label: str) -> str:
    match = re.search(rf"^\s+{re.escape(label)}\s{{2,}}(\S.*?)\s*$", stderr, re.M)
    assert match, f"no {label!r} row in:\n{stderr}"
    return match.group(1)


def test_folder_is_mirrored_under_out_dir(runner, tree, tmp_path):
    before = {p: p.read_bytes() for p in tree.rglob("*") if p.is_file()}
    out = tmp_path / "clean"
    report = tmp_path / "edits.jsonl"
    result = runner.invoke(main, ["clean", str(tree), "--out-dir", str(out), "--jobs", "1", "--report", str(report)])
    assert result.exit_code == 0, result.stderr
    assert outputs(out) == {
        "1969/nov/clean.txt": b"ALREADY CLEAN\n",
        "1969/nov/helsinki.txt": b"MOSCOW TALKS\nIN HOME\n",
        "1970/jan/bonn.txt": b"BONN REPORTS\r\nSECOND LINE\r\n",
        "top.txt": b"TOP LEVEL\n",
    }
    assert {p: p.read_bytes() for p in tree.rglob("*") if p.is_file()} == before
    assert summary_value(result.stderr, "files seen") == "5"
    assert summary_value(result.stderr, "cleaned") == "3"
    assert summary_value(result.stderr, "unchanged") == "1"
    assert summary_value(result.stderr, "skipped") == "1 (1 binary file)"
    assert summary_value(result.stderr, "failed") == "0"
    assert summary_value(result.stderr, "edits: zero-to-o") == "5"
    assert f"skipped: {tree / '1969' / 'scan.tif'}: binary file (contains NUL bytes)\n" in result.stderr
    records = [json.loads(line) for line in report.read_text().splitlines()]
    assert [(Path(r["file"]).name, r["status"], r.get("before")) for r in records] == [
        ("helsinki.txt", "applied", "0"),
        ("helsinki.txt", "applied", "0"),
        ("scan.tif", "skipped", None),
        ("bonn.txt", "applied", "0"),
        ("bonn.txt", "applied", "0"),
        ("top.txt", "applied", "0"),
    ]
    assert records[2]["reason"] == "binary file (contains NUL bytes)"


def test_jobs_1_and_2_give_identical_outputs_and_reports(runner, tree, tmp_path):
    results = {}
    for jobs in ("1", "2"):
        out, report = tmp_path / f"out{jobs}", tmp_path / f"report{jobs}.jsonl"
        result = runner.invoke(main, ["clean", str(tree), "--out-dir", str(out), "--jobs", jobs, "--report", str(report)])
        assert result.exit_code == 0, result.stderr
        results[jobs] = (outputs(out), report.read_bytes())
    assert results["1"] == results["2"]
    assert results["1"][0]["top.txt"] == b"TOP LEVEL\n"


def test_resume_skips_up_to_date_outputs_and_force_redoes_them(runner, tree, tmp_path):
    out = tmp_path / "out"
    args = ["clean", str(tree), "--out-dir", str(out), "--jobs", "1"]
    assert runner.invoke(main, args).exit_code == 0
    manifest = json.loads((out / MANIFEST_NAME).read_text())
    assert sorted(manifest["files"]) == ["1969/nov/clean.txt", "1969/nov/helsinki.txt", "1970/jan/bonn.txt", "top.txt"]

    again = runner.invoke(main, args)
    assert summary_value(again.stderr, "skipped") == "5 (1 binary file, 4 up to date)"

    source = tree / "top.txt"
    source.write_text("N0W CHANGED\n")
    later = os.stat(out / "top.txt").st_mtime_ns + 1_000_000_000
    os.utime(source, ns=(later, later))
    changed = runner.invoke(main, args)
    assert summary_value(changed.stderr, "cleaned") == "1"
    assert (out / "top.txt").read_text() == "NOW CHANGED\n"

    other_config = runner.invoke(main, [*args, "--min-confidence", "0.95"])
    assert summary_value(other_config.stderr, "unchanged") == "4"  # 0.9 edits now unresolved: all redone
    assert (out / "top.txt").read_text() == "N0W CHANGED\n"

    forced = runner.invoke(main, [*args, "--min-confidence", "0.95", "--force"])
    assert summary_value(forced.stderr, "skipped") == "1 (1 binary file)"


def test_resume_redoes_an_output_changed_since_it_was_written(runner, tree, tmp_path):
    out = tmp_path / "out"
    args = ["clean", str(tree), "--out-dir", str(out), "--jobs", "1"]
    runner.invoke(main, args)
    (out / "top.txt").write_text("tampered\n")
    result = runner.invoke(main, args)
    assert summary_value(result.stderr, "cleaned") == "1"
    assert (out / "top.txt").read_text() == "TOP LEVEL\n"


def test_suffix_writes_beside_inputs_and_never_takes_its_outputs_as_inputs(runner, tree):
    args = ["clean", str(tree / "1969"), "--suffix", ".clean", "--jobs", "1"]
    first = runner.invoke(main, args)
    assert first.exit_code == 0, first.stderr
    assert (tree / "1969/nov/helsinki.clean.txt").read_text() == "MOSCOW TALKS\nIN HOME\n"
    assert (tree / "1969/nov/helsinki.txt").read_text() == "M0SCOW TALKS\nIN H0ME\n"
    second = runner.invoke(main, args)
    assert summary_value(second.stderr, "files seen") == "3"
    assert not (tree / "1969/nov/helsinki.clean.clean.txt").exists()


def test_suffix_names():
    assert with_suffix_name(Path("a/cable.txt"), ".clean").as_posix() == "a/cable.clean.txt"
    assert with_suffix_name(Path("README"), "-clean").as_posix() == "README-clean"
    assert with_suffix_name(Path(".hidden"), ".c").as_posix() == ".hidden.c"


def test_in_place_keeps_a_backup_that_later_runs_never_overwrite(runner, tree):
    target = tree / "top.txt"
    os.chmod(target, 0o640)
    result = runner.invoke(main, ["clean", str(tree), "--in-place", "--jobs", "1"])
    assert result.exit_code == 0, result.stderr
    assert target.read_text() == "TOP LEVEL\n"
    assert (tree / "top.txt.orig").read_text() == "T0P LEVEL\n"
    assert os.stat(target).st_mode & 0o777 == 0o640
    assert not (tree / "1969/nov/clean.txt.orig").exists()  # unchanged files are not rewritten

    target.write_text("T0P AGAIN\n")
    again = runner.invoke(main, ["clean", str(tree), "--in-place", "--jobs", "1"])
    assert summary_value(again.stderr, "files seen") == "5"  # .orig backups are not inputs
    assert target.read_text() == "TOP AGAIN\n"
    assert (tree / "top.txt.orig").read_text() == "T0P LEVEL\n"


def test_in_place_without_backup(runner, tree):
    result = runner.invoke(main, ["clean", str(tree / "top.txt"), "--in-place", "--no-backup"])
    assert result.exit_code == 0, result.stderr
    assert (tree / "top.txt").read_text() == "TOP LEVEL\n"
    assert not (tree / "top.txt.orig").exists()


def test_bad_files_are_reported_and_the_batch_goes_on(runner, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a-good.txt").write_text("G0OD\n")
    (folder / "b-huge.txt").write_text("X" * 200)
    (folder / "c-utf16.txt").write_bytes(b"\xff\xfe\x00\xd8")  # a lone surrogate: not valid UTF-16
    (folder / "d-gone.txt").symlink_to(folder / "nowhere.txt")
    (folder / "e-scan.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (folder / "f-good.txt").write_text("F0OD\n")
    out, report = tmp_path / "out", tmp_path / "r.jsonl"
    result = runner.invoke(main, ["clean", str(folder), "--out-dir", str(out), "--max-size", "100", "--jobs", "2",
                                  "--report", str(report)])
    assert result.exit_code == 3
    assert outputs(out) == {"a-good.txt": b"GOOD\n", "f-good.txt": b"FOOD\n"}
    failed = [line for line in result.stderr.splitlines() if line.startswith("failed: ")]
    assert failed == [
        f"failed: {folder / 'b-huge.txt'}: too large (200 bytes; the limit is 100)",
        f"failed: {folder / 'c-utf16.txt'}: undecodable: has a UTF-16 byte order mark but is not valid UTF-16",
        f"failed: {folder / 'd-gone.txt'}: broken symbolic link",
    ]
    assert summary_value(result.stderr, "failed") == "3"
    assert summary_value(result.stderr, "skipped") == "1 (1 binary file)"
    statuses = [(Path(r["file"]).name, r["status"]) for r in map(json.loads, report.read_text().splitlines())]
    assert statuses == [("a-good.txt", "applied"), ("b-huge.txt", "failed"),
                        ("c-utf16.txt", "failed"), ("d-gone.txt", "failed"), ("e-scan.png", "skipped"),
                        ("f-good.txt", "applied")]
    manifest = json.loads((out / MANIFEST_NAME).read_text())
    assert sorted(manifest["files"]) == ["a-good.txt", "f-good.txt"]


def test_check_over_a_folder_writes_nothing_and_exits_1(runner, tree):
    result = runner.invoke(main, ["clean", str(tree), "--check", "--jobs", "1", "--quiet"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == ""
    loud = runner.invoke(main, ["clean", str(tree), "--check", "--jobs", "1"])
    assert f"would clean {tree / 'top.txt'}\n" in loud.stderr
    assert summary_value(loud.stderr, "would clean") == "3"


def test_glob_is_mirrored_from_its_fixed_prefix(runner, tree, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(main, ["clean", f"{tree}/19*/**/*.txt", "--out-dir", str(out), "--exclude", "clean.txt", "-q"])
    assert (result.exit_code, result.stderr) == (0, "")
    assert sorted(outputs(out)) == ["1969/nov/helsinki.txt", "1970/jan/bonn.txt"]


def test_include_and_excluded_folders(runner, tree, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(main, ["clean", str(tree), "--out-dir", str(out), "--include", "*.txt",
                                  "--exclude", "1970/", "-q", "-j", "1"])
    assert result.exit_code == 0
    assert sorted(outputs(out)) == ["1969/nov/clean.txt", "1969/nov/helsinki.txt", "top.txt"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["A", "B"], "several inputs, folders or patterns need --out-dir, --suffix or --in-place (or --check)"),
        (["A", "B", "-o", "x.txt"], "-o/--output writes a single file; use --out-dir for several inputs"),
        (["A", "B", "--diff", "--check"], "--diff shows a single input; use --check or --report for several"),
        (["A", "--in-place", "--out-dir", "O"], "--in-place cannot be combined with --out-dir or --suffix"),
        (["A", "-", "--out-dir", "O"], "- (standard input) cannot be combined with other inputs, --out-dir, --suffix or --in-place"),
        (["A", "--suffix", "a/b", "--out-dir", "O"], "--suffix must be a non-empty name part without '/', e.g. .clean"),
    ],
)
def test_usage_errors(runner, tree, monkeypatch, args, message):
    monkeypatch.chdir(tree)
    names = {"A": "top.txt", "B": "1969"}
    result = runner.invoke(main, ["clean", *[names.get(a, a) for a in args]])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == f"Error: {message}"


def test_missing_inputs_and_empty_globs_are_usage_errors(runner, tree, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(main, ["clean", str(tree / "nope"), str(tree), "--out-dir", str(out)])
    assert (result.exit_code, result.stderr) == (2, f"Error: {tree / 'nope'}: no such file or directory\n")
    result = runner.invoke(main, ["clean", f"{tree}/*.pdf", "--out-dir", str(out)])
    assert (result.exit_code, result.stderr) == (2, f"Error: {tree}/*.pdf: no file matches this pattern\n")
    assert not out.exists()


def test_two_inputs_mapping_to_one_output_are_refused(runner, tree, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    (other / "top.txt").write_text("X\n")
    out = tmp_path / "out"
    result = runner.invoke(main, ["clean", str(tree / "top.txt"), str(other / "top.txt"), "--out-dir", str(out)])
    assert result.exit_code == 2
    assert result.stderr == f"Error: {tree / 'top.txt'} and {other / 'top.txt'} would both be written to {out / 'top.txt'}\n"


def test_out_dir_inside_an_input_folder_is_refused_unless_excluded(runner, tree):
    out = tree / "cleaned"
    result = runner.invoke(main, ["clean", str(tree), "--out-dir", str(out)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: the output directory {out} is inside the input directory {tree}; "
        "exclude it with --exclude 'cleaned/' or write elsewhere\n"
    )
    assert not out.exists()
    result = runner.invoke(main, ["clean", str(tree), "--out-dir", str(out), "--exclude", "cleaned/", "-q", "-j", "1"])
    assert result.exit_code == 0
    again = runner.invoke(main, ["clean", str(tree), "--out-dir", str(out), "--exclude", "cleaned/", "-j", "1"])
    assert summary_value(again.stderr, "files seen") == "5"
    result = runner.invoke(main, ["clean", str(tree), "--out-dir", str(tree)])
    assert result.stderr == f"Error: the output directory {tree} is the input directory {tree}\n"


def test_output_paths_cannot_escape_out_through_a_symlink(runner, tree, tmp_path):
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    (out / "1970").symlink_to(elsewhere)
    result = runner.invoke(main, ["clean", str(tree), "--out-dir", str(out), "-j", "1"])
    assert result.exit_code == 3
    target = out / "1970" / "jan" / "bonn.txt"
    assert f"failed: {tree / '1970/jan/bonn.txt'}: output path {target} would escape the output directory (through a symbolic link)" in result.stderr
    assert list(elsewhere.iterdir()) == []
    assert (out / "top.txt").read_text() == "TOP LEVEL\n"


def test_symlink_loops_are_detected_and_not_followed(runner, tree, tmp_path):
    loop = tree / "1969" / "nov" / "back-to-top"
    loop.symlink_to(tree)
    out = tmp_path / "out"
    result = runner.invoke(main, ["clean", str(tree), "--out-dir", str(out), "-j", "1"])
    assert result.exit_code == 0, result.stderr
    assert f"skipped: {loop}: symbolic link loop (leads back to {tree}); not followed\n" in result.stderr
    assert summary_value(result.stderr, "files seen") == "5"


def test_a_symlinked_folder_that_is_no_loop_is_followed(tree, tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "s.txt").write_text("S\n")
    (tree / "linked").symlink_to(shared)
    found = discover([str(tree)], Selection())
    assert "linked/s.txt" in [s.relative.as_posix() for s in found.sources]
    assert found.notices == []


def test_same_file_given_twice_is_cleaned_once():
    sources = [Source(Path("a/x.txt"), Path("x.txt")), Source(Path("a/x.txt"), Path("x.txt"))]
    jobs, problems = plan(sources, Layout(out_dir=Path("out")))
    assert [j.target for j in jobs] == [str(Path("out/x.txt"))] and problems == []


def test_dask_local_cluster_gives_the_same_outputs_and_resume(runner, tree, tmp_path):
    distributed = pytest.importorskip("distributed")
    local, remote = tmp_path / "local", tmp_path / "remote"
    runner.invoke(main, ["clean", str(tree), "--out-dir", str(local), "-j", "1", "--report", str(tmp_path / "l.jsonl")])
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        args = ["clean", str(tree), "--out-dir", str(remote), "--scheduler", cluster.scheduler_address]
        result = runner.invoke(main, [*args, "--report", str(tmp_path / "r.jsonl")])
        assert result.exit_code == 0, result.stderr
        again = runner.invoke(main, args)
    assert outputs(remote) == outputs(local)
    assert (tmp_path / "r.jsonl").read_bytes() == (tmp_path / "l.jsonl").read_bytes()
    assert summary_value(again.stderr, "skipped") == "5 (1 binary file, 4 up to date)"


def test_unreachable_scheduler_is_a_usage_error(runner, tree, tmp_path, monkeypatch):
    pytest.importorskip("distributed")
    monkeypatch.setattr("ocrfix.dask_backend.CONNECT_TIMEOUT", "0.5s")
    result = runner.invoke(main, ["clean", str(tree), "--out-dir", str(tmp_path / "o"), "--scheduler", "tcp://127.0.0.1:1"])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: cannot reach the Dask scheduler at tcp://127.0.0.1:1: ")


@dataclass
class CountingZeroToO(ZeroToO):
    """Counts how often the pipeline is built in this process."""

    built: ClassVar[int] = 0

    def __post_init__(self):
        type(self).built += 1


def test_filters_are_built_once_per_worker_not_once_per_file(runner, tree, tmp_path, monkeypatch):
    monkeypatch.setattr("ocrfix.filters.REGISTRY", {"zero-to-o": CountingZeroToO}, raising=True)
    monkeypatch.setattr("ocrfix.config.REGISTRY", {"zero-to-o": CountingZeroToO}, raising=True)
    result = runner.invoke(main, ["clean", str(tree), "--out-dir", str(tmp_path / "out"), "-j", "1", "-q"])
    assert result.exit_code == 0
    assert (tmp_path / "out" / "top.txt").read_text() == "TOP LEVEL\n"
    assert CountingZeroToO.built == 1


@dataclass
class StopAtStop(ZeroToO):
    """Test filter: behaves like Ctrl-C when it meets the word STOP."""

    def propose(self, text, context):
        if "STOP" in text:
            raise KeyboardInterrupt
        return super().propose(text, context)


def test_interrupted_batch_keeps_its_work_and_resumes(runner, tree, tmp_path, monkeypatch):
    (tree / "1969" / "nov" / "helsinki.txt").write_text("STOP H0ME\n")
    out, report = tmp_path / "out", tmp_path / "r.jsonl"
    monkeypatch.setattr("ocrfix.filters.REGISTRY", {"zero-to-o": StopAtStop}, raising=True)
    monkeypatch.setattr("ocrfix.config.REGISTRY", {"zero-to-o": StopAtStop}, raising=True)
    result = runner.invoke(main, ["clean", str(tree), "--out-dir", str(out), "-j", "1", "--report", str(report)])
    assert result.exit_code == 130
    assert result.stderr.endswith("interrupted after 1 of 5 files; run again to resume\n")
    assert list(json.loads((out / MANIFEST_NAME).read_text())["files"]) == ["1969/nov/clean.txt"]
    assert report.read_text() == ""  # whole records only: the one file done had no edits
    assert not list(out.rglob("*.tmp"))


def test_report_in_a_missing_folder_is_a_usage_error(runner, tree, tmp_path):
    report = tmp_path / "no" / "r.jsonl"
    result = runner.invoke(main, ["clean", str(tree), "--out-dir", str(tmp_path / "out"), "--report", str(report)])
    assert result.exit_code == 2
    assert result.stderr == f"Error: {report}: cannot write the report: No such file or directory\n"
    assert not (tmp_path / "out").exists()
