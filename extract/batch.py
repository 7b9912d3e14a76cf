"""The unattended batch: inputs -> isolated extraction per file (optionally in worker
processes) -> dataset + report, with failures named on stderr and in report.json.

What the portal gets does not depend on how the batch ran: files are extracted in any order by
any number of workers, and the results are put back in input order; the dataset is ordered by
source file name (schemas/output.py). Inputs are named relative to what was given (no absolute
paths) and timings go to stderr with -v only, so every file written is byte-identical on a rerun.

Isolation: a file that cannot be read costs only itself (extract_one turns it into a one-line
reason). With worker processes (--jobs N, or a time limit) every file has a process of its own:
one that dies (a crash inside a PDF library) or runs past the time limit costs only its file.
"""
from __future__ import annotations

import multiprocessing
import os
import sys
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Callable, Iterable, Optional

from extract import __version__
from extract.outdir import OutputRefused, claim
from extract.pipeline import FileResult, NotRead, RunResult, extract_one, scan_inputs
from extract.readers import one_line, printable
from schemas.datapackage import datapackage_json
from schemas.models import PlanDocument
from schemas.output import json_bytes, write_atomic, write_dataset
from schemas.report import (Counts, Failure, InputReport, NeedsOcr, NoRecords, Report, Totals,
                            NotRead as NotReadEntry)

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
WAIT_STEP = 0.5          # seconds between time-limit checks while workers run
Worker = Callable[[Path, Optional[Path], bool], FileResult]


def _progress(total: int, quiet: bool):
    """A progress bar on an interactive terminal only (cron, CI and pipes get none)."""
    if quiet or total < 2 or not sys.stderr.isatty():
        return None
    from tqdm import tqdm
    tqdm.monitor_interval = 0       # no monitor thread in a process that starts workers
    return tqdm(total=total, unit="file", file=sys.stderr, leave=False)


def _mp_context():
    """Workers forked from a clean server process that has imported the extractor once (PyMuPDF
    takes seconds to import); plain spawn where fork is not available."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["extract.pipeline", "extract.readers.pdf"])
        return ctx
    return multiprocessing.get_context("spawn")


def _package_root() -> Path:
    return Path(__file__).resolve().parents[1]


def _untrusted_path_entry(entry: str, cwd: Path) -> bool:
    """'' and the working folder on sys.path let a csv.py lying there shadow the standard library
    in a worker. They stay only when the working folder is this package's own checkout."""
    where = cwd if entry in ("", ".") else Path(entry).resolve()
    return where == cwd and cwd != _package_root()


@contextmanager
def _safe_worker_start():
    """While worker processes start: the interpreters multiprocessing launches (the forkserver,
    spawn children) run `python -c ...`, which puts the working folder first on sys.path before
    any of our code runs; PYTHONSAFEPATH (3.11+) stops that. The sys.path handed to them is this
    process's, so the working folder is taken out of it too (python -m, pytest put it there)."""
    cwd = Path.cwd().resolve()
    saved_env, saved_path = os.environ.get("PYTHONSAFEPATH"), list(sys.path)
    os.environ["PYTHONSAFEPATH"] = "1"
    sys.path[:] = [e for e in sys.path if not _untrusted_path_entry(e, cwd)]
    try:
        yield
    finally:
        sys.path[:] = saved_path
        if saved_env is None:
            os.environ.pop("PYTHONSAFEPATH", None)
        else:
            os.environ["PYTHONSAFEPATH"] = saved_env


def _crashed(path: Path) -> FileResult:
    return FileResult(path, error=f"{path.name}: 読み取り中に処理が異常終了しました"
                                  "（ワーカープロセスが停止）")


def _timed_out(path: Path, seconds: float) -> FileResult:
    hint = ("処理に時間のかかりすぎるページがある？" if path.suffix.lower() == ".pdf" else
            "テキストが大きすぎる？ 上限は README の「制限」を参照")
    return FileResult(path, error=f"{path.name}: {seconds:g} 秒で終わらないため中止しました"
                                  f"（{hint}）", seconds=seconds)


class RemoteTraceback(Exception):
    """The traceback of an exception raised in a worker process (shown with --debug)."""

    def __str__(self) -> str:
        return str(self.args[0])


