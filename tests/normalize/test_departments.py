"""normalize.departments: every department list printed in the seeds."""
from __future__ import annotations

import pytest

from normalize.departments import is_collective, split_departments

from .seeds import department_cells

SUFFIXES = ("課", "部", "室", "局", "所属")


def test_every_department_list_of_the_seeds_splits_into_names():
    cells = department_cells()
    assert len(cells) > 60
    for cell in cells:
        names = split_departments(cell)
        assert names, cell
        for name in names:
            assert name.endswith(SUFFIXES), f"{cell!r} -> {names}"
            assert " " not in name and "、" not in name and "・" not in name


@pytest.mark.parametrize("cell, names", [
    ("情報推進課、財政課、関係所属", ["情報推進課", "財政課", "関係所属"]),
    ("子育て支援課、保育課、指導課、健康増進課、危機管理室、\n\n高齢者支援課、情報推進課 \n",
     ["子育て支援課", "保育課", "指導課", "健康増進課", "危機管理室", "高齢者支援課", "情報推進課"]),
    ("危機管理室・福祉政策課・障害者支援課・高齢者支援課", ["危機管理室", "福祉政策課", "障害者支援課", "高齢者支援課"]),
    ("行革推進課・情報推進課・全所属", ["行革推進課", "情報推進課", "全所属"]),
    ("政策経営部 総務部", ["政策経営部", "総務部"]),
    ("政策経営部・総務部", ["政策経営部", "総務部"]),
    ("消防本部総務課", ["消防本部総務課"]),
    ("選挙管理委員会事務局", ["選挙管理委員会事務局"]),
    ("情報推\n進課", ["情報推進課"]),                     # wrapped mid-name
    ("子ども・若者課、各課", ["子ども・若者課", "各課"]),   # ・ inside a name stays
    ("・総務課\n・人事課", ["総務課", "人事課"]),           # bullets
    ("情報推進課／総務課, 人事課", ["情報推進課", "総務課", "人事課"]),
    ("情 報 推 進 課", ["情報推進課"]),
    ("", []),
])
def test_split(cell, names):
    assert split_departments(cell) == names


def test_collective_entries_are_kept_and_recognised():
    assert split_departments("情報推進課、全所属") == ["情報推進課", "全所属"]
    assert is_collective("関係所属") and is_collective("各課") and not is_collective("財政課")


def test_a_count_in_brackets_is_not_a_department():
    """A 地域防災計画 lists 重要水防箇所（のべ55箇所）: the bracket counts places, it names no owner."""
    from normalize.departments import looks_like_department
    assert looks_like_department("情報政策課") and looks_like_department("関係各課")
    assert looks_like_department("土木事務所")
    assert not looks_like_department("のべ55箇所")
    assert not looks_like_department("5個所")
    assert not looks_like_department("3ヶ所")
