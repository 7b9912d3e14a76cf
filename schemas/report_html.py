"""OUTDIR/report.html: the page a person opens after a run, in Japanese. First the run in one
line (files with data, without, failed, needing OCR) and an overview table of every plan; then
the inputs that could not be read, gave no data or need OCR; then per plan: the projects (number,
name, departments, KPI targets), a roadmap picture (projects x fiscal years, each cell coloured
by its canonical status, the printed text inside; projects without a schedule keep their row)
and what the extractor was unsure of (warnings). Files are named as in report.json, never by an
absolute path.

Self-contained (inline CSS, no scripts, no external fetches: it is opened from disk or served
by the portal as is); every text from a document is HTML-escaped; no timings or dates, so a
rerun over the same inputs writes the same bytes.
"""
from __future__ import annotations

from collections import defaultdict
from html import escape
from typing import Iterable, Optional

from schemas.models import PlanDocument, Project
from schemas.output import sorted_docs
from schemas.report import Report

MAX_WARNINGS_SHOWN = 200          # per plan; the rest are in warnings.csv

# Canonical status codes (normalize/data/status.toml) -> legend label and cell colours.
# Warm = preparing, blue = doing, green = running / done, grey = stopped.
STATUS_STYLE: dict[str, tuple[str, str, str]] = {
    "study": ("調査・検討", "#fde68a", "#1f2937"),
    "plan": ("計画・設計・準備", "#fdba74", "#1f2937"),
    "pilot": ("試行・実証", "#f9a8d4", "#1f2937"),
    "implement": ("実施・導入・構築", "#60a5fa", "#0b1b33"),
    "partial": ("一部実施", "#bfdbfe", "#1f2937"),
    "operate": ("運用・継続", "#34d399", "#052e1c"),
    "complete": ("完了", "#047857", "#ffffff"),
    "decided": ("方針決定", "#c4b5fd", "#1f2937"),
    "changed": ("計画変更", "#fca5a5", "#1f2937"),
    "suspended": ("中止・延期", "#9ca3af", "#111827"),
    "other": ("その他（未分類）", "#f3f4f6", "#374151"),
}
UNKNOWN_STYLE = ("（独自コード）", "#e5e7eb", "#374151")

CSS = """
body{font-family:"IPAexGothic","Noto Sans CJK JP","Hiragino Sans","Yu Gothic",sans-serif;
 margin:24px;color:#1f2937;line-height:1.5;font-size:14px}
h1{font-size:22px;margin:0 0 8px}h2{font-size:18px;margin:32px 0 6px;border-bottom:2px solid #334155}
h3{font-size:15px;margin:16px 0 4px}
table{border-collapse:collapse;margin:4px 0 12px}
th,td{border:1px solid #cbd5e1;padding:3px 6px;vertical-align:top;text-align:left}
th{background:#f1f5f9;font-weight:600}thead th{white-space:nowrap}
td.num,span.num{text-align:right;font-variant-numeric:tabular-nums}span.num{display:block}
.filelist code{white-space:nowrap}
.meta{color:#475569;margin:0 0 6px}.meta code{font-size:12px}
.fail td{background:#fef2f2}.ocr td{background:#fffbeb}
.ok{color:#047857;font-weight:600}.bad{color:#b91c1c;font-weight:600}
.warn{color:#b45309;font-weight:600}
table.roadmap td.cell{min-width:84px;font-size:12px;text-align:center}
table.roadmap td.empty{background:#fff}
table.roadmap td.none{background:#fff;color:#94a3b8;text-align:left}
tr.empty-plan td{color:#64748b;background:#f8fafc}
table.overview td:nth-child(2),table.overview td:nth-child(3){white-space:nowrap}
table.projects td:first-child{white-space:nowrap}table.projects td:nth-child(2){min-width:200px}table.projects td:nth-child(4){font-size:12px}
table.roadmap td.amb{outline:2px dashed #475569;outline-offset:-3px}
table.roadmap th.proj{max-width:360px;font-weight:400}
.legend span{display:inline-block;padding:1px 8px;margin:2px 4px 2px 0;border:1px solid #cbd5e1;
 font-size:12px}
.note{color:#64748b;font-size:12px}.pos{white-space:nowrap}
details{margin:4px 0 12px}summary{cursor:pointer;color:#334155}
"""


