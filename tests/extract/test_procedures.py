"""Online-procedure tables: the three seeds against their hand-checked expected files, the
bundled samples, and each layout (status columns with and without geometry, ○ marks, values)."""
from __future__ import annotations

import json

import pytest

from extract.ir import Cell, Document, Row, make_table_block, text_row
from extract.parsers.catalog import load_catalog, name_key, parse_catalog
from extract.parsers.common import Collector
from extract.parsers.procedures import (choose_columns, columns_by_position, merge_pieces,
                                        metric_value, parse_procedures)
from extract.readers import read_document
from extract.readers.markdown import read_markdown_text
from extract.readers.plain import read_plain_text
from normalize.status import StatusVocabulary
from tests.conftest import EXPECTED, SAMPLES, seed_path

STATUS = ("オンライン化済", "未オンライン化", "手続無し")


def run(doc: Document):
    out = Collector()
    return parse_procedures(doc, StatusVocabulary.load(), out), out.items


def expected(key: str) -> dict:
    return json.loads((EXPECTED / f"seed_{key}.json").read_text(encoding="utf-8"))


def without_catalog(records) -> list[dict]:
    rows = [r.model_dump(mode="json") for r in records]
    for r in rows:
        r.pop("catalog_id")
    return rows


# --- seeds --------------------------------------------------------------------------------------

@pytest.mark.parametrize("key", ["000", "003"])
def test_seed_procedures_match_expected(key):
    procs, _ = run(read_document(seed_path(key)))
    exp = expected(key)["procedures"]
    for e in exp:
        e.pop("catalog_id")
    assert without_catalog(procs) == exp


def test_seed_000_guessed_columns_warned_on_exactly_the_uncertain_lines():
    procs, warnings = run(read_document(seed_path("000")))
    got = sorted((w.code, w.source.line) for w in warnings)
    exp = sorted((w["code"], w["source"]["line"]) for w in expected("000")["warnings"]
                 if w["code"] == "column_guessed")
    assert got == exp
    assert len(got) == 10
    assert "000_270499b814031c0d.txt 80行目" in warnings[1].message


def test_seed_000_every_row_has_a_catalog_id():
    procs, _ = run(read_document(seed_path("000")))
    assert all(p.catalog_id for p in procs)
    fig1 = [p.catalog_id for p in procs if p.table.startswith("図表1")]
    assert len(fig1) == len(set(fig1)) == 31


def test_seed_003_catalog_ids_from_printed_variants():
    procs, _ = run(read_document(seed_path("003")))
    ids = {p.name: p.catalog_id for p in procs}
    assert ids["図書館の図書貸出予約等"] == "often-01"
    assert ids["粗大ゴミ収集申込み"] == "often-10"
    assert ids["罹災証明書の発行申請"] == "hisai-01"
    assert ids["住民票の写し交付申請(土日受取予約)"] is None     # not on the national list


def test_seed_002_has_no_procedure_table():
    procs, warnings = run(read_document(seed_path("002")))
    assert procs == [] and warnings == []


# --- samples --------------------------------------------------------------------------------------

SAMPLE_FILES = ["hibarino_plan.pdf", "hibarino_markdown.md", "hibarino_actionplan.md"]


@pytest.mark.parametrize("name", SAMPLE_FILES)
def test_sample_procedures_match_expected(name):
    path = SAMPLES / name
    exp_path = SAMPLES / "expected" / f"{path.stem}.json"
    if not path.is_file() or not exp_path.is_file():
        pytest.skip(f"sample {name} not built")
    procs, warnings = run(read_document(path))
    exp = json.loads(exp_path.read_text(encoding="utf-8"))["procedures"]
    for e in exp:
        e.pop("catalog_id", None)
    assert without_catalog(procs) == exp
    assert [w for w in warnings if w.code == "column_guessed"] == []


