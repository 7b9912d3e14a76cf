"""Helpers shared by the sample writers: the expected status codes, printing quirks, JSON records.

STATUS is the expectation written by hand from the DOMAIN.md status table for every status term
the samples print; it is not the extractor's vocabulary (normalize/data/), only what the
extractor should answer for these samples.
"""
from __future__ import annotations

import re
from typing import Optional

STATUS = {
    "調査・検討": "study", "検討": "study",
    "設計": "plan", "調達": "plan", "計画策定": "plan",
    "試行": "pilot", "実証": "pilot",
    "実施": "implement", "導入": "implement", "構築": "implement", "構築・導入": "implement",
    "移行": "implement", "改修": "implement", "更新": "implement",
    "一部実施": "partial", "一部導入": "partial",
    "運用": "operate",
    "完了": "complete",
    "計画変更": "changed",
    "延期": "suspended",
}

_FW = str.maketrans("0123456789", "０１２３４５６７８９")


def fw(text: str) -> str:
    """Full-width digits, as Word documents print numbers inside Japanese text."""
    return text.translate(_FW)


def fw_num(number: str) -> str:
    """Card number as printed: １-１ (full-width digits, ASCII hyphen, as in the seeds)."""
    return fw(number)


_CJK = r"\u3040-\u30fa\u30fc-\u30ff\u3400-\u9fff"  # kana and kanji, not ・ or punctuation
_ASCII_RUN = re.compile(rf"(?<=[{_CJK}])([A-Za-z0-9][A-Za-z0-9%.,\-]*)(?=[{_CJK}])")


def pdftotext_spacing(line: str) -> str:
    """pdftotext puts a space on both sides of a Latin/digit run inside Japanese text ("ICT 化")."""
    return _ASCII_RUN.sub(r" \1 ", line)


NO_BREAK = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789%,.-")
NO_LINE_START = "、。」）)"


