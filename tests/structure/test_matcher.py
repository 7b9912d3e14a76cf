import pytest

from extract.structure.matcher import matcher


@pytest.mark.parametrize("text, field, label, rest", [
    ("担 当 課 市民課", "department", "担当課", "市民課"),           # justification spaces
    ("**担当課** 情報政策課", "department", "担当課", "情報政策課"),  # markdown emphasis
    ("<b>担当課</b>情報政策課", "department", "担当課", "情報政策課"),  # HTML emphasis, glued
    ("【所管課】情報政策課", "department", "所管課", "情報政策課"),    # brackets, glued value
    ("［担当］ 各課", "department", "担当", "各課"),
    ("＜担当課＞", "department", "担当課", ""),
    ("担当課：各課", "department", "担当課", "各課"),                # colon, glued value
    ("担当課: 各課", "department", "担当課", "各課"),
    ("No.1-1", "start", "No.", "1-1"),                              # glued number
    ("項番3", "start", "項番", "3"),
    ("事業名 1-1 電子申請の拡大", "start", "事業名", "1-1 電子申請の拡大"),
    ("主な担当部局 総務課", "department", "主な担当部局", "総務課"),  # longest form wins
    ("(実施内容)", "content", "実施内容", ""),                       # bracketed_only role
])
def test_label_forms_on_a_line(text, field, label, rest):
    m = matcher("card").match_start(text, in_cell=False)
    assert (m.field, m.label, m.rest) == (field, label, rest)


@pytest.mark.parametrize("text", [
    "施策の方向性を示す",        # a form glued to text without decoration is no label
    "担当課情報政策課",
    "実施内容 を検討する",      # bracketed_only role without brackets, on a text line
    "(スケジュール)",            # round brackets on a text line: a sub-heading of a description
    "(担当課",                   # an unclosed bracket
])
def test_not_labels_on_a_line(text):
    assert matcher("card").match_start(text, in_cell=False) is None


def test_round_brackets_are_a_label_in_a_cell():
    m = matcher("card").match_exact("(担当課)")
    assert m.field == "department"
    assert matcher("card").match_exact("担当課 各課") is None


def test_inline_labels_in_a_line():
    found = matcher("card").find_inline("No. 3-1 AIチャットボットの導入 **担当課** 情報政策課 【区分】新規")
    assert [(m.field, m.rest) for m in found] == [("department", "情報政策課"), ("category", "新規")]
    assert matcher("card").find_inline("業務の効率化（担当課と協議）") == []


def test_contexts_differ():
    assert matcher("review").match_exact("実施状況").field == "actual"
    assert matcher("card").match_exact("実施状況") is None


@pytest.mark.parametrize("text, label, rest, end", [
    ("KPI(指標)達成率", "KPI(指標)", "達成率", 7),          # a form ending in a bracket is a boundary
    ("KPI (指 標) 達成率", "KPI(指標)", "達成率", 10),       # spaces inside, span over them
    ("No.①", "No.", "①", 3),                                 # glued to a circled number
    ("事業No.3 電子申請", "事業No.", "3 電子申請", 5),        # longest glued form
    ("__担 当 課__：市民課", "担当課", "市民課", 10),
])
def test_label_spans(text, label, rest, end):
    m = matcher("card").match_start(text, in_cell=False)
    assert (m.label, m.rest, m.start, m.end) == (label, rest, 0, end)


def test_forms_without_a_boundary():
    labels = matcher("card")
    assert labels.match_start("担当課長 山田", in_cell=False) is None      # no shorter form fits
    assert labels.match_start("事 業 名1-1", in_cell=False) is None        # not a glue_number form
    assert labels.starts_with_form("事 業 名1-1")
    assert not labels.starts_with_form("***担当課** 市民課")
    found = labels.find_inline("***担当課** 市民課")                      # the emphasis starts at 1
    assert [(m.label, m.rest, m.start, m.end) for m in found] == [("担当課", "市民課", 1, 9)]