def _child(conn, worker: Worker, path: Path, status_map: Optional[Path], debug: bool) -> None:
    """Runs in the worker process: one file, the result (or the exception) sent back."""
    try:
        conn.send(("ok", worker(path, status_map, debug)))
    except BaseException as e:                       # only reached with debug=True
        import pickle
        import traceback
        tb = traceback.format_exc()
        try:
            pickle.dumps(e)
        except Exception:
            e = RuntimeError(repr(e))
        conn.send(("raise", (e, tb)))
    finally:
        conn.close()


@dataclass
class _Running:
    index: int
    process: multiprocessing.process.BaseProcess
    conn: Connection
    started: float


def _run_in_processes(files: list[Path], jobs: int, timeout: Optional[float],
                      status_map: Optional[Path], debug: bool, worker: Worker,
                      done: Callable[[int, FileResult], None]) -> None:
    """Each file in a process of its own, at most `jobs` at a time. A process that dies costs
    only its file; one that runs past `timeout` seconds is killed and its file reported."""
    with _safe_worker_start():
        _run_workers(_mp_context(), files, jobs, timeout, status_map, debug, worker, done)


def _run_workers(ctx, files: list[Path], jobs: int, timeout: Optional[float],
                 status_map: Optional[Path], debug: bool, worker: Worker,
                 done: Callable[[int, FileResult], None]) -> None:
    pending = list(range(len(files)))[::-1]
    running: dict[Connection, _Running] = {}
    try:
        while pending or running:
            while pending and len(running) < jobs:
                i = pending.pop()
                recv, send = ctx.Pipe(duplex=False)
                proc = ctx.Process(target=_child, args=(send, worker, files[i], status_map, debug),
                                   daemon=True)
                proc.start()
                send.close()                     # the child holds the only writer now
                running[recv] = _Running(i, proc, recv, time.perf_counter())
            for conn in wait(list(running), timeout=WAIT_STEP):
                r = running.pop(conn)
                try:
                    kind, payload = conn.recv()
                except (EOFError, OSError):
                    kind, payload = "crashed", None
                conn.close()
                r.process.join()
                if kind == "raise":
                    exc, tb = payload
                    raise exc from RemoteTraceback(tb)
                done(r.index, payload if kind == "ok" else _crashed(files[r.index]))
            if timeout is not None:
                now = time.perf_counter()
                for conn, r in list(running.items()):
                    if now - r.started > timeout:
                        r.process.kill()
                        r.process.join()
                        conn.close()
                        del running[conn]
                        done(r.index, _timed_out(files[r.index], timeout))
    finally:
        for r in running.values():              # interrupted: leave no worker behind
            r.process.kill()
            r.process.join()
            r.conn.close()


def extract_all(files: list[Path], *, jobs: int, status_map: Optional[Path], debug: bool,
                quiet: bool, worker: Worker = extract_one,
                timeout: Optional[float] = None) -> RunResult:
    """Every file through `worker`; results in input order whatever the completion order.
    jobs=1 without a timeout runs in this process (no start-up cost); otherwise every file gets
    a worker process of its own (crash isolation, time limit)."""
    bar = _progress(len(files), quiet)
    results: list[Optional[FileResult]] = [None] * len(files)

    def done(i: int, r: FileResult) -> None:
        results[i] = r
        if bar:
            bar.update(1)
    try:
        if jobs <= 1 and timeout is None:
            for i, f in enumerate(files):
                done(i, worker(f, status_map, debug))
        else:
            _run_in_processes(files, max(jobs, 1), timeout, status_map, debug, worker, done)
    finally:
        if bar:
            bar.close()
    return RunResult([r for r in results if r is not None])


def _counts(d: PlanDocument) -> Counts:
    return Counts(projects=len(d.projects), schedule=sum(len(p.schedule) for p in d.projects),
                  kpis=sum(len(p.kpis) for p in d.projects), procedures=len(d.procedures),
                  procedure_metrics=sum(len(p.metrics) for p in d.procedures),
                  reviews=len(d.reviews), warnings=len(d.warnings))


def has_records(d: PlanDocument) -> bool:
    """A plan gave data: at least one project, procedure or review row (schedule cells and KPIs
    belong to projects)."""
    return bool(d.projects or d.procedures or d.reviews)


