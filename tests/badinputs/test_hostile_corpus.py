"""The hostile corpus (issue 10.11, hostile_corpus.py) beside a good plan, in one batch run:
each file gives its named outcome, no traceback reaches stderr, the good plan is extracted and
the dataset validates."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from extract.batch import run_batch
from schemas.validate import validate_dataset
from tests.badinputs.hostile_corpus import EXPECTED, PLAN_TEXT, SAMPLE_PDF, build_corpus
from tests.japanese import check_messages, check_warnings, report_messages, warnings_of


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory):
    if not SAMPLE_PDF.is_file():
        pytest.skip("samples/hibarino_infoplan.pdf not built")
    base = tmp_path_factory.mktemp("hostile")
    corpus = base / "corpus"
    build_corpus(corpus)
    shutil.copy(PLAN_TEXT, corpus / "good_plan.txt")
    out = base / "out"
    import contextlib
    import io
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = run_batch([corpus], out, jobs=2, timeout=900)
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return code, report, err.getvalue(), out


def _printable(name: str) -> str:
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def test_every_file_gives_its_named_outcome(corpus_run):
    code, report, err, out = corpus_run
    assert code == 1                                   # some inputs failed, the rest written
    by_name = {e["file"].removeprefix("corpus/"): e for e in report["inputs"]}
    not_read = {n["file"].removeprefix("corpus/"): n["reason"] for n in report["not_read"]}
    plan_warnings = {}
    for p in out.glob("*.json"):
        if len(p.stem) == 12:
            doc = json.loads(p.read_text(encoding="utf-8"))
            plan_warnings[doc["plan"]["source_file"]] = {w["code"] for w in doc["warnings"]}
    wrong = []
    for name, (outcome, what) in EXPECTED.items():
        shown = _printable(name)
        if outcome == "not_read":
            if not_read.get(shown) != what:
                wrong.append(f"{name!r}: not_read {not_read.get(shown)}, expected {what}")
            continue
        e = by_name.get(shown)
        if e is None or e["status"] != outcome:
            wrong.append(f"{name!r}: {e and e['status']} ({e and e.get('error')}), "
                         f"expected {outcome}")
        elif outcome == "failed" and what not in e["error"]:
            wrong.append(f"{name!r}: reason {e['error']!r} lacks {what!r}")
        elif outcome == "ok" and not what <= plan_warnings.get(shown, set()):
            wrong.append(f"{name!r}: warnings {plan_warnings.get(shown)}, expected {what}")
    assert not wrong, "\n".join(wrong)


def test_the_good_plan_beside_them_is_extracted(corpus_run):
    _, report, _, out = corpus_run
    (good,) = [e for e in report["inputs"] if e["file"] == "corpus/good_plan.txt"]
    assert good["status"] == "ok" and good["counts"]["projects"] == 2
    assert validate_dataset(out) == []


def test_no_traceback_and_one_line_reasons(corpus_run):
    _, report, err, _ = corpus_run
    assert "Traceback" not in err and "Error:" not in err
    for f in report["failures"]:
        assert "\n" not in f["error"] and "Traceback" not in f["error"]


def test_every_message_is_japanese(corpus_run):
    """Warnings, failure reasons, not-read notes and every line on stderr (issue 12.3)."""
    _, report, err, out = corpus_run
    # ocr_* messages are the OCR reader's own (its issue turns them Japanese).
    check_warnings(w for w in warnings_of(out) if not w["code"].startswith("ocr_"))
    check_messages(report_messages(report))
    check_messages(("stderr", line) for line in err.splitlines() if line.strip())
