"""The one table walk of the procedure and review parsers (extract/parsers/tabular.py)."""
from __future__ import annotations

from extract.ir import Cell, Row
from extract.parsers.tabular import find_tables
from extract.structure.header import read_header


def test_the_table_walk_passes_page_numbers_and_short_blank_runs_over():
    lines = ["項目名  実施状況", "電子申請  実施", "", "- 12 -", "窓口改革  完了", "", "", "", "",
             "研修  実施"]
    rows = [Row([Cell(p) for p in t.split("  ")] if t else []) for t in lines]

    def head(row):
        return read_header(row, "review") if row.text.startswith("項目名") else None

    walks = []
    for walk in find_tables(rows, head):
        walks.append((walk.start, [r.text for r in walk]))
        assert walk.end == 8                 # the fourth blank line in a row ends the table
    assert walks == [(0, ["電子申請 実施", "窓口改革 完了"])]
