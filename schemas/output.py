"""Writing the dataset: per-plan JSON, the contract CSVs, report.json. Every file is written to a
temporary file in the same folder and renamed into place, so an interrupted run never leaves a
half-written file, and reruns over the same inputs give byte-identical files (stable order, no
timestamps; timings live only in report.json).

CSV conventions (OUTPUT.md): UTF-8 with BOM, one header row, RFC 4180 quoting with CRLF, lists
joined with 、, booleans true/false, integral numbers without ".0", empty cell = null. A text cell a
spreadsheet would run as a formula (=HYPERLINK(...), +cmd|...) gets a leading ' (OWASP "CSV
injection"); the per-plan JSON keeps the value as printed and warns csv_formula_neutralized.
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any, Iterable, Iterator

from schemas.models import PlanDocument, Source
from schemas.tables import (TABLES, Column, dataset_years, model_columns, roadmap_columns,
                            roadmap_rows, rows_for)

CSV_ENCODING = "utf-8-sig"   # BOM: Excel opens UTF-8 correctly
TMP_PREFIX = ".plan-extract-"
PLAN_JSON_NAME = re.compile(r"^[0-9a-f]{12}\.json$")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, fsync, rename over it. Readers (and the portal)
    see the old file or the new one, never a part."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f"{TMP_PREFIX}{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o666 & ~_umask())   # mkstemp makes 0600; published files must be readable
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def remove_stale_temporaries(outdir: Path) -> list[Path]:
    """Temporary files left by a run that was killed (SIGKILL, power loss) before its rename."""
    removed = []
    if outdir.is_dir():
        for p in sorted(outdir.glob(f"{TMP_PREFIX}*.tmp")):
            p.unlink(missing_ok=True)
            removed.append(p)
    return removed


def json_bytes(obj: Any) -> bytes:
    return (json.dumps(obj, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def plan_json(doc: PlanDocument) -> bytes:
    return json_bytes(doc.model_dump(mode="json"))


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d[\d,]*(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?%?")


def formula_like(text: str) -> bool:
    """A text cell Excel or LibreOffice would evaluate: it starts with = + - @ tab or CR and is
    not a plain number ("-2", "+1.5%"). A lone dash (a "not applicable" mark) is no formula."""
    return (text[:1] in FORMULA_START and not _NUMBER.fullmatch(text)
            and text.strip("-+") != "")


def formula_cells(doc: PlanDocument) -> Iterator[tuple[str, str, str, Source]]:
    """(table, column, value, source) of each value csv_cell neutralizes in `doc`'s CSV rows,
    once (a project name is repeated in schedule.csv and kpis.csv); the warnings table is left
    out (its messages quote these values)."""
    seen: set[str] = set()
    for table, rows in rows_for(doc).items():
        if table == "warnings":
            continue
        for row in rows:
            for column, value in row.items():
                if isinstance(value, str) and formula_like(value) and value not in seen:
                    seen.add(value)
                    yield table, column, value, Source(page=row.get("source_page"),
                                                       line=row.get("source_line"))


def csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    text = str(value)
    return "'" + text if formula_like(text) else text


def csv_bytes(columns: list[str], rows: Iterable[dict[str, Any]]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")     # RFC 4180
    w.writerow(columns)
    for r in rows:
        w.writerow([csv_cell(r.get(c)) for c in columns])
    return buf.getvalue().encode(CSV_ENCODING)


def sorted_docs(docs: Iterable[PlanDocument]) -> list[PlanDocument]:
    """The dataset's plan order: by source file name, then plan_id (input order and worker
    timing never matter)."""
    return sorted(docs, key=lambda d: (d.plan.source_file, d.plan.plan_id))


def dataset_tables(docs: list[PlanDocument]) -> dict[str, tuple[list[Column], list[dict[str, Any]]]]:
    """Table name -> (columns, rows) of every CSV, in dataset order; roadmap last."""
    docs = sorted_docs(docs)
    per_doc = [rows_for(d) for d in docs]
    tables = {spec.name: (model_columns(spec), [r for t in per_doc for r in t[spec.name]])
              for spec in TABLES}
    tables["roadmap"] = (roadmap_columns(dataset_years(docs)),
                         [r for d in docs for r in roadmap_rows(d)])
    return tables


def dataset_files(docs: list[PlanDocument]) -> dict[str, bytes]:
    """File name -> content of the per-plan JSON files and every CSV (header row even when
    empty)."""
    docs = sorted_docs(docs)
    files: dict[str, bytes] = {f"{d.plan.plan_id}.json": plan_json(d) for d in docs}
    for name, (cols, rows) in dataset_tables(docs).items():
        files[f"{name}.csv"] = csv_bytes([c.name for c in cols], rows)
    return files


def write_dataset(outdir: Path, docs: list[PlanDocument]) -> list[Path]:
    """Write the dataset into `outdir` (the run's staging folder: files of an earlier run are
    dropped by replacing the folder as a whole, extract/outdir.py, never by guessing names)."""
    from schemas.xlsx import xlsx_bytes     # pandas + openpyxl: imported only when writing
    files = dataset_files(docs)
    files["dataset.xlsx"] = xlsx_bytes(dataset_tables(docs))
    written = []
    for name, data in files.items():
        p = outdir / name
        write_atomic(p, data)
        written.append(p)
    return written
