"""The scoring rules of bench/compare.py, on small hand-made documents and on the real expected file."""
from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from bench import accuracy
from bench.compare import (FIELDS, Score, compare_documents, compare_plan, compare_warning_codes,
                           multiset_score, pair_records, squash, sum_scores, total_score)

ROOT = Path(__file__).resolve().parents[2]
EXPECTED_002 = ROOT / "tests" / "expected" / "seed_002.json"


def card(number, name, **kw):
    base = {"number": number, "name": name, "goal": None, "departments": [], "description": None,
            "kpis": [], "schedule": [], "category": None, "budget_jpy": None, "outlook": None}
    base.update(kw)
    return base


def cell(fy, status):
    return {"fiscal_year": fy, "label": f"{fy}年度", "status": status, "status_raw": status,
            "ambiguous": False}


def doc(projects=(), reviews=(), procedures=(), warnings=()):
    return {"plan": {}, "projects": list(projects), "reviews": list(reviews),
            "procedures": list(procedures), "warnings": list(warnings)}


def test_score_accuracy_and_precision():
    s = Score(3, 4, 1)
    assert s.accuracy == 0.75 and s.precision == 0.75
    assert Score().accuracy is None and Score().precision is None
    assert Score(1, 2, 0) + Score(2, 3, 1) == Score(3, 5, 1)


def test_squash_removes_all_whitespace_after_nfkc():
    assert squash("平成 29 年４月\n今後、") == "平成29年4月今後、"
    assert squash(None) is None


def test_pair_records_by_number_then_by_name():
    exp = [card("1-1", "A"), card("1-2", "B"), card(None, "C")]
    act = [card("1-2", "B"), card("9-9", "A"), card(None, "C"), card("5-5", "Z")]
    pairs, missed, surplus = pair_records(exp, act, (lambda r: r["number"], lambda r: r["name"]))
    assert [(e["name"], a["number"]) for e, a in pairs] == [("A", "9-9"), ("B", "1-2"), ("C", None)]
    assert missed == [] and [a["name"] for a in surplus] == ["Z"]


def test_pair_records_duplicate_keys_pair_in_order():
    exp = [card("1", "x1"), card("1", "x2")]
    act = [card("1", "y1")]
    pairs, missed, surplus = pair_records(exp, act, (lambda r: r["number"],))
    assert [(e["name"], a["name"]) for e, a in pairs] == [("x1", "y1")]
    assert [m["name"] for m in missed] == ["x2"] and surplus == []


def test_multiset_score_counts_duplicates_and_surplus():
    assert multiset_score([1, 1, 2], [1, 2, 2, 3]) == Score(2, 3, 2)


def test_identical_documents_score_everything_correct():
    d = doc([card("1-1", "A", goal="g", departments=["情報推進課"], schedule=[cell(2019, "study")],
                  category="継続")],
            reviews=[{"number": "1-1-1", "name": "R", "planned": "implement", "actual": "complete"}])
    scores = compare_documents(d, copy.deepcopy(d))
    assert list(scores) == list(FIELDS)
    assert all(s.correct == s.total and s.extra == 0 for s in scores.values())
    assert scores["kpis"].accuracy is None  # nothing expected: not applicable, not 0


def test_missing_card_counts_against_every_card_field():
    exp = doc([card("1-1", "A", schedule=[cell(2019, "study"), cell(2020, "implement")]),
               card("1-2", "B", schedule=[cell(2019, "operate")])])
    act = doc([card("1-1", "A", schedule=[cell(2019, "study"), cell(2020, "operate")])])
    s = compare_documents(exp, act)
    assert s["cards"] == Score(1, 2, 0)
    assert s["name"] == Score(1, 2) and s["category"] == Score(1, 2)
    assert s["schedule"] == Score(1, 3, 1)  # 2020 wrong status (one miss + one surplus), 1-2 missed


def test_card_found_under_wrong_number_is_paired_by_name():
    s = compare_documents(doc([card("11", "電子申請")]), doc([card("1", "電子 申請")]))
    assert s["cards"] == Score(1, 1, 0)
    assert s["number"] == Score(0, 1)
    assert s["name"] == Score(0, 1)  # names are compared exactly (spacing is part of the value)


