"""What a message people read must be (OUTPUT.md, issue 12.3): Japanese, with no English sentence
in it (a library's own words may follow in parentheses) and no source path of plan-extract; codes stay stable lowercase identifiers. Shared by the
tests that walk every warning, failure reason and not-read note of the samples, the bad-input and
hostile corpora, the real seeds and the real PDFs."""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Iterable

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
# Three lowercase words in a row: an English phrase ("is not a number", "found no text").
ENGLISH_PHRASE = re.compile(r"\b[a-z]{2,} [a-z]{2,} [a-z]{2,}\b")
CODE = re.compile(r"[a-z][a-z0-9_]*")
SOURCE_PATHS = ("normalize/data", "extract/data", "extract/structure/", "extract/parsers/")
OPEN, CLOSE = "（(", "）)"


def without_trailing_aside(message: str) -> str:
    """The message without a last parenthesized part (nested brackets allowed): English may
    follow there, e.g. a library's own words (MuPDF: cannot load object (3 0 R) into cache)."""
    if not message or message[-1] not in CLOSE:
        return message
    depth = 0
    for i in range(len(message) - 1, -1, -1):
        depth += (message[i] in CLOSE) - (message[i] in OPEN)
        if depth == 0:
            return message[:i]
    return message


def not_japanese(message: str) -> bool:
    said = without_trailing_aside(message)
    return (not JAPANESE.search(said) or bool(ENGLISH_PHRASE.search(said))
            or any(p in message for p in SOURCE_PATHS))


def check_messages(items: Iterable[tuple[str, str]]) -> None:
    """items: (what, message) pairs; fails naming every message that is not Japanese."""
    items = list(items)
    assert items, "no messages to check"
    bad = [f"{what}: {msg}" for what, msg in items if not_japanese(msg)]
    assert not bad, "not Japanese:\n" + "\n".join(bad)


def check_warnings(warnings: Iterable[dict]) -> None:
    """Warnings as in a plan's JSON or warnings.csv rows: code stable, message Japanese."""
    warnings = list(warnings)
    for w in warnings:
        assert CODE.fullmatch(w["code"]), w
    check_messages((w["code"], w["message"]) for w in warnings)


def warnings_of(outdir: Path) -> list[dict]:
    """The rows of a dataset's warnings.csv."""
    text = (outdir / "warnings.csv").read_bytes().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def report_messages(report: dict) -> list[tuple[str, str]]:
    """A report.json's failure reasons and not-read notes."""
    return ([("failure " + f["file"], f["error"]) for f in report.get("failures", [])]
            + [("not_read " + n["file"], n["message"]) for n in report.get("not_read", [])])