def test_sample_plain_every_row_read_and_guesses_warned():
    path = SAMPLES / "hibarino_plain.txt"
    if not path.is_file():
        pytest.skip("sample not built")
    procs, warnings = run(read_document(path))
    exp = json.loads((SAMPLES / "expected" / "hibarino_plain.json").read_text(encoding="utf-8"))
    assert sorted(p.name for p in procs) == sorted(e["name"] for e in exp["procedures"])
    status = {e["name"]: e["status"] for e in exp["procedures"]}
    wrong_lines = {p.source.line for p in procs if p.status != status[p.name]}
    warned_lines = {w.source.line for w in warnings if w.code == "column_guessed"}
    assert wrong_lines <= warned_lines        # a wrong column is always a warned guess


# --- three status columns -------------------------------------------------------------------------

def grid_table(rows: list[list[str]]) -> Document:
    table_rows = [Row([Cell(t, col=k) for k, t in enumerate(r)], page=3) for r in rows]
    doc = Document("plan.pdf", "pdf")
    doc.blocks = [make_table_block([text_row("図表1 手続の状況", page=3)], grid=False),
                  make_table_block(table_rows, grid=True)]
    doc.blocks[0].rows[0].kind = "text"
    doc.blocks[0].rows[0].table = None
    return doc


def test_grid_status_columns_need_no_guess():
    doc = grid_table([list(STATUS),
                      ["図書館の貸出予約等", "建築確認", "港湾関係手続"],
                      ["", "", "道路使用許可の申請"],
                      ["", "粗大ごみ収集の申込", ""]])
    procs, warnings = run(doc)
    assert [(p.name, p.status, p.status_raw) for p in procs] == [
        ("図書館の貸出予約等", "online", "オンライン化済"),
        ("建築確認", "not_online", "未オンライン化"),
        ("港湾関係手続", "not_applicable", "手続無し"),
        ("道路使用許可の申請", "not_applicable", "手続無し"),
        ("粗大ごみ収集の申込", "not_online", "未オンライン化")]
    assert warnings == []
    assert procs[0].table == "図表1 手続の状況" and procs[0].source.page == 3


def test_grid_cell_placed_by_bbox_when_columns_differ():
    header = [Cell(t, col=k, bbox=(100 + 150 * k, 0, 200 + 150 * k, 10)) for k, t in enumerate(STATUS)]
    row = [Cell("犬の死亡届", col=7, bbox=(260, 20, 330, 30))]     # under 未オンライン化
    doc = Document("plan.pdf", "pdf")
    doc.blocks = [make_table_block([Row(header, page=1), Row(row, page=1)], grid=True)]
    procs, _ = run(doc)
    assert [(p.name, p.status) for p in procs] == [("犬の死亡届", "not_online")]


def test_text_dump_with_layout_columns_read_from_positions():
    lines = ["オンライン化済       未オンライン化      手続無し",
             "                     犬の死亡届",
             "図書館の貸出予約等                        港湾関係手続"]
    rows = []
    for n, line in enumerate(lines, 1):
        cells, pos = [], 0
        if line.startswith(" "):
            cells.append(Cell("", col=0))
        for piece in line.split():
            x = line.index(piece, pos)
            pos = x + len(piece)
            cells.append(Cell(piece, col=len(cells), bbox=(x, n, pos, n)))
        rows.append(Row(cells, line=n))
    doc = Document("plan.txt", "text")
    doc.blocks = [make_table_block([r], grid=False) for r in rows]
    for r in rows:
        r.table = None
    procs, warnings = run(doc)
    assert [(p.name, p.status) for p in procs] == [
        ("犬の死亡届", "not_online"), ("図書館の貸出予約等", "online"), ("港湾関係手続", "not_applicable")]
    assert warnings == []


