"""plan-extract: the command line (OUTPUT.md "Command line").

    plan-extract INPUT... -o OUTDIR      files or folders (searched recursively)
    plan-extract                         the bundled samples/ into output/
    plan-extract wareki TEXT...          wareki / fiscal-year parsing, one JSON object per argument
    plan-extract validate OUTDIR         re-check a dataset before publication

Exit status: 0 all inputs extracted; 1 one or more inputs failed (the others are still written);
2 bad usage.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Optional

from extract import __version__

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
DEFAULT_TIMEOUT = 600.0     # an unattended batch must finish even if one file hangs
REPO_ROOT = Path(__file__).resolve().parent.parent


def default_samples() -> Optional[Path]:
    """samples/ in the current folder, else beside the package (a source checkout)."""
    for base in (Path.cwd(), REPO_ROOT):
        if (base / "samples").is_dir():
            return base / "samples"
    return None


EPILOG = """\
examples / 使い方:
  plan-extract 計画.pdf フォルダ/ -o out/     PDF・テキスト・Markdown、フォルダは再帰的に検索
  plan-extract -v --strict plans/ -o out/    1ファイル1行の集計と所要時間; データなしも失敗扱い
  plan-extract --license CC-BY-4.0 --publisher 音威子府村 plans/ -o out/
  plan-extract                               同梱の samples/ を output/ に抽出

subcommands (each has its own --help):
  plan-extract validate OUTDIR               公開前にデータセットを再検査
  plan-extract wareki 令和3年度 H30.4.1       和暦・年度の変換結果を JSON で表示
  plan-extract status-map --dump             状態の語の対応表（組み込み）を表示; --status-map の雛形に

exit status / 終了コード:
  0  all inputs extracted / すべて抽出
  1  an input failed (named on stderr and in OUTDIR/report.json; the rest is written), or
     with --strict an input gave no records / 失敗した入力あり（--strict ではデータなしも）
  2  bad usage, or an output folder that cannot be used / 使い方の誤り
