"""Joins across the document: a roadmap at the end gives the cards above it their measure and
schedule (by number, by name where unnumbered); a card's own schedule wins over the roadmap's and
a difference is warned."""
from __future__ import annotations

from pathlib import Path

from extract.pipeline import extract_file

PLAN = """南野町DX推進計画

事業名 1-1 電子申請の拡大
担当課 情報政策課
事業内容 電子申請で受け付ける手続を増やします。

事業名 2-1 窓口のオンライン予約
担当課 市民課
事業内容 窓口の予約をオンラインで受け付けます。
スケジュール
令和6年度 令和7年度 令和8年度 令和9年度
検討 試行 運用 運用

事業名 AIチャットボットの導入
担当課 情報政策課
事業内容 問合せに自動で答えます。

ロードマップ

"""
# The roadmap as a layout-keeping dump prints it: one character per column.
ROADMAP = [("個別施策名", "令和6年度", "令和7年度", "令和8年度", "令和9年度"),
           ("1 手続のオンライン化",),
           ("1-1 電子申請の拡大", "調査・検討", "試行", "本格運用", ""),
           ("2 窓口改革",),
           ("2-1 窓口のオンライン予約", "調査・検討", "試行", "運用", "運用"),
           ("AIチャットボットの導入", "検討", "導入", "運用", "運用"),
           ("2-3 窓口の案内表示", "実施", "実施", "実施", "実施")]


def dump_line(cells: tuple[str, ...]) -> str:
    return cells[0].ljust(16) + "".join(c.ljust(8) for c in cells[1:])


def test_roadmap_rows_join_their_cards(tmp_path: Path):
    path = tmp_path / "plan.txt"
    path.write_text(PLAN + "\n".join(dump_line(r).rstrip() for r in ROADMAP) + "\n", encoding="utf-8")
    doc = extract_file(path)
    by_name = {p.name: p for p in doc.projects}
    assert list(by_name) == ["電子申請の拡大", "窓口のオンライン予約", "AIチャットボットの導入",
                             "窓口の案内表示"]
    e = by_name["電子申請の拡大"]          # joined by number: measure and schedule from the roadmap
    assert (e.number, e.measure, e.departments) == ("1-1", "手続のオンライン化", ["情報政策課"])
    assert [(c.fiscal_year, c.status_raw) for c in e.schedule][:3] == [
        (2024, "調査・検討"), (2025, "試行"), (2026, "本格運用")]
    w = by_name["窓口のオンライン予約"]    # the card's own schedule wins; the difference is said
    assert w.measure == "窓口改革"
    assert [c.status_raw for c in w.schedule] == ["検討", "試行", "運用", "運用"]
    (conflict,) = [x for x in doc.warnings if x.code == "schedule_conflict"]
    assert conflict.message.startswith("「窓口のオンライン予約」のスケジュールが事業カード（")
    assert conflict.message.endswith("で異なります: 2024年度 事業カード「検討」／ロードマップ「調査・検討」。"
                                     "事業カードの記載を採りました")
    ai = by_name["AIチャットボットの導入"]  # unnumbered: joined by name
    assert (ai.number, ai.measure, len(ai.schedule)) == (None, "窓口改革", 4)
    extra = by_name["窓口の案内表示"]        # no card: the roadmap row is a record of its own
    assert (extra.number, extra.measure, extra.departments) == ("2-3", "窓口改革", [])


def test_ruled_cards_in_a_dump_end_before_the_roadmap_heading(tmp_path: Path):
    """A pdftotext dump of ruled cards (values in their own column): the heading after the last
    card is not its description; a card schedule whose label wrapped in its cell (実施スケジュー /
    ル) stays the card's, not an empty roadmap's."""
    card = ("取組名      1-1 電子申請の拡大\n"
            "担当課      情報政策課\n"
            "事業内容    電子申請で受け付ける手続を\n"
            "            増やします。\n"
            "実施スケジュー  令和6年度   令和7年度\n"
            "ル\n"
            "                検討        運用\n\n"
            "取組名      2-1 窓口のオンライン予約\n"
            "担当課      市民課\n"
            "事業内容    窓口の予約をオンラインで受け付けます。\n\n\n"
            "ロードマップ\n\n")
    roadmap = [("個別施策名", "令和6年度", "令和7年度"), ("2-1 窓口のオンライン予約", "試行", "運用")]
    path = tmp_path / "plan.txt"
    path.write_text(card + "\n".join(dump_line(r).rstrip() for r in roadmap) + "\n", encoding="utf-8")
    first, second = extract_file(path).projects
    assert first.description == "電子申請で受け付ける手続を増やします。"
    assert [(c.fiscal_year, c.status_raw) for c in first.schedule] == [(2024, "検討"), (2025, "運用")]
    assert second.description == "窓口の予約をオンラインで受け付けます。"
    assert [c.status_raw for c in second.schedule] == ["試行", "運用"]
