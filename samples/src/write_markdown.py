"""第3次ひばり野市情報化推進計画 — a fictional plan printed as a markdown dump in the layout of
seed 002 (tab-separated card rows, <p> paragraphs, <input> and ■□ checkboxes, a review table
with justification spaces), and its expected JSON.

Label variants used here (the seeds use none of them): 施策名 / 事業番号 (number + name), 担当 /
担当課 / 所管部署 (department), 方向性 (goal), 概要 / 取組概要 (content), 評価指標 + 目標値 (KPI),
年度別計画 (schedule), year headers R8 / R9 and 令和 8 年度 (spaced).
"""
from __future__ import annotations

from common import document, kpi, plan_record, project, review, schedule_entries

SOURCE_FILE = "hibarino_markdown.md"
TITLE = "第3次ひばり野市情報化推進計画"
GOALS = {1: "暮らしを支えるデジタルサービス", 2: "効率的で持続可能な行政運営",
         3: "安全な情報基盤と人材づくり"}
HEADINGS = {1: "## 第1節 基本目標1 暮らしを支えるデジタルサービス",
            2: "## 第2節 基本目標 2 効率的で持続可能な行政運営",
            3: "### 第3節 基本目標3 安全な情報基盤と人材づくり"}

PURPOSE = ("本計画は、ひばり野市総合計画に掲げるまちづくりの方向性を情報化の面から支えるため、市民サー"
           "ビスと行政運営の両面で取り組む施策を定めるものです。")
PERIOD_TEXT = ("情報通信技術の変化の速さを踏まえ、令和8年度から令和9年度までの2年間を計画期間とし、"
               "期間の終了にあわせて見直しを行います。")
REVIEW_TEXT = ("第2次ひばり野市情報化推進計画に掲げた10事業について、計画事項と実施状況を整理しました。"
               "完了した事業が4事業、実施中の事業が2事業、一部実施にとどまった事業が3事業、計画を変更"
               "した事業が1事業です。")
PROGRESS_TEXT = ("本計画の進捗は、副市長を委員長とする情報化推進委員会において毎年度確認し、結果を市ホーム"
                 "ページで公表します。")

# first-row and content labels per goal section (one city's template changed between sections)
START_LABEL = {1: "施策名", 2: "事業番号", 3: "施策名"}
CONTENT_LABEL = {1: "概要", 2: "取組概要", 3: "概要"}

INPUT_ON = '<input checked="" type="checkbox"/>'
INPUT_OFF = '<input type="checkbox"/>'

