"""ひばり野市デジタル行政推進計画（第3次アクションプラン） — a fictional action plan printed as a
markdown dump in the layout of seed 003 (項番 ① 項目名 rows, 主な担当部局 / 実施見通し,
(現状と課題) (実施内容) paragraphs, year header and status cells at fixed tab positions), and its
expected JSON.

Also covered: a circled-number run mis-decoded by the PDF converter (⑨ ⑩ ① ② ③ ⑭ = 9..14), a
review table with an achieved ○ column, a usage-rate table (71% ⇒ 75%, target 72%), a count
table per procedure group, and two 施策 cards (施策名 (1) / 施策の柱 / 関係課 / 概要) with KPI
tables (指標 | 現状値（令和6年度） | 目標値（令和12年度）, values 年11校, －, 5年間で1人); the second
table's baseline column is headed 平成32年度 (an era year past the end of 平成).
"""
from __future__ import annotations

from common import (document, kpi, metric, plan_record, procedure, project, review,
                    schedule_entries, warning)

SOURCE_FILE = "hibarino_actionplan.md"
TITLE = "ひばり野市デジタル行政推進計画(第3次アクションプラン)"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭"
# what the converter printed for items 11-13 (the font's ⑪⑫⑬ came out as ①②③)
MISDECODED = {11: "①", 12: "②", 13: "③"}
YEARS = [("令和8年度", 2026), ("令和9年度", 2027), ("令和10年度", 2028)]

SECTIONS = {
    "I": ("I. 手続と窓口のデジタル化", "手続と窓口のデジタル化",
          "市民が時間や場所を選ばずに行政サービスを利用できるよう、手続と窓口のデジタル化を進めます。"),
    "II": ("II. 庁内業務の効率化", "庁内業務の効率化",
           "限られた職員数で行政サービスを維持するため、デジタル技術による業務の効率化を進めます。"),
    "III": ("Ⅲ. 情報基盤と推進体制", "情報基盤と推進体制",
            "安全な情報基盤を維持し、デジタル化を担う人材と体制を整えます。"),
}

