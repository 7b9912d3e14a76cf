"""normalize.status: every status cell printed in the seeds, the reading rule, user maps, warnings."""
from __future__ import annotations

import pytest

from normalize.status import StatusVocabulary

from .seeds import status_cells

# Every distinct status text of the three seeds (after cleaning) and the code decided for it.
SEED_CODES = {
    "実施": "implement", "運用": "operate", "調査・検討": "study", "一部実施": "partial",
    "方針決定": "decided", "完了": "complete", "計画変更": "changed", "検討": "study",
    "順次実施": "implement",
    "運用・拡充及び調査研究": "operate",   # first term 運用
    "検討・順次実施": "study",             # first term 検討
    "検討、実施": "study",
    "研修実施、受講": "implement",         # first recognised term 実施
    "内部監査実施": "implement",
    "検討・実施": "study",
    "整備へ向け検討": "study",             # the phrase, not its leading 整備
    "継続して実施": "operate",             # continuing: 継続
}


@pytest.fixture()
def vocab():
    return StatusVocabulary.load()


def test_every_status_printed_in_the_seeds(vocab):
    seen = {}
    for where, cells in status_cells().items():
        for raw in cells:
            code, cleaned = vocab.map(raw)
            seen[cleaned] = code
            assert SEED_CODES.get(cleaned) == code, f"{where}: {raw!r} -> {code}"
    assert set(seen) == set(SEED_CODES)  # the table above covers exactly what the seeds print
    assert vocab.warnings() == []


@pytest.mark.parametrize("raw, code, cleaned", [
    ("一 部 実 施", "partial", "一部実施"), ("調 査・検 討", "study", "調査・検討"),
    ("計 画 変 更", "changed", "計画変更"), ("・検討・順次実施", "study", "検討・順次実施"),
    ("● 運用", "operate", "運用"), ("試行運用", "pilot", "試行運用"), ("移行準備", "plan", "移行準備"),
    ("未実施", "other", "未実施"), ("中止", "suspended", "中止"),
])
def test_longest_term_at_the_first_position_wins(vocab, raw, code, cleaned):
    assert vocab.map(raw) == (code, cleaned)


def test_unmapped_terms_warn_once_per_distinct_term(vocab):
    assert vocab.map("研修の受講") == ("other", "研修の受講")
    vocab.map("研修の受講")
    vocab.map("見直し")
    warns = vocab.warnings()
    assert [w["code"] for w in warns] == ["status_unmapped", "status_unmapped"]
    assert "研修の受講" in warns[0]["message"] and "（2 か所）" in warns[0]["message"]


def test_empty_cell_is_other_without_warning(vocab):
    assert vocab.map("  ") == ("other", "")
    assert vocab.warnings() == []


def test_user_map_adds_and_overrides(tmp_path):
    tsv = tmp_path / "map.tsv"
    tsv.write_text("# mine\n受講\timplement\n継続して実施\timplement\n", encoding="utf-8")
    v = StatusVocabulary.load(tsv)
    assert v.map("研修の受講") == ("implement", "研修の受講")
    assert v.map("継続して実施")[0] == "implement"
    toml = tmp_path / "map.toml"
    toml.write_text('[codes]\npilot = ["PoC"]\n', encoding="utf-8")
    assert StatusVocabulary.load(toml).map("PoC") == ("pilot", "PoC")


def test_bad_user_map_line_names_file_and_line(tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("受講 implement\n", encoding="utf-8")
    with pytest.raises(ValueError, match="bad.tsv 1行目"):
        StatusVocabulary.load(bad)
