"""しらさぎ台市DX推進計画: the fictional plan the layout harness prints in every layout family.

しらさぎ台市 does not exist; every sentence was written for this harness. Values are in their
normalized form (half-width digits, no justification spaces): they are what extraction must give
back. The generator (generate.py) prints them the way real plans do.

Hierarchy: 基本目標 (goal) > 施策 (measure, numbered (1)..(6) through the plan) > 取組 (project,
numbered "<measure>-<k>"). The numbered-actions family prints each measure's projects as its ①②
actions, so the same records serve every family.
"""
from __future__ import annotations

from dataclasses import dataclass

CITY = "しらさぎ台市"
TITLE = "しらさぎ台市DX推進計画"
YEARS = [("令和7年度", 2025), ("令和8年度", 2026), ("令和9年度", 2027), ("令和10年度", 2028)]
BASE_YEAR = ("令和5年度", 2023)
# what the plan record (plans.csv) must say: every family prints the same cover
PLAN = {"title": TITLE, "municipality": CITY, "period_start_fy": 2025, "period_end_fy": 2028}


@dataclass(frozen=True)
class Kpi:
    indicator: str
    baseline: float
    target: float
    unit: str
    target_fy: int = 2028            # 目標年度: the target is due at the end of this fiscal year

    @property
    def target_date(self) -> str:
        return f"{self.target_fy + 1}-03-31"


@dataclass(frozen=True)
class Measure:
    number: str                      # "1" for 施策(1)
    name: str
    goal: str


@dataclass(frozen=True)
class Project:
    number: str
    name: str
    measure: Measure
    departments: tuple[str, ...]
    description: str
    kpis: tuple[Kpi, ...]
    schedule: tuple[str, ...]        # one status per YEARS column

    @property
    def goal(self) -> str:
        return self.measure.goal

    @property
    def index(self) -> int:
        """k of "<measure>-<k>": the project's place among its measure's actions (①, ②...)."""
        return int(self.number.rsplit("-", 1)[1])


GOALS = ["市民サービスの向上", "行政運営の効率化", "デジタル基盤の強化"]

MEASURES = [
    Measure("1", "手続のオンライン化", GOALS[0]),
    Measure("2", "窓口の改革", GOALS[0]),
    Measure("3", "業務の自動化", GOALS[1]),
    Measure("4", "システムの標準化", GOALS[1]),
    Measure("5", "デジタル人材の育成", GOALS[2]),
    Measure("6", "情報セキュリティの確保", GOALS[2]),
]
M = {m.number: m for m in MEASURES}

