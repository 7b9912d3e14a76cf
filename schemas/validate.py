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
        errors.append(f"{path.name}: ファイルがありません")
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        errors.append(f"{path.name}: UTF-8 の JSON として読めません（{e}）")
    return None


def _schema_errors(instance: object, schema_name: str, label: str) -> list[str]:
    from jsonschema import Draft202012Validator
    schema = json.loads((JSON_DIR / schema_name).read_text(encoding="utf-8"))
    validator = Draft202012Validator(schema)
    errs = sorted(validator.iter_errors(instance), key=lambda e: list(map(str, e.absolute_path)))
    out = [f"{label}: {e.json_path} がスキーマに合いません（{e.message}）"
           for e in errs[:MAX_ERRORS_PER_FILE]]
    if len(errs) > MAX_ERRORS_PER_FILE:
        out.append(f"{label}: ほかにスキーマ違反 {len(errs) - MAX_ERRORS_PER_FILE} 件")
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
            errors.append(f"{p.name}: 中身の plan_id は {doc.plan.plan_id} です。ファイル名は "
                          f"{doc.plan.plan_id}.json でなければなりません")
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
        errors.append("datapackage.json: この版の plan-extract が書く記述と違います（手で編集されたか、"
                      "別の版が書いたもの）。抽出をやり直してください")
    return errors


def _frictionless_errors(outdir: Path) -> Iterator[str]:
    from frictionless import FrictionlessException, Package
    try:
        package = Package(str(outdir / "datapackage.json"))
        report = package.validate()
    except FrictionlessException as e:
        reasons = "; ".join(one_line(r.note or r.message) for r in e.reasons) if e.reasons else ""
        yield f"datapackage.json: Data Package として正しくありません: {one_line(e.error.note or e)}" \
              f"{' (' + reasons + ')' if reasons else ''}"
        return
    for task in report.tasks:
        name = task.place or f"{task.name}.csv"
        for n, err in enumerate(task.errors):
            if n == MAX_ERRORS_PER_FILE:
                yield f"{name}: ほかに誤り {len(task.errors) - n} 件"
                break
            where = []
            if getattr(err, "row_number", None):
                where.append(f"{err.row_number} 行目")
            if getattr(err, "field_name", None):
                where.append(f"列 {err.field_name}")
            cell = getattr(err, "cell", None)
            if cell not in (None, "") and err.type in ("type-error", "constraint-error"):
                where.append(f"値 {cell!r}")
            loc = f" {'、'.join(where)}" if where else ""
            yield f"{name}{loc}: {err.type}: {err.note or err.message}"
    for err in report.errors:
        yield f"datapackage.json: {err.type}: {err.note or err.message}"


def check_csvs(outdir: Path) -> list[str]:
    errors = []
    for spec in TABLES:
        p = outdir / f"{spec.name}.csv"
        if not p.is_file():
            errors.append(f"{p.name}: ファイルがありません")
        elif not p.read_bytes().startswith(BOM):
            errors.append(f"{p.name}: UTF-8 の BOM がありません（Excel が文字化けして開きます）")
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
    errors = [f"plans.csv: plan_id {pid} の行がありますが {pid}.json がありません"
              for pid in sorted(in_csv - in_json)]
    errors += [f"{pid}.json: plans.csv に載っていない計画です" for pid in sorted(in_json - in_csv)]
    if errors:
        return errors
    written = json.loads((outdir / "datapackage.json").read_text(encoding="utf-8"))
    expected_dp = datapackage(docs)
    for key in ("sources", "resources"):
        if written.get(key) != expected_dp[key]:
            errors.append(f"datapackage.json: {key} が計画ごとの JSON から作られるものと違います"
                          "（別の実行のファイルが混ざっていませんか）")
    for name, expected in dataset_files(docs).items():
        if not name.endswith(".csv"):
            continue
        p = outdir / name
        actual = p.read_bytes() if p.is_file() else b""
        if actual != expected:
            errors.append(f"{name}: {_first_difference(actual, expected)} 行目が計画ごとの JSON から"
                          f"作られるものと違います（手で編集されたか、別の実行のファイル）")
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
                                 description="出力フォルダを公開前に検査します: JSON をスキーマで、CSV を "
                                             "datapackage.json で。Re-check an output folder before "
                                             "publication.",
                                 epilog="例 (example):\n  plan-extract validate out/\n\n"
                                        "終了コード (exit status): 0 正常; 1 問題あり（stderr に一件一行）; "
                                        "2 使い方の誤り")
    ap.add_argument("outdir", type=Path, help="plan-extract が書いた出力フォルダ")
    try:
        args = ap.parse_args(argv)
    except SystemExit as e:
        return 0 if e.code == 0 else 2
    outdir: Path = args.outdir
    if not outdir.is_dir():
        print(f"plan-extract validate: {outdir}: フォルダがありません", file=sys.stderr)
        return 2
    errors = validate_dataset(outdir)
    for e in errors:
        print(f"plan-extract validate: {outdir}/{e}", file=sys.stderr)
    if errors:
        print(f"plan-extract validate: {outdir}: 問題が {len(errors)} 件あります（INVALID）",
              file=sys.stderr)
        return 1
    n = len([p for p in outdir.glob("*.json") if PLAN_JSON_NAME.match(p.name)])
    print(f"plan-extract validate: {outdir}: 正常です（valid）: 計画 {n} 件、CSV {len(TABLES)} ファイル")
    return 0


if __name__ == "__main__":
    sys.exit(validate_main())
