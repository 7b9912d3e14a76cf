"""Per-field accuracy of the extractor on the real seeds, against tests/expected/seed_*.json.

    python bench/accuracy.py                  # run extract.pipeline.extract_file on each seed
    python bench/accuracy.py --json           # the same, machine-readable
    python bench/accuracy.py --actual OUTDIR  # score JSON files already written (plan-extract -o OUTDIR)

Each expected file names its seed in plan.source_file; the seed is read from ../shared/seeds
(the repo's sibling folder) unless --seeds says otherwise. With --actual, extraction files are
paired with expected files by plan.source_sha256 (`--actual tests/expected` scores the expected
files against themselves: every field 100%). Scoring rules: bench/compare.py. Exit status 0
even when a seed fails to extract (the failure is reported and that seed scores 0).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
import traceback
from pathlib import Path
from typing import Any, Optional

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script: make bench/ and the packages importable
    sys.path.insert(0, str(ROOT))

from bench.compare import (FIELDS, Score, as_dict, compare_documents,  # noqa: E402
                           compare_plan, compare_warning_codes, sum_scores, total_score)

DEFAULT_EXPECTED = ROOT / "tests" / "expected"
DEFAULT_SEEDS = ROOT / ".." / "shared" / "seeds"


def load_expected(folder: Path) -> list[tuple[str, dict]]:
    """(label, expected doc) for every seed_*.json, in name order."""
    return [(p.stem, json.loads(p.read_text(encoding="utf-8")))
            for p in sorted(folder.glob("seed_*.json"))]


def load_actual_folder(folder: Path) -> dict[str, dict]:
    """Per-plan JSON files of a folder, keyed by plan.source_sha256."""
    out: dict[str, dict] = {}
    for p in sorted(folder.glob("*.json")):
        try:
            doc = json.loads(p.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        sha = isinstance(doc, dict) and (doc.get("plan") or {}).get("source_sha256")
        if sha:
            out[sha] = doc
    return out


def run_extractor(seed: Path) -> dict:
    from extract.pipeline import extract_file  # imported late: the bench runs before it exists
    return as_dict(extract_file(seed))


def score_one(label: str, expected: dict, actual: Optional[dict], error: Optional[str],
              seconds: Optional[float]) -> dict[str, Any]:
    """Everything reported for one seed; a failed extraction is scored as an empty document."""
    doc = actual if actual is not None else {"plan": {}, "projects": [], "reviews": [],
                                             "procedures": [], "warnings": []}
    plan_fields = compare_plan(expected, doc)
    return {
        "seed": label,
        "source_file": (expected.get("plan") or {}).get("source_file"),
        "error": error,
        "seconds": seconds,
        "fields": compare_documents(expected, doc),
        "plan": Score(sum(plan_fields.values()), len(plan_fields)),
        "plan_fields": plan_fields,
        "warning_codes": compare_warning_codes(expected, doc),
    }


def evaluate(expected_dir: Path, seeds_dir: Path, actual_dir: Optional[Path]) -> list[dict]:
    actual_by_sha = load_actual_folder(actual_dir) if actual_dir else {}
    results = []
    for label, exp in load_expected(expected_dir):
        plan = exp.get("plan") or {}
        actual, error, seconds = None, None, None
        if actual_dir:
            actual = actual_by_sha.get(plan.get("source_sha256"))
            if actual is None:
                error = f"no extraction of {plan.get('source_file')} in {actual_dir}"
        else:
            seed = seeds_dir / plan.get("source_file", "")
            if not seed.is_file():
                error = f"seed file not found: {seed}"
            else:
                t0 = time.perf_counter()
                try:
                    actual = run_extractor(seed)
                except ModuleNotFoundError as exc:  # no extractor yet: say so, no traceback
                    error = f"cannot import the extractor: {exc}"
                except Exception as exc:  # report and go on: one bad seed must not hide the others
                    error = f"{seed.name}: {type(exc).__name__}: {exc}"
                    traceback.print_exc(file=sys.stderr)
                seconds = round(time.perf_counter() - t0, 3)
        results.append(score_one(label, exp, actual, error, seconds))
    return results


def _pct(s: Score) -> str:
    acc = s.accuracy
    return "   n/a" if acc is None else f"{acc * 100:5.1f}%"


def _cell(s: Score) -> str:
    return f"{_pct(s)} {s.correct:>4}/{s.total:<4}" + (f" +{s.extra}" if s.extra else "")


def report_rows(results: list[dict]) -> list[tuple[str, list[Score]]]:
    """(line label, one Score per seed plus the all-seeds sum) in print order."""
    summed = sum_scores(r["fields"] for r in results)
    rows = [(f, [r["fields"][f] for r in results] + [summed[f]]) for f in FIELDS]
    totals = [total_score(r["fields"]) for r in results]
    rows.append(("TOTAL", totals + [sum(totals, Score())]))
    for key in ("plan", "warning_codes"):
        per = [r[key] for r in results]
        rows.append((key, per + [sum(per, Score())]))
    return rows


def print_table(results: list[dict]) -> None:
    heads = [r["seed"] for r in results] + ["all seeds"]
    width = 22
    print(f"{'field':<18}" + "".join(f"{h:<{width}}" for h in heads))
    for label, scores in report_rows(results):
        if label == "TOTAL" or label == "plan":
            print("-" * (18 + width * len(heads)))
        print(f"{label:<18}" + "".join(f"{_cell(s):<{width}}" for s in scores))
    print("\ncorrect/expected; +N = found but not in the expected file; "
          "plan and warning_codes are not in TOTAL")
    for r in results:
        if r["error"]:
            print(f"{r['seed']}: FAILED: {r['error']}")
        wrong = [k for k, ok in r["plan_fields"].items() if not ok]
        if wrong and not r["error"]:
            print(f"{r['seed']}: plan fields differ: {', '.join(wrong)}")


def as_json(results: list[dict]) -> dict:
    rows = report_rows(results)
    labels = [r["seed"] for r in results] + ["all"]
    return {
        "seeds": [{"seed": r["seed"], "source_file": r["source_file"], "error": r["error"],
                   "seconds": r["seconds"], "plan_fields": r["plan_fields"]} for r in results],
        "scores": {label: {lab: s.as_dict() for lab, s in zip(labels, scores)}
                   for label, scores in rows},
    }


def main(argv: Optional[list[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true", help="print machine-readable JSON")
    ap.add_argument("--expected", type=Path, default=DEFAULT_EXPECTED,
                    help="folder of seed_*.json (default: tests/expected)")
    ap.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS,
                    help="folder of the seed text files (default: ../shared/seeds)")
    ap.add_argument("--actual", type=Path, default=None,
                    help="score per-plan JSON files in this folder instead of running the extractor")
    args = ap.parse_args(argv)
    if not list(args.expected.glob("seed_*.json")):
        print(f"no seed_*.json in {args.expected}", file=sys.stderr)
        return 0
    results = evaluate(args.expected, args.seeds, args.actual)
    if args.json:
        print(json.dumps(as_json(results), ensure_ascii=False, indent=2))
    else:
        print_table(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
