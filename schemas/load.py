"""Reading a dataset back into Python: one typed pandas DataFrame per CSV, the types taken from
the dataset's own datapackage.json (so lg_code and project numbers stay strings, fiscal years
are nullable integers, empty cells are missing values).

    from extract import load_dataset
    tables = load_dataset("out/")
    tables["projects"].merge(tables["plans"], on="plan_id")
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Union

from schemas.output import FORMULA_START

PANDAS_DTYPE = {"string": "string", "integer": "Int64", "number": "Float64",
                "boolean": "boolean", "date": "string", "any": "string"}


def _unneutralize(value):
    """The CSVs put ' before a text that a spreadsheet would run as a formula; the data is the
    text as printed."""
    if isinstance(value, str) and value[:1] == "'" and value[1:2] in FORMULA_START:
        return value[1:]
    return value


def load_dataset(outdir: Union[str, Path]) -> dict:
    """Table name (CSV stem) -> DataFrame typed from OUTDIR/datapackage.json."""
    import pandas as pd
    outdir = Path(outdir)
    package = json.loads((outdir / "datapackage.json").read_text(encoding="utf-8"))
    tables = {}
    for res in package["resources"]:
        fields = res["schema"]["fields"]
        strings = {f["name"]: "string" for f in fields}       # read as text, then typed
        df = pd.read_csv(outdir / res["path"], encoding=res.get("encoding", "utf-8-sig"),
                         dtype=strings, keep_default_na=False,
                         na_values=res["schema"].get("missingValues", [""]))
        for f in fields:
            name, ftype = f["name"], f.get("type", "string")
            if ftype == "boolean":
                df[name] = df[name].map({"true": True, "false": False}).astype("boolean")
            elif ftype in ("integer", "number"):
                df[name] = pd.to_numeric(df[name]).astype(PANDAS_DTYPE[ftype])
            else:
                df[name] = df[name].map(_unneutralize).astype("string")
        tables[res["name"]] = df
    return tables
