"""The unattended batch (issue 6): per-file isolation on the bad-input corpus, legacy encodings,
scanned PDFs, identical output for any --jobs and on reruns, atomic writes."""
from __future__ import annotations

import csv
import io
import json
import os
import shutil
import sys
from functools import partial
from pathlib import Path

import pytest

from extract import batch
from extract.batch import extract_all, run_batch
from extract.pipeline import extract_one
from schemas import output
from schemas.output import write_atomic
from tests.badinputs.corpus import (CORPUS, EXPECTED_FAILURES, GOOD_PLANS, NEEDS_OCR,
                                    batch_inputs, load_report, rel, shared_run)


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    return shared_run(tmp_path_factory)


def read_csv(path: Path) -> list[dict]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


# ---------------------------------------------------------------------------------------------
# isolation: what the corpus must give

def test_every_bad_input_fails_with_a_one_line_reason_while_the_rest_proceed(run):
    out, code = run
    rep = load_report(out)
    assert code == 1
    failures = {rel(f["file"]): f["error"] for f in rep["failures"]}
    assert set(failures) == set(EXPECTED_FAILURES)
    for name, words in EXPECTED_FAILURES.items():
        reason = failures[name]
        assert words in reason, (name, reason)
        assert reason.startswith(Path(name).name + ": ")
        assert "\n" not in reason and "Traceback" not in reason
    ok = [e["file"] for e in rep["inputs"] if e["status"] == "ok"]
    assert {rel(f) for f in ok} - {None} == set(GOOD_PLANS)
    assert rep["totals"]["failed"] == len(EXPECTED_FAILURES)
    assert rep["totals"]["extracted"] == len(ok) == len(rep["inputs"]) - len(EXPECTED_FAILURES)


def test_failures_are_named_on_stderr_one_line_each_without_traceback(tmp_path, capsys):
    code = run_batch([CORPUS / "bad", CORPUS / "good" / "kamome_utf8.txt"], tmp_path, quiet=True)
    err = capsys.readouterr().err
    assert code == 1
    failed = [ln for ln in err.splitlines() if "失敗: " in ln]
    assert len(failed) == len(EXPECTED_FAILURES)
    for name, words in EXPECTED_FAILURES.items():
        assert any(Path(name).name in ln and words in ln for ln in failed), name
    assert "Traceback" not in err
    plans = read_csv(tmp_path / "plans.csv")
    assert [p["source_file"] for p in plans] == ["kamome_utf8.txt"]


def test_legacy_shift_jis_and_euc_jp_text_is_read_without_mojibake(run):
    out, _ = run
    plans = {p["source_file"]: p for p in read_csv(out / "plans.csv")}
    projects = read_csv(out / "projects.csv")
    by_file = {}
    for name in ("kamome_utf8.txt", "kamome_cp932.txt", "kamome_eucjp.txt"):
        pid = plans[name]["plan_id"]
        assert plans[name]["title"] == "第1次かもめ浜町情報化推進計画"
        assert plans[name]["municipality"] == "かもめ浜町"
        by_file[name] = [p for p in projects if p["plan_id"] == pid]
    names = [[p["name"] for p in by_file[f]] for f in by_file]
    assert names[0] == names[1] == names[2] == ["窓口予約システムの導入", "公共施設の無料Wi-Fi整備"]
    # CP932-only characters survive (a plain Shift_JIS decode would fail on 髙)
    assert "髙台地区" in by_file["kamome_cp932.txt"][0]["description"]
    assert by_file["kamome_cp932.txt"][0]["description"] == by_file["kamome_utf8.txt"][0]["description"]
    assert by_file["kamome_cp932.txt"][0]["departments"] == "住民課、情報政策課"
    warnings = read_csv(out / "warnings.csv")
    legacy = {w["source_file"]: w["message"] for w in warnings if w["code"] == "legacy_encoding"}
    assert "Shift_JIS/CP932" in legacy["kamome_cp932.txt"]
    assert "EUC-JP" in legacy["kamome_eucjp.txt"]
    assert "kamome_utf8.txt" not in legacy


def test_a_scanned_pdf_is_extracted_and_reported_as_needing_ocr_not_failed(run):
    out, _ = run
    rep = load_report(out)
    entry = next(e for e in rep["inputs"] if rel(e["file"]) == "scanned/kamome_scanned.pdf")
    assert entry["status"] == "ok" and entry["needs_ocr"] and entry["ocr_pages"] == [1]
    ocr = {rel(n["file"]): n["pages"] for n in rep["needs_ocr"] if rel(n["file"])}
    assert ocr == NEEDS_OCR
    assert entry["warning_codes"]["no_text_layer"] == 1


