"""Cost of hostile inputs (issue 10.7, 10.11): seconds and peak memory of one file each, in a
subprocess of its own (so peak memory does not mix), and what came out.

    python bench/hostile.py              # the large inputs + the hostile corpus
    python bench/hostile.py --no-corpus  # the large inputs only
    python bench/hostile.py --quick      # skip the slow one at the size limit

Large inputs, generated into a temporary folder from the first seed dump (../shared/seeds) or
the bundled samples/hibarino_plain.txt:
  dump_50mb.txt     the plan repeated to 50 MB (the issue's case: over the limit, refused)
  dump_at_limit.txt the plan repeated to just under MAX_TEXT_BYTES (read and parsed in full)
  line_7mb.txt      one 7 MB line, under the size limit (cut at MAX_LINE_CHARS)
Target: peak memory under 1 GB for each.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"
TARGET_PEAK_MB = 1024.0

WORKER = r"""
import json, resource, sys, time
from pathlib import Path
from extract.pipeline import extract_one
t = time.perf_counter()
r = extract_one(Path(sys.argv[1]))
out = {"seconds": round(time.perf_counter() - t, 2),
       "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}
if r.doc is None:
    out["outcome"] = "failed: " + r.error
else:
    codes = sorted({w.code for w in r.doc.warnings} - {"lg_code_unknown"})
    out["outcome"] = f"ok: {len(r.doc.projects)} projects" + (f"; {', '.join(codes)}" if codes else "")
print(json.dumps(out, ensure_ascii=False))
"""


def plan_text() -> str:
    seeds = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
    src = seeds[0] if seeds else REPO / "samples" / "hibarino_plain.txt"
    return src.read_text(encoding="utf-8") + "\n\f"


def make_large(folder: Path, quick: bool) -> list[Path]:
    from extract.readers import MAX_TEXT_BYTES
    text = plan_text()
    unit = len(text.encode("utf-8"))
    out = []
    big = folder / "dump_50mb.txt"
    big.write_text(text * (50 * 2**20 // unit + 1), encoding="utf-8")
    out.append(big)
    if not quick:
        at = folder / "dump_at_limit.txt"
        at.write_text(text * (MAX_TEXT_BYTES // unit), encoding="utf-8")
        out.append(at)
    line = folder / "line_7mb.txt"
    line.write_text("事業名 " + "あ" * (7 * 2**20 // 3) + "\n", encoding="utf-8")
    out.append(line)
    return out


def measure(path: Path, timeout: float = 1800) -> dict:
    t = time.perf_counter()
    try:
        p = subprocess.run([sys.executable, "-c", WORKER, str(path)], cwd=REPO, text=True,
                           capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"outcome": f"not finished after {timeout:g} s", "seconds": timeout}
    if p.returncode != 0:
        return {"outcome": f"crashed (exit {p.returncode}): {p.stderr.strip()[-200:]}",
                "seconds": round(time.perf_counter() - t, 2)}
    return json.loads(p.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--no-corpus", action="store_true")
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        files = make_large(Path(tmp), args.quick)
        if not args.no_corpus:
            sys.path.insert(0, str(REPO))
            from tests.badinputs.hostile_corpus import build_corpus
            files += [p for p in build_corpus(Path(tmp) / "corpus") if p.is_file()]
        for f in files:
            r = measure(f)
            r["file"] = f.name
            r["mb"] = round(f.stat().st_size / 2**20, 2)
            rows.append(r)
            print(f"{f.name:40s} {r['mb']:8.2f} MB {r['seconds']:8.2f} s "
                  f"{r.get('peak_mb', float('nan')):8.1f} MB peak  {r['outcome'][:110]}",
                  flush=True)
    over = [r for r in rows if r.get("peak_mb", 0) > TARGET_PEAK_MB]
    print(f"peak memory target {TARGET_PEAK_MB:g} MB: "
          f"{'met' if not over else 'MISSED by ' + ', '.join(r['file'] for r in over)}; "
          f"largest peak {max(r.get('peak_mb', 0) for r in rows):.1f} MB")
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=2), encoding="utf-8")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