# (goal no, number, name, category, box style, dept label, departments as printed,
#  departments, paragraphs, kpi (indicator, target_text, value, unit, date) or None,
#  year labels as printed, year labels normalized, statuses)
R8_9 = (["令和8年度", "令和9年度"], ["令和8年度", "令和9年度"])
CARDS = [
    (1, "1-1", "市政情報のプッシュ配信", "継続", "input", "担当", "広報課", ["広報課"],
     ["市公式LINEアカウントを開設し、防災情報やイベント情報を登録者に配信しています。",
      "今後は、受け取りたい分野や地域を登録者が選べるセグメント配信を導入し、必要な人に必要な"
      "情報が届く環境を整えます。"],
     None, *R8_9, ["実施", "運用"]),
    (1, "1-2", "電子図書館サービスの拡充", "継続", "input", "担当", "中央図書館", ["中央図書館"],
     ["令和6年度に開始した電子図書館サービスについて、児童書や郷土資料のデジタル化資料を中心に"
      "蔵書を増やし、来館が難しい市民の読書機会を広げます。"],
     ("電子書籍の年間貸出冊数", "令和9年度末までに電子書籍の年間貸出冊数を12,000冊とする",
      12000, "冊", "2028-03-31"),
     *R8_9, ["実施", "実施"]),
    (1, "1-3", "避難所運営のデジタル化", "新規", "box", "担当課", "危機管理課・福祉政策課",
     ["危機管理課", "福祉政策課"],
     ["避難所の開設状況や混雑状況を地図上で公開するとともに、マイナンバーカードを活用した避難者"
      "の受付により、避難者名簿の作成と集計の負担を軽減します。"],
     None, ["R8", "R9"], ["R8", "R9"], ["調査・検討", "試行"]),
    (1, "1-4", "証明書のオンライン申請と郵送交付", "新規", "input", "担当課", "市民課", ["市民課"],
     ["住民票の写しや戸籍証明書について、マイナンバーカードによる本人確認を用いたオンライン申請"
      "を受け付け、手数料をキャッシュレスで納付したうえで郵送により交付します。"],
     None, *R8_9, ["実施", "運用"]),
    (2, "2-1", "文書管理システムの更新", "継続", "box", "所管部署", "総務課", ["総務課"],
     ["現行の文書管理システムは令和9年度に契約期間が満了するため、電子決裁との連携を強化した後"
      "継システムを調達します。",
      "更新にあわせて、文書の保存期間の設定や廃棄の手続を見直し、紙文書の電子化を進めます。"],
     None, *R8_9, ["調達", "移行"]),
    (2, "2-2", "財務会計システムの改修", "継続", "input", "所管部署", "財政課、会計課",
     ["財政課", "会計課"],
     ["インボイス制度や電子請求書の受領に対応するため、財務会計システムを改修し、請求書の受付か"
      "ら支払までの事務を電子化します。"],
     None, ["令和 8 年度", "令和 9 年度"], ["令和8年度", "令和9年度"], ["改修", "運用"]),
    (2, "2-3", "ペーパーレス会議の推進", "新規", "box", "所管部署", "総務課／議会事務局",
     ["総務課", "議会事務局"],
     ["庁議や各種委員会の資料をタブレット端末で共有し、資料の印刷と配付に要する経費と時間を削減"
      "します。"],
     ("会議資料の印刷枚数", "令和9年度末までに令和6年度比で50%削減", 50, "%", "2028-03-31"),
     *R8_9, ["試行", "実施"]),
    (3, "3-1", "情報セキュリティ監査の実施", "継続", "input", "担当", "デジタル推進課",
     ["デジタル推進課"],
     ["情報セキュリティポリシーの遵守状況を確認するため、毎年度、対象課を選んで内部監査を行う"
      "とともに、3年に1回、外部監査を実施します。"],
     None, *R8_9, ["実施", "実施"]),
    (3, "3-2", "職員のICT研修", "継続", "input", "担当", "人事課、デジタル推進課",
     ["人事課", "デジタル推進課"],
     ["新規採用職員向けの情報リテラシー研修に加え、表計算ソフトやデータ分析、業務改善手法に関"
      "する研修を階層別に実施します。"],
     ("ICT研修の受講者数", "各年度300人以上", 300, "人", None),
     *R8_9, ["実施", "実施"]),
    (3, "3-3", "庁内ネットワーク機器の更新", "新規", "box", "担当", "デジタル推進課",
     ["デジタル推進課"],
     ["導入から8年が経過したネットワーク機器を計画的に更新し、通信の安定性と障害時の復旧性を高"
      "めます。"],
     None, *R8_9, ["計画策定", "更新"]),
]

FISCAL = {"令和8年度": 2026, "令和9年度": 2027, "R8": 2026, "R9": 2027}

# previous plan review: number, name, planned (spaced as printed), actual (spaced), achieved mark
REVIEWS = [
    ("1-1", "地域ポータルサイトの運用", "実 施", "実 施", "○"),
    ("1-2", "電子図書館サービスの導入", "調 査・検 討", "完 了", "○"),
    ("1-3", "避難所情報のリアルタイム配信", "実 施", "一 部 実 施", ""),
    ("2-1", "公共施設予約の電子化", "実 施", "完 了", "○"),
    ("2-2", "窓口番号案内システムの導入", "調 査・検 討", "計 画 変 更", ""),
    ("3-1", "文書管理システムの導入", "実 施", "完 了", "○"),
    ("3-2", "財務会計システムの更新", "実 施", "完 了", "○"),
    ("3-3", "庁内無線LANの整備", "一 部 実 施", "一 部 実 施", "○"),
    ("4-1", "情報セキュリティ監査の実施", "実 施", "実 施", "○"),
    ("4-2", "職員向けICT研修", "実 施", "一 部 実 施", ""),
]
REVIEWS_JOINED = 5   # the first rows print number and name in one cell, as in seed 002


class Lines:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, *texts: str) -> int:
        n = len(self.lines) + 1
        self.lines.extend(texts)
        return n