def test_flattened_text_fewer_names_than_columns_warns_every_guess():
    text = ("図表3 手続\n\nオンライン化済 未オンライン化 手続無し\n\n"
            "市民ホールの予約 公民館講座の申込 県営住宅の申込\n\n"
            "市民農園の申込 自動車の保管場所証明の申請\n\n"
            " 放課後児童クラブ入会申請\n\n"
            "犬の登録申請\n\n※注記\n")
    procs, warnings = run(read_plain_text(text, "x.txt"))
    assert [(p.name, p.status) for p in procs] == [
        ("市民ホールの予約", "online"), ("公民館講座の申込", "not_online"),
        ("県営住宅の申込", "not_applicable"),
        ("市民農園の申込", "online"),
        ("自動車の保管場所証明の申請", "not_applicable"),  # a police procedure: 手続無し
        ("放課後児童クラブ入会申請", "not_online"),         # indented: not the first column
        ("犬の登録申請", "online")]
    assert [(w.code, w.source.line) for w in warnings] == [
        ("column_guessed", 7), ("column_guessed", 9), ("column_guessed", 11)]
    assert "x.txt 7行目" in warnings[0].message and "手続無し" in warnings[0].message


def test_wrapped_names_are_joined_not_dropped():
    text = ("オンライン化済 未オンライン化 手続無し\n"
            "入札 衆議院・参議院選挙の不在者投票用紙\n"
            "等の請求\n"
            "暴力団員による不当な行為の防止等\n"
            "に関する責任者選任届等\n")
    procs, _ = run(read_plain_text(text, "x.txt"))
    assert [p.name for p in procs] == ["入札", "衆議院・参議院選挙の不在者投票用紙等の請求",
                                       "暴力団員による不当な行為の防止等に関する責任者選任届等"]
    assert procs[1].source.line == 2


def test_choose_columns_rules():
    cat = load_catalog()
    assert choose_columns(["a", "b", "c"], 3, False, 2, cat) == ([0, 1, 2], [False] * 3)
    assert choose_columns(["a", "b"], 3, True, 2, cat) == ([1, 2], [False, False])
    # first name of a multi-name line is certain, the second is a guess
    assert choose_columns(["公文書開示請求", "駐車の許可の申請"], 3, False, 2, cat) == ([0, 2], [False, True])
    assert choose_columns(["未知の手続"], 3, False, 2, cat) == ([0], [True])
    assert choose_columns(["感染症調査報告"], 3, True, 2, cat) == ([2], [True])


def test_merge_pieces_brackets_and_catalog():
    cat = load_catalog()
    assert merge_pieces(["地方税申告手続(", "e", "LTAX)", "建築確認"], cat) == [
        "地方税申告手続( e LTAX)", "建築確認"]
    assert merge_pieces(["犬の登録申請", "犬の死亡届"], cat) == ["犬の登録申請", "犬の死亡届"]


def test_columns_by_position_refuses_a_flattened_header():
    flat = [("オンライン化済", (0, 0, 7, 0)), ("未オンライン化", (8, 0, 15, 0)), ("手続無し", (16, 0, 20, 0))]
    assert columns_by_position([8.0], flat) is None
    laid = [("オンライン化済", (0, 0, 7, 0)), ("未オンライン化", (20, 0, 27, 0)), ("手続無し", (40, 0, 44, 0))]
    assert columns_by_position([20.0, 40.0], laid) == [1, 2]


# --- marks and values --------------------------------------------------------------------------

def test_marks_table_in_markdown_with_group_headings_between_tables():
    md = ("図表2 マイナポータルを活用した手続\n\n子育て関係(2手続)\n\n手続名\t導入済\n"
          "児童手当等の現況届\t○\n妊娠の届出\t\n\n介護関係(1手続)\n\n手続名\t導入済\n"
          "被保険者証の再交付申請\t◯\n\n次の段落です。\n")
    procs, warnings = run(read_markdown_text(md, "x.md"))
    assert [(p.category, p.name, p.status, p.status_raw, p.catalog_id) for p in procs] == [
        ("子育て関係", "児童手当等の現況届", "implemented", "○", "kosodate-10"),
        ("子育て関係", "妊娠の届出", "not_implemented", None, "kosodate-15"),
        ("介護関係", "被保険者証の再交付申請", "implemented", "◯", "kaigo-06")]
    assert {p.table for p in procs} == {"図表2 マイナポータルを活用した手続"}
    assert warnings == []