def test_description_compared_without_whitespace_departments_without_order():
    exp = doc([card("1", "A", description="第一段落。\n第二段落。", departments=["総務課", "情報推進課"])])
    act = doc([card("1", "A", description="第一段落。 第二 段落。", departments=["情報推進課", "総務課"])])
    s = compare_documents(exp, act)
    assert s["description"] == Score(1, 1) and s["departments"] == Score(1, 1)


def test_kpis_compare_indicator_and_target_value():
    k = {"indicator": "オンライン化済手続数", "target_value": 10.0}
    exp = doc([card("1", "A", kpis=[k, {"indicator": "研修受講率", "target_value": 100.0}])])
    act = doc([card("1", "A", kpis=[dict(k, target_text="10件"),
                                    {"indicator": "研修受講率", "target_value": 90.0}])])
    assert compare_documents(exp, act)["kpis"] == Score(1, 2, 1)


def test_reviews_and_procedures():
    exp = doc(reviews=[{"number": "1-1-1", "name": "A", "planned": "implement", "actual": "complete"},
                       {"number": "1-1-2", "name": "B", "planned": "study", "actual": "study"}],
              procedures=[{"table": "T", "name": "図書館の貸出予約等", "status": "online"}])
    act = doc(reviews=[{"number": "1-1-1", "name": "A", "planned": "implement", "actual": "implement"}],
              procedures=[{"table": "T", "name": "図書館の貸出予約等", "status": "not_online"},
                          {"table": "T", "name": "other", "status": None}])
    s = compare_documents(exp, act)
    assert s["reviews"] == Score(1, 2, 0)
    assert s["review_planned"] == Score(1, 2) and s["review_actual"] == Score(0, 2)
    assert s["procedures"] == Score(1, 1, 1) and s["procedure_status"] == Score(0, 1)


def test_total_and_sum_over_documents():
    s = compare_documents(doc([card("1", "A")]), doc([]))
    assert total_score(s).correct == 0 and total_score(s).total == 9  # cards + 8 per-card fields (no KPI or schedule items)
    both = sum_scores([s, s])
    assert both["cards"] == Score(0, 2)


def test_warning_codes_and_plan_fields():
    exp = {"plan": {"lg_code": "122289", "title": "t"},
           "warnings": [{"code": "era_year_overflow"}, {"code": "era_year_overflow"}]}
    act = {"plan": {"lg_code": "122289", "title": "u"}, "warnings": [{"code": "other_status"}]}
    assert compare_warning_codes(exp, act) == Score(0, 1, 1)
    fields = compare_plan(exp, act)
    assert fields["lg_code"] and not fields["title"]


def test_real_expected_file_scores_itself_perfectly():
    exp = json.loads(EXPECTED_002.read_text(encoding="utf-8"))
    scores = compare_documents(exp, exp)
    assert scores["cards"] == Score(26, 26, 0)
    assert scores["schedule"] == Score(52, 52, 0)
    assert scores["reviews"] == Score(41, 41, 0)


def test_accuracy_script_scores_a_folder_of_extractions(tmp_path, capsys):
    exp = json.loads(EXPECTED_002.read_text(encoding="utf-8"))
    broken = copy.deepcopy(exp)
    del broken["projects"][0]
    broken["reviews"][0]["actual"] = "study"
    (tmp_path / f"{exp['plan']['plan_id']}.json").write_text(json.dumps(broken, ensure_ascii=False),
                                                             encoding="utf-8")
    assert accuracy.main(["--json", "--actual", str(tmp_path)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["scores"]["cards"]["seed_002"]["correct"] == 25
    assert out["scores"]["review_actual"]["seed_002"]["correct"] == 40
    seed = next(s for s in out["seeds"] if s["seed"] == "seed_002")
    assert seed["error"] is None


def test_accuracy_script_reports_a_missing_extraction(tmp_path, capsys):
    assert accuracy.main(["--actual", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "FAILED" in out and "TOTAL" in out


@pytest.mark.parametrize("field", ["cards", "TOTAL", "plan", "warning_codes"])
def test_report_has_every_line(field):
    exp = json.loads(EXPECTED_002.read_text(encoding="utf-8"))
    r = accuracy.score_one("seed_002", exp, exp, None, None)
    assert field in [label for label, _ in accuracy.report_rows([r])]
