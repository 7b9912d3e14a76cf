"""What an analyst opens (issue 12.2, 12.5, 12.6): dataset.xlsx with typed cells, the wide
roadmap.csv, load_dataset() typed from datapackage.json, and the datapackage's sources/licenses."""
from __future__ import annotations

import csv
import hashlib
import io
import json
import time

import pytest
from openpyxl import load_workbook

from extract import load_dataset
from extract.batch import run_batch
from schemas.tables import TABLES
from tests.badinputs.corpus import CORPUS

KAMOME = CORPUS / "good" / "kamome_utf8.txt"


@pytest.fixture(scope="module")
def otoineppu(tmp_path_factory):
    """The corpus' fictional plan moved to 音威子府村, whose code 014702 starts with a zero."""
    src = tmp_path_factory.mktemp("in")
    text = KAMOME.read_text(encoding="utf-8")
    (src / "otoineppu.txt").write_text(
        text.replace("架空県かもめ浜町", "北海道音威子府村").replace("かもめ浜町", "音威子府村"),
        encoding="utf-8")
    (src / "minutes.txt").write_text("会議録\n\n議題について話し合った。\n", encoding="utf-8")
    out = src / "out"
    assert run_batch([src], out, quiet=True, license_id="CC-BY-4.0", publisher="音威子府村") == 0
    return out


def test_xlsx_codes_and_numbers_as_text_are_text_cells_years_are_numbers(otoineppu):
    wb = load_workbook(otoineppu / "dataset.xlsx")
    assert wb.sheetnames == [t.name for t in TABLES] + ["roadmap"]
    plans = wb["plans"]
    assert [c.value for c in plans[2]][:2] == ["lg_code", "plan_id"]
    assert plans["A1"].value == "全国地方公共団体コード"           # Japanese titles above
    cities = {r[2].value: r[0] for r in plans.iter_rows(min_row=3)}
    code = cities["音威子府村"]
    assert code.value == "014702" and code.data_type == "s" and code.number_format == "@"
    projects = wb["projects"]
    header = [c.value for c in projects[2]]
    number = projects.cell(row=3, column=header.index("number") + 1)
    assert number.value == "1-1" and number.data_type == "s"
    schedule = wb["schedule"]
    header = [c.value for c in schedule[2]]
    fy = schedule.cell(row=3, column=header.index("fiscal_year") + 1)
    assert fy.value == 2025 and fy.data_type == "n"
    assert plans.freeze_panes == "A3" and projects.freeze_panes == "A3"
    assert plans.auto_filter.ref.startswith("A2:")
    assert projects.column_dimensions["A"].width >= len("plan_id")


def test_xlsx_is_byte_identical_on_a_rerun(otoineppu, tmp_path):
    run_batch([CORPUS / "good"], tmp_path / "a", quiet=True)
    time.sleep(2.1)              # zip entry dates have a 2-second resolution
    run_batch([CORPUS / "good"], tmp_path / "b", quiet=True)
    assert (tmp_path / "a" / "dataset.xlsx").read_bytes() == \
        (tmp_path / "b" / "dataset.xlsx").read_bytes()


def test_a_printed_formula_is_a_text_cell_in_the_xlsx():
    from schemas.tables import Column
    from schemas.xlsx import xlsx_bytes
    cols = [Column("name", "string", "名称")]
    data = xlsx_bytes({"t": (cols, [{"name": "=HYPERLINK(\"http://x\")"}])})
    cell = load_workbook(io.BytesIO(data))["t"]["A3"]
    assert cell.data_type == "s" and cell.value == "=HYPERLINK(\"http://x\")"


def test_roadmap_csv_has_one_row_per_project_and_a_column_per_fiscal_year(otoineppu):
    text = (otoineppu / "roadmap.csv").read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    projects = (otoineppu / "projects.csv").read_bytes().decode("utf-8-sig")
    assert len(rows) == len(projects.splitlines()) - 1 == 2
    assert list(rows[0])[:5] == ["plan_id", "project_seq", "project_number", "project_name",
                                 "departments"]
    assert list(rows[0])[5:] == ["fy2025", "fy2026", "fy2027"]
    first = rows[0]
    assert first["project_number"] == "1-1" and first["project_name"] == "窓口予約システムの導入"
    assert (first["fy2025"], first["fy2026"], first["fy2027"]) == ("構築・導入", "運用", "運用")


def test_load_dataset_types_every_table_from_the_datapackage(otoineppu):
    tables = load_dataset(otoineppu)
    assert set(tables) == {t.name for t in TABLES} | {"roadmap"}
    plans = tables["plans"].set_index("municipality", drop=False)
    assert plans.loc["音威子府村", "lg_code"] == "014702"
    assert str(tables["plans"]["lg_code"].dtype) == "string"
    assert str(tables["schedule"]["fiscal_year"].dtype) == "Int64"
    assert str(tables["plans"]["period_start_fy"].dtype) == "Int64"
    assert tables["plans"]["period_start_fy"].isna().sum() == 1        # the minutes: no period
    assert str(tables["schedule"]["ambiguous"].dtype) == "boolean"
    assert tables["projects"]["number"].tolist() == ["1-1", "1-2"]
    assert str(tables["kpis"]["target_value"].dtype) == "Float64"


def test_datapackage_names_its_sources_license_and_publisher(otoineppu):
    pkg = json.loads((otoineppu / "datapackage.json").read_text(encoding="utf-8"))
    sha = hashlib.sha256((otoineppu.parent / "otoineppu.txt").read_bytes()).hexdigest()
    sources = {s["title"]: s["sha256"] for s in pkg["sources"]}
    assert set(sources) == {"minutes.txt", "otoineppu.txt"}
    assert sources["otoineppu.txt"] == sha
    assert pkg["licenses"] == [{"name": "CC-BY-4.0",
                                "title": "Creative Commons Attribution 4.0 International (CC BY 4.0)",
                                "path": "https://creativecommons.org/licenses/by/4.0/"}]
    assert pkg["contributors"] == [{"title": "音威子府村", "role": "publisher"}]
    roadmap = next(r for r in pkg["resources"] if r["name"] == "roadmap")
    assert [f["title"] for f in roadmap["schema"]["fields"]][-3:] == ["2025年度", "2026年度",
                                                                       "2027年度"]


def test_the_dataset_with_license_and_roadmap_validates(otoineppu):
    from schemas.validate import validate_dataset
    assert validate_dataset(otoineppu) == []