def _input_report(r: FileResult, name: str) -> InputReport:
    if r.doc is None:
        return InputReport(file=name, status="failed",
                           error=one_line(r.error or f"{r.path.name}: 抽出されませんでした"))
    d = r.doc
    ocr_pages = sorted({w.source.page for w in d.warnings
                        if w.code == "no_text_layer" and w.source.page})
    needs_ocr = any(w.code == "no_text_layer" for w in d.warnings)
    return InputReport(file=name, status="ok", plan_id=d.plan.plan_id,
                       format=d.plan.source_format, pages=d.plan.pages, counts=_counts(d),
                       warning_codes=dict(sorted(Counter(w.code for w in d.warnings).items())),
                       needs_ocr=needs_ocr, ocr_pages=ocr_pages, ocred_pages=d.ocred_pages(),
                       has_records=has_records(d))


def display_name(path: Path, inputs: list[Path]) -> str:
    """How the report names an input: a file found in a folder as folder/relative/path, a file
    given by itself by its name. Never absolute, so the report does not depend on where the
    inputs lie or the folder the command ran in."""
    path = Path(path)
    for root in inputs:
        root = Path(root)
        if root.is_dir():
            try:
                rel = path.resolve().relative_to(root.resolve())
            except ValueError:
                continue
            return printable((Path(root.resolve().name) / rel).as_posix())
    return printable(path.name)


def drop_duplicates(run: RunResult) -> tuple[list[PlanDocument], dict[int, str]]:
    """The same file found twice (two folders, a copy): one plan, the later copies noted."""
    first: dict[str, str] = {}
    docs, dup_of = [], {}
    for i, r in enumerate(run.results):
        if r.doc is None:
            continue
        pid = r.doc.plan.plan_id
        if pid in first:
            dup_of[i] = first[pid]
            continue
        first[pid] = str(r.path)
        docs.append(r.doc)
    return docs, dup_of


# Documents a person may expect to be read but plan-extract does not read: listed in the report.
UNSUPPORTED_DOCUMENTS = (".doc", ".docx", ".xls", ".xlsx", ".xlsm", ".ppt", ".pptx", ".odt", ".ods",
                         ".rtf", ".htm", ".html", ".csv", ".jpg", ".jpeg", ".png", ".tif", ".tiff",
                         ".zip", ".lzh", ".jtd")


# Entries of input folders that are no surprise: counted on stderr, each named in report.json.
QUIET_NOT_READ = ("not_a_plan_type", "hidden", "documentation", "output_folder")


def skipped_documents(not_read: list[NotRead]) -> list[str]:
    """Documents inside input folders in a format we do not read (xlsx, docx, scans as images):
    the ones a person most likely expected to be read."""
    return [n.name for n in not_read if n.reason == "not_a_plan_type"
            and n.path.suffix.lower() in UNSUPPORTED_DOCUMENTS]


def build_report(run: RunResult, missing: list[tuple[Path, str]], dup_of: dict[int, str],
                 skipped: list[str], inputs: Optional[list[Path]] = None,
                 strict: bool = False, not_read: Iterable[NotRead] = ()) -> Report:
    """The run summary; `inputs` (the paths given) name the files relative to them."""
    given = list(inputs or [])
    names = [display_name(r.path, given) for r in run.results]
    entries = []
    for i, r in enumerate(run.results):
        entry = _input_report(r, names[i])
        if i in dup_of:
            entry = InputReport(file=entry.file, status="duplicate",
                                duplicate_of=display_name(Path(dup_of[i]), given),
                                plan_id=entry.plan_id, format=entry.format, pages=entry.pages)
        entries.append(entry)
    entries += [InputReport(file=Path(p).name, status="failed", error=one_line(why))
                for p, why in missing]
    ok = [e for e in entries if e.status == "ok"]
    empty = [e for e in ok if not e.has_records]
    totals = Totals(inputs=len(entries), extracted=len(ok), with_records=len(ok) - len(empty),
                    no_records=len(empty), failed=sum(e.status == "failed" for e in entries),
                    duplicates=sum(e.status == "duplicate" for e in entries),
                    needs_ocr=sum(e.needs_ocr for e in ok),
                    **{k: sum(getattr(e.counts, k) for e in ok) for k in Counts.model_fields})
    return Report(
        extractor_version=__version__, inputs=entries, totals=totals,
        failures=[Failure(file=e.file, error=e.error) for e in entries if e.status == "failed"],
        needs_ocr=[NeedsOcr(file=e.file, plan_id=e.plan_id, pages=e.ocr_pages)
                   for e in ok if e.needs_ocr],
        no_records=[NoRecords(file=e.file, plan_id=e.plan_id) for e in empty],
        strict=strict, skipped=skipped,
        not_read=[NotReadEntry(file=n.name, reason=n.reason, message=n.message)
                  for n in not_read])


