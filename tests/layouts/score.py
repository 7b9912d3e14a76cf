"""Field accuracy of one extracted rendition against the records its family printed.

Scoring (what counts, and why it is fair):

- Units. Each expected record contributes one unit per field its family prints: number, name,
  parent_number, goal, measure, departments (the whole list, in order), description; per KPI its
  indicator, target_value, target_unit, target_date (and baseline_value where printed); per
  fiscal year of its schedule, the status as printed. A family only expects what it prints
  (a 施策体系 matrix has no departments, a roadmap no KPIs).
- Comparison. Text after NFKC with all whitespace removed (the scorer measures content; the
  records hold no meaningful spaces); numbers as floats; a number may list alternatives where
  the contract leaves the form open (an action ② under 施策(1): "2" or "1-2").
- Pairing. Extracted projects are paired with expected records greedily by agreement: same
  number (+2), same name (+2), else name similarity (difflib ratio). A pair needs a matching
  number or a name similarity >= 0.6. KPIs pair by indicator, else in order.
- Plan. The plan record's title, municipality and period (start and end fiscal year) are four
  more units of every rendition (plan.title ...): every family prints the same cover.
- Precision. What the extractor invents costs as much as what it misses: an unpaired extracted
  project costs one unit per scored field it fills (at least one); inside a pair, a schedule
  year or KPI that was not printed costs its units too.

    accuracy = matched units / (expected units + invented units)
"""
from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Optional

SCALARS = ("number", "name", "parent_number", "goal", "measure", "departments", "description",
           "category", "budget_jpy", "outlook", "department", "planned_raw", "actual_raw",
           "achieved")
KPI_FIELDS = ("indicator", "target_value", "target_unit", "target_date", "baseline_value")
MIN_NAME_RATIO = 0.6


def norm(v: Any) -> Any:
    if v is None:
        return None
    if isinstance(v, (int, float)):
        return float(v)
    if isinstance(v, (list, tuple)):
        return [norm(x) for x in v]
    s = "".join(unicodedata.normalize("NFKC", str(v)).split())
    return s or None


def same(expected: Any, got: Any) -> bool:
    if isinstance(expected, tuple):                   # alternatives
        return any(same(e, got) for e in expected)
    e, g = norm(expected), norm(got)
    if isinstance(e, float) and isinstance(g, float):
        return abs(e - g) < 1e-9
    return e == g


@dataclass
class Miss:
    record: str          # expected record's number and name
    field: str
    expected: Any
    got: Any


@dataclass
class Score:
    matched: int = 0
    expected: int = 0
    invented: int = 0
    projects_expected: int = 0
    projects_found: int = 0
    projects_paired: int = 0
    by_field: dict[str, list[int]] = field(default_factory=dict)   # field -> [matched, expected]
    misses: list[Miss] = field(default_factory=list)
    error: Optional[str] = None

    @property
    def accuracy(self) -> float:
        total = self.expected + self.invented
        return self.matched / total if total else 0.0

    def count(self, name: str, ok: bool, rec: str = "", exp: Any = None, got: Any = None) -> None:
        cell = self.by_field.setdefault(name, [0, 0])
        cell[1] += 1
        self.expected += 1
        if ok:
            cell[0] += 1
            self.matched += 1
        else:
            self.misses.append(Miss(rec, name, exp, got))


def diagnose(sc: Score) -> str:
    """One line on what goes wrong: recognition (records not found) or interpretation (found,
    fields wrong), with the weakest fields."""
    if sc.error:
        return f"error: {sc.error}"
    weak = sorted((m / n, f) for f, (m, n) in sc.by_field.items() if n and m < n)
    fields = ", ".join(f"{f} {sc.by_field[f][0]}/{sc.by_field[f][1]}" for _, f in weak[:2])
    extra = f"; +{sc.invented} invented" if sc.invented else ""
    if sc.projects_paired < sc.projects_expected:
        return (f"recognition {sc.projects_paired}/{sc.projects_expected}"
                f"{'; ' + fields if fields else ''}{extra}")
    return f"interpretation: {fields}{extra}"


def kpi_units(k: dict, fields: set[str]) -> int:
    return sum(1 for f in KPI_FIELDS if f in fields and k.get(f) is not None) or 1


def filled_units(p: dict, exp_fields: set[str], kpi_fields: set[str]) -> int:
    """Units an invented project claims: the scored fields it fills."""
    n = sum(1 for f in SCALARS if f in exp_fields and p.get(f) not in (None, [], ""))
    if "kpis" in exp_fields:
        n += sum(kpi_units(k, kpi_fields) for k in p.get("kpis") or [])
    if "schedule" in exp_fields:
        n += len(p.get("schedule") or [])
    return max(n, 1)


