"""Speed and memory of the PDF path, against bare PyMuPDF and pdfplumber, in one run.

    python bench/benchmark.py            # samples/*.pdf, ../shared/real-pdfs/*.pdf, a 300-page PDF
    python bench/benchmark.py --quick    # first 10 pages of each file, smaller synthetic PDF
    python bench/benchmark.py --json out.json

Variants, each run on the same pages in its own subprocess (so peak memory does not mix):
  read_pdf    plan-extract's PDF reader (extract.readers.pdf.read_pdf)
  end_to_end  extract.pipeline.extract_file (read + parse + validate), when it exists, with
              --ocr never: bare PyMuPDF reads nothing on a page without a text layer, so the
              comparison is of the text-layer work; Tesseract's cost per OCR'd page is what
              bench/ocr.py measures (about 2.5 s a page, far above any text-layer page)
  words       bare PyMuPDF page.get_text("words")
  plumber     pdfplumber page.extract_tables()
Pages/s is total pages over total wall time of the work (imports and interpreter start-up
excluded); peak memory is the subprocess's maximum resident set size (VmHWM).

Targets (issue 3): end to end >= 1/3 of bare PyMuPDF's pages/s, >= 5x pdfplumber's table
extraction, peak memory < 500 MB on a 300-page PDF.
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"
REAL_PDFS = REPO.parent / "shared" / "real-pdfs"
VARIANTS = ("read_pdf", "end_to_end", "words", "plumber")
TARGET_WORDS_SHARE = 1 / 3
TARGET_PLUMBER_FACTOR = 5.0
TARGET_PEAK_MB = 500.0
SYNTHETIC_PAGES = 300


# ---------------------------------------------------------------------------------- workers

def _run_variant(variant: str, path: Path, max_pages: int | None) -> int:
    """Do the work of one variant on one file; returns pages processed."""
    if variant == "read_pdf":
        from extract.readers.pdf import read_pdf
        return read_pdf(path, max_pages=max_pages).pages or 0
    if variant == "end_to_end":
        from extract.pipeline import extract_file
        import pymupdf
        extract_file(path, max_pages=max_pages, ocr="never")
        with pymupdf.open(path) as d:
            return len(d) if max_pages is None else min(len(d), max_pages)
    if variant == "words":
        import pymupdf
        with pymupdf.open(path) as d:
            n = len(d) if max_pages is None else min(len(d), max_pages)
            for page in d.pages(0, n):
                page.get_text("words")
        return n
    if variant == "plumber":
        import pdfplumber
        with pdfplumber.open(path) as pdf:
            pages = pdf.pages if max_pages is None else pdf.pages[:max_pages]
            for page in pages:
                page.extract_tables()
                page.close()   # drop the page's cached objects, as a long run would
            return len(pages)
    raise ValueError(variant)


def _import_all(*packages: str) -> None:
    """Import every module of the packages, so no import happens inside the timed part."""
    import importlib
    import pkgutil
    for name in packages:
        pkg = importlib.import_module(name)
        for mod in pkgutil.walk_packages(pkg.__path__, name + "."):
            try:
                importlib.import_module(mod.name)
            except Exception:   # a module with optional dependencies is not our business here
                pass


def worker(variant: str, path: str, max_pages: int | None) -> None:
    """Subprocess entry: import, time the work, print one JSON line."""
    sys.path.insert(0, str(REPO))
    if variant == "read_pdf":
        import extract.readers.pdf  # noqa: F401  (imports outside the timed part)
    elif variant == "end_to_end":
        import extract.pipeline  # noqa: F401
        _import_all("extract", "normalize", "schemas")   # parsers the pipeline imports lazily
    elif variant == "plumber":
        import pdfplumber  # noqa: F401
    import pymupdf  # noqa: F401
    t0 = time.perf_counter()
    pages = _run_variant(variant, Path(path), max_pages)
    seconds = time.perf_counter() - t0
    print(json.dumps({"pages": pages, "seconds": seconds, "peak_mb": peak_rss_mb()}))


def peak_rss_mb() -> float:
    """This process's peak resident set size. VmHWM belongs to the process image, so unlike
    ru_maxrss it does not carry over the parent's peak through fork + exec."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(variant: str, path: Path, max_pages: int | None) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", variant, str(path)]
    if max_pages:
        cmd += ["--max-pages", str(max_pages)]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO)
    if proc.returncode != 0:
        return {"error": (proc.stderr.strip().splitlines() or ["failed"])[-1]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------------------------- inputs

def build_synthetic(sources: list[Path], pages: int, out: Path) -> Path | None:
    """A long PDF made by repeating real pages (round-robin over the sources' first pages)."""
    import pymupdf
    docs = [pymupdf.open(p) for p in sources]
    docs = [d for d in docs if len(d)]
    if not docs:
        return None
    target = pymupdf.open()
    i = 0
    while len(target) < pages:
        d = docs[i % len(docs)]
        k = (i // len(docs)) % len(d)
        target.insert_pdf(d, from_page=k, to_page=k)
        i += 1
    target.save(out, garbage=3, deflate=True)
    for d in docs:
        d.close()
    return out


def inputs() -> list[Path]:
    files = sorted(SAMPLES.glob("*.pdf"))
    if REAL_PDFS.is_dir():
        files += sorted(REAL_PDFS.glob("*.pdf"))
    return files


# ---------------------------------------------------------------------------------- report

def _variants() -> list[str]:
    """All variants; end_to_end only once the pipeline exists (checked without importing it,
    so this process stays small)."""
    if (REPO / "extract" / "pipeline.py").is_file():
        return list(VARIANTS)
    return [v for v in VARIANTS if v != "end_to_end"]


def run(quick: bool, only: list[str] | None = None) -> dict:
    max_pages = 10 if quick else None
    variants = [v for v in _variants() if not only or v in only]
    files = inputs()
    results: dict = {"files": {}, "totals": {}, "synthetic": {}, "checks": []}
    with tempfile.TemporaryDirectory() as tmp:
        real = [f for f in files if f.parent == REAL_PDFS and "NO-TEXT" not in f.name]
        synthetic = build_synthetic(real or files, 60 if quick else SYNTHETIC_PAGES,
                                    Path(tmp) / "synthetic.pdf") if files else None
        for f in files:
            row = results["files"][f.name] = {}
            for v in variants:
                row[v] = measure(v, f, max_pages)
            _print_row(f.name, row, variants)
        if synthetic:
            row = results["synthetic"] = {v: measure(v, synthetic, None) for v in variants}
            _print_row(f"synthetic ({synthetic.name})", row, variants)
    for v in variants:
        ok = [r[v] for r in results["files"].values() if "error" not in r.get(v, {"error": 1})]
        pages = sum(r["pages"] for r in ok)
        secs = sum(r["seconds"] for r in ok)
        results["totals"][v] = {"pages": pages, "seconds": secs,
                                "pages_per_s": pages / secs if secs else 0.0,
                                "peak_mb": max((r["peak_mb"] for r in ok), default=0.0)}
    results["checks"] = _checks(results, variants)
    return results


def _fmt(r: dict) -> str:
    if "error" in r:
        return f"{'ERROR':>20}"
    pps = r["pages"] / r["seconds"] if r["seconds"] else 0
    return f"{pps:8.1f} p/s {r['peak_mb']:6.0f}MB"


def _print_row(name: str, row: dict, variants: list[str]) -> None:
    pages = next((r["pages"] for r in row.values() if "pages" in r), 0)
    print(f"{name[:44]:44} {pages:5} " + " ".join(_fmt(row[v]) for v in variants), flush=True)


def _checks(results: dict, variants: list[str]) -> list[dict]:
    t = results["totals"]
    ours = "end_to_end" if "end_to_end" in variants else "read_pdf"
    checks = []
    if t.get("words", {}).get("pages_per_s"):
        share = t[ours]["pages_per_s"] / t["words"]["pages_per_s"]
        checks.append({"check": f"{ours} >= 1/3 of bare PyMuPDF words pages/s",
                       "value": round(share, 3), "ok": share >= TARGET_WORDS_SHARE})
    if t.get("plumber", {}).get("pages_per_s"):
        factor = t[ours]["pages_per_s"] / t["plumber"]["pages_per_s"]
        checks.append({"check": f"{ours} >= 5x pdfplumber extract_tables pages/s",
                       "value": round(factor, 2), "ok": factor >= TARGET_PLUMBER_FACTOR})
    syn = results.get("synthetic", {}).get(ours)
    if syn and "error" not in syn:
        checks.append({"check": f"{ours} peak memory < 500 MB on the {syn['pages']}-page PDF",
                       "value": round(syn["peak_mb"], 1), "ok": syn["peak_mb"] < TARGET_PEAK_MB})
    return checks


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="first 10 pages per file, 60-page synthetic")
    ap.add_argument("--json", type=Path, help="also write the results as JSON here")
    ap.add_argument("--variants", nargs="+", choices=VARIANTS, help="run only these variants")
    ap.add_argument("--worker", nargs=2, metavar=("VARIANT", "PDF"), help=argparse.SUPPRESS)
    ap.add_argument("--max-pages", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        worker(args.worker[0], args.worker[1], args.max_pages)
        return 0
    variants = [v for v in _variants() if not args.variants or v in args.variants]
    print(f"{'file':44} {'pages':>5} " + " ".join(f"{v:>20}" for v in variants))
    results = run(args.quick, variants)
    print("\ntotals over the files (synthetic PDF excluded):")
    for v, t in results["totals"].items():
        print(f"  {v:12} {t['pages']:6} pages {t['seconds']:8.2f} s {t['pages_per_s']:8.1f} p/s"
              f"  peak {t['peak_mb']:.0f} MB")
    print("\nchecks:")
    for c in results["checks"]:
        print(f"  [{'ok' if c['ok'] else 'FAIL'}] {c['check']}: {c['value']}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0 if all(c["ok"] for c in results["checks"]) else 1


if __name__ == "__main__":
    sys.exit(main())
