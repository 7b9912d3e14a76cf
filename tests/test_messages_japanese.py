"""Messages are for people and in Japanese (issue 12.3, OUTPUT.md): every warning, failure reason
and not-read note the bad-input corpus, the samples and the real seeds give reads as Japanese,
names no source path of plan-extract, and keeps its stable English code. (The hostile corpus:
tests/badinputs/test_hostile_corpus.py; the real PDFs: tests/test_real_plans.py.)"""
from __future__ import annotations

import pytest

from extract.batch import run_batch
from normalize.wareki import fiscal_year, parse_wareki, plan_period, published_date
from tests.badinputs.corpus import SEEDS, load_report, shared_run
from tests.japanese import check_messages, check_warnings, not_japanese, report_messages, warnings_of


def test_warnings_of_the_corpus_and_samples_are_japanese(tmp_path_factory):
    out, _ = shared_run(tmp_path_factory)
    check_warnings(warnings_of(out))


def test_failure_reasons_and_not_read_notes_are_japanese(tmp_path_factory):
    out, _ = shared_run(tmp_path_factory)
    report = load_report(out)
    assert len(report["failures"]) >= 8            # corrupt, truncated, encrypted, fake, empty ...
    check_messages(report_messages(report))


def test_warnings_of_the_real_seeds_are_japanese(tmp_path):
    seeds = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
    if not seeds:
        pytest.skip(f"real seeds not present in {SEEDS} (../shared is absent)")
    run_batch(seeds, tmp_path, quiet=True)
    check_warnings(warnings_of(tmp_path))


@pytest.mark.parametrize("text", ["令和0年度", "令和3年2月30日", "令和3年13月", "来年度", "玲和元年",
                                  "令和5年度～令和3年度", "令和3年4月～13月", "55年"])
def test_date_rejections_are_japanese(text):
    """A date that cannot be read is said in Japanese wherever it lands: the error itself and the
    *_unreadable warnings of a year header, a plan period and a publication date."""
    res = parse_wareki(text)
    assert not res.ok and not not_japanese(res.error), res.error
    warnings = [*fiscal_year(text)[1], *plan_period(text)[2], *published_date(text)[1]]
    assert {w["code"] for w in warnings} >= {"fiscal_year_unreadable", "plan_period_unreadable",
                                             "published_unreadable"}
    check_warnings(warnings)


def test_a_date_rejected_inside_a_longer_text_is_warned_in_japanese():
    res = parse_wareki("令和3年度に開始、令和5年2月30日に完了")
    (w,) = [w for w in res.warnings if w["code"] == "date_rejected"]
    assert "2月30日という日はありません" in w["message"]


def test_the_check_catches_english(tmp_path):
    """The check itself can fail: an English reason, a source path, no Japanese at all."""
    assert not_japanese("plan.pdf: corrupt PDF, cannot be opened")
    assert not_japanese("令和3年: status 'x' is not in the status vocabulary")
    assert not_japanese("normalize/data/lg_codes.tsv に団体名がありません")
    assert not_japanese("x.pdf: the reader crashed on this file（ワーカープロセスが停止）")
    assert not not_japanese("plan.pdf p.3: 文字化けした行・セル 2 件（U+FFFD）は出力していません")
    assert not not_japanese("corrupt.pdf: 壊れた PDF で、開けません（Failed to open stream）")