# (section, no, name, department as printed, departments, dept in column 2?, outlook,
#  current-state paragraphs, (label, paragraphs) of the plan part, statuses per year)
ITEMS = [
    ("I", 1, "オンライン申請の拡充", "総務部", ["総務部"], False, "順次実施",
     ["電子申請サービスで受け付けている手続は令和7年度末で180手続であり、申請件数の多い手続"
      "の一部は紙の申請書のみの受付となっている。"],
     ("実施内容", ["申請件数の多い手続から順にオンライン化し、添付書類の電子化や手数料の電子納付"
                   "にも対応する。"]),
     ["実施", "実施", "実施"]),
    ("I", 2, "窓口予約システムの運用", "市民部", ["市民部"], True, "継続して実施",
     ["第2次アクションプランで導入した窓口予約システムにより、転入・転出の手続の待ち時間が短"
      "縮された。"],
     ("実施内容", ["予約できる窓口と手続を増やし、予約状況に応じた職員配置を行う。"]),
     ["運用", "運用", "運用"]),
    ("I", 3, "公金のキャッシュレス収納", "財政部・市民部", ["財政部", "市民部"], False, "順次実施",
     ["市税のスマートフォン決済は導入済みであるが、窓口で支払う手数料や使用料の多くは現金のみ"
      "の取扱いである。"],
     ("実施内容", ["窓口にキャッシュレス決済端末を順次設置し、使用料の支払にも対象を広げる。"]),
     ["一部導入", "実施", "実施"]),
    ("I", 4, "AIチャットボットの導入", "総務部", ["総務部"], True, "導入に向け検討",
     ["夜間や休日にも問い合わせが寄せられており、よくある質問への回答を自動化する仕組みが求め"
      "られている。"],
     ("検討内容", ["他市の導入事例と費用を調査し、ごみの分別や各種証明書の案内から試行する。"]),
     ["調査・検討", "試行", ""]),
    ("II", 5, "RPA・AI-OCRの活用", "総務部", ["総務部"], True, "実施",
     ["9課21業務でRPAを活用しているが、紙の申請書の読み取りは手入力に頼っている。"],
     ("実施内容", ["AI-OCRで読み取ったデータをRPAで基幹業務システムに入力する仕組みを広げる。"]),
     ["実施", "実施", "実施"]),
    ("II", 6, "電子契約の導入", "財政部", ["財政部"], False, "導入に向け検討",
     ["契約書の作成、押印、郵送に時間を要しており、事業者からも電子契約の導入が求められている。"],
     ("検討内容", ["国の電子契約サービスの動向を踏まえ、一部の契約で実証を行ったうえで導入する。"]),
     ["検討", "実証", "導入"]),
    ("II", 7, "生成AIの業務利用", "総務部・政策企画部", ["総務部", "政策企画部"], True, "順次実施",
     ["文書の作成や要約に生成AIを活用する自治体が増えているが、本市では利用の指針が定まってい"
      "ない。"],
     ("実施内容", ["利用指針を定め、試行の結果を踏まえて全職員が利用できる環境を整える。"]),
     ["試行", "実施", "実施"]),
    ("II", 8, "会議録作成支援ツールの導入", "議会事務局", ["議会事務局"], False, "順次実施",
     ["会議録の作成に多くの時間を要している。"],
     ("実施内容", ["音声認識による会議録作成支援ツールを導入し、庁内の会議にも利用を広げる。"]),
     ["導入", "運用", "運用"]),
    ("II", 9, "住民情報システムの標準化", "総務部・市民部", ["総務部", "市民部"], True, "実施",
     ["国の標準仕様に準拠したシステムへの移行が令和8年度に予定されている。"],
     ("実施内容", ["ガバメントクラウド上の標準準拠システムへ移行し、移行後の運用経費を検証する。"]),
     ["移行", "運用", "運用"]),
    ("II", 10, "統合型GISの整備", "都市整備部", ["都市整備部"], True, "整備へ向け検討",
     ["地図データが課ごとに管理され、同じ地図を複数の課で購入している。"],
     ("検討内容", ["庁内で共有する地図の範囲を定め、共通の地図基盤を構築する。"]),
     ["調査・検討", "構築", "運用"]),
    ("III", 11, "情報セキュリティ研修", "総務部", ["総務部"], True, "継続して実施",
     ["標的型攻撃メールによる被害が他の自治体で続いており、職員一人ひとりの意識の向上が求めら"
      "れている。"],
     ("実施内容", ["全職員を対象とした研修と標的型メール訓練を毎年度実施する。"]),
     ["実施", "実施", "実施"]),
    ("III", 12, "情報セキュリティ内部監査", "総務部", ["総務部"], True, "継続して実施",
     ["情報セキュリティポリシーの遵守状況を確認する仕組みが必要である。"],
     ("実施内容", ["毎年度、監査対象の課を選定して内部監査を行い、改善状況を確認する。"]),
     ["実施", "実施", "実施"]),
    ("III", 13, "学校ICT環境の更新", "教育委員会", ["教育委員会"], False, "順次実施",
     ["令和2年度に整備した児童生徒用端末が更新時期を迎える。"],
     ("実施内容", ["端末の更新に合わせて校内ネットワークの通信容量を増強する。"]),
     ["検討", "更新", "運用"]),
    ("III", 14, "DX推進体制の強化", "総務部・人事部", ["総務部", "人事部"], True, "継続して実施",
     ["各課のデジタル化の取組に差があり、全庁的な推進体制が必要である。"],
     ("実施内容", ["CIO補佐官の助言を受けながら、各課にデジタル推進リーダーを置く。"]),
     ["実施", "実施", "実施"]),
]

# previous plan review: no, name, department, actual, achieved mark
REVIEWS = [
    (1, "窓口予約システムの導入", "市民部", "実施", "○"),
    (2, "庁内無線LANの整備", "総務部", "実施", "○"),
    (3, "AI議事録作成支援の導入", "総務部", "検討", ""),
    (4, "電子契約の導入", "財政部", "検討", ""),
    (5, "学習用端末の更新", "教育委員会", "実施", "○"),
    (6, "情報セキュリティ研修の実施", "総務部", "実施", "○"),
]

RATE_TITLE = "各手続のオンライン利用率"
RATE_HEADER = ["項番", "手続名", "第1次アクションプラン実績", "", "第2次アクションプラン実績",
               "第2次アクションプランにおける目標値"]
RATES = [
    (1, "図書館資料の貸出予約", "71%", "75%", "72%"),
    (2, "粗大ごみ収集の申込", "18%", "26%", "30%"),
    (3, "体育施設の利用予約", "64%", "81%", "75%"),
    (4, "講座・イベントの申込", "40%", "52%", "60%"),
    (5, "犬の登録申請", "5%", "9%", "15%"),
]
COUNT_TITLE = "分野別のオンライン化の状況(令和7年12月時点)"
COUNT_HEADER = ["分野", "国が示す手続数", "オンライン化した手続数"]
COUNTS = [("子育て関係", 15, 9), ("介護関係", 11, 4), ("被災者支援関係", 1, 1)]

