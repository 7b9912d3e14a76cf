"""`plan-extract validate OUTDIR`: re-check a dataset before it is published.

Checks, each error one line naming the file (and row, field):
  - datapackage.json is the descriptor this plan-extract writes (schemas/json/datapackage.json);
  - every <plan_id>.json against schemas/json/plan_document.schema.json, its name = its plan_id;
  - report.json against schemas/json/report.schema.json;
  - every CSV against datapackage.json with frictionless (types, constraints, header, primary and
    foreign keys), and that it starts with the UTF-8 BOM;
  - the CSVs say what the per-plan JSON files say (same plans, same rows, byte for byte as
    plan-extract writes them), so a hand edit of one but not the other is caught.

Exit status: 0 valid, 1 invalid, 2 bad usage (no such folder).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Iterator, Optional

from schemas.datapackage import datapackage
from schemas.generate import JSON_DIR
from schemas.models import PlanDocument
from schemas.output import PLAN_JSON_NAME, dataset_files
from schemas.tables import TABLES

MAX_ERRORS_PER_FILE = 20
BOM = b"\xef\xbb\xbf"


def one_line(text: object) -> str:
    return " ".join(str(text).split())


def _load_json(path: Path, errors: list[str]) -> Optional[object]:
    try:
        return json.loads(path.read_bytes().decode("utf-8"))
    except FileNotFoundError:
        errors.append(f"{path.name}: missing")
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        errors.append(f"{path.name}: not valid UTF-8 JSON ({e})")
    return None


def _schema_errors(instance: object, schema_name: str, label: str) -> list[str]:
    from jsonschema import Draft202012Validator
    schema = json.loads((JSON_DIR / schema_name).read_text(encoding="utf-8"))
    validator = Draft202012Validator(schema)
    errs = sorted(validator.iter_errors(instance), key=lambda e: list(map(str, e.absolute_path)))
    out = [f"{label}: at {e.json_path}: {e.message}" for e in errs[:MAX_ERRORS_PER_FILE]]
    if len(errs) > MAX_ERRORS_PER_FILE:
        out.append(f"{label}: ... and {len(errs) - MAX_ERRORS_PER_FILE} more schema errors")
    return out


def check_plan_json(outdir: Path) -> tuple[list[PlanDocument], list[str]]:
    errors: list[str] = []
    docs = []
    for p in sorted(outdir.glob("*.json")):
        if not PLAN_JSON_NAME.match(p.name):
            continue
        data = _load_json(p, errors)
        if data is None:
            continue
        errs = _schema_errors(data, "plan_document.schema.json", p.name)
        errors += errs
        if errs:
            continue
        doc = PlanDocument.model_validate(data)
        if f"{doc.plan.plan_id}.json" != p.name:
            errors.append(f"{p.name}: holds plan_id {doc.plan.plan_id}; the file name must be it")
            continue
        docs.append(doc)
    return docs, errors


def check_report(outdir: Path) -> list[str]:
    errors: list[str] = []
    data = _load_json(outdir / "report.json", errors)
    if data is None:
        return errors
    return _schema_errors(data, "report.schema.json", "report.json")


RUN_KEYS = ("licenses", "contributors", "sources")   # the user's options and the plans read


def _template(descriptor: object) -> object:
    """The descriptor without what depends on the run: the options, the sources and the year
    columns of roadmap.csv."""
    if not isinstance(descriptor, dict):
        return descriptor
    out = {k: v for k, v in descriptor.items() if k not in RUN_KEYS}
    out["resources"] = [
        {**r, "schema": {**r["schema"], "fields": [f for f in r["schema"].get("fields", [])
                                                   if not f.get("name", "").startswith("fy")]}}
        if isinstance(r, dict) and r.get("name") == "roadmap" and isinstance(r.get("schema"), dict)
        else r for r in out.get("resources", [])]
    return out


def check_descriptor(outdir: Path) -> list[str]:
    """The descriptor this plan-extract writes (the license and publisher the user gave are
    theirs to choose; sources and year columns are checked against the plans later)."""
    errors: list[str] = []
    data = _load_json(outdir / "datapackage.json", errors)
    if data is not None and _template(data) != _template(datapackage()):
        errors.append("datapackage.json: not the descriptor this plan-extract writes "
                      "(edited, or written by another version); rerun the extraction")
    return errors


def _frictionless_errors(outdir: Path) -> Iterator[str]:
    from frictionless import FrictionlessException, Package
    try:
        package = Package(str(outdir / "datapackage.json"))
        report = package.validate()
    except FrictionlessException as e:
        reasons = "; ".join(one_line(r.note or r.message) for r in e.reasons) if e.reasons else ""
        yield f"datapackage.json: not a valid Data Package: {one_line(e.error.note or e)}" \
              f"{' (' + reasons + ')' if reasons else ''}"
        return
    for task in report.tasks:
        name = task.place or f"{task.name}.csv"
        for n, err in enumerate(task.errors):
            if n == MAX_ERRORS_PER_FILE:
                yield f"{name}: ... and {len(task.errors) - n} more errors"
                break
            where = []
            if getattr(err, "row_number", None):
                where.append(f"row {err.row_number}")
            if getattr(err, "field_name", None):
                where.append(f"field {err.field_name}")
            cell = getattr(err, "cell", None)
            if cell not in (None, "") and err.type in ("type-error", "constraint-error"):
                where.append(f"value {cell!r}")
            loc = f" {', '.join(where)}" if where else ""
            yield f"{name}{loc}: {err.type}: {err.note or err.message}"
    for err in report.errors:
        yield f"datapackage.json: {err.type}: {err.note or err.message}"


def check_csvs(outdir: Path) -> list[str]:
    errors = []
    for spec in TABLES:
        p = outdir / f"{spec.name}.csv"
        if not p.is_file():
            errors.append(f"{p.name}: missing")
        elif not p.read_bytes().startswith(BOM):
            errors.append(f"{p.name}: no UTF-8 byte order mark (Excel would misread it)")
    if errors:
        return errors
    return list(_frictionless_errors(outdir))


def _first_difference(a: bytes, b: bytes) -> int:
    """1-based line of the first difference."""
    for i, (x, y) in enumerate(zip(a.split(b"\r\n"), b.split(b"\r\n")), start=1):
        if x != y:
            return i
    return min(a.count(b"\r\n"), b.count(b"\r\n")) + 1


def _plan_ids_in_csv(outdir: Path) -> list[str]:
    import csv
    import io
    text = (outdir / "plans.csv").read_bytes().decode("utf-8-sig")
    return [r["plan_id"] for r in csv.DictReader(io.StringIO(text, newline=""))]


def check_consistency(outdir: Path, docs: list[PlanDocument]) -> list[str]:
    in_csv, in_json = set(_plan_ids_in_csv(outdir)), {d.plan.plan_id for d in docs}
    errors = [f"plans.csv: lists plan_id {pid} but {pid}.json is missing"
              for pid in sorted(in_csv - in_json)]
    errors += [f"{pid}.json: plan not listed in plans.csv" for pid in sorted(in_json - in_csv)]
    if errors:
        return errors
    written = json.loads((outdir / "datapackage.json").read_text(encoding="utf-8"))
    expected_dp = datapackage(docs)
    for key in ("sources", "resources"):
        if written.get(key) != expected_dp[key]:
            errors.append(f"datapackage.json: {key} differ from what the per-plan JSON files give "
                          "(files from different runs?)")
    for name, expected in dataset_files(docs).items():
        if not name.endswith(".csv"):
            continue
        p = outdir / name
        actual = p.read_bytes() if p.is_file() else b""
        if actual != expected:
            errors.append(f"{name}: line {_first_difference(actual, expected)} differs from what "
                          f"the per-plan JSON files give (edited by hand, or files from "
                          f"different runs)")
    return errors


def validate_dataset(outdir: Path) -> list[str]:
    """Every problem found in OUTDIR, one line each; empty when the dataset is valid."""
    errors = check_descriptor(outdir)
    docs, plan_errors = check_plan_json(outdir)
    errors += plan_errors
    errors += check_report(outdir)
    csv_errors = check_csvs(outdir)
    errors += csv_errors
    if not plan_errors and not csv_errors:
        errors += check_consistency(outdir, docs)
    return errors


def validate_main(argv: Optional[list[str]] = None) -> int:
    ap = argparse.ArgumentParser(prog="plan-extract validate",
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 description="Re-check an output folder before publication: JSON "
                                             "against the schemas, CSVs against datapackage.json.",
                                 epilog="example:\n  plan-extract validate out/\n\nexit status: "
                                        "0 valid; 1 problems found (one line each on stderr); "
                                        "2 bad usage")
    ap.add_argument("outdir", type=Path, help="the folder plan-extract wrote")
    try:
        args = ap.parse_args(argv)
    except SystemExit as e:
        return 0 if e.code == 0 else 2
    outdir: Path = args.outdir
    if not outdir.is_dir():
        print(f"plan-extract validate: {outdir}: no such folder", file=sys.stderr)
        return 2
    errors = validate_dataset(outdir)
    for e in errors:
        print(f"plan-extract validate: {outdir}/{e}", file=sys.stderr)
    if errors:
        print(f"plan-extract validate: {outdir}: INVALID ({len(errors)} problem(s))",
              file=sys.stderr)
        return 1
    n = len([p for p in outdir.glob("*.json") if PLAN_JSON_NAME.match(p.name)])
    print(f"plan-extract validate: {outdir}: valid ({n} plan(s), {len(TABLES)} CSV files)")
    return 0


if __name__ == "__main__":
    sys.exit(validate_main())
