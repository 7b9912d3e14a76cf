"""The contract CSVs (OUTPUT.md): columns, keys, and the cell conventions."""
from __future__ import annotations

import csv
import io

from schemas.models import KPI, Metric, Plan, PlanDocument, Procedure, Project, ScheduleCell, Source
from schemas.output import csv_bytes, csv_cell, dataset_files
from schemas.tables import TABLES, columns, rows_for


def plan(**kw) -> Plan:
    base = dict(plan_id="0123456789ab", source_file="p.txt", source_sha256="0" * 64,
                source_format="text", extractor_version="0.1.0")
    return Plan(**{**base, **kw})


def doc_with_unnumbered_cards() -> PlanDocument:
    cell = ScheduleCell(fiscal_year=2021, label="令和3年度", status="implement", status_raw="実施")
    return PlanDocument(plan=plan(lg_code="122289", published="2019-03"), projects=[
        Project(name="研修の実施", departments=["情報推進課", "関係所属"], schedule=[cell],
                kpis=[KPI(indicator="受講者数", target_value=100.0)]),
        Project(name="研修の実施", schedule=[cell, cell.model_copy(update={"ambiguous": True})]),
    ], procedures=[Procedure(name="図書館の貸出予約等", metrics=[Metric(label="利用率", value=0.75)]),
                   Procedure(name="図書館の貸出予約等")])


def parse(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_plans_csv_starts_with_lg_code_and_every_other_csv_with_plan_id_and_seq():
    assert [c.name for c in columns("plans")][:2] == ["lg_code", "plan_id"]
    for spec in TABLES[1:]:
        assert [c.name for c in columns(spec.name)][:2] == ["plan_id", "seq"]


def test_child_rows_carry_their_parents_printed_key_and_seq():
    names = {t.name: [c.name for c in columns(t.name)] for t in TABLES}
    for child in ("schedule", "kpis"):
        assert {"project_seq", "project_number", "project_name"} <= set(names[child])
    assert {"procedure_seq", "procedure_name", "procedure_table"} <= set(names["procedure_metrics"])


def test_every_column_has_a_japanese_title_and_a_description():
    for spec in TABLES:
        for c in columns(spec.name):
            assert c.title and c.description, (spec.name, c.name)
    titles = {c.name: c.title for c in columns("schedule")}
    assert titles["fiscal_year"] == "年度" and titles["project_name"] == "事業名"
    assert {c.name: c.title for c in columns("projects")}["name"] == "事業名"


def test_seq_keys_stay_unique_when_cards_share_name_and_have_no_number():
    rows = rows_for(doc_with_unnumbered_cards())
    assert [(r["seq"], r["number"], r["name"]) for r in rows["projects"]] == \
        [(1, None, "研修の実施"), (2, None, "研修の実施")]
    assert [(r["seq"], r["project_seq"]) for r in rows["schedule"]] == [(1, 1), (2, 2), (3, 2)]
    assert [r["project_seq"] for r in rows["kpis"]] == [1]
    assert [(r["seq"], r["procedure_seq"]) for r in rows["procedure_metrics"]] == [(1, 1)]
    assert [r["seq"] for r in rows["procedures"]] == [1, 2]


def test_csv_conventions_bom_crlf_one_header_lists_booleans_numbers():
    files = dataset_files([doc_with_unnumbered_cards()])
    projects = files["projects.csv"]
    assert projects.startswith(b"\xef\xbb\xbfplan_id,seq,number,name,")
    assert projects.count(b"\r\n") == 3
    rows = parse(projects)
    assert rows[0]["departments"] == "情報推進課、関係所属"
    sched = parse(files["schedule.csv"])
    assert [r["ambiguous"] for r in sched] == ["false", "false", "true"]
    assert sched[0]["fiscal_year"] == "2021"
    assert parse(files["kpis.csv"])[0]["target_value"] == "100"
    assert parse(files["procedure_metrics.csv"])[0]["value"] == "0.75"
    assert parse(files["plans.csv"])[0]["published"] == "2019-03"
    assert files["reviews.csv"] == "\ufeff".encode() + b"plan_id,seq,number,name,department," \
        b"planned,planned_raw,actual,actual_raw,achieved,source_page,source_line,source_ocr\r\n"


def test_cells_with_commas_quotes_and_line_breaks_are_quoted_rfc4180():
    data = csv_bytes(["a", "b"], [{"a": '計画,"案"', "b": "一段落目\n二段落目"}])
    assert data == '\ufeffa,b\r\n"計画,""案""","一段落目\n二段落目"\r\n'.encode()
    assert parse(data) == [{"a": '計画,"案"', "b": "一段落目\n二段落目"}]


def test_cell_formatting():
    assert csv_cell(None) == "" and csv_cell(True) == "true" and csv_cell(False) == "false"
    assert csv_cell(792000.0) == "792000" and csv_cell(0.5) == "0.5" and csv_cell(2021) == "2021"


def test_source_columns_come_from_the_nested_source():
    d = doc_with_unnumbered_cards()
    d.projects[0].source = Source(page=3)
    row = rows_for(d)["projects"][0]
    assert row["source_page"] == 3 and row["source_line"] is None
