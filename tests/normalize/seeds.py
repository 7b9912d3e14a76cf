"""Values printed in the three seed plans (../shared/seeds), extracted for the normalize tests."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"
YEAR_HEADER = re.compile(r"\s*令和[３3]年度\s+令和[４4]年度\s*")


def seed_lines(prefix: str) -> list[str]:
    paths = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not paths:
        pytest.skip(f"seed plan {prefix} not found under {SEEDS} (the repo's sibling folder shared/)")
    return paths[0].read_text(encoding="utf-8").splitlines()


def status_cells() -> dict[str, set[str]]:
    """Every printed status cell of the three seeds, by where it was printed."""
    out: dict[str, set[str]] = {}
    t0 = seed_lines("000")
    for i, line in enumerate(t0):  # schedule row under 令和３年度 令和４年度: cells separated by spaces
        if YEAR_HEADER.fullmatch(line):
            row = next(l for l in t0[i + 1:i + 10] if l.strip())
            out.setdefault("000 schedule", set()).update(row.split())
    t2 = seed_lines("002")
    for i, line in enumerate(t2):
        cells = [c.strip() for c in line.split("\t")]
        if line.startswith("計画状況"):
            out.setdefault("002 計画状況", set()).update(c.strip() for c in t2[i + 1].split("\t") if c.strip())
        if len(cells) >= 4 and re.fullmatch(r"\d+-\d+-\d+", cells[0]):
            out.setdefault("002 review", set()).update(c for c in cells[2:4] if c)
    t3 = seed_lines("003")
    for line in t3:
        cells = [c.strip() for c in line.split("\t")]
        if "実施見通し" in cells:
            out.setdefault("003 実施見通し", set()).add(cells[cells.index("実施見通し") + 1])
        if line.startswith("・") and "\t" in line:
            out.setdefault("003 roadmap", set()).update(c for c in cells if c)
        if len(cells) >= 4 and re.fullmatch(r"[①-⑳]", cells[0]):
            out.setdefault("003 review", set()).add(cells[3])
    return out


def department_cells() -> list[str]:
    """Every printed department list of the three seeds."""
    out = []
    t0 = seed_lines("000")
    for i, line in enumerate(t0):
        if line.startswith("担当部署"):
            value = line[len("担当部署"):].strip()
            if not value:  # wrapped below the label, up to the next label
                body = []
                for l2 in t0[i + 1:i + 8]:
                    if l2.startswith("事業内容"):
                        break
                    body.append(l2)
                value = "\n".join(body)
            out.append(value)
    for line in seed_lines("002"):
        if line.startswith("担当部署\t"):
            out.append(line.split("\t")[1])
    for line in seed_lines("003"):
        cells = [c.strip() for c in line.split("\t")]
        if cells[0] == "主な担当部局" and len(cells) > 2:
            out.append(next(c for c in cells[1:] if c))
        if len(cells) >= 4 and re.fullmatch(r"[①-⑳]", cells[0]):
            out.append(cells[2])
    return out


def kpi_schedules() -> list[str]:
    """000's KPI target sentences: printed between the スケジュール label and the year header."""
    t0 = seed_lines("000")
    out = []
    for i, line in enumerate(t0):
        if line.strip() == "スケジュール":
            body = []
            for l2 in t0[i + 1:i + 15]:
                if YEAR_HEADER.fullmatch(l2):
                    break
                body.append(l2)
            out.append("\n".join(body))
    return out
