"""Writing the dataset: per-plan JSON, the contract CSVs, report.json. Every file is written to a
temporary file in the same folder and renamed into place, so an interrupted run never leaves a
half-written file, and reruns over the same inputs give byte-identical files."""
from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from pathlib import Path
from typing import Any, Iterable

from schemas.models import PlanDocument
from schemas.tables import TABLES, model_columns, rows_for

CSV_ENCODING = "utf-8-sig"   # BOM: Excel opens UTF-8 correctly


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def json_bytes(obj: Any) -> bytes:
    return (json.dumps(obj, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def plan_json(doc: PlanDocument) -> bytes:
    return json_bytes(doc.model_dump(mode="json"))


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def csv_bytes(columns: list[str], rows: Iterable[dict[str, Any]]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")     # RFC 4180
    w.writerow(columns)
    for r in rows:
        w.writerow([_cell(r.get(c)) for c in columns])
    return buf.getvalue().encode(CSV_ENCODING)


def write_dataset(outdir: Path, docs: list[PlanDocument]) -> list[Path]:
    """Per-plan JSON files and every contract CSV (header row even when empty), in a stable
    order: plans sorted by source file name, rows in document order."""
    written = []
    docs = sorted(docs, key=lambda d: (d.plan.source_file, d.plan.plan_id))
    for d in docs:
        p = outdir / f"{d.plan.plan_id}.json"
        write_atomic(p, plan_json(d))
        written.append(p)
    per_doc = [rows_for(d) for d in docs]
    for spec in TABLES:
        cols = [c.name for c in model_columns(spec)]
        rows = [r for tables in per_doc for r in tables[spec.name]]
        p = outdir / f"{spec.name}.csv"
        write_atomic(p, csv_bytes(cols, rows))
        written.append(p)
    return written
