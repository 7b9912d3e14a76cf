"""Shared test fixtures: where the real material in ../shared is, and a guard against a run
that silently collects no tests."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
REAL_PDFS = SHARED / "real-pdfs"
SAMPLES = REPO / "samples"
EXPECTED = REPO / "tests" / "expected"

SEED_FILES = {
    "000": "000_270499b814031c0d.txt",
    "002": "002_cf907f36fc656d7f.txt",
    "003": "003_b6bad399ad3c94b6.txt",
}


def seed_path(key: str) -> Path:
    path = SEEDS / SEED_FILES[key]
    if not path.is_file():
        pytest.skip(f"real seed {path} not present (../shared is absent; CI has it)")
    return path


def pytest_collection_finish(session: pytest.Session) -> None:
    if not session.items and not session.config.option.collectonly:
        raise pytest.UsageError("no tests collected: refusing to pass an empty run")


# OCR results (extract/readers/ocr.py) are cached by page image: one test session reads each
# scanned page once, in a fresh folder, so every session still runs Tesseract for real (worker
# processes and CLI subprocesses inherit the folder). Set PLAN_EXTRACT_OCR_CACHE to keep one.
_OCR_CACHE_ENV = "PLAN_EXTRACT_OCR_CACHE"
_own_ocr_cache: list[str] = []


def pytest_configure(config: pytest.Config) -> None:
    if _OCR_CACHE_ENV not in os.environ:
        _own_ocr_cache.append(tempfile.mkdtemp(prefix="plan-extract-ocr-"))
        os.environ[_OCR_CACHE_ENV] = _own_ocr_cache[0]


def pytest_unconfigure(config: pytest.Config) -> None:
    for folder in _own_ocr_cache:
        shutil.rmtree(folder, ignore_errors=True)
        os.environ.pop(_OCR_CACHE_ENV, None)