# 施策 cards with KPI tables: number, name, 施策の柱, departments as printed, list, paragraphs,
# (baseline header as printed, baseline fiscal year), (target header, target date),
# rows (indicator, baseline text, baseline value, target text, target value, unit)
MEASURES = [
    ("(1)", "デジタル人材の確保と育成", "情報基盤と推進体制", "人事課・デジタル推進課・学校教育課",
     ["人事課", "デジタル推進課", "学校教育課"],
     ["職員と教職員がデジタル技術を使いこなし、業務の見直しを自ら進められるよう、研修と外部人材"
      "の活用を組み合わせて人材を育てます。"],
     ("現状値（令和6年度）", 2024), ("目標値（令和12年度）", "2031-03-31"),
     [("校内ICT研修を実施した学校数", "年8校", 8, "年11校", 11, "校/年"),
      ("デジタル推進リーダーの任命数", "-", None, "60人", 60, "人"),
      ("外部デジタル専門人材の任用数", "-", None, "5年間で1人", 1, "人"),
      ("情報セキュリティ事故の件数", "2件", 2, "0件", 0, "件")]),
    ("(2)", "市民のデジタル活用の支援", "手続と窓口のデジタル化", "高齢者支援課・デジタル推進課",
     ["高齢者支援課", "デジタル推進課"],
     ["スマートフォンの操作に不安のある市民が行政サービスを利用できるよう、公民館でのスマホ教室"
      "や相談会を開きます。"],
     ("現状値（平成32年度）", 2020), ("目標値（令和12年度）", "2031-03-31"),
     [("スマートフォンを利用している65歳以上の市民の割合", "58.2%", 58.2, "80%", 80, "%"),
      ("スマホ教室の参加者数", "年120人", 120, "年500人", 500, "人/年")]),
]


class Lines:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, *texts: str) -> int:
        n = len(self.lines) + 1
        self.lines.extend(texts)
        return n