"""


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="plan-extract",
        formatter_class=argparse.RawDescriptionHelpFormatter, epilog=EPILOG,
        description="Extract project cards, schedules, KPIs, procedure and review tables from "
                    "Japanese municipal plans (PDF, text or markdown dumps) into CSV, JSON, "
                    "dataset.xlsx and a Frictionless datapackage.json. "
                    "自治体の計画から事業・KPI・スケジュールなどをオープンデータにします。")
    p.add_argument("inputs", nargs="*", type=Path,
                   help="PDF / .txt / .md files or folders (default: the bundled samples/)")
    p.add_argument("-o", "--output", type=Path, default=None,
                   help="output folder (default: output/)")
    p.add_argument("-j", "--jobs", type=int, default=1, help="worker processes (default 1)")
    p.add_argument("--status-map", type=Path, default=None,
                   help="TOML file, or TSV of term<TAB>code lines, adding or overriding status terms "
                        "(the built-in table: plan-extract status-map --dump)")
    p.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                   help=f"seconds one file may take before it is stopped and reported as failed "
                        f"(default {DEFAULT_TIMEOUT:g}; 0 = no limit). With a limit every file runs "
                        "in a worker process, so even a crash in the PDF library costs only that file")
    p.add_argument("--strict", action="store_true",
                   help="an input that is read but gives no project, procedure or review table "
                        "counts as failed (exit status 1)")
    p.add_argument("--license", metavar="ID", default=None,
                   help="license of the dataset, written into datapackage.json "
                        "(e.g. CC-BY-4.0, CC0-1.0, PDL-1.0)")
    p.add_argument("--publisher", metavar="NAME", default=None,
                   help="who publishes the dataset (e.g. the city), written into datapackage.json")
    p.add_argument("-v", "--verbose", action="store_true",
                   help="one line per input (pages, records, warnings, seconds) and the timings")
    p.add_argument("--force", action="store_true",
                   help="write into an output folder that holds files plan-extract did not write "
                        "(they are kept; only a file named like an output file is overwritten)")
    p.add_argument("--ocr", choices=("auto", "never", "always"), default="auto",
                   help="read PDF pages by OCR (Tesseract, Japanese): auto = pages without a usable "
                        "text layer (scans, outlined or garbled text) when Tesseract is installed "
                        "(default); never; always = every page")
    p.add_argument("--debug", action="store_true", help="show tracebacks for input errors")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--version", action="version", version=f"plan-extract {__version__}")
    return p


def status_map_main(argv: list[str]) -> int:
    """`plan-extract status-map --dump | --path`: the installed status table, to read or to copy
    as the start of a --status-map file."""
    from normalize.status import STATUS_FILE
    ap = argparse.ArgumentParser(
        prog="plan-extract status-map", formatter_class=argparse.RawDescriptionHelpFormatter,
        description="The built-in table of status terms (実施, 運用, 検討 ...) -> status codes.",
        epilog="example:\n  plan-extract status-map --dump > my_terms.toml   # edit, then\n"
               "  plan-extract --status-map my_terms.toml plans/ -o out/")
    what = ap.add_mutually_exclusive_group(required=True)
    what.add_argument("--dump", action="store_true", help="print the table (TOML) on stdout")
    what.add_argument("--path", action="store_true", help="print where the installed file is")
    try:
        args = ap.parse_args(argv)
    except SystemExit as e:
        return EXIT_OK if e.code == 0 else EXIT_USAGE
    if args.path:
        print(STATUS_FILE)
    else:
        sys.stdout.write(STATUS_FILE.read_text(encoding="utf-8"))
    return EXIT_OK


def main(argv: Optional[list[str]] = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] in (["wareki"], ["validate"], ["status-map"]) and argv[1:2] == ["--version"]:
        print(f"plan-extract {__version__}")
        return EXIT_OK
    if argv[:1] == ["wareki"]:
        from normalize.wareki import wareki_main
        return wareki_main(argv[1:])
    if argv[:1] == ["validate"]:
        from schemas.validate import validate_main
        return validate_main(argv[1:])
    if argv[:1] == ["status-map"]:
        return status_map_main(argv[1:])
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:
        return EXIT_OK if e.code == 0 else EXIT_USAGE
    if args.jobs < 1:
        print("plan-extract: --jobs は 1 以上にしてください", file=sys.stderr)
        return EXIT_USAGE
    if args.timeout < 0:
        print("plan-extract: --timeout は 0（制限なし）以上の秒数にしてください", file=sys.stderr)
        return EXIT_USAGE
    if args.status_map is not None and not args.status_map.is_file():
        print(f"plan-extract: --status-map {args.status_map}: ファイルがありません", file=sys.stderr)
        return EXIT_USAGE
    if args.ocr == "always":
        from extract.readers.ocr import tesseract_available, unavailable_message
        if not tesseract_available():
            print(f"plan-extract: --ocr always: {unavailable_message()}", file=sys.stderr)
            return EXIT_USAGE
    inputs = args.inputs
    if not inputs:
        samples = default_samples()
        if samples is None:
            print("plan-extract: 入力が指定されておらず、samples/ フォルダも見つかりません。"
                  "プロジェクトのフォルダで実行するか、入力を指定してください", file=sys.stderr)
            return EXIT_USAGE
        inputs = [samples]
    outdir = args.output or Path("output")
    from extract.batch import run_batch
    from functools import partial
    from extract.pipeline import extract_one
    # OCR pages of one file run in parallel too (Tesseract processes, --jobs of them).
    worker = partial(extract_one, ocr=args.ocr, ocr_jobs=args.jobs)
    return run_batch(inputs, outdir, jobs=args.jobs, status_map=args.status_map,
                     debug=args.debug, quiet=args.quiet, timeout=args.timeout or None,
                     strict=args.strict, verbose=args.verbose, force=args.force,
                     license_id=args.license, publisher=args.publisher,
                     worker=worker)


if __name__ == "__main__":
    sys.exit(main())
