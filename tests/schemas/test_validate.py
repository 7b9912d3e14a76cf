"""plan-extract validate OUTDIR: a fresh dataset passes; each kind of damage is named."""
from __future__ import annotations

import json
import shutil

import pytest

from schemas.validate import validate_dataset, validate_main
from tests.badinputs.corpus import shared_run


@pytest.fixture
def copy(tmp_path_factory, tmp_path):
    out, _ = shared_run(tmp_path_factory)
    dst = tmp_path / "ds"
    shutil.copytree(out, dst)
    return dst


def edit_csv(path, row: int, column: str, value: str) -> None:
    lines = path.read_bytes().decode("utf-8-sig").split("\r\n")
    head = lines[0].split(",")
    cells = lines[row].split(",")
    cells[head.index(column)] = value
    lines[row] = ",".join(cells)
    path.write_bytes(("\ufeff" + "\r\n".join(lines)).encode("utf-8"))


def test_a_fresh_dataset_is_valid(copy, capsys):
    assert validate_dataset(copy) == []
    assert validate_main([str(copy)]) == 0
    assert "正常です（valid）" in capsys.readouterr().out


def test_a_wrong_type_in_a_csv_is_named_with_file_row_field_and_value(copy, capsys):
    edit_csv(copy / "schedule.csv", 2, "fiscal_year", "令和3年度")
    assert validate_main([str(copy)]) == 1
    err = capsys.readouterr().err
    # rows are numbered as in a spreadsheet: the header is row 1
    assert "schedule.csv 3 行目、列 fiscal_year、値 '令和3年度': type-error" in err
    assert "INVALID" in err and "Traceback" not in err


def test_a_csv_edited_by_hand_no_longer_matches_the_plan_json(copy):
    edit_csv(copy / "projects.csv", 1, "name", "別の事業名")
    errors = validate_dataset(copy)
    assert errors == ["projects.csv: 2 行目が計画ごとの JSON から作られるものと違います"
                      "（手で編集されたか、別の実行のファイル）"]


def test_a_plan_json_off_schema_is_named_with_its_json_path(copy):
    name = next(p for p in sorted(copy.glob("*.json")) if len(p.stem) == 12)
    data = json.loads(name.read_text(encoding="utf-8"))
    data["projects"][0]["schedule"][0]["fiscal_year"] = "2021"
    name.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    errors = validate_dataset(copy)
    assert any(e.startswith(f"{name.name}: $.projects[0].schedule[0].fiscal_year がスキーマに合いません")
               for e in errors), errors


def test_a_csv_without_bom_or_missing_is_invalid(copy):
    (copy / "kpis.csv").write_bytes((copy / "kpis.csv").read_bytes()[3:])
    (copy / "reviews.csv").unlink()
    errors = validate_dataset(copy)
    assert "kpis.csv: UTF-8 の BOM がありません（Excel が文字化けして開きます）" in errors
    assert "reviews.csv: ファイルがありません" in errors


def test_an_edited_datapackage_is_invalid(copy):
    dp = json.loads((copy / "datapackage.json").read_text(encoding="utf-8"))
    dp["resources"][1]["schema"]["fields"][0]["type"] = "integer"
    (copy / "datapackage.json").write_text(json.dumps(dp), encoding="utf-8")
    assert any(e.startswith("datapackage.json: この版の plan-extract が書く記述と違います") for e in validate_dataset(copy))


def test_usage_errors_exit_2(tmp_path):
    assert validate_main([str(tmp_path / "missing")]) == 2
    assert validate_main([]) == 2


def test_a_missing_or_extra_plan_json_is_named(copy):
    name = next(p for p in sorted(copy.glob("*.json")) if len(p.stem) == 12)
    moved = name.read_bytes()
    name.unlink()
    assert validate_dataset(copy) == [f"plans.csv: plan_id {name.stem} の行がありますが "
                                      f"{name.name} がありません"]
    data = json.loads(moved)
    data["plan"]["plan_id"] = "ffffffffffff"
    (copy / "ffffffffffff.json").write_text(json.dumps(data), encoding="utf-8")
    assert "ffffffffffff.json: plans.csv に載っていない計画です" in validate_dataset(copy)