def pair_score(e: dict, p: dict) -> float:
    s = 0.0
    if "number" in e and p.get("number") is not None and same(e["number"], p.get("number")):
        s += 2
    ratio = difflib.SequenceMatcher(None, norm(e["name"]) or "", norm(p.get("name")) or "").ratio()
    if ratio == 1.0:
        s += 2
    elif ratio >= MIN_NAME_RATIO:
        s += ratio
    return s


def pair(expected: list[dict], found: list[dict]) -> list[tuple[int, int]]:
    cands = []
    for i, e in enumerate(expected):
        for j, p in enumerate(found):
            s = pair_score(e, p)
            if s >= MIN_NAME_RATIO:
                cands.append((-s, i, j))
    cands.sort()
    used_e, used_p, pairs = set(), set(), []
    for _, i, j in cands:
        if i not in used_e and j not in used_p:
            used_e.add(i)
            used_p.add(j)
            pairs.append((i, j))
    return sorted(pairs)


def score(expected: list[dict], found: list[dict], plan: Optional[dict] = None,
          plan_found: Optional[dict] = None) -> Score:
    """expected: records as generate.expect() makes them; found: extracted projects as dicts
    (PlanDocument.projects[i].model_dump()); plan / plan_found: the plan fields expected
    (records.PLAN) and extracted (PlanDocument.plan.model_dump()), scored when plan is given."""
    sc = Score(projects_expected=len(expected), projects_found=len(found))
    for f, v in (plan or {}).items():
        got = (plan_found or {}).get(f)
        sc.count(f"plan.{f}", same(v, got), "(plan)", v, got)
    exp_fields = set().union(*(e.keys() for e in expected)) if expected else set()
    kpi_fields = {f for e in expected for k in e.get("kpis", []) for f in k}
    pairs = dict(pair(expected, found))
    sc.projects_paired = len(pairs)
    for i, e in enumerate(expected):
        p = found[pairs[i]] if i in pairs else {}
        rec = f"{e.get('number', '')} {e['name']}".strip()
        if isinstance(e.get("number"), tuple):
            rec = f"{e['number'][-1]} {e['name']}"
        for f in SCALARS:
            if f in e:
                sc.count(f, bool(p) and same(e[f], p.get(f)), rec, e[f], p.get(f))
        if "kpis" in e:
            score_kpis(sc, rec, e["kpis"], p.get("kpis") or [], kpi_fields)
        if "schedule" in e:
            score_schedule(sc, rec, e["schedule"], p.get("schedule") or [])
    for j, p in enumerate(found):
        if j not in pairs.values():
            sc.invented += filled_units(p, exp_fields, kpi_fields)
            sc.misses.append(Miss("(invented)", "project", None,
                                  f"{p.get('number')} {p.get('name')}"))
    return sc


def score_kpis(sc: Score, rec: str, exp: list[dict], got: list[dict], fields: set[str]) -> None:
    left = list(range(len(got)))
    for n, k in enumerate(exp):
        j = next((j for j in left if same(k["indicator"], got[j].get("indicator"))), None)
        if j is None and n < len(got) and n in left:
            j = n
        g = got[j] if j is not None else {}
        if j is not None:
            left.remove(j)
        for f in KPI_FIELDS:
            if f in k:
                sc.count(f"kpi.{f}", bool(g) and same(k[f], g.get(f)), rec, k[f], g.get(f))
    for j in left:
        sc.invented += kpi_units(got[j], fields)
        sc.misses.append(Miss(rec, "kpi (invented)", None, got[j].get("indicator")))


def score_schedule(sc: Score, rec: str, exp: dict[int, str], got: list[dict]) -> None:
    by_year: dict[int, list[str]] = {}
    for c in got:
        by_year.setdefault(c["fiscal_year"], []).append(c.get("status_raw"))
    for fy, status in sorted(exp.items()):
        printed = by_year.get(fy, [])
        ok = len(printed) == 1 and same(status, printed[0])
        sc.count("schedule", ok, rec, f"{fy}:{status}", printed or None)
    for fy, printed in sorted(by_year.items()):
        extra = len(printed) - (1 if fy in exp else 0)
        if extra > 0:
            sc.invented += extra
            sc.misses.append(Miss(rec, "schedule (invented)", None, f"{fy}:{printed}"))


def score_file(path, expected: list[dict]) -> Score:
    """Extract one rendition with the real pipeline and score it; an extraction error scores 0
    and is kept in Score.error."""
    from extract.pipeline import extract_file
    from tests.layouts.records import PLAN
    try:
        doc = extract_file(path)
    except Exception as exc:          # noqa: BLE001 - the harness reports, it does not crash
        sc = score(expected, [], PLAN, None)
        sc.error = f"{type(exc).__name__}: {exc}"
        return sc
    # a family of review rows (actual_raw) is scored against reviews.csv's records
    records = doc.reviews if any("actual_raw" in e for e in expected) else doc.projects
    return score(expected, [p.model_dump() for p in records], PLAN, doc.plan.model_dump())