def test_a_pdf_encrypted_with_an_owner_password_only_is_read(run):
    out, _ = run
    plans = {p["source_file"]: p for p in read_csv(out / "plans.csv")}
    assert plans["kamome_owner_password.pdf"]["title"] == "第1次かもめ浜町情報化推進計画"
    assert plans["kamome_owner_password.pdf"]["source_format"] == "pdf"


def test_report_json_has_inputs_counts_failures_needs_ocr_and_no_timings(run):
    out, _ = run
    rep = load_report(out)
    assert {"inputs", "totals", "failures", "needs_ocr", "no_records"} <= set(rep)
    assert "timings" not in rep
    utf8 = next(e for e in rep["inputs"] if rel(e["file"]) == "good/kamome_utf8.txt")
    assert utf8["counts"]["projects"] == 2 and utf8["counts"]["schedule"] == 6
    assert utf8["counts"]["kpis"] == 2
    assert rep["totals"]["projects"] == sum(e["counts"]["projects"] for e in rep["inputs"]
                                            if e["status"] == "ok")
    for name in files_of(out):        # timings go to stderr (-v), never into the dataset
        assert b"seconds" not in (out / name).read_bytes(), name


# ---------------------------------------------------------------------------------------------
# same output whatever the run

def test_jobs_2_gives_byte_identical_output_to_jobs_1(run, tmp_path):
    out2, code2 = run
    code1 = run_batch(batch_inputs(), tmp_path, jobs=1, quiet=True,
                      worker=partial(extract_one, ocr="never"))   # as the shared run
    assert code1 == code2
    a, b = files_of(tmp_path), files_of(out2)
    assert sorted(a) == sorted(b)
    for name in a:
        assert a[name] == b[name], name


def test_a_rerun_into_the_same_folder_is_byte_identical_and_drops_stale_files(tmp_path):
    inputs = [CORPUS / "good", CORPUS / "bad"]
    run_batch(inputs, tmp_path, quiet=True)
    first = files_of(tmp_path)
    (tmp_path / ".plan-extract-projects.csv.x1y2.tmp").write_bytes(b"plan_id,se")  # killed run
    run_batch(inputs, tmp_path, quiet=True)
    second = files_of(tmp_path)
    assert sorted(first) == sorted(second)
    for name in first:
        assert first[name] == second[name], name
    assert [p.name for p in tmp_path.glob(".*")] == [".plan-extract-manifest.json"]


def test_input_order_does_not_change_the_output(tmp_path):
    files = sorted((CORPUS / "good").rglob("*.txt"))
    run_batch(files, tmp_path / "a", quiet=True)
    run_batch(list(reversed(files)), tmp_path / "b", quiet=True)
    for name in ("plans.csv", "projects.csv", "schedule.csv", "warnings.csv", "report.html"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


# ---------------------------------------------------------------------------------------------
# atomic writes

def test_an_interrupted_write_leaves_the_previous_file_whole(tmp_path, monkeypatch):
    target = tmp_path / "projects.csv"
    write_atomic(target, b"old complete file\r\n")

    def interrupted(src, dst):
        raise KeyboardInterrupt
    monkeypatch.setattr(output.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, b"new file that never lands")
    assert target.read_bytes() == b"old complete file\r\n"
    assert [p.name for p in tmp_path.iterdir()] == ["projects.csv"]


def test_a_run_interrupted_while_writing_leaves_the_previous_dataset_whole(tmp_path,
                                                                           monkeypatch):
    """The writers write into a staging folder: an interrupted run never touches OUTDIR (a
    SIGKILL at any moment: tests/hostile/test_output_folder.py)."""
    old_inputs, new_inputs = [CORPUS / "good" / "kamome_utf8.txt"], [CORPUS / "good" / "legacy"]
    run_batch(old_inputs, tmp_path / "out", quiet=True)
    before = files_of(tmp_path / "out")
    real, calls = output.write_atomic, []

    def dies_on_fourth(path, data):
        calls.append(path)
        if len(calls) == 4:
            raise KeyboardInterrupt
        real(path, data)
    monkeypatch.setattr(output, "write_atomic", dies_on_fourth)
    assert run_batch(new_inputs, tmp_path / "out", quiet=True) == batch.EXIT_INTERRUPTED
    assert len(calls) == 4
    assert files_of(tmp_path / "out") == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]     # no staging, no lock left


def test_written_files_are_readable_by_others(tmp_path):
    write_atomic(tmp_path / "x.csv", b"a\r\n")
    umask = os.umask(0)
    os.umask(umask)
    assert (tmp_path / "x.csv").stat().st_mode & 0o777 == 0o666 & ~umask