def build() -> tuple[str, dict]:
    out = Lines()
    projects, procedures, reviews, warnings = [], [], [], []
    out.add("", "", "ひばり野市デジタル行政推進計画", "(第3次アクションプラン)", "", "令和8年4月", "",
            "ひ ば り 野 市", "", "— 目 次 —", "",
            "第1章 計画の背景\t1", "1. 計画策定にあたって\t1", "2. 計画期間\t1",
            "3. 第2次アクションプランの実施状況\t2", "第2章 取組施策の内容\t4",
            "第3章 オンライン利用の状況\t14", "第4章 重点施策と成果指標\t16", "",
            "第1章 計画の背景", "", " ", "1. 計画策定にあたって", "",
            "本計画は、ひばり野市デジタル行政推進指針に基づき、デジタル技術を活用した行政サービスの向"
            "上と業務の効率化を具体的に進めるための実行計画として策定するものです。", "",
            "2. 計画期間", "",
            "本計画は、令和8年度から令和10年度までの3年間を計画期間とします。", "",
            "3. 第2次アクションプランの実施状況", "",
            "第2次アクションプランに掲げた6事業のうち4事業は計画どおり実施し、2事業は導入に向けて"
            "引き続き検討することとしました。", "",
            "第2次アクションプラン実施状況一覧", "",
            "項番\t項目名\t主な担当部局\t実施状況\t実施項目達成状況")
    for no, name, dept, actual, mark in REVIEWS:
        line = out.add(f"{CIRCLED[no - 1]}\t{name}\t{dept}\t{actual}\t{mark}")
        reviews.append(review(number=str(no), name=name, department=dept, actual_raw=actual,
                              achieved=(mark == "○"), line=line))
    out.add("", "第2章 取組施策の内容", "", " ", " ")
    section = None
    for item in ITEMS:
        (sec, no, name, dept_p, depts, dept_col2, outlook, current, (plan_label, plan_paras),
         stat) = item
        if sec != section:
            section = sec
            heading, goal, lead = SECTIONS[sec]
            out.add("", heading, "", " ", " ", lead, "", " ", " ")
        previous = MISDECODED.get(no - 1, CIRCLED[no - 2]) if no > 1 else None
        mark = MISDECODED.get(no, CIRCLED[no - 1])
        start = out.add(f"項番\t{mark}\t項目名\t{name}\t")
        if dept_col2:
            out.add(f"主な担当部局\t\t{dept_p}\t実施見通し\t{outlook}")
        else:
            out.add(f"主な担当部局\t{dept_p}\t\t実施見通し\t{outlook}")
        paras = ["<p>(現状と課題)</p>"] + [f"<p>{p}</p>" for p in current]
        paras += [f"<p>({plan_label})</p>"] + [f"<p>{p}</p>" for p in plan_paras]
        out.add(" ".join(paras) + "\t\t\t\t")
        out.add("実施スケジュール\t\t\t\t")
        out.add("\t\t".join(label for label, _ in YEARS))
        out.add("\t\t".join(f"・{s}" if s else "" for s in stat))
        out.add("\t\t\t\t", "")
        projects.append(project(
            number=str(no), name=name, goal=goal, departments=depts,
            description="\n".join(current + [f"({plan_label})"] + plan_paras),
            schedule=schedule_entries(YEARS, stat, geometry=True), outlook=outlook, line=start))
        if no in MISDECODED:
            warnings.append(warning(
                "circled_number_repaired",
                f"{SOURCE_FILE} line {start}: 項番 {mark} follows {previous} and precedes ⑭: "
                f"read as {no} (circled number mis-decoded)",
                line=start))

    out.add("第3章 オンライン利用の状況", "", "1. 利用促進対象手続の利用率", "",
            "第2次アクションプランで利用促進の対象とした手続のオンライン利用率は、次のとおりです。",
            "", RATE_TITLE, "", "\t".join(RATE_HEADER))
    for no, name, r1, r2, target in RATES:
        line = out.add(f"{no}\t{name}\t{r1}\t⇒\t{r2}\t{target}")
        procedures.append(procedure(table=RATE_TITLE, name=name, line=line, metrics=[
            metric(RATE_HEADER[2], pct(r1), "ratio", r1),
            metric(RATE_HEADER[4], pct(r2), "ratio", r2),
            metric(RATE_HEADER[5], pct(target), "ratio", target)]))
    out.add("", "【項番1、3】 目標値を達成しました。【項番2、4、5】 目標値に届かなかったため、申請画面"
            "の改善と周知を行います。", "", "2. 分野別のオンライン化の状況", "",
            COUNT_TITLE.replace("(", "（").replace(")", "）"), "", "\t".join(COUNT_HEADER))
    for name, total, done in COUNTS:
        line = out.add(f"{name}\t{total}\t{done}")
        procedures.append(procedure(table=COUNT_TITLE, name=name, line=line, metrics=[
            metric(COUNT_HEADER[1], total, "count", str(total)),
            metric(COUNT_HEADER[2], done, "count", str(done))]))

    out.add("", "第4章 重点施策と成果指標", "",
            "Ⅳ. 重点施策", "", "第2章の取組のうち、分野を横断して進める施策と成果指標を示します。", "")
    for (number, name, pillar, dept_p, depts, paras, (base_h, base_fy), (target_h, target_date),
         rows) in MEASURES:
        start = out.add(f"施策名\t{number} {name}\t", f"施策の柱\t{pillar}\t", f"関係課\t{dept_p}\t",
                        "概要\t" + " ".join(f"<p>{p}</p>" for p in paras) + "\t", "",
                        "◎施策の目標", "", f"指標\t{base_h}\t{target_h}")
        kpis = []
        for indicator, b_text, b_value, t_text, t_value, unit in rows:
            printed_base = "－" if b_text == "-" else b_text
            out.add(f"{indicator}\t{printed_base}\t{t_text}")
            # no baseline printed (－): no baseline year either
            kpis.append(kpi(indicator, t_text, t_value, unit, target_date,
                            baseline_text=b_text, baseline_value=b_value,
                            baseline_fiscal_year=base_fy if b_value is not None else None))
        out.add("")
        if base_fy == 2020:
            warnings.append(warning(
                "era_year_overflow",
                f"{SOURCE_FILE} line {start + 7}: 平成32年度 read as fiscal year 2020 (= 令和2年度)",
                line=start + 7))
        projects.append(project(number=number, name=name, goal=pillar, departments=depts,
                                description="\n".join(paras), kpis=kpis, line=start))
    out.add("資料編", "", "これまでの本市の主な情報化施策は、市ホームページで公開しています。", "")
    text = "\n".join(out.lines) + "\n"
    expected = document(
        plan=plan_record(municipality="ひばり野市", title=TITLE, published="2026-04",
                         period=(2026, 2028), source_file=SOURCE_FILE, source_format="markdown"),
        projects=projects, procedures=procedures, reviews=reviews, warnings=warnings)
    return text, expected


def pct(text: str) -> float:
    """'71%' -> 0.71 (the expected value, written out: ratios are fractions of 1)."""
    return round(int(text.rstrip("%")) / 100, 4)
