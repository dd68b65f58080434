"""Build a wheel of the repository, install it into a fresh virtual environment and run it from
outside the source tree: the data under wordlists/ must ship inside the wheel and be found there."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

import ocrfix
from ocrfix.filters import REGISTRY

from .conftest import REPO, SAMPLES

SAMPLE = "helsinki-1969-11-18-salt-session.ocr.txt"
RUNTIME_DEPENDENCIES = ("click", "rapidfuzz", "regex", "spellchecker", "rich")
# Build and run byproducts that must not go into the copy the wheel is built from.
NOT_SOURCES = shutil.ignore_patterns(
    ".venv", ".git", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache", ".hypothesis"
)


def run(command: list, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, encoding="utf-8", timeout=300)


def dependency_folders() -> list[str]:
    """The folders this interpreter imports the runtime dependencies from."""
    folders = []
    for module in RUNTIME_DEPENDENCIES:
        spec = importlib.util.find_spec(module)
        assert spec is not None and spec.origin, f"runtime dependency {module} is not installed"
        folder = str(Path(spec.origin).resolve().parent.parent)
        if folder not in folders:
            folders.append(folder)
    return folders


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> dict:
    """A wheel built from a copy of the repository, installed into a fresh venv."""
    root = tmp_path_factory.mktemp("packaging")
    # Build from a copy, so the build leaves no build/ or *.egg-info in the working tree.
    source = root / "source"
    shutil.copytree(REPO, source, ignore=NOT_SOURCES)
    wheels = root / "wheels"
    built = run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(wheels), str(source)], root)
    if built.returncode != 0:
        pytest.fail(f"pip could not build a wheel of the repository:\n{built.stdout}\n{built.stderr}")
    [wheel] = wheels.glob("ocrfix-*.whl")

    environment = root / "venv"
    venv.EnvBuilder(with_pip=False).create(environment)
    python = environment / "bin" / "python"
    # No dependencies and nothing else on the path yet: pip sees an empty environment.
    install = run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--quiet", str(wheel)], root)
    assert install.returncode == 0, install.stderr
    site_packages = Path(run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], root).stdout.strip())
    # The dependencies come from this interpreter's folders, after the venv's own site-packages
    # (plain paths: the .pth hooks of an editable ocrfix there are not run).
    (site_packages / "test-dependencies.pth").write_text("".join(f"{folder}\n" for folder in dependency_folders()))

    outside = root / "elsewhere"
    outside.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    return {"wheel": wheel, "python": python, "ocrfix": environment / "bin" / "ocrfix",
            "site_packages": site_packages.resolve(), "cwd": outside, "env": env}


def test_wheel_holds_every_wordlist(installed):
    names = set(zipfile.ZipFile(installed["wheel"]).namelist())
    data = sorted(p.name for p in (REPO / "wordlists").iterdir() if p.suffix in (".txt", ".tsv"))
    assert {"english.tsv", "confusions.tsv", "names.txt", "furniture.tsv"} <= set(data)
    assert [name for name in data if f"ocrfix/wordlists/{name}" not in names] == []


def test_installed_package_reads_its_data_from_site_packages(installed):
    probe = (
        "import json, ocrfix, ocrfix.resources as r\n"
        "f = r.data_file('english.tsv')\n"
        "print(json.dumps({'module': ocrfix.__file__, 'data': str(f), 'exists': f.is_file()}))\n"
    )
    found = run([str(installed["python"]), "-c", probe], installed["cwd"], installed["env"])
    assert found.returncode == 0, found.stderr
    paths = json.loads(found.stdout)
    site_packages = installed["site_packages"]
    assert paths["exists"]
    assert Path(paths["data"]).resolve().is_relative_to(site_packages / "ocrfix" / "wordlists")
    assert Path(paths["module"]).resolve().is_relative_to(site_packages / "ocrfix")
    assert not Path(paths["data"]).resolve().is_relative_to(REPO.resolve())


def test_installed_command_cleans_a_sample_from_another_folder(installed):
    copy = installed["cwd"] / SAMPLE
    shutil.copyfile(SAMPLES / SAMPLE, copy)
    text = copy.read_text(encoding="utf-8")
    cleaned = run([str(installed["ocrfix"]), "clean", SAMPLE], installed["cwd"], installed["env"])
    assert cleaned.returncode == 0, cleaned.stderr
    assert cleaned.stdout != text
    # The installed copy behaves exactly as the source tree does.
    assert cleaned.stdout == ocrfix.clean(text).text
    assert copy.read_text(encoding="utf-8") == text


def test_installed_command_lists_the_filters(installed):
    listed = run([str(installed["ocrfix"]), "filters"], installed["cwd"], installed["env"])
    assert listed.returncode == 0, listed.stderr
    assert REGISTRY
    for name in REGISTRY:
        assert name in listed.stdout