# ---------------------------------------------------------------------------------------------
# the rest of the batch contract

def crashing_worker(path, status_map, debug):
    """A reader that takes its process down on one file (as a library segfault would)."""
    if path.name == "kamome_utf8.txt":
        os._exit(3)
    return extract_one(path, status_map, debug)


def test_a_worker_crash_costs_only_the_file_that_caused_it():
    files = [CORPUS / "good" / "kamome_utf8.txt", *sorted((CORPUS / "good" / "legacy").glob("*"))]
    res = extract_all(files, jobs=2, status_map=None, debug=False, quiet=True,
                      worker=crashing_worker)
    assert [r.path for r in res.results] == files
    assert "処理が異常終了しました" in res.results[0].error and "kamome_utf8.txt" in res.results[0].error
    assert all(r.doc is not None for r in res.results[1:])


def hanging_worker(path, status_map, debug):
    """A reader stuck on one file (a pathological page)."""
    if path.name == "kamome_cp932.txt":
        import time
        time.sleep(60)
    return extract_one(path, status_map, debug)


def test_a_file_past_the_time_limit_is_stopped_and_named_the_rest_proceed(tmp_path, capsys):
    files = sorted((CORPUS / "good").rglob("*.txt"))
    code = run_batch(files, tmp_path, jobs=1, timeout=5, worker=hanging_worker, quiet=True)
    assert code == 1
    rep = load_report(tmp_path)
    assert [(f["file"], f["error"]) for f in rep["failures"]] == [
        ("kamome_cp932.txt",
         "kamome_cp932.txt: 5 秒で終わらないため中止しました（テキストが大きすぎる？ "
         "上限は README の「制限」を参照）")]
    assert rep["totals"]["extracted"] == 2
    assert "失敗: kamome_cp932.txt: 5 秒で終わらないため中止しました" in capsys.readouterr().err


def test_debug_in_worker_processes_raises_with_the_worker_traceback():
    from extract.readers import InputError
    with pytest.raises(InputError) as e:
        extract_all([CORPUS / "bad" / "garbage.txt", CORPUS / "good" / "kamome_utf8.txt"],
                    jobs=2, status_map=None, debug=True, quiet=True)
    assert "garbage.txt: バイナリデータ" in str(e.value)
    assert "Traceback" in str(e.value.__cause__) and "sniff_kind" in str(e.value.__cause__)


def test_the_same_file_twice_is_extracted_once(tmp_path, capsys):
    copy = tmp_path / "in" / "copy.txt"
    copy.parent.mkdir()
    shutil.copy(CORPUS / "good" / "kamome_utf8.txt", copy)
    code = run_batch([CORPUS / "good" / "kamome_utf8.txt", copy.parent], tmp_path / "out")
    assert code == 0
    rep = load_report(tmp_path / "out")
    assert [e["status"] for e in rep["inputs"]] == ["ok", "duplicate"]
    assert rep["inputs"][1]["file"] == "in/copy.txt"
    assert rep["inputs"][1]["duplicate_of"] == "kamome_utf8.txt"
    assert len(read_csv(tmp_path / "out" / "plans.csv")) == 1
    assert "in/copy.txt: kamome_utf8.txt と同じ内容" in capsys.readouterr().err


def test_a_missing_input_fails_and_the_others_are_written(tmp_path):
    code = run_batch([tmp_path / "nope.pdf", CORPUS / "good" / "kamome_utf8.txt"], tmp_path / "o",
                     quiet=True)
    assert code == 1
    rep = load_report(tmp_path / "o")
    assert rep["failures"][0] == {"file": "nope.pdf", "error": "nope.pdf: ファイルもフォルダもありません"}
    assert len(read_csv(tmp_path / "o" / "plans.csv")) == 1


def test_documents_in_unsupported_formats_are_listed_as_skipped(tmp_path):
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    shutil.copy(CORPUS / "good" / "kamome_utf8.txt", src / "sub")
    (src / "sub" / "budget.xlsx").write_bytes(b"PK\x03\x04")
    (src / "notes.py").write_text("x = 1")
    assert run_batch([src], tmp_path / "o", quiet=True) == 0
    assert load_report(tmp_path / "o")["skipped"] == ["in/sub/budget.xlsx"]


def test_empty_dataset_csvs_still_have_their_header_row(tmp_path):
    assert run_batch([CORPUS / "bad"], tmp_path, quiet=True) == 1
    for name, data in files_of(tmp_path).items():
        if name.endswith(".csv"):
            assert data.startswith(b"\xef\xbb\xbfplan_id,") or data.startswith(b"\xef\xbb\xbflg_code,")
            assert data.count(b"\r\n") == 1, name


