"""Messages are for people and in Japanese (issue 12.3, OUTPUT.md): every warning the corpus,
the samples and the real seeds give reads as Japanese, names no source path of plan-extract, and
keeps its stable English code."""
from __future__ import annotations

import csv
import io
import re

import pytest

from extract.batch import run_batch
from tests.badinputs.corpus import SEEDS, shared_run

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
ENGLISH_PHRASE = re.compile(r"\b[a-z]{2,} [a-z]{2,} [a-z]{2,}\b")   # three lowercase words in a row
CODE = re.compile(r"[a-z][a-z0-9_]*")


def warnings_of(outdir) -> list[dict]:
    text = (outdir / "warnings.csv").read_bytes().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def check(rows: list[dict]) -> None:
    assert rows
    for r in rows:
        assert CODE.fullmatch(r["code"]), r
        msg = r["message"]
        assert JAPANESE.search(msg) and not ENGLISH_PHRASE.search(msg), (r["code"], msg)
        assert "normalize/data" not in msg and "extract/data" not in msg, msg


def test_warnings_of_the_corpus_and_samples_are_japanese(tmp_path_factory):
    out, _ = shared_run(tmp_path_factory)
    check(warnings_of(out))


def test_warnings_of_the_real_seeds_are_japanese(tmp_path):
    seeds = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
    if not seeds:
        pytest.skip(f"real seeds not present in {SEEDS} (../shared is absent)")
    run_batch(seeds, tmp_path, quiet=True)
    check(warnings_of(tmp_path))
