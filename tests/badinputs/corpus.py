"""What the bad-input corpus (built by make_corpus.py) must give, and one shared batch run over
it plus the bundled samples (extracting is the slow part; tests share the output)."""
from __future__ import annotations

import json
from functools import partial
from pathlib import Path
from typing import Optional

from extract.batch import run_batch
from extract.pipeline import extract_one

CORPUS = Path(__file__).resolve().parent
REPO = CORPUS.parents[1]
SAMPLES = REPO / "samples"
SEEDS = REPO.parent / "shared" / "seeds"

# file -> the words its one-line reason must contain
EXPECTED_FAILURES = {
    "bad/corrupt.pdf": "壊れた PDF で、開けません",
    "bad/truncated.pdf": "PDF が途中で切れています",
    "bad/encrypted.pdf": "パスワードがないと開けない",
    "bad/fake_zip.pdf": "拡張子は .pdf ですが、中身はZIP 形式",
    "bad/fake_html.pdf": "拡張子は .pdf ですが、中身はHTML のページ",
    "bad/empty.txt": "空のファイル",
    "bad/blank.md": "空白だけのファイル",
    "bad/garbage.txt": "バイナリデータ",
}
# file -> source_format; each is the same fictional plan (2 project cards in the text files)
GOOD_PLANS = {
    "good/kamome_utf8.txt": "text",
    "good/legacy/kamome_cp932.txt": "text",
    "good/legacy/kamome_eucjp.txt": "text",
    "good/kamome_text.pdf": "pdf",
    "good/kamome_owner_password.pdf": "pdf",
    "scanned/kamome_scanned.pdf": "pdf",
}
NEEDS_OCR = {"scanned/kamome_scanned.pdf": [1]}
SAMPLE_SUFFIXES = (".pdf", ".txt", ".md")


def sample_files() -> list[Path]:
    """The bundled samples when present (another part of the project writes them)."""
    if not SAMPLES.is_dir():
        return []
    return sorted(p for p in SAMPLES.glob("*") if p.suffix in SAMPLE_SUFFIXES
                  and not p.name.upper().startswith("README"))


def batch_inputs() -> list[Path]:
    """The whole corpus folder (searched recursively) next to the good samples."""
    return [CORPUS, *sample_files()]


_RUNS: dict[str, tuple[Path, int, str]] = {}


def shared_run(tmp_path_factory, capsys=None, key: str = "jobs2") -> tuple[Path, int]:
    """The corpus + samples extracted once per test session with --jobs 2."""
    if key not in _RUNS:
        out = tmp_path_factory.mktemp("dataset")
        # Read as on a machine without Tesseract: the scanned file stays "needs OCR" wherever
        # the suite runs (OCR has its own tests in tests/ocr).
        code = run_batch(batch_inputs(), out, jobs=2, quiet=True,
                         worker=partial(extract_one, ocr="never"))
        _RUNS[key] = (out, code, "")
    out, code, _ = _RUNS[key]
    return out, code


def load_report(outdir: Path) -> dict:
    return json.loads((outdir / "report.json").read_text(encoding="utf-8"))


def rel(file: str) -> Optional[str]:
    """A report's file name (the corpus folder was given: badinputs/...) relative to the corpus,
    None for a sample (given by itself: its name)."""
    head, _, rest = file.partition("/")
    return rest if head == CORPUS.name and rest else None
