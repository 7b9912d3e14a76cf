"""Issue 10.1: a worker process never imports code lying in the folder the tool was started in
(running plan-extract inside an unpacked download must not execute a csv.py found there)."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from extract.batch import run_batch

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
PLANTED = ("csv", "concurrent", "json", "pymupdf")


def plant(folder: Path) -> Path:
    """Modules named like ones the extractor imports; importing any of them leaves a marker."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in PLANTED:
        (folder / f"{name}.py").write_text(
            f"open({str(folder / ('MARKER_' + name))!r}, 'w').write('ran')\n"
            "raise ImportError('planted module')\n", encoding="utf-8")
    shutil.copy(SAMPLES / "hibarino_plain.txt", folder / "plan.txt")
    shutil.copy(SAMPLES / "hibarino_markdown.md", folder / "plan2.md")
    return folder


def markers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob("MARKER_*"))


@pytest.mark.parametrize("args", [[], ["--jobs", "2"]], ids=["defaults", "jobs2"])
def test_installed_command_runs_no_module_from_the_working_folder(tmp_path, args):
    exe = shutil.which("plan-extract")
    assert exe, "plan-extract is not installed (pip install -e .)"
    work = plant(tmp_path / "download")
    out = tmp_path / "out"
    proc = subprocess.run([exe, *args, "plan.txt", "plan2.md", "-o", str(out)], cwd=work,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert markers(work) == []
    assert (out / "projects.csv").read_text(encoding="utf-8-sig").count("\n") > 20


def test_worker_processes_started_in_process_ignore_the_working_folder(tmp_path, monkeypatch):
    """pytest and `python -m` put the working folder on sys.path; workers must not inherit it."""
    work = plant(tmp_path / "download")
    monkeypatch.chdir(work)
    code = run_batch([Path("plan.txt"), Path("plan2.md")], tmp_path / "out", jobs=2,
                     quiet=True, timeout=300)
    assert code == 0
    assert markers(work) == []
