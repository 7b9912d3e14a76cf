"""Table recipes (vocabulary.toml [recipes]) decide what kind of table a header row heads; the
KPI and budget parsers read their headers with the one header model (extract/structure/header.py)
and take every label from the vocabulary file."""
from __future__ import annotations

import tomllib

import pytest

from extract.ir import Cell, Row, make_table_block
from extract.parsers.budget_tables import budget_header, parse_budget_table
from extract.parsers.common import Collector
from extract.parsers.kpi_tables import kpi_header, parse_kpi_table
from extract.structure import header as header_model
from extract.structure.header import read_table
from extract.structure.vocabulary import VOCABULARY_FILE, Vocabulary


def grid(*rows: list[str]) -> list[Row]:
    out = [Row([Cell(t, col=i) for i, t in enumerate(r)]) for r in rows]
    make_table_block(out, grid=True)
    return out


def test_indicator_baseline_and_target_make_a_kpi_header():
    h = read_table(grid(["指標", "現状値", "目標値(令和9年度)"])[0], "kpi")
    assert h.fields == ["indicator", "baseline", "target"]
    assert h.column("target").fiscal_year == 2027
    # the recipe needs a baseline: indicator and target alone are no KPI table
    assert read_table(grid(["指標", "目標値"])[0], "kpi") is None


def test_a_kpi_headers_unknown_or_blank_first_column_is_the_indicator():
    """recipe kpi first_column: 重要業績評価指標(KPI) is no label of the vocabulary."""
    h = kpi_header(grid(["重要業績評価指標\n(KPI)", "現状値", "目標値"])[0])
    assert h.fields == ["indicator", "baseline", "target"]
    assert h.column("indicator").label == "重要業績評価指標(KPI)"
    h = kpi_header(grid(["", "現状値", "目標値"])[0])
    assert h.fields == ["indicator", "baseline", "target"] and h.column("indicator").cell.col == 0


def test_name_and_amount_make_a_budget_header():
    h = budget_header(grid(["No", "事業名", "概要", "予算額(千円)"])[0])
    assert h.fields == ["number", "name", "summary", "amount"]
    assert budget_header(grid(["No", "事業名", "概要", "担当課"])[0]).has("summary")  # budget_summaries
    assert budget_header(grid(["事業名", "概要", "予算額"])[0]) is None     # min_columns = 4
    # only the amount's label may carry a qualifier (recipe budget: qualified)
    assert budget_header(grid(["No", "事業名(担当課)", "概要", "予算額"])[0]) is None


def test_a_body_cell_merged_over_two_columns_is_under_both():
    head, body = grid(["指標", "現状値", "目標値"], ["研修の回数", "-", ""])
    body.cells = [body.cells[0], Cell("未定", col=1, colspan=2)]
    h = kpi_header(head)
    assert h.text(body, "baseline") == h.text(body, "target") == "未定"
    assert h.cell(body, "indicator").text == "研修の回数"


def test_a_label_added_only_to_vocabulary_toml_is_read_by_the_budget_parser(monkeypatch):
    """予算見積額 is no amount label; listed in the toml's amount forms, the budget parser reads
    the table by it without a change to its code."""
    rows = grid(["No", "事業名", "担当課", "予算見積額"], ["1", "防災無線の更新", "総務課", "5,000"])
    assert budget_header(rows[0]) is None
    text = VOCABULARY_FILE.read_text(encoding="utf-8")
    assert '[roles.amount]\nforms = ["事業費", ' in text
    extended = Vocabulary(tomllib.loads(text.replace(
        '[roles.amount]\nforms = ["事業費", ', '[roles.amount]\nforms = ["予算見積額", "事業費", ')))
    monkeypatch.setattr(header_model, "vocabulary", lambda: extended)
    assert budget_header(rows[0]).column("amount").label == "予算見積額"
    (p,), used = parse_budget_table(rows[0].table, 0, "千円", Collector())
    assert (p.number, p.name, p.budget_jpy) == ("1", "防災無線の更新", 5_000_000)


def test_a_label_added_only_to_vocabulary_toml_is_read_by_the_kpi_parser(monkeypatch):
    rows = grid(["指標", "現状", "到達目標(令和9年度)"], ["研修の回数", "2回", "10回"])
    assert kpi_header(rows[0]) is None
    text = VOCABULARY_FILE.read_text(encoding="utf-8")
    assert '[roles.target]\nforms = ["目標値", ' in text
    extended = Vocabulary(tomllib.loads(text.replace(
        '[roles.target]\nforms = ["目標値", ', '[roles.target]\nforms = ["到達目標", "目標値", ')))
    monkeypatch.setattr(header_model, "vocabulary", lambda: extended)
    (k,), used, header = parse_kpi_table(rows[0].table, 0, Collector())
    assert (k.indicator, k.baseline_value, k.target_value, k.target_date) == (
        "研修の回数", 2, 10, "2028-03-31")


@pytest.mark.parametrize("kind", ["review", "procedure", "kpi", "budget", "budget_summaries",
                                  "roadmap", "action", "row_table", "system"])
def test_every_recipe_names_fields_of_its_context(kind):
    from extract.structure.header import recipes
    from extract.structure.vocabulary import vocabulary
    spec = recipes()[kind]
    context = vocabulary().context("budget" if kind == "budget_summaries" else kind)
    named = set(spec.get("all", ())) | set(spec.get("any", ())) | set(spec.get("qualified", ()))
    if spec.get("first_column"):
        named.add(spec["first_column"])
    assert named <= set(context), named - set(context)


def test_review_headers_are_words_alone_all_known_and_distinct():
    """recipe review: exact, known_only, distinct."""
    assert read_table(grid(["項番", "事業名", "担当課", "計画", "実績"])[0], "review").fields == [
        "number", "name", "department", "planned", "actual"]
    assert read_table(grid(["事業名", "実績(令和5年度)"])[0], "review") is None     # qualifier
    assert read_table(grid(["事業名", "備考", "実績"])[0], "review") is None        # 備考 unknown
    assert read_table(grid(["事業名", "項目名", "実績"])[0], "review") is None      # two names