def test_no_inputs_found_is_a_usage_error(tmp_path, capsys):
    assert run_batch([tmp_path], tmp_path / "o") == 2
    assert "に計画のファイル（.pdf / .txt / .md）が見つかりません" in capsys.readouterr().err


class Tty(io.StringIO):
    def isatty(self):
        return True


def test_progress_bar_on_a_terminal_and_quiet_otherwise(tmp_path, monkeypatch, capsys):
    files = sorted((CORPUS / "good").rglob("*.txt"))
    run_batch(files, tmp_path / "a")
    assert "|" not in capsys.readouterr().err              # pytest's stderr is not a terminal
    tty = Tty()
    monkeypatch.setattr(sys, "stderr", tty)
    run_batch(files, tmp_path / "b")
    assert "0/3 [" in tty.getvalue() and "file/s" in tty.getvalue()
    tty2 = Tty()
    monkeypatch.setattr(sys, "stderr", tty2)
    run_batch(files, tmp_path / "c", quiet=True)
    assert "0/3 [" not in tty2.getvalue()


def test_only_scanned_input_is_not_a_failure(tmp_path, capsys):
    from functools import partial
    from extract.pipeline import extract_one
    from extract.readers.ocr import INSTALL_HINT, tesseract_available
    assert run_batch([CORPUS / "scanned"], tmp_path,
                     worker=partial(extract_one, ocr="never")) == 0   # as without Tesseract
    err = capsys.readouterr().err
    assert "scanned/kamome_scanned.pdf: 文字情報のないページ 1（OCRが必要）" in err
    assert "失敗: " not in err and "失敗 0 件" in err
    # Without Tesseract one more line says how to get OCR.
    assert (INSTALL_HINT in err) == (not tesseract_available())


# ---------------------------------------------------------------------------------------------
# what the user is told (issue 12.1, 12.4)

def test_files_without_records_are_counted_named_and_fail_only_with_strict(tmp_path, capsys):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(CORPUS / "good" / "kamome_utf8.txt", src)
    (src / "minutes.txt").write_text("第3回 会議録\n\n本日の議題について話し合った。\n",
                                     encoding="utf-8")
    assert run_batch([src], tmp_path / "o") == 0
    err = capsys.readouterr().err
    assert "入力 2 件: データあり 1 件、データなし 1 件、失敗 0 件、要OCR 0 件" in err
    assert "データなし（事業・手続・実施状況の表が見つからない）: minutes.txt" in err
    rep = load_report(tmp_path / "o")
    assert rep["totals"]["with_records"] == 1 and rep["totals"]["no_records"] == 1
    assert [n["file"] for n in rep["no_records"]] == ["in/minutes.txt"]
    assert not rep["strict"]
    assert run_batch([src], tmp_path / "s", strict=True) == 1
    err = capsys.readouterr().err
    assert "--strict: データなし 1 件を失敗とします: minutes.txt" in err
    assert load_report(tmp_path / "s")["strict"] is True


def test_verbose_prints_one_line_per_file_and_the_timings(tmp_path, capsys):
    run_batch([CORPUS / "good" / "kamome_utf8.txt", CORPUS / "bad" / "empty.txt"], tmp_path,
              verbose=True)
    lines = capsys.readouterr().err.splitlines()
    line = next(ln for ln in lines if ln.startswith("plan-extract: kamome_utf8.txt: "))
    assert "事業 2、スケジュール 6、KPI 2、" in line and line.endswith(" 秒")
    assert any(ln.startswith("plan-extract: empty.txt: 失敗") for ln in lines)
    assert any(ln.startswith("plan-extract: 所要時間 ") for ln in lines)


def test_no_absolute_path_and_same_bytes_from_another_working_folder(tmp_path, monkeypatch):
    """Every file in the output folder is the same whether the inputs are named absolutely or
    relatively, from whichever folder the command runs."""
    run_batch([CORPUS / "good", CORPUS / "scanned" / "kamome_scanned.pdf"], tmp_path / "a",
              quiet=True)
    monkeypatch.chdir(CORPUS)
    run_batch([Path("good"), Path("scanned/kamome_scanned.pdf")], tmp_path / "b", quiet=True)
    a, b = files_of(tmp_path / "a"), files_of(tmp_path / "b")
    assert sorted(a) == sorted(b)
    for name, data in a.items():
        assert data == b[name], name
        for root in (str(CORPUS), str(tmp_path), str(Path.home())):
            assert root.encode() not in data, (name, root)