def report_json(rep: Report) -> bytes:
    return json_bytes(rep.model_dump(mode="json"))


def write_outputs(outdir: Path, docs: list[PlanDocument], rep: Report, *,
                  license_id: Optional[str] = None, publisher: Optional[str] = None) -> None:
    """Dataset (JSON, CSVs, dataset.xlsx), datapackage.json, report.html and report.json."""
    from schemas.report_html import report_html
    write_dataset(outdir, docs)
    write_atomic(outdir / "datapackage.json",
                 datapackage_json(docs, license_id=license_id, publisher=publisher))
    write_atomic(outdir / "report.html", report_html(docs, rep))
    write_atomic(outdir / "report.json", report_json(rep))


def _names(files: list[str], limit: int = 10) -> str:
    shown = "、".join(Path(f).name for f in files[:limit])
    return shown + (f" ほか {len(files) - limit} 件" if len(files) > limit else "")


def file_line(e: InputReport, seconds: Optional[float]) -> str:
    """One input in one line (-v): pages, records by kind, warnings, seconds."""
    took = f"、{seconds:.1f} 秒" if seconds is not None else ""
    if e.status == "failed":
        return f"{e.file}: 失敗{took}"
    if e.status == "duplicate":
        return f"{e.file}: {e.duplicate_of} と同じ内容（1回だけ抽出）"
    c = e.counts or Counts()
    pages = f"{e.pages} ページ、" if e.pages else ""
    return (f"{e.file}: {pages}事業 {c.projects}、スケジュール {c.schedule}、KPI {c.kpis}、"
            f"手続 {c.procedures}、前計画の実施状況 {c.reviews}、警告 {c.warnings}{took}")


def summary_line(rep: Report) -> str:
    """The closing line: counts files with data, without, failed and needing OCR."""
    t = rep.totals
    return (f"入力 {t.inputs} 件: データあり {t.with_records} 件、データなし {t.no_records} 件、"
            f"失敗 {t.failed} 件、要OCR {t.needs_ocr} 件"
            + (f"、重複 {t.duplicates} 件" if t.duplicates else "")
            + f"（事業 {t.projects}、KPI {t.kpis}、手続 {t.procedures}、"
              f"前計画の実施状況 {t.reviews}、警告 {t.warnings}）")


def _tell(rep: Report, outdir: Path, quiet: bool, verbose: bool = False,
          seconds: Optional[dict[str, float]] = None, took: str = "") -> None:
    say = lambda text: print(f"plan-extract: {text}", file=sys.stderr)  # noqa: E731
    if verbose:
        for e in rep.inputs:
            say(file_line(e, (seconds or {}).get(e.file)))
    for e in rep.inputs:
        if e.status == "failed":
            say(f"失敗: {e.error}")
    for n in rep.needs_ocr:
        say(f"{n.file}: 文字情報のないページ {', '.join(map(str, n.pages))}（OCRが必要）")
    if rep.strict and rep.no_records:
        say(f"--strict: データなし {len(rep.no_records)} 件を失敗とします: "
            f"{_names([n.file for n in rep.no_records])}")
    if rep.needs_ocr:
        from extract.readers.ocr import tesseract_available, unavailable_message
        if not tesseract_available():
            say(unavailable_message())
    for n in rep.not_read:
        if n.reason not in QUIET_NOT_READ:
            say(f"読みませんでした: {n.message}")
    if quiet:
        return
    for e in rep.inputs:
        if e.status == "duplicate":
            say(f"{e.file}: {e.duplicate_of} と同じ内容のため1回だけ抽出しました")
    if rep.skipped:
        say(f"入力フォルダの {len(rep.skipped)} 件は読めない形式（docx・xlsx・画像など）のため"
            f"読み飛ばしました（report.json の skipped）: {_names(rep.skipped, 5)}")
    quiet_reasons = QUIET_NOT_READ
    rest = [n for n in rep.not_read if n.reason in quiet_reasons and n.file not in rep.skipped]
    if rest:
        say(f"入力フォルダのほか {len(rest)} 件は計画のファイルではないため読みませんでした"
            f"（report.json の not_read に理由）: {_names([n.file for n in rest], 5)}")
    if rep.no_records and not rep.strict:
        say(f"データなし（事業・手続・実施状況の表が見つからない）: "
            f"{_names([n.file for n in rep.no_records])}")
    if verbose and took:
        say(took)
    say(f"{summary_line(rep)} → {outdir}")


