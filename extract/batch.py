"""The unattended batch: inputs -> isolated extraction per file (optionally in worker
processes) -> dataset + report, with failures named on stderr and in report.json."""
from __future__ import annotations

import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Optional

from extract import __version__
from extract.pipeline import FileResult, RunResult, extract_one, find_inputs
from schemas.datapackage import datapackage_json
from schemas.models import PlanDocument
from schemas.output import json_bytes, write_atomic, write_dataset


def _progress(total: int, quiet: bool):
    if quiet or not sys.stderr.isatty():
        return None
    from tqdm import tqdm
    return tqdm(total=total, unit="file", file=sys.stderr)


def extract_all(files: list[Path], *, jobs: int, status_map: Optional[Path], debug: bool,
                quiet: bool) -> RunResult:
    bar = _progress(len(files), quiet)
    results: list[FileResult] = []
    if jobs <= 1 or len(files) <= 1:
        for f in files:
            results.append(extract_one(f, status_map, debug))
            if bar:
                bar.update(1)
    else:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            futures = [pool.submit(extract_one, f, status_map, debug) for f in files]
            for fut in futures:          # input order: output identical to --jobs 1
                results.append(fut.result())
                if bar:
                    bar.update(1)
    if bar:
        bar.close()
    return RunResult(results)


def report(run: RunResult, missing: list[tuple[Path, str]], seconds: float) -> dict:
    inputs = []
    for r in run.results:
        entry = {"file": str(r.path), "status": "failed" if r.error else "ok",
                 "seconds": round(r.seconds, 3)}
        if r.error:
            entry["error"] = r.error
        if r.doc is not None:
            d: PlanDocument = r.doc
            codes = [w.code for w in d.warnings]
            entry.update({
                "plan_id": d.plan.plan_id, "format": d.plan.source_format, "pages": d.plan.pages,
                "counts": {"projects": len(d.projects),
                           "schedule": sum(len(p.schedule) for p in d.projects),
                           "kpis": sum(len(p.kpis) for p in d.projects),
                           "procedures": len(d.procedures),
                           "procedure_metrics": sum(len(p.metrics) for p in d.procedures),
                           "reviews": len(d.reviews), "warnings": len(d.warnings)},
                "needs_ocr": "no_text_layer" in codes,
                "ocr_pages": sorted({w.source.page for w in d.warnings
                                     if w.code == "no_text_layer" and w.source.page}),
            })
        inputs.append(entry)
    for p, why in missing:
        inputs.append({"file": str(p), "status": "failed", "error": why, "seconds": 0.0})
    failures = [{"file": e["file"], "error": e["error"]} for e in inputs if e["status"] == "failed"]
    return {
        "extractor_version": __version__,
        "inputs": inputs,
        "totals": {"inputs": len(inputs), "extracted": len(run.docs), "failed": len(failures)},
        "needs_ocr": [e["file"] for e in inputs if e.get("needs_ocr")],
        "failures": failures,
        "seconds": round(seconds, 3),
    }


def run_batch(inputs: list[Path], outdir: Path, *, jobs: int = 1,
              status_map: Optional[Path] = None, debug: bool = False, quiet: bool = False) -> int:
    t0 = time.perf_counter()
    files, missing = find_inputs(inputs)
    if not files and not missing:
        print(f"plan-extract: no .pdf/.txt/.md inputs found in {', '.join(map(str, inputs))}",
              file=sys.stderr)
        return 2
    run = extract_all(files, jobs=jobs, status_map=status_map, debug=debug, quiet=quiet)
    write_dataset(outdir, run.docs)
    write_atomic(outdir / "datapackage.json", datapackage_json())
    rep = report(run, missing, time.perf_counter() - t0)
    write_atomic(outdir / "report.json", json_bytes(rep))
    for f in rep["failures"]:
        print(f"plan-extract: FAILED {f['error']}", file=sys.stderr)
    for e in rep["inputs"]:
        if e.get("needs_ocr"):
            print(f"plan-extract: {Path(e['file']).name}: pages {e['ocr_pages']} have no text layer "
                  "(needs OCR)", file=sys.stderr)
    ok = rep["totals"]["extracted"]
    if not quiet:
        print(f"plan-extract: {ok} of {rep['totals']['inputs']} inputs extracted into {outdir}",
              file=sys.stderr)
    return 1 if rep["failures"] else 0
