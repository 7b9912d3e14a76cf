"""schemas/json/ is generated from the models; a stale file fails here."""
from __future__ import annotations

import json

from schemas import generate
from schemas.datapackage import datapackage


def test_generated_schema_files_are_current():
    stale = generate.stale()
    assert not stale, f"stale: {stale}; run: python -m schemas.generate"


def test_stale_detects_an_edited_or_missing_file(tmp_path):
    generate.write(tmp_path)
    assert generate.stale(tmp_path) == []
    (tmp_path / "report.schema.json").write_text("{}", encoding="utf-8")
    (tmp_path / "datapackage.json").unlink()
    assert sorted(generate.stale(tmp_path)) == ["datapackage.json", "report.schema.json"]
    assert generate.main(["--check"]) == 0


def test_plan_schema_describes_the_contract_fields():
    schema = json.loads((generate.JSON_DIR / "plan_document.schema.json").read_text("utf-8"))
    assert schema["$schema"].endswith("2020-12/schema")
    assert {"schema_version", "plan", "projects", "procedures", "reviews", "warnings"} <= \
        set(schema["properties"])
    assert json.loads((generate.JSON_DIR / "datapackage.json").read_text("utf-8")) == datapackage()