def run_batch(inputs: list[Path], outdir: Path, *, jobs: int = 1,
              status_map: Optional[Path] = None, debug: bool = False, quiet: bool = False,
              worker: Worker = extract_one, timeout: Optional[float] = None,
              strict: bool = False, verbose: bool = False, force: bool = False,
              license_id: Optional[str] = None, publisher: Optional[str] = None) -> int:
    """The whole run; returns the exit status of OUTPUT.md (0 ok, 1 some input failed, 2 usage).
    Tracebacks only with debug=True. timeout: seconds one file may take (None: no limit).
    strict: an input that gives no records fails the run too. verbose: one line per file and
    the timings on stderr. The output folder is claimed (checked, locked) before any input is
    read and replaced as a whole at the end (extract/outdir.py); force: write into a folder
    holding other files. license_id / publisher: written into datapackage.json."""
    t0 = time.perf_counter()
    inputs = [Path(p) for p in inputs]
    scan = scan_inputs(inputs)
    files, missing = scan.files, scan.missing
    if not files:
        for p, why in missing:
            print(f"plan-extract: {one_line(why)}", file=sys.stderr)
        if not missing:
            print(f"plan-extract: {'、'.join(map(str, inputs))} に計画のファイル（.pdf / .txt / .md）が"
                  f"見つかりません", file=sys.stderr)
        print("plan-extract: 読める入力がないため、出力は書きません (nothing written)",
              file=sys.stderr)
        return EXIT_USAGE
    try:
        with claim(outdir, force=force, inputs=files) as out:
            for note in out.notes:
                print(f"plan-extract: {note}", file=sys.stderr)
            run = extract_all(files, jobs=jobs, status_map=status_map, debug=debug,
                              quiet=quiet, worker=worker, timeout=timeout)
            t1 = time.perf_counter()
            docs, dup_of = drop_duplicates(run)
            rep = build_report(run, missing, dup_of, skipped_documents(scan.not_read),
                               inputs=inputs, strict=strict, not_read=scan.not_read)
            write_outputs(out.staging, docs, rep, license_id=license_id,
                          publisher=publisher)
            n_notes = len(out.notes)
            out.publish()
            t2 = time.perf_counter()
            for note in out.notes[n_notes:]:
                print(f"plan-extract: {note}", file=sys.stderr)
    except OutputRefused as e:
        print(f"plan-extract: {e}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        if debug:
            raise
        print(f"plan-extract: 中断しました。{outdir} は前回のデータセットのままです "
              f"(interrupted; the previous dataset is unchanged)", file=sys.stderr)
        return EXIT_INTERRUPTED
    except OSError as e:
        if debug:
            raise
        where = f" {e.filename}" if e.filename else ""
        print(f"plan-extract: 出力を書けません{where}: {e.strerror or e} "
              f"(cannot write the output)", file=sys.stderr)
        return EXIT_FAILED
    seconds = {e.file: r.seconds for e, r in zip(rep.inputs, run.results)}
    took = (f"所要時間 {t2 - t0:.1f} 秒（抽出 {t1 - t0:.1f} 秒、書き出し {t2 - t1:.1f} 秒、"
            f"--jobs {jobs}）")
    _tell(rep, outdir, quiet, verbose, seconds, took)
    return EXIT_FAILED if rep.failures or (strict and rep.no_records) else EXIT_OK