def _e(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


def _style(code: str) -> tuple[str, str, str]:
    return STATUS_STYLE.get(code, UNKNOWN_STYLE)


def _table(headers: list[str], rows: Iterable[list[str]], cls: str = "",
           row_cls: Optional[str] = None) -> str:
    """headers are escaped here; row cells must already be HTML."""
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    tr = f'<tr class="{row_cls}">' if row_cls else "<tr>"
    body = "".join(tr + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    return f'<table class="{cls}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def roadmap_years(doc: PlanDocument) -> list[int]:
    """Fiscal-year columns: every year a schedule cell names, widened to the plan period."""
    years = {c.fiscal_year for p in doc.projects for c in p.schedule}
    if years and doc.plan.period_start_fy and doc.plan.period_end_fy \
            and doc.plan.period_end_fy - doc.plan.period_start_fy < 20:
        years |= set(range(doc.plan.period_start_fy, doc.plan.period_end_fy + 1))
    return sorted(years)


def fy_label(fy: int) -> str:
    """2021 -> 2021年度 (R3): the Gregorian fiscal year with its 令和/平成 year for readers."""
    if fy >= 2019:
        return f"{fy}年度 (R{fy - 2018})"
    if fy >= 1989:
        return f"{fy}年度 (H{fy - 1988})"
    return f"{fy}年度"


def _project_label(p: Project) -> str:
    return f"{p.number} {p.name}" if p.number else p.name


def roadmap_html(doc: PlanDocument) -> str:
    """Projects x fiscal years; a cell's colour is its canonical status, its text as printed."""
    years = roadmap_years(doc)
    projects = doc.projects
    if not any(p.schedule for p in projects):
        return '<p class="note">年度別スケジュールの記載がある事業はありません。</p>'
    head = "<th>事業</th>" + "".join(f"<th>{_e(fy_label(y))}</th>" for y in years)
    rows = []
    for p in projects:
        if not p.schedule:
            rows.append(f'<tr><th class="proj">{_e(_project_label(p))}</th>'
                        f'<td class="cell none" colspan="{len(years)}">スケジュールの記載なし</td></tr>')
            continue
        by_year = defaultdict(list)
        for c in p.schedule:
            by_year[c.fiscal_year].append(c)
        cells = []
        for y in years:
            cs = by_year.get(y)
            if not cs:
                cells.append('<td class="cell empty"></td>')
                continue
            _, bg, fg = _style(cs[0].status)
            amb = " amb" if any(c.ambiguous for c in cs) else ""
            tip = " / ".join(f"{c.label}: {c.status_raw}（{_style(c.status)[0]}）"
                             + ("、年度不明確" if c.ambiguous else "") for c in cs)
            text = " / ".join(dict.fromkeys(c.status_raw for c in cs))
            cells.append(f'<td class="cell st-{_e(cs[0].status)}{amb}" '
                         f'style="background:{bg};color:{fg}" title="{_e(tip)}">{_e(text)}</td>')
        rows.append(f'<tr><th class="proj">{_e(_project_label(p))}</th>{"".join(cells)}</tr>')
    codes = sorted({c.status for p in projects for c in p.schedule},
                   key=lambda c: (list(STATUS_STYLE).index(c) if c in STATUS_STYLE else 99, c))
    legend = "".join(f'<span style="background:{_style(c)[1]};color:{_style(c)[2]}">'
                     f'{_e(_style(c)[0] if c in STATUS_STYLE else c)}</span>' for c in codes)
    return (f'<table class="roadmap"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}'
            f'</tbody></table><p class="legend">{legend}</p>'
            '<p class="note">色は状態の分類、セルの文字は印字どおり。点線の枠: 原典からどの年度のセルか'
            '判別できないもの。</p>')


def _where(w) -> str:
    if w.source.page:
        return f"p.{w.source.page}"
    return f"{w.source.line}行" if w.source.line else ""


def _warnings_html(doc: PlanDocument) -> str:
    """A summary by code (count, first message), then every warning in a closed <details>."""
    if not doc.warnings:
        return '<p class="note">警告はありません。</p>'
    by_code: dict[str, list] = {}
    for w in doc.warnings:
        by_code.setdefault(w.code, []).append(w)
    html = _table(["コード", "件数", "例"],
                  [[f"<code>{_e(code)}</code>", f'<span class="num">{len(ws)}</span>',
                    _e(ws[0].message)] for code, ws in by_code.items()], cls="warn-summary")
    shown = doc.warnings[:MAX_WARNINGS_SHOWN]
    rows = [[f"<code>{_e(w.code)}</code>", _e(w.message), f'<span class="pos">{_e(_where(w))}'
             f"</span>"] for w in shown]
    more = (f'<p class="note">ほか {len(doc.warnings) - len(shown)} 件は warnings.csv を'
            "参照してください。</p>" if len(doc.warnings) > len(shown) else "")
    return (html + f"<details><summary>警告の一覧（{len(doc.warnings)}件）</summary>"
            + _table(["コード", "内容", "位置"], rows) + more + "</details>")


def _kpi_text(k) -> str:
    target = k.target_text or (f"{k.target_value:g}{k.target_unit or ''}"
                               if k.target_value is not None else "")
    return f"{k.indicator}: {target}" if target else k.indicator


def _yen(amount: int) -> str:
    """792000 -> 792,000円 (the unit the CSVs carry; a budget list prints 千円, we say yen)."""
    return f"{amount:,}円"


def projects_html(doc: PlanDocument) -> str:
    """Every project: number, name, departments, KPI targets (as printed), page; 区分 and 事業費
    when the plan prints them (a budget list is read by its amounts)."""
    has_category = any(p.category for p in doc.projects)
    has_budget = any(p.budget_jpy is not None for p in doc.projects)
    rows = []
    for p in doc.projects:
        kpis = "<br>".join(_e(_kpi_text(k)) for k in p.kpis)
        where = f"p.{p.source.page}" if p.source.page else (
            f"{p.source.line}行" if p.source.line else "")
        extra = ([_e(p.category or "")] if has_category else []) + (
            [f'<span class="num">{_e(_yen(p.budget_jpy)) if p.budget_jpy is not None else ""}'
             "</span>"] if has_budget else [])
        rows.append([_e(p.number or ""), _e(p.name), _e("、".join(p.departments)), kpis, *extra,
                     f'<span class="pos">{_e(where)}</span>'])
    head = ["番号", "事業名", "担当部署", "KPI（指標: 目標）"] + (["区分"] if has_category else []) + (
        ["事業費"] if has_budget else []) + ["位置"]
    return _table(head, rows, cls="projects")


def _period(pl) -> str:
    if pl.period_start_fy and pl.period_end_fy:
        return f"{pl.period_start_fy}〜{pl.period_end_fy}年度"
    return "不明"


def date_ja(iso: Optional[str]) -> str:
    """A published date as people read it, with the precision printed: 2026-05-27 -> 2026年5月27日,
    2015-08 -> 2015年8月, 2015 -> 2015年 (the JSON and CSVs keep ISO)."""
    if not iso:
        return "不明"
    parts = [int(x) for x in iso.split("-")]
    return "".join(f"{n}{unit}" for n, unit in zip(parts, ("年", "月", "日")))


def plan_html(doc: PlanDocument, entry) -> str:
    pl = doc.plan
    title = pl.title or pl.source_file
    file = entry.file if entry is not None else pl.source_file
    meta = (f'<p class="meta">{_e(pl.municipality or "団体名不明")}'
            f'{"（" + _e(pl.lg_code) + "）" if pl.lg_code else ""} ・ 計画期間 {_e(_period(pl))}'
            f' ・ 公表 {_e(date_ja(pl.published))}<br>入力 <code>{_e(file)}</code>'
            f'{"（" + str(pl.pages) + "ページ）" if pl.pages else ""}'
            f' ・ plan_id <code>{_e(pl.plan_id)}</code></p>')
    ocr = ""
    if entry is not None and entry.needs_ocr:
        ocr = (f'<p class="bad">文字情報のないページ（要OCR）: '
               f'{_e(", ".join(map(str, entry.ocr_pages)))}</p>')
    if entry is not None and entry.ocred_pages:
        ocr += (f'<p class="warn">OCR（文字認識）で読み取ったページ: '
                f'{_e(", ".join(map(str, entry.ocred_pages)))}（認識誤りがありえるため、これらのページ'
                f'の事業は原本と照合してください）</p>')
    body = ""
    if doc.projects:
        n_kpi = sum(len(p.kpis) for p in doc.projects)
        body += (f"<h3>事業 {len(doc.projects)}件（KPI {n_kpi}件）</h3>{projects_html(doc)}"
                 f"<h3>ロードマップ（事業×年度）</h3>{roadmap_html(doc)}")
    if doc.procedures:
        body += f'<p>オンライン化手続の表: {len(doc.procedures)}行（procedures.csv）</p>'
    if doc.reviews:
        body += f'<p>前計画の実施状況: {len(doc.reviews)}行（reviews.csv）</p>'
    if not body:
        body = ('<p class="note">事業カード・手続の表・前計画の実施状況の表は見つかりませんでした'
                '（下の警告を参照）。</p>')
    return (f'<section class="plan" id="plan-{_e(pl.plan_id)}"><h2>{_e(title)}</h2>{meta}{ocr}'
            f'{body}<h3>警告 {len(doc.warnings)}件</h3>{_warnings_html(doc)}</section>')


def overview_html(docs: list[PlanDocument], entries: dict) -> str:
    """One row per plan: what it is and what came out of it; plans with data first."""
    def row(d: PlanDocument) -> list[str]:
        pl, e = d.plan, entries.get(d.plan.plan_id)
        c = e.counts if e is not None and e.counts else None
        link = f'<a href="#plan-{_e(pl.plan_id)}">{_e(pl.title or "（計画名不明）")}</a>'
        city = _e(pl.municipality or "") + (f"<br><code>{_e(pl.lg_code)}</code>" if pl.lg_code else "")
        nums = [getattr(c, k) if c else 0 for k in ("projects", "kpis", "schedule", "procedures",
                                                    "reviews", "warnings")]
        return [link, city, _e(_period(pl) if pl.period_start_fy else ""),
                f"<code>{_e(e.file if e is not None else pl.source_file)}</code>",
                *(f'<span class="num">{n}</span>' for n in nums)]
    with_data = [d for d in docs if d.projects or d.procedures or d.reviews]
    without = [d for d in docs if d not in with_data]
    head = ["計画", "団体", "計画期間", "入力ファイル", "事業", "KPI", "スケジュール", "手続",
            "前計画", "警告"]
    html = _table(head, [row(d) for d in with_data], cls="overview")
    if without:
        html = html.replace("</tbody>", "".join(
            '<tr class="empty-plan">' + "".join(f"<td>{c}</td>" for c in row(d)) + "</tr>"
            for d in without) + "</tbody>", 1)
    return html


def summary_html(rep: Report, overview: str = "") -> str:
    t = rep.totals
    empty_cls = "bad" if t.no_records and (rep.strict or not t.with_records) else "warn"
    parts = [f'<p class="totals">入力 {t.inputs} 件: <span class="ok">データあり {t.with_records} 件</span>、'
             f'<span class="{empty_cls if t.no_records else ""}">データなし {t.no_records} 件</span>、'
             f'<span class="{"bad" if t.failed else ""}">失敗 {t.failed} 件</span>、'
             f'要OCR {t.needs_ocr} 件、重複 {t.duplicates} 件。'
             f'事業 {t.projects}、スケジュール {t.schedule}、KPI {t.kpis}、手続 {t.procedures}、'
             f'前計画の実施状況 {t.reviews}、警告 {t.warnings}。</p>']
    if overview:
        parts.append(f"<h2>計画の一覧</h2>{overview}")
    if rep.no_records:
        parts.append("<h2>データが見つからなかった入力</h2>"
                     '<p class="note">読み込めたものの、事業カード・手続の表・前計画の実施状況の表が'
                     "見つからなかったファイル" + ("（--strict のため失敗扱い）" if rep.strict else "")
                     + "。</p>")
        parts.append('<ul class="filelist">' + "".join(f"<li><code>{_e(n.file)}</code></li>"
                                                        for n in rep.no_records) + "</ul>")
    if rep.failures:
        parts.append("<h2>読めなかった入力</h2>")
        parts.append(_table(["ファイル", "理由"],
                            [[f"<code>{_e(f.file)}</code>", _e(f.error)] for f in rep.failures],
                            row_cls="fail"))
    if rep.needs_ocr:
        parts.append("<h2>文字情報のないページ（OCRが必要）</h2>")
        parts.append(_table(["ファイル", "ページ"],
                            [[f"<code>{_e(n.file)}</code>", _e(", ".join(map(str, n.pages)))]
                             for n in rep.needs_ocr], row_cls="ocr"))
    dups = [e for e in rep.inputs if e.status == "duplicate"]
    if dups:
        parts.append("<h2>重複した入力（1回だけ抽出）</h2>")
        parts.append(_table(["ファイル", "同じ内容"], [[f"<code>{_e(e.file)}</code>",
                                                    f"<code>{_e(e.duplicate_of)}</code>"]
                                                   for e in dups]))
    if rep.skipped:
        parts.append(f'<p class="note">対象外の形式のため読み飛ばしたファイル {len(rep.skipped)} 件'
                     '（report.json の skipped）。</p>')
    return "".join(parts)


def report_html(docs: list[PlanDocument], rep: Report) -> bytes:
    entries = {e.plan_id: e for e in rep.inputs if e.status == "ok"}
    docs = sorted_docs(docs)
    # plans with data first (in dataset order), then the ones without
    docs = [d for d in docs if d.projects or d.procedures or d.reviews] + \
        [d for d in docs if not (d.projects or d.procedures or d.reviews)]
    body = "".join(plan_html(d, entries.get(d.plan.plan_id)) for d in docs)
    page = ("<!DOCTYPE html>\n"
            '<html lang="ja"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width,initial-scale=1">'
            f"<title>plan-extract 抽出レポート</title><style>{CSS}</style></head><body>"
            f"<h1>plan-extract 抽出レポート</h1>"
            f'<p class="meta">plan-extract {_e(rep.extractor_version)} ・ schema_version '
            f"{rep.schema_version}</p>{summary_html(rep, overview_html(docs, entries))}"
            f"{body}</body></html>\n")
    return page.encode("utf-8")