def card_rows(card) -> list[str]:
    (goal, number, name, category, style, dept_label, dept_printed, _, paras, k, labels, _,
     stat) = card
    box = style == "box"
    pad = "\t" if box else ""       # the ■□ cards carry an extra empty column, as in seed 002
    if box:
        boxes = "■新規 □継続" if category == "新規" else "□新規 ■継続"
    else:
        on, off = (INPUT_ON, INPUT_OFF)
        boxes = (f"{on} 新規 {off} 継続" if category == "新規" else f"{off} 新規 {on} 継続")
    desc = paras[0] if box and len(paras) == 1 else " ".join(f"<p>{p}</p>" for p in paras)
    rows = [f"{START_LABEL[goal]}\t{number} {name}\t{pad}{boxes}"]
    if number.startswith("3-"):
        rows.append(f"方向性\t{GOALS[3]}\t{pad}")
    rows.append(f"{dept_label}\t{dept_printed}\t{pad}")
    rows.append(f"{CONTENT_LABEL[goal]}\t{desc}\t{pad}")
    if k:
        rows.append(f"評価指標\t{k[0]}\t{pad}")
        rows.append(f"目標値\t{k[1]}\t{pad}")
    rows.append(f"年度別計画\t{labels[0]}\t{labels[1]}{pad}")
    rows.append(f"\t{stat[0]}\t{stat[1]}{pad}")
    return rows


def build() -> tuple[str, dict]:
    out = Lines()
    projects, reviews = [], []
    out.add(" ", "", "", f"# {TITLE}", "", "計画期間：令和8・9年度", "", "", "", "# 目次", "")
    out.add("第1章 計画の概要\t1", "第2章 前計画の実施状況\t3", "第3章 情報化の具体的な施策\t5")
    for n, goal in GOALS.items():
        out.add(f"第{n}節 基本目標{n} {goal}\t{3 + 3 * n}")
    out.add("第4章 計画の推進\t15", "")
    out.add("## 第1章 計画の概要", "", "## 第1節 計画の趣旨", "",
            PURPOSE, "",
            "## 第2節 計画の期間", "",
            PERIOD_TEXT, "",
            "## 第2章 前計画の実施状況", "",
            REVIEW_TEXT, "",
            "### ■ 事業別実施状況一覧", "", "事業名\t計画事項\t実施状況\t達成")
    for i, (number, name, planned, actual, mark) in enumerate(REVIEWS):
        if i == REVIEWS_JOINED:
            out.add("")
        first = f"{number} {name}" if i < REVIEWS_JOINED else f"{number}\t{name}"
        line = out.add(f"{first}\t{planned}\t{actual}\t{mark}")
        reviews.append(review(number=number, name=name, planned_raw=planned.replace(" ", ""),
                              actual_raw=actual.replace(" ", ""), achieved=(mark == "○"),
                              line=line))
    out.add("", "## 第3章 情報化の具体的な施策", "")
    for n, goal in GOALS.items():
        out.add(f"第{n}節 基本目標 {n} {goal}", "")
    out.add("基本目標・施策名\t区分")
    for n, goal in GOALS.items():
        out.add(f"<b>第{n}節 基本目標{n} {goal}</b>\t")
        for c in CARDS:
            if c[0] == n:
                out.add(f"{c[1]} {c[2]}\t{c[3]}")
    new = sum(1 for c in CARDS if c[3] == "新規")
    out.add("", "新規施策\t継続施策\t全体施策",
            f"{new}施策\t{len(CARDS) - new}施策\t{len(CARDS)}施策", "")
    for n in GOALS:
        out.add(HEADINGS[n], "")
        for c in CARDS:
            if c[0] != n:
                continue
            rows = card_rows(c)
            start = out.add(*rows)
            out.add("")
            (g, number, name, category, _, _, _, depts, paras, k, _, labels, stat) = c
            years = [(lab, FISCAL[lab]) for lab in labels]
            projects.append(project(
                number=number, name=name, goal=GOALS[g], departments=depts,
                description="\n".join(paras),
                kpis=[kpi(k[0], k[1], k[2], k[3], k[4])] if k else [],
                schedule=schedule_entries(years, stat, geometry=True),
                category=category, line=start))
    out.add("## 第4章 計画の推進", "",
            PROGRESS_TEXT, "", "")
    out.add(TITLE, "", "計画期間：令和 8・9 年度", "", "令和8年3月", "",
            "発行 ひばり野市  ", "〒000-0000  ", "架空県ひばり野市中央一丁目1番1号  ",
            "編集 総務部デジタル推進課")
    text = "\n".join(out.lines) + "\n"
    expected = document(
        plan=plan_record(municipality="ひばり野市", title=TITLE, published="2026-03",
                         period=(2026, 2027), source_file=SOURCE_FILE, source_format="markdown"),
        projects=projects, reviews=reviews)
    return text, expected
