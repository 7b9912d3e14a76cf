"""Nothing skipped in silence (issue 10.8, 10.10): every entry of an input folder that is not
read is in report.json's not_read with its reason, the surprising ones (unreadable folder, broken
or looping link, a pipe) on stderr too; an output folder inside an input folder is not read
back as documents on the next run."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from extract.batch import run_batch
from extract.pipeline import scan_inputs

KAMOME = Path(__file__).resolve().parents[1] / "badinputs" / "good" / "kamome_utf8.txt"


@pytest.fixture
def folder(tmp_path):
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / ".git").mkdir()
    shutil.copy(KAMOME, src / "sub")
    (src / "dangling.pdf").symlink_to("nowhere.pdf")
    (src / "loop1.txt").symlink_to("loop2.txt")
    (src / "loop2.txt").symlink_to("loop1.txt")
    (src / "linkdir").symlink_to("sub")
    os.mkfifo(src / "pipe.txt")                     # reading it would block the run forever
    (src / "notes.py").write_text("x = 1")
    (src / "budget.xlsx").write_bytes(b"PK\x03\x04")
    (src / "README.md").write_text("# about")
    return src


def reasons(report: dict) -> dict[str, str]:
    return {n["file"]: n["reason"] for n in report["not_read"]}


def test_every_entry_not_read_is_named_with_its_reason(folder, tmp_path, capsys):
    assert run_batch([folder], tmp_path / "out") == 0
    rep = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert reasons(rep) == {
        "in/.git": "hidden", "in/README.md": "documentation", "in/budget.xlsx": "not_a_plan_type",
        "in/dangling.pdf": "dangling_link", "in/linkdir": "link_to_folder",
        "in/loop1.txt": "link_loop", "in/loop2.txt": "link_loop",
        "in/notes.py": "not_a_plan_type", "in/pipe.txt": "special_file"}
    assert rep["skipped"] == ["in/budget.xlsx"]
    assert [i["file"] for i in rep["inputs"]] == ["in/sub/kamome_utf8.txt"]
    err = capsys.readouterr().err
    for name in ("dangling.pdf: リンク先がありません", "loop1.txt: リンクが循環しています",
                 "pipe.txt: 通常のファイルではありません", "linkdir: フォルダへのリンク"):
        assert name in err
    assert "notes.py" in err                          # counted and named, not in silence


def test_an_unreadable_subfolder_is_named(folder, monkeypatch):
    real = os.scandir

    def refuses(path="."):
        if Path(path).name == "sub":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)
    monkeypatch.setattr(os, "scandir", refuses)
    scan = scan_inputs([folder])
    assert scan.files == []
    (n,) = [n for n in scan.not_read if n.reason == "unreadable_folder"]
    assert n.name == "in/sub" and n.message == "in/sub: フォルダを読めません（Permission denied）"


def test_given_paths_that_lead_nowhere_fail_in_words(folder):
    scan = scan_inputs([folder / "dangling.pdf", folder / "loop1.txt", folder / "pipe.txt"])
    assert [why for _, why in scan.missing] == [
        "dangling.pdf: リンク先がありません", "loop1.txt: リンクが循環しています",
        "pipe.txt: 通常のファイルではありません（パイプ・デバイスなど）"]


def test_an_output_folder_inside_the_input_folder_is_not_read_back(tmp_path):
    src = tmp_path / "plans"
    src.mkdir()
    shutil.copy(KAMOME, src)
    assert run_batch([src], src / "out", quiet=True) == 0
    assert run_batch([src], src / "out", quiet=True) == 0
    rep = json.loads((src / "out" / "report.json").read_text(encoding="utf-8"))
    assert rep["skipped"] == []
    assert reasons(rep) == {"plans/out": "output_folder"}
    assert [i["file"] for i in rep["inputs"]] == ["plans/kamome_utf8.txt"]
