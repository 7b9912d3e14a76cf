"""The output folder belongs to the dataset (issue 10.2-10.4, 10.10): user files are never
overwritten or deleted without --force, one run per folder, a kill at any moment leaves the
previous dataset or the new one, and the folder is checked before any input is read."""
from __future__ import annotations

import fcntl
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from extract.batch import run_batch
from extract.cli import main
from extract.outdir import MANIFEST, lock_path, read_manifest, staging_path
from extract.pipeline import extract_one
from schemas.validate import validate_dataset

GOOD = Path(__file__).resolve().parents[1] / "badinputs" / "good"
ONE_PLAN, TWO_PLANS = GOOD / "kamome_utf8.txt", GOOD / "legacy"
REPO = Path(__file__).resolve().parents[2]


def plan_ids(outdir: Path) -> set[str]:
    return {p.stem for p in outdir.glob("*.json") if len(p.stem) == 12}


def test_a_folder_with_user_files_is_refused_and_left_untouched(tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    mine = {"projects.csv": b"my,own\r\n", "deadbeef0123.json": b"{}", "notes.txt": b"memo"}
    for name, data in mine.items():
        (out / name).write_bytes(data)
    assert run_batch([ONE_PLAN], out, quiet=True) == 2
    err = capsys.readouterr().err
    assert "deadbeef0123.json" in err and "--force" in err and "3 件" in err
    assert {p.name: p.read_bytes() for p in out.iterdir()} == mine
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_hidden_file_such_as_a_redirected_log_is_left_alone_not_refused(tmp_path):
    """`plan-extract -o out > out/.log`: the log is the caller's, open while the run writes."""
    out = tmp_path / "out"
    out.mkdir()
    (out / ".log").write_bytes(b"started\n")
    assert run_batch([ONE_PLAN], out, quiet=True) == 0
    assert (out / ".log").read_bytes() == b"started\n"
    assert ".log" not in read_manifest(out) and (out / "projects.csv").exists()
    assert run_batch([TWO_PLANS], out, quiet=True) == 0        # a rerun: replaced, log kept
    assert (out / ".log").read_bytes() == b"started\n"
    assert len(plan_ids(out)) == 2 and validate_dataset(out) == []


def test_force_writes_beside_user_files_and_a_rerun_removes_only_its_own(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "deadbeef0123.json").write_bytes(b"{}")
    (out / "notes.txt").write_bytes(b"memo")
    assert run_batch([TWO_PLANS], out, quiet=True, force=True) == 0
    assert len(plan_ids(out)) == 3                       # 2 plans + the user's look-alike
    assert "deadbeef0123.json" not in read_manifest(out)
    assert run_batch([ONE_PLAN], out, quiet=True, force=True) == 0
    assert plan_ids(out) == {"deadbeef0123", "a7d153253756"}   # the 2 old plans are gone
    assert (out / "deadbeef0123.json").read_bytes() == b"{}"
    assert (out / "notes.txt").read_bytes() == b"memo"


def test_a_rerun_replaces_exactly_the_files_of_the_manifest(tmp_path):
    out = tmp_path / "out"
    assert run_batch([TWO_PLANS], out, quiet=True) == 0
    listed = read_manifest(out)
    assert sorted(listed) == sorted(p.name for p in out.iterdir() if p.name != MANIFEST)
    assert "report.json" in listed and "projects.csv" in listed
    assert run_batch([ONE_PLAN], out, quiet=True) == 0
    assert plan_ids(out) == {"a7d153253756"}
    assert validate_dataset(out) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_manifest_cannot_make_the_tool_delete_outside_the_folder(tmp_path):
    out = tmp_path / "out"
    assert run_batch([ONE_PLAN], out, quiet=True) == 0
    victim = tmp_path / "victim.txt"
    victim.write_text("keep")
    (out / MANIFEST).write_text(json.dumps({"files": ["../victim.txt", "plans.csv"]}))
    run_batch([ONE_PLAN], out, quiet=True, force=True)
    assert victim.read_text() == "keep"


def test_the_folder_is_checked_before_any_input_is_read(tmp_path, capsys):
    blocker = tmp_path / "a_file"
    blocker.write_text("x")
    read = []

    def worker(path, status_map, debug):
        read.append(path)
        return extract_one(path, status_map, debug)
    assert run_batch([ONE_PLAN], blocker / "out", quiet=True, worker=worker) == 2
    assert "を作れません" in capsys.readouterr().err
    assert read == []
    assert main([str(ONE_PLAN), "-o", str(blocker), "--quiet"]) == 2    # a file, not a folder
    assert "ファイルです" in capsys.readouterr().err
    assert blocker.read_text() == "x"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_an_unwritable_folder_is_refused_before_reading(tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    tmp_path.chmod(0o555)
    try:
        assert run_batch([ONE_PLAN], out, quiet=True) == 2
    finally:
        tmp_path.chmod(0o755)
    assert "書き込めません" in capsys.readouterr().err


def test_only_input_missing_writes_nothing(tmp_path, capsys):
    assert run_batch([tmp_path / "nope.pdf"], tmp_path / "out", quiet=True) == 2
    assert "nope.pdf" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_a_second_run_on_a_locked_folder_exits_2_naming_the_lock(tmp_path, capsys):
    out = tmp_path / "out"
    lock = lock_path(out)
    fd = os.open(lock, os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.write(fd, b"4242\n")
        assert run_batch([ONE_PLAN], out, quiet=True) == 2
    finally:
        os.close(fd)
    err = capsys.readouterr().err
    assert "pid 4242" in err and str(lock) in err
    assert not out.exists()


def test_a_stale_lock_of_a_dead_run_is_taken_over_with_a_note(tmp_path, capsys):
    out = tmp_path / "out"
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    lock_path(out).write_text(f"{dead.pid}\n")
    assert run_batch([ONE_PLAN], out, quiet=True) == 0
    err = capsys.readouterr().err
    assert f"pid {dead.pid}" in err and "引き継ぎました" in err
    assert not lock_path(out).exists()


def cli(*args: str, **kw) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.Popen([sys.executable, "-m", "extract.cli", *args, "--quiet"], cwd=REPO,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)


def test_two_runs_at_once_never_mix(tmp_path):
    out = tmp_path / "out"
    a = cli(str(TWO_PLANS), "-o", str(out), "--timeout", "0")
    b = cli(str(ONE_PLAN), "-o", str(out), "--timeout", "0")
    codes = sorted([a.wait(60), b.wait(60)])
    a.stdout.close(), a.stderr.close(), b.stdout.close(), b.stderr.close()
    assert codes in ([0, 0], [0, 2])
    assert validate_dataset(out) == []
    assert plan_ids(out) in ({"08eaf37d2c2b", "fb744a11a6b0"}, {"a7d153253756"})


KILLS = 10


def test_a_kill_at_any_moment_leaves_the_previous_or_the_new_dataset(tmp_path):
    """SIGKILL a rerun at KILLS points spread over its whole run; after each, `validate` finds
    the folder valid and holding exactly the old plans or exactly the new ones."""
    out = tmp_path / "out"
    old, new = {"a7d153253756"}, {"08eaf37d2c2b", "fb744a11a6b0"}
    args = (str(TWO_PLANS), "-o", str(out), "--timeout", "0")
    assert cli(str(ONE_PLAN), "-o", str(out), "--timeout", "0").wait(60) == 0
    t0 = time.perf_counter()
    assert cli(*args).wait(60) == 0
    whole = time.perf_counter() - t0
    assert cli(str(ONE_PLAN), "-o", str(out), "--timeout", "0").wait(60) == 0
    seen = []
    for i in range(KILLS):
        proc = cli(*args)
        time.sleep(whole * (0.45 + 0.7 * i / KILLS))
        proc.send_signal(signal.SIGKILL)
        proc.wait(60)
        proc.stdout.close(), proc.stderr.close()
        assert validate_dataset(out) == [], f"kill {i}"
        ids = plan_ids(out)
        assert ids in (old, new), f"kill {i}: {ids}"
        seen.append(ids == new)
        if ids == new:                  # back to the old dataset for the next kill
            assert cli(str(ONE_PLAN), "-o", str(out), "--timeout", "0").wait(60) == 0
    assert cli(*args).wait(60) == 0     # a kill's leftovers (staging, lock) are mended
    assert plan_ids(out) == new and validate_dataset(out) == []
    assert not staging_path(out).exists() and not lock_path(out).exists()