def test_count_table_per_group_gives_count_metrics():
    md = ("表3 分野別のオンライン化状況\n\n区分\t国が示す手続数\tオンライン化した手続数\n"
          "子育て関係\t15\t9手続\n介護関係\t11\t0\n")
    procs, _ = run(read_markdown_text(md, "x.md"))
    assert [(p.name, p.status, [(m.label, m.value, m.unit, m.raw) for m in p.metrics]) for p in procs] == [
        ("子育て関係", None, [("国が示す手続数", 15.0, "count", "15"),
                          ("オンライン化した手続数", 9.0, "count", "9手続")]),
        ("介護関係", None, [("国が示す手続数", 11.0, "count", "11"),
                         ("オンライン化した手続数", 0.0, "count", "0")])]
    assert procs[0].table == "表3 分野別のオンライン化状況"


def test_metric_values():
    assert metric_value("71%") == (0.71, "ratio")
    assert metric_value("100%") == (1.0, "ratio")
    assert metric_value("15") == (15.0, "count")
    assert metric_value("1,234件") == (1234.0, "count")
    assert metric_value("0.75", "ratio") == (0.75, "ratio")
    assert metric_value("未実施") == (None, None)


def test_card_like_tables_are_not_procedure_tables():
    md = ("事業名\t行政手続のオンライン化\n担当部署\t情報推進課\n手続\tオンライン申請の拡充を図る。\n")
    procs, _ = run(read_markdown_text(md, "x.md"))
    assert procs == []


# --- catalog ---------------------------------------------------------------------------------

def test_catalog_groups_and_ids():
    cat = load_catalog()
    groups = {}
    for e in cat.entries:
        groups[e.group] = groups.get(e.group, 0) + 1
    assert groups == {"よく使う手続": 31, "子育て": 15, "介護": 11, "被災者支援": 1}
    assert len({e.id for e in cat.entries}) == 58


def test_catalog_matching_ignores_okurigana_spaces_and_brackets():
    cat = load_catalog()
    assert cat.match("粗大ゴミ収集の申込み").id == "often-10"
    assert cat.match("地方税申告手続 (e LTAX)").id == "often-04"
    assert cat.match("居宅介護（介護予防）住宅改修費の支給申請").id == "kaigo-10"
    assert cat.match("住民票の写し交付申請") is None
    assert cat.is_prefix("自動車税の賦課徴収に関する事項の")
    assert not cat.is_prefix("建築確認")
    assert name_key("手続き・申し込み") == "手続申込"


def test_catalog_file_errors_name_the_line():
    head = "id\tgroup\tname\tvariants\thandled_by\tsource\n"
    with pytest.raises(ValueError, match="line 2: handled_by"):
        parse_catalog(head + "x-1\tg\t名\t\tsomewhere\ts\n")
    with pytest.raises(ValueError, match="line 3: duplicate id"):
        parse_catalog(head + "x-1\tg\t名\t\tcity\ts\nx-1\tg\t別\t\tcity\ts\n")
    with pytest.raises(ValueError, match="header"):
        parse_catalog("id\tname\n")


def test_value_tables_about_other_things_are_not_procedure_tables():
    md = "区分\t予算額\t構成比率\t伸び率\n特別区民税\t1,234\t12%\t3%\n"
    assert run(read_markdown_text(md, "x.md"))[0] == []


@pytest.mark.parametrize("name", ["otoineppu_R7_kyuyo-teiin-kanri.pdf", "setagaya_R8_yosan.pdf"])
def test_real_pdfs_with_rate_tables_give_no_procedures_or_reviews(name):
    from extract.parsers.reviews import parse_reviews
    from tests.conftest import REAL_PDFS
    path = REAL_PDFS / name
    if not path.is_file():
        pytest.skip(f"real PDF {path} not present (../shared is absent)")
    doc = read_document(path, max_pages=25)   # the rate tables sit on pages 2 and 23
    out = Collector()
    assert parse_procedures(doc, StatusVocabulary.load(), out) == []
    assert parse_reviews(doc, StatusVocabulary.load(), out) == []
    assert out.items == []