PROJECTS = [
    Project("1-1", "電子申請サービスの拡充", M["1"], ("情報政策課", "関係各課"),
            "市民が来庁せずに手続を済ませられるよう、電子申請で受け付ける手続を増やします。"
            "添付書類の省略や手数料のオンライン決済もあわせて進め、申請から交付までを一貫して"
            "オンラインで完結できる仕組みを整えます。",
            (Kpi("電子申請できる手続数", 120, 300, "手続"),),
            ("実施", "実施", "実施", "運用")),
    Project("1-2", "公共施設予約のオンライン化", M["1"], ("生涯学習課", "スポーツ振興課"),
            "公民館や体育館などの施設予約を、窓口や電話に加えてスマートフォンから24時間受け付"
            "けます。利用料の支払もオンラインで行えるようにし、窓口での現金の取扱いを減らします。",
            (Kpi("オンライン予約できる施設数", 5, 28, "施設"),),
            ("検討", "構築", "運用", "運用")),
    Project("2-1", "書かない窓口の導入", M["2"], ("市民課",),
            "転入や出生などの手続で、職員が聞き取りながら申請書を作成する書かない窓口を市民課"
            "から導入します。マイナンバーカードの読み取り情報を活用し、市民の記入の手間と待ち"
            "時間を減らします。",
            (Kpi("申請書の記入が不要な手続数", 0, 40, "手続"),),
            ("調査・検討", "試行", "導入", "運用")),
    Project("2-2", "キャッシュレス決済の拡大", M["2"], ("会計課", "税務課", "市民課"),
            "市税や証明書の手数料について、支所や公民館の窓口にもキャッシュレス決済端末を配置"
            "します。釣銭の準備や現金の精算にかかる事務を減らし、市民の支払方法を広げます。",
            (Kpi("キャッシュレス決済に対応した窓口数", 3, 12, "窓口"),),
            ("一部導入", "実施", "実施", "運用")),
    Project("3-1", "RPAとAI-OCRの活用", M["3"], ("行政改革推進課", "情報政策課"),
            "定型的な入力作業や照合作業にRPAとAI-OCRを導入し、職員が相談業務など人にしか"
            "できない仕事に時間を使えるようにします。導入効果は業務ごとに削減時間で測ります。",
            (Kpi("RPAによる年間削減時間", 2400, 8000, "時間"),),
            ("実施", "実施", "実施", "実施")),
    Project("3-2", "生成AIの業務利用", M["3"], ("情報政策課",),
            "文書の要約や案内文の作成に生成AIを利用するための指針を定め、研修を行ったうえで"
            "全庁に展開します。個人情報を入力しない運用を徹底し、利用状況を定期的に確認します。",
            (Kpi("生成AIを利用する職員の割合", 10, 60, "%"),),
            ("検討", "試行", "実施", "実施")),
    Project("4-1", "基幹業務システムの標準化", M["4"], ("情報政策課", "関係各課"),
            "住民記録や税などの20業務のシステムを、国の標準仕様に準拠したシステムへ移行します。"
            "ガバメントクラウドの利用を前提に、独自に追加してきた帳票や機能を見直します。",
            (Kpi("標準準拠システムへ移行した業務数", 0, 20, "業務"),),
            ("移行", "移行", "運用", "運用")),
    Project("5-1", "職員のデジタル研修", M["5"], ("人事課", "情報政策課"),
            "全職員を対象にデータの活用やセキュリティに関する研修を毎年度行います。各課にデジ"
            "タル推進リーダーを置き、業務の見直しを職場から進める体制をつくります。",
            (Kpi("デジタル研修の受講者数", 150, 600, "人"),),
            ("実施", "実施", "実施", "実施")),
    Project("5-2", "外部専門人材の登用", M["5"], ("人事課",),
            "システム調達や業務改革に詳しい外部の専門人材を任期付きで登用し、職員への助言と"
            "調達仕様の点検を担ってもらいます。登用の効果は毎年度検証します。",
            (Kpi("外部専門人材の登用数", 0, 3, "人"),),
            ("調査・検討", "実施", "実施", "実施")),
    Project("6-1", "情報セキュリティ監査の実施", M["6"], ("情報政策課", "総務課"),
            "情報セキュリティポリシーの遵守状況について、外部監査と内部監査を組み合わせて毎年"
            "度点検します。指摘事項は改善計画にまとめ、翌年度の監査で改善状況を確認します。",
            (Kpi("監査指摘事項の改善率", 70, 100, "%"),),
            ("実施", "実施", "実施", "実施")),
]


def projects_of(measure: Measure) -> list[Project]:
    return [p for p in PROJECTS if p.measure == measure]


# What some cities print on a card beside the schedule: 区分 (新規 / 継続, as ticked boxes) and
# 事業費 in 千円. The probe families (generate.py) print them; the others leave them out.
BUDGET_THOUSAND = {"1-1": 792, "1-2": 12400, "2-1": 3500, "2-2": 1980, "3-1": 6600,
                   "3-2": 1200, "4-1": 185000, "5-1": 420, "5-2": 9000, "6-1": 2750}


def category(p: Project) -> str:
    """新規 when the plan period begins by studying or piloting the project, else 継続."""
    return "新規" if p.schedule[0] in ("検討", "調査・検討", "一部導入") else "継続"


def outlook(p: Project) -> str:
    """The schedule as an outlook sentence (実施見通し), the way cards without a year table put it:
    each run of one status as `令和7年度から令和8年度まで実施し`."""
    parts = []
    k = 0
    while k < len(YEARS):
        j = k
        while j + 1 < len(YEARS) and p.schedule[j + 1] == p.schedule[k]:
            j += 1
        when = YEARS[k][0] if j == k else f"{YEARS[k][0]}から{YEARS[j][0]}まで"
        parts.append(f"{when}は{p.schedule[k]}" if j == k else f"{when}{p.schedule[k]}")
        k = j + 1
    return "、".join(parts) + "の見通しです。"


# The previous plan's review of each project (the review family): what was done, and its grade
# as a letter or a mark.
_REVIEWS = [("完了", "A", "◎"), ("実施", "A", "○"), ("一部実施", "B", "△"), ("調査・検討", "B", "△"),
            ("計画変更", "C", "×")]


def review_of(p: Project, marks: bool) -> tuple[str, str]:
    """(実績 as printed, rating) of the project in the previous plan's review."""
    actual, letter, mark = _REVIEWS[PROJECTS.index(p) % len(_REVIEWS)]
    return actual, mark if marks else letter
