"""The generated schema files in schemas/json/, from the pydantic models (never edited by hand):

    plan_document.schema.json   JSON Schema of the per-plan JSON (schemas/models.py)
    report.schema.json          JSON Schema of report.json (schemas/report.py)
    datapackage.json            the Frictionless descriptor every dataset carries (schemas/datapackage.py)

    python -m schemas.generate            rewrite them
    python -m schemas.generate --check    exit 1 and name the stale ones (tests/schemas runs this)
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Optional

from schemas.datapackage import datapackage
from schemas.models import SCHEMA_VERSION, PlanDocument
from schemas.output import json_bytes, write_atomic
from schemas.report import Report

JSON_DIR = Path(__file__).resolve().parent / "json"
JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _json_schema(model, title: str) -> dict:
    return {"$schema": JSON_SCHEMA_DIALECT, **model.model_json_schema(), "title": title,
            "x-schema_version": SCHEMA_VERSION}


def generated() -> dict[str, bytes]:
    """File name in schemas/json/ -> the content the models give today."""
    return {
        "plan_document.schema.json": json_bytes(_json_schema(
            PlanDocument, "plan-extract per-plan JSON (<plan_id>.json)")),
        "report.schema.json": json_bytes(_json_schema(Report, "plan-extract report.json")),
        "datapackage.json": json_bytes(datapackage()),
    }


def stale(folder: Path = JSON_DIR) -> list[str]:
    """Generated files missing from `folder` or different from what the models give."""
    out = []
    for name, data in generated().items():
        p = folder / name
        if not p.is_file() or p.read_bytes() != data:
            out.append(name)
    return out


def write(folder: Path = JSON_DIR) -> list[Path]:
    paths = []
    for name, data in generated().items():
        write_atomic(folder / name, data)
        paths.append(folder / name)
    return paths


def main(argv: Optional[list[str]] = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m schemas.generate", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="only check; exit 1 when stale")
    args = ap.parse_args(argv)
    if args.check:
        names = stale()
        for n in names:
            print(f"schemas/json/{n} is stale: run python -m schemas.generate", file=sys.stderr)
        return 1 if names else 0
    for p in write():
        print(p)
    return 0


if __name__ == "__main__":
    sys.exit(main())
