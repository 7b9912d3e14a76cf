"""Field accuracy of the extractor on the layout-variation harness (issue 9): the fictional plan of
tests/layouts/records.py printed in every layout family, as plain dump, markdown and PDF.

    python bench/layouts.py                  # family x form accuracy, projects expected / found
    python bench/layouts.py -v               # plus per-field counts and the first misses
    python bench/layouts.py --dump DIR       # keep the renditions in DIR for inspection
    python bench/layouts.py --family matrix --form pdf --seed 3
    python bench/layouts.py --seeds 5             # seeds 0-4 pooled: other wordings, other breaks
    python bench/layouts.py --limit 1 --dump DIR   # one project per rendition: smallest inputs
    python bench/layouts.py --not-yet        # the failing cells as test_layouts.NOT_YET entries

Scoring rules: tests/layouts/score.py. The renditions are regenerated on every run (seeded,
deterministic); without --dump they live in a temporary folder.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script: make tests/ and the packages importable
    sys.path.insert(0, str(ROOT))

from tests.layouts.generate import FAMILIES, FORMS, render  # noqa: E402
from tests.layouts.score import Score, diagnose, score_file  # noqa: E402


def run(out: Path, seed: int, families: list[str], forms: tuple[str, ...],
        limit: Optional[int] = None) -> dict:
    files = render(out, seed=seed, families=families, forms=forms, limit=limit)
    return {key: score_file(path, exp) for key, (path, exp) in files.items()}


def pooled(scores: list[Score]) -> Score:
    """Several seeds' scores of one cell as one: units and projects summed."""
    out = Score()
    for sc in scores:
        out.matched += sc.matched
        out.expected += sc.expected
        out.invented += sc.invented
        out.projects_expected += sc.projects_expected
        out.projects_found += sc.projects_found
        out.projects_paired += sc.projects_paired
        for f, (m, n) in sc.by_field.items():
            cell_ = out.by_field.setdefault(f, [0, 0])
            cell_[0] += m
            cell_[1] += n
        out.misses += sc.misses
        out.error = out.error or sc.error
    return out


def cell(sc: Score) -> str:
    mark = "" if sc.accuracy >= 0.97 else " *"
    err = " ERR" if sc.error else ""
    return f"{sc.accuracy:5.3f} {sc.projects_found:>2}/{sc.projects_expected:<2}{mark}{err}"


def print_table(results: dict, families: list[str], forms: tuple[str, ...]) -> None:
    width = max(len(f) for f in families) + 2
    print("family".ljust(width) + "".join(f.ljust(18) for f in forms))
    for fam in families:
        print(fam.ljust(width) + "".join(cell(results[(fam, f)]).ljust(18) for f in forms))
    total_m = sum(s.matched for s in results.values())
    total_n = sum(s.expected + s.invented for s in results.values())
    passing = sum(1 for s in results.values() if s.accuracy >= 0.97)
    print(f"\noverall {total_m}/{total_n} = {total_m / max(total_n, 1):.3f}; "
          f"{passing}/{len(results)} combinations >= 0.97 "
          "(cell: accuracy projects found/expected; * below 0.97)")


def print_details(results: dict, misses: int) -> None:
    for (fam, form), sc in results.items():
        print(f"\n== {fam} / {form}: {sc.matched}/{sc.expected + sc.invented} "
              f"(invented {sc.invented})" + (f" error: {sc.error}" if sc.error else ""))
        print("   " + "  ".join(f"{f} {m}/{n}" for f, (m, n) in sc.by_field.items()))
        for m in sc.misses[:misses]:
            print(f"   - {m.record} | {m.field}: expected {m.expected!r}, got {m.got!r}")


def print_not_yet(results: dict) -> None:
    """The failing combinations as tests/layouts/test_layouts.py's NOT_YET entries."""
    print("NOT_YET: dict[tuple[str, str], str] = {")
    for (fam, form), sc in results.items():
        if sc.accuracy < 0.97:
            print(f"    ({fam!r}, {form!r}):\n        {diagnose(sc)!r},".replace("'", '"'))
    print("}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-v", "--verbose", action="store_true", help="per-field counts and misses")
    ap.add_argument("--misses", type=int, default=8, help="misses shown per cell with -v")
    ap.add_argument("--dump", type=Path, help="write the renditions to this folder and keep them")
    ap.add_argument("--not-yet", action="store_true",
                    help="print the failing combinations as the test's NOT_YET table")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--seeds", type=int, default=1,
                    help="pool N seeds (seed, seed+1, ...): wording and perturbations vary")
    ap.add_argument("--limit", type=int, help="print only the first N projects (smallest inputs)")
    ap.add_argument("--family", action="append", choices=list(FAMILIES))
    ap.add_argument("--form", action="append", choices=list(FORMS))
    args = ap.parse_args(argv)
    families = args.family or list(FAMILIES)
    forms = tuple(args.form or FORMS)
    runs = []
    for seed in range(args.seed, args.seed + args.seeds):
        if args.dump:
            runs.append(run(args.dump / f"seed{seed}" if args.seeds > 1 else args.dump, seed,
                            families, forms, args.limit))
        else:
            with tempfile.TemporaryDirectory() as tmp:
                runs.append(run(Path(tmp), seed, families, forms, args.limit))
    results = {key: pooled([r[key] for r in runs]) for key in runs[0]}
    print_table(results, families, forms)
    if args.not_yet:
        print_not_yet(results)
    if args.verbose:
        print_details(results, args.misses)
    return 0


if __name__ == "__main__":
    sys.exit(main())
