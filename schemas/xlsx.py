"""dataset.xlsx: the CSV tables for Excel users, one sheet each (OUTPUT.md "Files in OUTDIR").

Opening a CSV directly lets Excel guess types: lg_code 014702 loses its zero, a project number
1-1 becomes a date, (1) becomes -1. Here every cell has the type its column has in
datapackage.json: string columns are text cells (number format @), integers and numbers are
numbers, booleans are booleans. Row 1 holds the Japanese column titles, row 2 the field names
(the CSV header), both frozen, with a filter on row 2; column widths fit their contents.

Written through pandas (the frames are typed from the columns) with openpyxl. Byte-identical on
a rerun: the workbook's timestamps and the zip entries' dates are fixed.
"""
from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from typing import Any

from schemas.tables import Column

PANDAS_DTYPE = {"string": "object", "integer": "Int64", "number": "Float64", "boolean": "boolean"}
MAX_WIDTH = 60                  # characters; longer text wraps in the cell when opened
FIXED_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
FIXED_TIMESTAMP = "1980-01-01T00:00:00Z"
_CORE_DATES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def frame(columns: list[Column], rows: list[dict[str, Any]]):
    """The table as a DataFrame with one dtype per column type (text stays text)."""
    import pandas as pd
    data = {c.name: [r.get(c.name) for r in rows] for c in columns}
    df = pd.DataFrame(data, columns=[c.name for c in columns])
    for c in columns:
        if c.type == "string":
            df[c.name] = df[c.name].map(lambda v: None if v is None else str(v)).astype(object)
        else:
            df[c.name] = df[c.name].astype(PANDAS_DTYPE[c.type])
    return df


def display_width(text: str) -> int:
    """Columns a text takes in a spreadsheet: wide (CJK) characters count two."""
    longest = max((line for line in text.split("\n")), key=len, default="")
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in longest)


def _format_sheet(ws, columns: list[Column], rows: list[dict[str, Any]]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    title_fill = PatternFill("solid", fgColor="DCE6F1")
    for i, c in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=i, value=c.title)
        cell.font, cell.fill = Font(bold=True), title_fill
        ws.cell(row=2, column=i).font = Font(bold=True, color="595959")
        if c.type == "string":
            for (cell,) in ws.iter_rows(min_row=3, min_col=i, max_col=i):
                cell.number_format = "@"
                if cell.data_type == "f":    # a printed "=..." is text, never a formula
                    cell.data_type = "s"
        widths = [display_width(c.title), len(c.name)]
        widths += [display_width(str(r[c.name])) for r in rows if r.get(c.name) is not None]
        ws.column_dimensions[get_column_letter(i)].width = min(MAX_WIDTH, max(widths) + 2)
        if max(widths) > MAX_WIDTH:
            for (cell,) in ws.iter_rows(min_row=3, min_col=i, max_col=i):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A3"
    if columns:
        ws.auto_filter.ref = f"A2:{get_column_letter(len(columns))}{max(2, len(rows) + 2)}"


def _fixed_dates(data: bytes) -> bytes:
    """The same zip with every entry dated 1980-01-01 and the workbook's created/modified
    timestamps fixed: the bytes depend only on the content."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _CORE_DATES.sub(rb"\g<1>" + FIXED_TIMESTAMP.encode() + rb"\g<2>", content)
            dst.writestr(zipfile.ZipInfo(info.filename, FIXED_ZIP_DATE), content,
                         compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def xlsx_bytes(tables: dict[str, tuple[list[Column], list[dict[str, Any]]]]) -> bytes:
    """One sheet per table (the sheet is named like the CSV), in the given order."""
    import pandas as pd
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xw:
        for name, (columns, rows) in tables.items():
            frame(columns, rows).to_excel(xw, sheet_name=name, index=False, startrow=1)
            _format_sheet(xw.sheets[name], columns, rows)
    return _fixed_dates(buf.getvalue())