def wrap_lines(text: str, fits) -> list[str]:
    """Greedy line breaking as a word processor does: never inside a Latin word or number, never
    a line starting with closing punctuation (kinsoku). fits(s) says whether s fits on one line
    (a character count for text dumps, a printed width for PDFs). "" gives no line."""
    lines: list[str] = []
    cur = ""
    for ch in text:
        if cur and not fits(cur + ch):
            cut = len(cur)
            nxt = cur + ch
            while cut > 1 and ((nxt[cut - 1] in NO_BREAK and nxt[cut] in NO_BREAK)
                               or nxt[cut] in NO_LINE_START):
                cut -= 1
            lines.append(cur[:cut])
            cur = cur[cut:]
        cur += ch
    if cur:
        lines.append(cur)
    return lines


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most `width` characters (wrap_lines); "" gives one empty line."""
    return wrap_lines(text, lambda s: len(s) <= width) or [""]


_DIGIT_RUN = re.compile(r"[0-9][0-9,.]*")


def jp(text: str) -> str:
    """How Japanese word processors print normalized text: single digits full-width (令和８年度,
    longer numbers stay half-width: 令和10年度, 4,000), full-width brackets and colon. NFKC undoes
    all of it."""
    text = _DIGIT_RUN.sub(lambda m: fw(m.group()) if len(m.group()) == 1 else m.group(), text)
    return text.replace("(", "（").replace(")", "）").replace(":", "：")


def schedule_entries(years: list[tuple[str, int]], cells: list, *, geometry: bool) -> list[dict]:
    """Expected schedule cells of one row. `cells`: status strings, "" (empty) or Span objects.

    With geometry (PDF ruling lines, markdown tab positions) every cell lands in its own year
    columns. Without it (plain text), a row with fewer printed cells than years cannot be placed:
    per the project convention the cell covers every year of the header, ambiguous=true."""
    printed = [c for c in cells if (getattr(c, "text", c))]
    n_cols = sum(getattr(c, "years", 1) for c in cells)
    assert n_cols == len(years), (cells, years)
    out = []
    if not geometry and len(printed) < len(years):
        assert len(printed) == 1, "the samples only print one-cell ambiguous rows"
        raw = getattr(printed[0], "text", printed[0])
        for label, fy in years:
            out.append(cell(fy, label, raw, ambiguous=True))
        return out
    col = 0
    for c in cells:
        span = getattr(c, "years", 1)
        raw = getattr(c, "text", c)
        if raw:
            for label, fy in years[col:col + span]:
                out.append(cell(fy, label, raw, ambiguous=False))
        col += span
    return out


def cell(fy: int, label: str, raw: str, *, ambiguous: bool) -> dict:
    return {"fiscal_year": fy, "label": label, "status": STATUS[raw], "status_raw": raw,
            "ambiguous": ambiguous}


def kpi(indicator: str, target_text: Optional[str] = None, target_value=None,
        target_unit: Optional[str] = None, target_date: Optional[str] = None,
        baseline_text: Optional[str] = None, baseline_value=None,
        baseline_fiscal_year: Optional[int] = None) -> dict:
    return {"indicator": indicator, "target_text": target_text, "target_value": target_value,
            "target_unit": target_unit, "target_date": target_date,
            "baseline_text": baseline_text, "baseline_value": baseline_value,
            "baseline_fiscal_year": baseline_fiscal_year}


def project(*, number, name, goal=None, measure=None, departments=(), description=None,
            kpis=(), schedule=(), category=None, budget_jpy=None, outlook=None,
            parent_number=None, page=None, line=None) -> dict:
    return {"number": number, "name": name, "parent_number": parent_number, "goal": goal,
            "measure": measure, "departments": list(departments), "description": description,
            "kpis": list(kpis), "schedule": list(schedule), "category": category,
            "budget_jpy": budget_jpy, "outlook": outlook,
            "source": {"page": page, "line": line}}


def procedure(*, table, name, category=None, status=None, status_raw=None, metrics=(),
              page=None, line=None) -> dict:
    return {"table": table, "category": category, "name": name, "status": status,
            "status_raw": status_raw, "catalog_id": None, "metrics": list(metrics),
            "source": {"page": page, "line": line}}


def metric(label: str, value, unit: str, raw: str) -> dict:
    return {"label": label, "value": value, "unit": unit, "raw": raw}


def review(*, number, name, department=None, planned_raw=None, actual_raw=None, achieved=None,
           page=None, line=None) -> dict:
    return {"number": number, "name": name, "department": department,
            "planned": STATUS[planned_raw] if planned_raw else None, "planned_raw": planned_raw,
            "actual": STATUS[actual_raw] if actual_raw else None, "actual_raw": actual_raw,
            "achieved": achieved, "source": {"page": page, "line": line}}


def warning(code: str, message: str, *, page=None, line=None) -> dict:
    return {"code": code, "message": message, "source": {"page": page, "line": line}}


def lg_code_unknown(municipality: str) -> dict:
    """A fictional city has no 全国地方公共団体コード: the extractor should say so."""
    return warning("lg_code_unknown",
                   f"{municipality} is not in the municipality code list; lg_code left empty")


def document(*, plan: dict, projects, procedures=(), reviews=(), warnings=()) -> dict:
    warnings = [lg_code_unknown(plan["municipality"])] + list(warnings)
    return {"schema_version": 1, "plan": plan, "projects": list(projects),
            "procedures": list(procedures), "reviews": list(reviews), "warnings": warnings}


def plan_record(*, municipality, title, published, period, source_file, source_format,
                pages=None, lg_code=None) -> dict:
    return {"plan_id": None, "lg_code": lg_code, "municipality": municipality, "title": title,
            "published": published, "period_start_fy": period[0], "period_end_fy": period[1],
            "source_file": source_file, "source_sha256": None, "source_format": source_format,
            "pages": pages, "extractor_version": None}
