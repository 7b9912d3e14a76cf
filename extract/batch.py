"""The unattended batch: inputs -> isolated extraction per file (optionally in worker
processes) -> dataset + report, with failures named on stderr and in report.json.

What the portal gets does not depend on how the batch ran: files are extracted in any order by
any number of workers, and the results are put back in input order; the dataset is ordered by
source file name (schemas/output.py). Only report.json's `timings` differ between runs.

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
from typing import Callable, Optional

from extract import __version__
from extract.pipeline import FileResult, RunResult, extract_one, find_inputs
from extract.readers import one_line
from schemas.datapackage import datapackage_json
from schemas.models import PlanDocument
from schemas.output import json_bytes, remove_stale_temporaries, write_atomic, write_dataset
from schemas.report import (Counts, Failure, InputReport, NeedsOcr, Report, Timings, Totals)

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
    return FileResult(path, error=f"{path.name}: the reader crashed on this file "
                                  "(worker process died)")


def _timed_out(path: Path, seconds: float) -> FileResult:
    return FileResult(path, error=f"{path.name}: not finished after {seconds:g} s; stopped "
                                  "(a pathological page?)", seconds=seconds)


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


def _input_report(r: FileResult) -> InputReport:
    if r.doc is None:
        return InputReport(file=str(r.path), status="failed",
                           error=one_line(r.error or f"{r.path.name}: not extracted"))
    d = r.doc
    ocr_pages = sorted({w.source.page for w in d.warnings
                        if w.code == "no_text_layer" and w.source.page})
    needs_ocr = any(w.code == "no_text_layer" for w in d.warnings)
    return InputReport(file=str(r.path), status="ok", plan_id=d.plan.plan_id,
                       format=d.plan.source_format, pages=d.plan.pages, counts=_counts(d),
                       warning_codes=dict(sorted(Counter(w.code for w in d.warnings).items())),
                       needs_ocr=needs_ocr, ocr_pages=ocr_pages)


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


def skipped_files(inputs: list[Path]) -> list[str]:
    """Documents inside input folders in a format we do not read (xlsx, docx, scans as images):
    listed, not failed. Code and other files are ignored silently."""
    out = []
    for p in inputs:
        if p.is_dir():
            out.extend(str(f) for f in sorted(p.rglob("*"))
                       if f.is_file() and f.suffix.lower() in UNSUPPORTED_DOCUMENTS
                       and not any(part.startswith(".") for part in f.relative_to(p).parts))
    return out


def build_report(run: RunResult, missing: list[tuple[Path, str]], dup_of: dict[int, str],
                 skipped: list[str], timings: Optional[Timings] = None) -> Report:
    inputs = []
    for i, r in enumerate(run.results):
        entry = _input_report(r)
        if i in dup_of:
            entry = InputReport(file=entry.file, status="duplicate", duplicate_of=dup_of[i],
                                plan_id=entry.plan_id, format=entry.format, pages=entry.pages)
        inputs.append(entry)
    inputs += [InputReport(file=str(p), status="failed", error=one_line(why)) for p, why in missing]
    ok = [e for e in inputs if e.status == "ok"]
    totals = Totals(inputs=len(inputs), extracted=len(ok),
                    failed=sum(e.status == "failed" for e in inputs),
                    duplicates=sum(e.status == "duplicate" for e in inputs),
                    needs_ocr=sum(e.needs_ocr for e in ok),
                    **{k: sum(getattr(e.counts, k) for e in ok) for k in Counts.model_fields})
    return Report(
        extractor_version=__version__, inputs=inputs, totals=totals,
        failures=[Failure(file=e.file, error=e.error) for e in inputs if e.status == "failed"],
        needs_ocr=[NeedsOcr(file=e.file, plan_id=e.plan_id, pages=e.ocr_pages)
                   for e in ok if e.needs_ocr],
        skipped=skipped, timings=timings)


def report_json(rep: Report) -> bytes:
    return json_bytes(rep.model_dump(mode="json"))


def write_outputs(outdir: Path, docs: list[PlanDocument], rep: Report) -> None:
    """Dataset, datapackage.json and report.html (report.json, with the timings, comes last)."""
    from schemas.report_html import report_html
    write_dataset(outdir, docs)
    write_atomic(outdir / "datapackage.json", datapackage_json())
    write_atomic(outdir / "report.html", report_html(docs, rep))


def _tell(rep: Report, outdir: Path, quiet: bool) -> None:
    for e in rep.inputs:
        if e.status == "failed":
            print(f"plan-extract: FAILED {e.error}", file=sys.stderr)
    for n in rep.needs_ocr:
        print(f"plan-extract: {Path(n.file).name}: no text layer on page(s) "
              f"{', '.join(map(str, n.pages))}; needs OCR", file=sys.stderr)
    if quiet:
        return
    for e in rep.inputs:
        if e.status == "duplicate":
            print(f"plan-extract: {e.file}: same content as {e.duplicate_of}; extracted once",
                  file=sys.stderr)
    if rep.skipped:
        print(f"plan-extract: {len(rep.skipped)} document(s) in the input folders are in a "
              f"format plan-extract does not read (docx, xlsx, images ...): skipped, listed in "
              f"report.json", file=sys.stderr)
        for f in rep.skipped[:5]:
            print(f"plan-extract:   skipped {f}", file=sys.stderr)
    t = rep.totals
    print(f"plan-extract: {t.extracted} of {t.inputs} inputs extracted into {outdir} "
          f"({t.projects} projects, {t.failed} failed, {t.needs_ocr} need OCR)", file=sys.stderr)


def run_batch(inputs: list[Path], outdir: Path, *, jobs: int = 1,
              status_map: Optional[Path] = None, debug: bool = False, quiet: bool = False,
              worker: Worker = extract_one, timeout: Optional[float] = None) -> int:
    """The whole run; returns the exit status of OUTPUT.md (0 ok, 1 some input failed, 2 usage).
    Tracebacks only with debug=True. timeout: seconds one file may take (None: no limit)."""
    t0 = time.perf_counter()
    inputs = [Path(p) for p in inputs]
    files, missing = find_inputs(inputs)
    if not files and not missing:
        print(f"plan-extract: no .pdf/.txt/.md inputs found in {', '.join(map(str, inputs))}",
              file=sys.stderr)
        return EXIT_USAGE
    try:
        outdir.mkdir(parents=True, exist_ok=True)
        remove_stale_temporaries(outdir)
        run = extract_all(files, jobs=jobs, status_map=status_map, debug=debug, quiet=quiet,
                          worker=worker, timeout=timeout)
        t1 = time.perf_counter()
        docs, dup_of = drop_duplicates(run)
        skipped = skipped_files(inputs)
        rep = build_report(run, missing, dup_of, skipped)
        write_outputs(outdir, docs, rep)   # no timings in these: byte-identical reruns
        t2 = time.perf_counter()
        rep.timings = Timings(total_seconds=round(t2 - t0, 3), extract_seconds=round(t1 - t0, 3),
                              write_seconds=round(t2 - t1, 3), jobs=jobs,
                              files={str(r.path): round(r.seconds, 3) for r in run.results})
        write_atomic(outdir / "report.json", report_json(rep))
    except KeyboardInterrupt:
        if debug:
            raise
        print("plan-extract: interrupted; files already in place are complete, the dataset may "
              "mix this run and the previous one", file=sys.stderr)
        return EXIT_INTERRUPTED
    except OSError as e:
        if debug:
            raise
        where = f" {e.filename}" if e.filename else ""
        print(f"plan-extract: cannot write the output{where}: {e.strerror or e}", file=sys.stderr)
        return EXIT_FAILED
    _tell(rep, outdir, quiet)
    return EXIT_FAILED if rep.failures else EXIT_OK