def test_usage_rate_table_in_a_text_dump():
    text = ("各手続におけるオンライン利用率\n\n"
            "項番 手続名 第7次実績 第8次実績 第8次目標値\n"
            "1 図書館の図書貸出予約等 71% ⇒ 75% 72%\n"
            "2 住民票の写し交付申請 (土日受取予約) 75% ⇒ 70% 76%\n")
    procs, _ = run(read_plain_text(text, "x.txt"))
    assert [(p.name, [(m.label, m.value) for m in p.metrics]) for p in procs] == [
        ("図書館の図書貸出予約等", [("第7次実績", 0.71), ("第8次実績", 0.75), ("第8次目標値", 0.72)]),
        ("住民票の写し交付申請(土日受取予約)", [("第7次実績", 0.75), ("第8次実績", 0.7), ("第8次目標値", 0.76)])]
    assert procs[0].table == "各手続におけるオンライン利用率" and procs[0].status is None


def test_unruled_pdf_table_columns_from_positions(tmp_path):
    """A PDF table drawn without ruling lines: the reader gives text rows with positions, and
    each name goes under the header it starts below, with no guess."""
    pymupdf = pytest.importorskip("pymupdf")
    font = "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf"
    if not __import__("os").path.exists(font):
        pytest.skip("IPAex font not installed")
    pdf = pymupdf.open()
    page = pdf.new_page()
    page.insert_font(fontname="jp", fontfile=font)
    page.insert_text((60, 80), "図表1 優先的にオンライン化を推進すべき手続", fontname="jp", fontsize=11)
    rows = [list(STATUS), ["図書館の貸出予約等", "建築確認", "港湾関係手続"],
            [None, "犬の死亡届", None], ["入札", None, "道路使用許可の申請"]]
    for n, r in enumerate(rows):
        for x, t in zip((60, 240, 420), r):
            if t:
                page.insert_text((x, 110 + 20 * n), t, fontname="jp", fontsize=10)
    page.insert_text((60, 210), "※注記です。", fontname="jp", fontsize=10)
    pdf.save(tmp_path / "plan.pdf")
    procs, warnings = run(read_document(tmp_path / "plan.pdf"))
    assert [(p.name, p.status) for p in procs] == [
        ("図書館の貸出予約等", "online"), ("建築確認", "not_online"), ("港湾関係手続", "not_applicable"),
        ("犬の死亡届", "not_online"), ("入札", "online"), ("道路使用許可の申請", "not_applicable")]
    assert warnings == []
    assert procs[0].table == "図表1 優先的にオンライン化を推進すべき手続" and procs[0].source.page == 1


def test_a_row_with_only_a_mark_is_warned_not_dropped_silently():
    text = "手続名 導入済\n妊娠の届出 ○\n○\n支給認定の申請\n"
    procs, warnings = run(read_plain_text(text, "x.txt"))
    assert [(p.name, p.status) for p in procs] == [("妊娠の届出", "implemented"),
                                                    ("支給認定の申請", "not_implemented")]
    assert [(w.code, w.source.line) for w in warnings] == [("procedure_row_skipped", 3)]


def test_a_label_value_table_naming_a_procedure_is_not_a_value_table():
    md = ("対象手続\t住民票の写しの交付申請\n概要\tオンラインで申請できるようにする\n"
          "対象手続\t転出届\n")
    assert run(read_markdown_text(md, "x.md"))[0] == []


def test_ideographic_zero_counts_as_a_mark():
    procs, _ = run(read_plain_text("手続名 導入済\n妊娠の届出 〇\n", "x.txt"))
    assert [(p.status, p.status_raw) for p in procs] == [("implemented", "〇")]
