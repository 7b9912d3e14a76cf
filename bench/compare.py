"""Field-by-field comparison of an extraction with a hand-checked expected extraction.

Pure functions over per-plan JSON dicts (the OUTPUT.md shape; a PlanDocument is accepted too and
dumped first), so tests and bench/accuracy.py share one definition of "correct".

Scoring: every field score is ``correct / total`` where ``total`` counts what the expected file
holds, so a card the extractor missed counts as wrong in every card field (strict, end to end).
``extra`` counts what the extractor produced beyond the expected (precision side).
Cards, review rows and procedure rows are paired first by number (review/card) and then, for
the rest, by name with all whitespace removed; a card found under a wrong number is still paired
by its name, and its ``number`` field counts as wrong.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Optional

# Order of the report lines; the names are what tests and --json use.
CARD_FIELDS = ("number", "name", "goal", "departments", "kpis", "schedule", "category",
               "budget", "outlook", "description")
FIELDS = ("cards",) + CARD_FIELDS + ("reviews", "review_planned", "review_actual",
                                     "procedures", "procedure_status")

_WS = re.compile(r"\s+")


@dataclass
class Score:
    correct: int = 0
    total: int = 0      # items in the expected file
    extra: int = 0      # items only in the extraction (unmatched records, surplus cells)

    @property
    def accuracy(self) -> Optional[float]:
        """correct / total; None when the expected file has nothing to score."""
        return self.correct / self.total if self.total else None

    @property
    def precision(self) -> Optional[float]:
        found = self.correct + self.extra
        return self.correct / found if found else None

    def __add__(self, other: "Score") -> "Score":
        return Score(self.correct + other.correct, self.total + other.total,
                     self.extra + other.extra)

    def as_dict(self) -> dict:
        return {"correct": self.correct, "total": self.total, "extra": self.extra,
                "accuracy": self.accuracy, "precision": self.precision}


def as_dict(doc: Any) -> dict:
    """A per-plan JSON dict from a dict or a pydantic PlanDocument."""
    if hasattr(doc, "model_dump"):
        return doc.model_dump(mode="json")
    return doc


def squash(text: Optional[str]) -> Optional[str]:
    """Text with every whitespace character removed (NFKC first), for spacing-blind comparison."""
    if text is None:
        return None
    return _WS.sub("", unicodedata.normalize("NFKC", text))


def pair_records(expected: list[dict], actual: list[dict],
                 keys: Iterable[Callable[[dict], Any]]) -> tuple[list[tuple[dict, dict]], list[dict], list[dict]]:
    """Pair expected with actual records, trying each key function in turn on what is left.

    Records whose key is None are not paired by that key. Duplicate keys pair in document order.
    Returns (pairs in expected order, unmatched expected, unmatched actual).
    """
    exp_left = list(range(len(expected)))
    act_left = list(range(len(actual)))
    paired: dict[int, int] = {}
    for key in keys:
        pool: dict[Any, list[int]] = {}
        for j in act_left:
            k = key(actual[j])
            if k is not None:
                pool.setdefault(k, []).append(j)
        still: list[int] = []
        for i in exp_left:
            k = key(expected[i])
            if k is not None and pool.get(k):
                j = pool[k].pop(0)
                paired[i] = j
                act_left.remove(j)
            else:
                still.append(i)
        exp_left = still
    pairs = [(expected[i], actual[paired[i]]) for i in sorted(paired)]
    return pairs, [expected[i] for i in exp_left], [actual[j] for j in act_left]


def _by_number(rec: dict) -> Optional[str]:
    n = rec.get("number")
    return squash(n) if n else None


def _by_name(rec: dict) -> Optional[str]:
    n = rec.get("name")
    return squash(n) if n else None


def multiset_score(expected: Iterable, actual: Iterable) -> Score:
    """Items in both (with multiplicity) over the expected count; surplus actual items as extra."""
    e, a = Counter(expected), Counter(actual)
    hit = sum((e & a).values())
    return Score(hit, sum(e.values()), sum(a.values()) - hit)


def _kpi_items(card: dict) -> list[tuple]:
    return [(squash(k.get("indicator")), k.get("target_value")) for k in card.get("kpis") or []]


def _schedule_items(card: dict) -> list[tuple]:
    return [(c.get("fiscal_year"), c.get("status")) for c in card.get("schedule") or []]


def _dept_items(card: dict) -> list[str]:
    return [squash(d) for d in card.get("departments") or []]


# How each scalar card field is compared: both sides go through the function, then ==.
_CARD_SCALARS: dict[str, Callable[[dict], Any]] = {
    "number": lambda c: c.get("number"),
    "name": lambda c: c.get("name"),
    "goal": lambda c: c.get("goal"),
    "category": lambda c: c.get("category"),
    "budget": lambda c: c.get("budget_jpy"),
    "outlook": lambda c: c.get("outlook"),
    "description": lambda c: squash(c.get("description")),
    "departments": lambda c: Counter(_dept_items(c)),
}


def compare_projects(expected: list[dict], actual: list[dict]) -> dict[str, Score]:
    pairs, missed, surplus = pair_records(expected, actual, (_by_number, _by_name))
    scores = {"cards": Score(len(pairs), len(expected), len(surplus))}
    for name, get in _CARD_SCALARS.items():
        hit = sum(1 for e, a in pairs if get(e) == get(a))
        scores[name] = Score(hit, len(expected))
    for name, items in (("kpis", _kpi_items), ("schedule", _schedule_items)):
        s = Score()
        for e, a in pairs:
            s = s + multiset_score(items(e), items(a))
        for e in missed:
            s = s + Score(0, len(items(e)))
        for a in surplus:
            s = s + Score(0, 0, len(items(a)))
        scores[name] = s
    return {k: scores[k] for k in ("cards",) + CARD_FIELDS}


def compare_reviews(expected: list[dict], actual: list[dict]) -> dict[str, Score]:
    pairs, _, surplus = pair_records(expected, actual, (_by_number, _by_name))
    n = len(expected)
    return {
        "reviews": Score(len(pairs), n, len(surplus)),
        "review_planned": Score(sum(e.get("planned") == a.get("planned") for e, a in pairs), n),
        "review_actual": Score(sum(e.get("actual") == a.get("actual") for e, a in pairs), n),
    }


def _by_table_and_name(rec: dict) -> Optional[tuple]:
    name = _by_name(rec)
    return (squash(rec.get("table")), name) if name else None


def compare_procedures(expected: list[dict], actual: list[dict]) -> dict[str, Score]:
    # The same procedure can appear in two tables of one plan, so the table title pairs first.
    pairs, _, surplus = pair_records(expected, actual, (_by_table_and_name, _by_name))
    n = len(expected)
    return {
        "procedures": Score(len(pairs), n, len(surplus)),
        "procedure_status": Score(sum(e.get("status") == a.get("status") for e, a in pairs), n),
    }


def compare_documents(expected: Any, actual: Any) -> dict[str, Score]:
    """Every field score of one plan, keyed and ordered as FIELDS."""
    exp, act = as_dict(expected), as_dict(actual)
    scores: dict[str, Score] = {}
    scores.update(compare_projects(exp.get("projects") or [], act.get("projects") or []))
    scores.update(compare_reviews(exp.get("reviews") or [], act.get("reviews") or []))
    scores.update(compare_procedures(exp.get("procedures") or [], act.get("procedures") or []))
    return {k: scores[k] for k in FIELDS}


def total_score(scores: dict[str, Score]) -> Score:
    """All fields pooled: every scored item counts once."""
    out = Score()
    for s in scores.values():
        out = out + s
    return out


def sum_scores(per_doc: Iterable[dict[str, Score]]) -> dict[str, Score]:
    """Field scores added up over several plans."""
    out = {k: Score() for k in FIELDS}
    for scores in per_doc:
        for k, s in scores.items():
            out[k] = out[k] + s
    return out


def warning_codes(doc: Any) -> set[str]:
    return {w.get("code") for w in as_dict(doc).get("warnings") or []}


def compare_warning_codes(expected: Any, actual: Any) -> Score:
    """Expected warning codes the extraction also reports (codes only; counts and messages vary)."""
    e, a = warning_codes(expected), warning_codes(actual)
    return Score(len(e & a), len(e), len(a - e))


def compare_plan(expected: Any, actual: Any) -> dict[str, bool]:
    """Plan metadata field by field (source_sha256 included, to catch a wrong pairing)."""
    e, a = as_dict(expected).get("plan") or {}, as_dict(actual).get("plan") or {}
    keys = ("lg_code", "municipality", "title", "published", "period_start_fy", "period_end_fy",
            "source_sha256", "source_format")
    return {k: e.get(k) == a.get(k) for k in keys}
