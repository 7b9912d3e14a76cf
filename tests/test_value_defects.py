"""Values a user saw wrong (issue 12.8): a duration read as a KPI target, full-width angle
brackets, era_year_overflow in a plan written while the era was current, and three separate
"not found" notes for one document."""
from __future__ import annotations

import json

import pytest

from extract.batch import run_batch
from extract.pipeline import document_notes
from normalize.numbers import parse_kpi_target
from normalize.wareki import era_current_on
from schemas.models import Source, Warning_
from tests.badinputs.corpus import CORPUS, SEEDS

KAMOME = CORPUS / "good" / "kamome_utf8.txt"


def test_a_duration_is_not_a_kpi_target_value():
    # 音威子府村総合戦略 2015, KPI 学校紹介DVDの制作: "1年間収録しDVD化中学校へ配布"
    assert parse_kpi_target("1年間収録しDVD化中学校へ配布")["target_value"] is None
    assert parse_kpi_target("学校紹介DVDの制作（1年間）")["target_value"] is None
    r = parse_kpi_target("3か年で研修受講者30人")
    assert (r["target_value"], r["target_unit"]) == (30, "人")


def test_full_width_angle_brackets_stay_brackets_end_to_end(tmp_path):
    src = tmp_path / "plan.txt"
    src.write_text(KAMOME.read_text(encoding="utf-8").replace(
        "来庁前に窓口の予約ができる", "＜対象者＞来庁前に窓口の予約ができる"), encoding="utf-8")
    run_batch([src], tmp_path / "o", quiet=True)
    doc = json.loads(next((tmp_path / "o").glob("????????????.json")).read_text(encoding="utf-8"))
    desc = doc["projects"][0]["description"]
    assert desc.startswith("<対象者>来庁前に") and "‹" not in desc


def test_era_current_on_the_plans_publication_date():
    assert era_current_on("平成38年度 read as fiscal 2026", "2018-03")
    assert era_current_on("平成32年度", "2019-04-30")
    assert not era_current_on("平成32年度", "2019-05")
    assert not era_current_on("平成32年度", None)
    assert not era_current_on("令和3年度", "2018")          # no era that has ended


def overflow(text: str) -> Warning_:
    return Warning_(code="era_year_overflow", message=f"{text} read as fiscal 2026",
                    source=Source(page=3))


def test_document_notes_drop_overflow_of_a_current_era_and_merge_not_found():
    items = [Warning_(code="no_title", message="no plan title found"), overflow("平成38年度"),
             Warning_(code="no_municipality", message="municipality not named"),
             Warning_(code="legacy_encoding", message="x"),
             Warning_(code="no_records", message="a.pdf: nothing")]
    out = document_notes(items, "2018-03")
    assert [w.code for w in out] == ["not_found", "legacy_encoding"]
    assert out[0].message == ("見つかりませんでした: 計画名、団体名（lg_code は空欄）、"
                              "事業カード・手続の表・前計画の実施状況の表"
                              "（no_title, no_municipality, no_records）")
    assert [w.code for w in document_notes(items[1:2], "2021-03")] == ["era_year_overflow"]
    assert [w.code for w in document_notes(items[:1], None)] == ["no_title"]


def test_a_plan_of_march_2019_printing_heisei_32_is_not_warned(tmp_path):
    seed = SEEDS / "002_cf907f36fc656d7f.txt"
    if not seed.is_file():
        pytest.skip(f"real seed {seed.name} not present (../shared is absent)")
    run_batch([seed], tmp_path, quiet=True)
    doc = json.loads(next(tmp_path.glob("????????????.json")).read_text(encoding="utf-8"))
    assert doc["plan"]["published"] == "2019-03"
    assert not [w for w in doc["warnings"] if w["code"] == "era_year_overflow"]
    assert any(c["label"] == "令和2年度" or c["fiscal_year"] == 2020
               for p in doc["projects"] for c in p["schedule"])
