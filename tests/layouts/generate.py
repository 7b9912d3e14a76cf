"""Layout-variation generator: the records of records.py printed in every layout family (issue 9),
each as a pdftotext-like plain dump, as markdown and as a PDF.

    from tests.layouts.generate import FAMILIES, render
    files = render(out_dir, seed=0)          # {(family, form): path}

A family builds one abstract document (headings, paragraphs, ruled tables, page breaks) and the
expected records of what it prints; three writers print that document as a form. Everything is
decided by a random.Random seeded with (seed, family), so the same seed gives byte-identical
files, and the three forms of a family carry the same wording and perturbations:

- label wording drawn per card from the vocabulary's variants (extract/data/labels.toml), with
  justification spaces (担 当 課) on some labels;
- numbers glued to their label (No.1-1) or apart (No. 1-1), full-width digits (１-１) or not;
- paragraphs wrapped at a width chosen per document; a forced page break at a random row;
- in markdown, long table cells with the PDF's line breaks kept as <br>, or not;
- in the plain dump, a space each side of Latin and digit runs (令和 7 年度, RPA と) or not;
- running header and page number on every page after the cover (plain and PDF; markdown
  converters drop them); several cards to a page.
"""
from __future__ import annotations

import random
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional, Union

from tests.layouts import records as R

REPO = Path(__file__).resolve().parents[2]
# The one vocabulary of issue 9 (extract/structure/); before it existed, the card label table.
VOCABULARY_TOML = REPO / "extract" / "structure" / "vocabulary.toml"
LABELS_TOML = REPO / "extract" / "data" / "labels.toml"
FORMS = ("plain", "markdown", "pdf")
SUFFIX = {"plain": ".txt", "markdown": ".md", "pdf": ".pdf"}


# ------------------------------------------------------------------ vocabulary

def label_variants() -> dict[str, list[str]]:
    """Printed forms of every label the families print, by the field they fill: the card's
    fields (start_number: No. 項番 ..., which may be glued to the number; start_title: 事業名 ...;
    department, goal, measure, content, kpi, target, schedule), and the column headers of the
    tables (action / responsible, kpi_indicator / baseline / kpi_target, roadmap_name,
    table_name). Read from the extractor's vocabulary, so that a form added there is printed
    here. Forms that count only in brackets ((実施内容)) are not a card's label and are left out."""
    if VOCABULARY_TOML.exists():
        return _from_vocabulary(tomllib.loads(VOCABULARY_TOML.read_text(encoding="utf-8")))
    return _from_label_table(tomllib.loads(LABELS_TOML.read_text(encoding="utf-8")))


def _from_vocabulary(data: dict) -> dict[str, list[str]]:
    roles, ctx = data["roles"], data["contexts"]

    def forms(role_names, *, glued: Optional[bool] = None) -> list[str]:
        out = []
        for r in role_names:
            spec = roles[r]
            if spec.get("bracketed_only"):
                continue
            if glued is not None and bool(spec.get("glue_number")) != glued:
                continue
            out += [f for f in spec["forms"] if f not in out]
        return out

    card = ctx["card"]
    v = {f: forms(rs) for f, rs in card.items()}
    v["start_number"] = forms(card["start"], glued=True)
    v["start_title"] = forms(card["start"], glued=False)
    v["table_name"] = forms(card["start"], glued=False) + forms(card.get("name", []))
    v["action"] = forms(ctx["action"]["action"])
    v["responsible"] = forms(ctx["action"]["responsible"])
    v["kpi_indicator"] = forms(ctx["kpi"]["indicator"])
    v["baseline"] = forms(ctx["kpi"]["baseline"])
    v["kpi_target"] = forms(ctx["kpi"]["target"])
    v["roadmap_name"] = forms(ctx["roadmap"]["name"])
    review = ctx["review"]
    for f in ("number", "name", "department", "planned", "actual", "rating"):
        v[f"review_{f}"] = forms(review.get(f, []))
    return v


def _from_label_table(data: dict) -> dict[str, list[str]]:
    v = {role: list(forms) for role, forms in data["fields"].items()}
    v["content"] = [f for f in v["content"] if not f.startswith("(")]
    v["target"] = [f for f in v["kpi"] if f in ("目標値", "数値目標")]
    v["kpi"] = [f for f in v["kpi"] if f not in v["target"]]
    v["start_number"] = [f for f in v["start"] if "No" in f or "NO" in f or "番" in f]
    v["start_title"] = [f for f in v["start"] if f not in v["start_number"]]
    v["table_name"] = v["start_title"] + v["name"]
    # table headers the parsers of that time knew
    v.update(action=["目標"], responsible=["推進者", "担当課"], kpi_indicator=["指標", "成果指標"],
             baseline=["現状値"], kpi_target=["目標値"], roadmap_name=["個別施策名", "取組名"])
    return v


# ------------------------------------------------------------------ the abstract document

@dataclass
class Heading:
    text: str
    level: int = 2


@dataclass
class Para:
    """A line or paragraph; parts flagged True are labels (bold in markdown)."""
    parts: list[tuple[str, bool]]
    wrap: bool = True

    @property
    def text(self) -> str:
        return "".join(t for t, _ in self.parts)


@dataclass
class Cell:
    text: str
    span: int = 1
    label: bool = False          # a label cell: shaded in the PDF, maybe bold in markdown
    justify: bool = False        # 均等割付: characters spread over the cell
    rowspan: int = 1             # HTML tables only: merged with the cells below (whose places
                                 # the rows below keep as empty cells for the other forms)


@dataclass
class Row:
    cells: list[Cell]
    split_at: int = 0            # >0: the row breaks over a page after this many lines


@dataclass
class Table:
    rows: list[Row]
    widths: list[float]          # column width fractions, summing to 1
    html: bool = False           # markdown: an HTML <table> (MinerU, marker) instead of pipes


@dataclass
class Break:
    """A page break (Word's 改ページ, or a table reaching the bottom of the page)."""


@dataclass
class SideBySide:
    """Tables printed next to each other on one page (two cards to a page, in two columns).
    Only the PDF draws them side by side; the plain and markdown forms print them one after
    the other, as converters that follow the reading order do."""
    tables: list[Table]


Element = Union[Heading, Para, Table, Break, SideBySide]


@dataclass
class Style:
    """Per-document printing choices, drawn once from the family's random generator."""
    rng: random.Random
    full_width: bool
    wrap: int                    # characters per line of running text (plain dump)
    md_label: str                # how the markdown converter marks label cells: "", "**", "<b>"
    latin_spaces: bool           # plain dump: a space each side of a Latin/digit run (令和 7 年度)
    md_breaks: bool              # markdown: long cells keep the PDF's line breaks as <br>
    projects: list[R.Project] = field(default_factory=lambda: list(R.PROJECTS))
    labels: dict[str, list[str]] = field(default_factory=label_variants)

    @property
    def measures(self) -> list[R.Measure]:
        return [m for m in R.MEASURES if any(p.measure == m for p in self.projects)]

    @property
    def goals(self) -> list[str]:
        return [g for g in R.GOALS if any(m.goal == g for m in self.measures)]

    def projects_of(self, measure: R.Measure) -> list[R.Project]:
        return [p for p in self.projects if p.measure == measure]

    def digits(self, text: str) -> str:
        """As Word documents print numbers in Japanese text: single digits full-width
        (令和７年度, １-１), longer numbers half-width (令和10年度, 300手続)."""
        if not self.full_width:
            return text
        return _DIGIT_RUN.sub(lambda m: m.group().translate(_FW) if len(m.group()) == 1
                              else m.group(), text)

    def label(self, role: str) -> str:
        return self.rng.choice(self.labels[role])

    def spaced(self, label: str) -> tuple[str, bool]:
        """The label, sometimes with justification spaces (only all-Japanese labels get them)."""
        if 2 <= len(label) <= 5 and all(ord(ch) > 0x3000 for ch in label) \
                and self.rng.random() < 0.3:
            return " ".join(label), True
        return label, False


_FW = str.maketrans("0123456789", "０１２３４５６７８９")
_DIGIT_RUN = re.compile(r"[0-9][0-9,.]*")
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"


def years_text(st: Style) -> list[str]:
    return [st.digits(label) for label, _ in R.YEARS]


def target_text(st: Style, k: R.Kpi) -> str:
    value = f"{k.target:g}"
    era = next(label for label, fy in R.YEARS if fy == k.target_fy)
    return st.digits(f"{era}末までに{value}{k.unit}")


# ------------------------------------------------------------------ expected records

def expect(p: R.Project, fields: set[str], **over) -> dict:
    """The expected record of a project, limited to the fields a family prints."""
    full = {
        "number": p.number, "name": p.name, "goal": p.goal, "measure": p.measure.name,
        "departments": list(p.departments), "description": p.description,
        "parent_number": None,
        "kpis": [{"indicator": k.indicator, "target_value": k.target, "target_unit": k.unit,
                  "target_date": k.target_date} for k in p.kpis],
        "schedule": {fy: s for (_, fy), s in zip(R.YEARS, p.schedule) if s},
    }
    full.update(over)
    return {f: full[f] for f in full if f in fields}


# ------------------------------------------------------------------ families

CARD_FIELDS = {"number", "name", "goal", "measure", "departments", "description", "kpis",
               "schedule"}


def label_cell(st: Style, role: str) -> Cell:
    """A label cell of a ruled card, justified with spaces when the style says so."""
    text, spaced = st.spaced(st.label(role))
    return Cell(text, label=True, justify=spaced)


def card_body_rows(st: Style, p: R.Project) -> list[Row]:
    """A ruled card's rows after its number and name: goal, measure, department, content, the
    KPIs, and the year grid."""
    def lab(role: str) -> Cell:
        return label_cell(st, role)

    rows = [
        Row([lab("goal"), Cell(p.goal, span=4)]),
        Row([lab("measure"), Cell(p.measure.name, span=4)]),
        Row([lab("department"), Cell("、".join(p.departments), span=4)]),
        Row([lab("content"), Cell(st.digits(p.description), span=4)]),
    ]
    for k in p.kpis:
        rows.append(Row([lab("kpi"), Cell(k.indicator, span=4)]))
        rows.append(Row([lab("target"), Cell(target_text(st, k), span=4)]))
    rows.append(Row([lab("schedule")] + [Cell(y) for y in years_text(st)]))
    rows.append(Row([Cell("")] + [Cell(s) for s in p.schedule]))
    return rows


def card_rows(st: Style, p: R.Project, *, number_in_label: bool) -> list[Row]:
    """A ruled card with a label column: (label | value) rows and a year grid."""
    num = st.digits(p.number)
    if number_in_label:
        glue = st.label("start_number") + st.rng.choice(["", "", " "])
        rows = [Row([Cell(f"{glue}{num}", label=True), Cell(p.name, span=4)])]
    else:
        start = st.label(st.rng.choice(["start_number", "start_title"]))
        rows = [Row([Cell(start, label=True), Cell(f"{num} {p.name}", span=4)])]
    return rows + card_body_rows(st, p)


def card_widths(st: Style) -> list[float]:
    first = st.rng.choice([0.16, 0.18, 0.2, 0.22])
    return [first] + [(1 - first) / 4] * 4


def intro(st: Style) -> list[Element]:
    return [Heading(st.digits("第3章 取組の内容"), 1)]


def fam_ruled_cards(st: Style, *, number_in_label: bool) -> tuple[list[Element], list[dict]]:
    els = intro(st)
    widths = card_widths(st)
    for p in st.projects:
        els.append(Table(card_rows(st, p, number_in_label=number_in_label), widths))
    return els, [expect(p, CARD_FIELDS) for p in st.projects]


def fam_split_card(st: Style) -> tuple[list[Element], list[dict]]:
    """Ruled cards, every other one cut over a page break: inside its 事業内容 row (the value
    continues overleaf beside an empty label cell) or between two rows."""
    els = intro(st)
    widths = card_widths(st)
    for i, p in enumerate(st.projects):
        rows = card_rows(st, p, number_in_label=False)
        if i % 2 == 0:
            els.append(Table(rows, widths))
            continue
        cut = st.rng.choice(["inside", "between"])
        if cut == "inside":
            content = next(r for r in rows if r.cells[1].text == st.digits(p.description))
            content.split_at = st.rng.choice([1, 2])
            els.append(Table(rows, widths))
        else:
            at = st.rng.randint(2, len(rows) - 2)
            els += [Table(rows[:at], widths), Break(), Table(rows[at:], widths)]
    return els, [expect(p, CARD_FIELDS) for p in st.projects]


def fam_label_above(st: Style) -> tuple[list[Element], list[dict]]:
    """Ruled cards whose labels sit in a shaded row above their values."""
    els = intro(st)
    for p in st.projects:
        def lab(role: str, span: int = 1) -> Cell:
            text, spaced = st.spaced(st.label(role))
            return Cell(text, span=span, label=True, justify=spaced and span == 1)
        k = p.kpis[0]
        rows = [
            Row([Cell(st.label("start_number"), label=True), lab("table_name", 2),
                 lab("department", 2)]),
            Row([Cell(st.digits(p.number)), Cell(p.name, span=2),
                 Cell("、".join(p.departments), span=2)]),
            Row([lab("goal", 2), lab("measure", 3)]),
            Row([Cell(p.goal, span=2), Cell(p.measure.name, span=3)]),
            Row([lab("content", 5)]),
            Row([Cell(st.digits(p.description), span=5)]),
            Row([lab("kpi", 3), lab("target", 2)]),
            Row([Cell(k.indicator, span=3), Cell(target_text(st, k), span=2)]),
            Row([lab("schedule")] + [Cell(y, label=True) for y in years_text(st)]),
            Row([Cell("")] + [Cell(s) for s in p.schedule]),
        ]
        els.append(Table(rows, [0.16] + [0.21] * 4))
    return els, [expect(p, CARD_FIELDS) for p in st.projects]


def kv_card(st: Style, p: R.Project, *, alone: bool, mark: Callable[[str], list],
            inline_department: bool = False) -> list[Element]:
    """A card printed as label/value lines: `label value` on one line, or (alone) the label on
    its own line with the value on the lines below. mark() decorates a label (bold, brackets)."""
    def field_(role: str, value: str, *, force_alone: bool = False) -> list[Element]:
        text, _ = st.spaced(st.label(role))
        label = mark(text)
        if alone or force_alone:
            return [Para(label), Para([(value, False)])]
        sep = st.rng.choice(["：", " ", "　", ":"]) if not label[0][1] else " "
        return [Para(label + [(sep + value, False)])]

    num = st.digits(p.number)
    kind = st.rng.choice(["start_number", "start_title"])
    start = st.label(kind)
    if kind == "start_number" and st.rng.random() < 0.5:
        head = [(f"{start}{num} {p.name}", False)]            # glued: No.1-1
    else:
        head = [(f"{start} {num} {p.name}", False)]
    if inline_department:
        # the case 2: `No. 3-1 name **担当課** 情報政策課` on one line
        head += [(" ", False)] + mark(st.spaced(st.label("department"))[0]) \
            + [(" " + "、".join(p.departments), False)]
    els: list[Element] = [Para(head, wrap=False)]
    els += field_("goal", p.goal)
    els += field_("measure", p.measure.name)
    if not inline_department:
        els += field_("department", "、".join(p.departments))
    els += field_("content", st.digits(p.description), force_alone=True)
    for k in p.kpis:
        els += field_("kpi", k.indicator)
        els += field_("target", target_text(st, k))
    els += [Para(mark(st.label("schedule"))),
            Para([("  ".join(years_text(st)), False)], wrap=False),
            Para([("  ".join(p.schedule), False)], wrap=False)]
    return els


def fam_kv(st: Style, *, alone: bool, mark: Callable[[str], list],
           inline_department: bool = False) -> tuple[list[Element], list[dict]]:
    els = intro(st)
    for p in st.projects:
        els += kv_card(st, p, alone=alone, mark=mark, inline_department=inline_department)
    return els, [expect(p, CARD_FIELDS) for p in st.projects]


def plain_label(text: str) -> list:
    return [(text, False)]


def bold_label(text: str) -> list:
    return [(text, True)]


def fam_bracket(st: Style) -> tuple[list[Element], list[dict]]:
    pairs = ["【】", "［］", "＜＞", "〔〕"]
    pair = st.rng.choice(pairs)
    return fam_kv(st, alone=False, mark=lambda t: [(f"{pair[0]}{t}{pair[1]}", False)])


def fam_one_per_row(st: Style) -> tuple[list[Element], list[dict]]:
    """One project per row: 事業名 | 担当課 | 概要 | one column per fiscal year, the number in a
    No. column of its own or printed before the name (`1-1 電子申請サービスの拡充`)."""
    own_column = st.rng.random() < 0.5
    head = ([Cell(st.label("start_number"), label=True)] if own_column else []) + [
        Cell(st.label("table_name"), label=True),
        Cell(st.spaced(st.label("department"))[0], label=True),
        Cell(st.label("content"), label=True)] + [Cell(y, label=True) for y in years_text(st)]
    rows = [Row(head)]
    for p in st.projects:
        num = st.digits(p.number)
        first = [Cell(num), Cell(p.name)] if own_column else [Cell(f"{num} {p.name}")]
        rows.append(Row(first + [Cell("、".join(p.departments)), Cell(st.digits(p.description))]
                        + [Cell(s) for s in p.schedule]))
    widths = ([0.06, 0.16] if own_column else [0.22]) + [0.12, 0.34] + [0.08] * 4
    fields = {"number", "name", "departments", "description", "schedule"}
    return intro(st) + [Table(rows, widths)], [expect(p, fields) for p in st.projects]


def fam_roadmap(st: Style) -> tuple[list[Element], list[dict]]:
    """Short cards without a schedule, then one roadmap table at the end carrying it: measure
    rows (`2 窓口の改革`, year cells empty) and project rows (`2-1 書かない窓口の導入 | ...`)."""
    els = intro(st)
    widths = card_widths(st)
    for p in st.projects:
        rows = card_rows(st, p, number_in_label=False)
        els.append(Table([rows[0], rows[3], rows[4]], widths))   # number+name, department, content
    els.append(Heading(st.rng.choice(["ロードマップ", "工程表", "取組スケジュール"]), 2))
    rows = [Row([Cell(st.label("roadmap_name"), label=True)]
                + [Cell(y, label=True) for y in years_text(st)])]
    for m in st.measures:
        rows.append(Row([Cell(f"{st.digits(m.number)} {m.name}")] + [Cell("")] * 4))
        for p in st.projects_of(m):
            rows.append(Row([Cell(f"{st.digits(p.number)} {p.name}")]
                            + [Cell(s) for s in p.schedule]))
    els.append(Table(rows, [0.36, 0.16, 0.16, 0.16, 0.16]))
    fields = {"number", "name", "departments", "description", "measure", "schedule"}
    return els, [expect(p, fields) for p in st.projects]


def matrix_table(st: Style) -> list[Element]:
    """施策体系: goals as column headers (基本目標1 市民サービスの向上, the name maybe on a line of
    its own), each goal's measures below it, numbered (1) / ① / 施策1; in some plans a first
    column of row labels (基本目標 | 施策). Narrow columns wrap the longer names."""
    word = st.rng.choice(["基本目標", "目標"])
    sep = st.rng.choice([" ", "\n"])
    head = [Cell(f"{word}{st.digits(str(R.GOALS.index(g) + 1))}{sep}{g}", label=True)
            for g in st.goals]
    style = st.rng.choice(["({n}){name}", "({n}) {name}", "{c}{name}", "施策{n} {name}"])

    def measure(m: R.Measure) -> str:
        return style.format(n=st.digits(m.number), c=CIRCLED[int(m.number) - 1], name=m.name)

    cols = [[m for m in st.measures if m.goal == g] for g in st.goals]
    rows = [Row(head)] + [Row([Cell(measure(c[i]) if i < len(c) else "") for c in cols])
                          for i in range(max(len(c) for c in cols))]
    widths = [1 / len(st.goals)] * len(st.goals)
    if st.rng.random() < 0.4:
        labels = [Cell(word, label=True)] + [Cell("施策", label=True)] * (len(rows) - 1)
        rows = [Row([lab] + r.cells) for lab, r in zip(labels, rows)]
        widths = [0.13] + [0.87 / len(st.goals)] * len(st.goals)
    return [Heading(st.rng.choice(["施策体系", "計画の体系", "施策の体系"]), 1),
            Table(rows, widths)]


def fam_matrix(st: Style) -> tuple[list[Element], list[dict]]:
    """A 施策体系 matrix and no cards after it: the measures are the records."""
    exp = [{"number": m.number, "name": m.name, "goal": m.goal} for m in st.measures]
    return matrix_table(st), exp


def fam_matrix_cards(st: Style) -> tuple[list[Element], list[dict]]:
    """A 施策体系 matrix, then ruled cards that print neither goal nor measure: each card takes
    them from the matrix by its number (card 2-1 under measure (2))."""
    els = matrix_table(st) + intro(st)
    widths = card_widths(st)
    for p in st.projects:
        rows = card_rows(st, p, number_in_label=st.rng.random() < 0.5)
        els.append(Table([rows[0]] + rows[3:], widths))     # without the goal and measure rows
    return els, [expect(p, CARD_FIELDS) for p in st.projects]


def fam_matrix_list(st: Style) -> tuple[list[Element], list[dict]]:
    """施策体系 as a list: a 基本目標 | 施策 header (words from the vocabulary), one row per
    measure, the goal printed on its first measure's row and left blank below. No cards follow:
    the measures are the records."""
    goal_word = st.rng.choice(st.labels["goal"])
    style = st.rng.choice(["({n}){name}", "({n}) {name}", "{c}{name}", "施策{n} {name}"])
    rows = [Row([Cell(goal_word, label=True),
                 Cell(st.rng.choice(st.labels["measure"]), label=True)])]
    for g in st.goals:
        num = st.digits(str(R.GOALS.index(g) + 1))
        for k, m in enumerate(m for m in st.measures if m.goal == g):
            goal = f"{num} {g}" if k == 0 else ""
            rows.append(Row([Cell(goal), Cell(style.format(n=st.digits(m.number), name=m.name,
                                                           c=CIRCLED[int(m.number) - 1]))]))
    els = [Heading(st.rng.choice(["施策体系", "計画の体系", "施策の体系"]), 1),
           Table(rows, [0.45, 0.55])]
    return els, [{"number": m.number, "name": m.name, "goal": m.goal} for m in st.measures]


def fam_nested(st: Style) -> tuple[list[Element], list[dict]]:
    """Nested numbered headings, the departments in parentheses after each item:
    `1 市民サービスの向上` (or 基本目標1) / `(1) 手続のオンライン化` (or 施策(1)) /
    `① 電子申請サービスの拡充（情報政策課、関係各課）` followed by its description."""
    els = intro(st)
    for g in st.goals:
        gi = R.GOALS.index(g) + 1
        word = st.rng.choice(["", "基本目標", "目標"])
        els.append(Heading(st.digits(f"{word}{gi} {g}"), 2))
        for m in (m for m in st.measures if m.goal == g):
            word = st.rng.choice(["", "施策"])
            els.append(Heading(f"{word}({st.digits(m.number)}) {m.name}", 3))
            for p in st.projects_of(m):
                els.append(Para([(f"{CIRCLED[p.index - 1]} {p.name}（{'、'.join(p.departments)}）",
                                  False)], wrap=False))
                els.append(Para([(st.digits(p.description), False)]))
    fields = {"number", "name", "goal", "measure", "departments", "description"}
    return els, [expect(p, fields, number=(str(p.index), p.number)) for p in st.projects]


def fam_actions(st: Style) -> tuple[list[Element], list[dict]]:
    """Numbered actions with their own owners: under each 施策 `(1) ...`, a 目標 | 推進者 table
    of ① ② rows. The 施策 is a record; each action is one, its parent_number the 施策's."""
    els = intro(st)
    exp = []
    for m in st.measures:
        els.append(Heading(f"{st.rng.choice(['施策', ''])}({st.digits(m.number)}) {m.name}", 3))
        rows = [Row([Cell(st.label("action"), label=True),
                     Cell(st.label("responsible"), label=True)])]
        for p in st.projects_of(m):
            rows.append(Row([Cell(f"{CIRCLED[p.index - 1]}{p.name}"),
                             Cell("、".join(p.departments))]))
        els.append(Table(rows, [0.7, 0.3]))
        exp.append({"number": m.number, "name": m.name, "parent_number": None})
        exp += [{"number": (str(p.index), p.number), "name": p.name,
                 "departments": list(p.departments), "parent_number": m.number}
                for p in st.projects_of(m)]
    return els, exp


def fam_kpi_table(st: Style) -> tuple[list[Element], list[dict]]:
    """Under each 施策, a KPI table with a two-row header: 指標 | 現状値 | 目標値 over
    (令和5年度) | (令和10年度)."""
    els = intro(st)
    exp = []
    base = st.digits(R.BASE_YEAR[0])
    for m in st.measures:
        els.append(Heading(f"施策({st.digits(m.number)}) {m.name}", 3))
        target_year = st.digits(R.YEARS[-1][0])
        rows = [Row([Cell(st.label("kpi_indicator"), label=True),
                     Cell(st.label("baseline"), label=True),
                     Cell(st.label("kpi_target"), label=True)]),
                Row([Cell("", label=True), Cell(f"({base})", label=True),
                     Cell(f"({target_year})", label=True)])]
        kpis = []
        for p in st.projects_of(m):
            for k in p.kpis:
                rows.append(Row([Cell(k.indicator), Cell(st.digits(f"{k.baseline:g}{k.unit}")),
                                 Cell(st.digits(f"{k.target:g}{k.unit}"))]))
                kpis.append({"indicator": k.indicator, "target_value": k.target,
                             "target_unit": k.unit, "target_date": k.target_date,
                             "baseline_value": k.baseline})
        els.append(Table(rows, [0.5, 0.25, 0.25]))
        exp.append({"number": m.number, "name": m.name, "kpis": kpis})
    return els, exp


FAMILIES: dict[str, Callable[[Style], tuple[list[Element], list[dict]]]] = {
    "ruled_number_in_label": lambda st: fam_ruled_cards(st, number_in_label=True),
    "ruled_number_in_value": lambda st: fam_ruled_cards(st, number_in_label=False),
    "label_above_value": fam_label_above,
    "kv_one_line": lambda st: fam_kv(st, alone=False, mark=plain_label),
    "kv_label_alone": lambda st: fam_kv(st, alone=True, mark=plain_label),
    "bold_inline": lambda st: fam_kv(st, alone=False, mark=bold_label, inline_department=True),
    "bracket_inline": fam_bracket,
    "one_per_row": fam_one_per_row,
    "roadmap_at_end": fam_roadmap,
    "matrix": fam_matrix,
    "matrix_then_cards": fam_matrix_cards,
    "matrix_list": fam_matrix_list,
    "nested_headings": fam_nested,
    "numbered_actions": fam_actions,
    "kpi_two_row_header": fam_kpi_table,
    "split_card": fam_split_card,
}


# ------------------------------------------------------------------ probe families
# Arrangements of DOMAIN.md that the families above do not combine: written as another city would,
# to see what an unseen plan breaks.

CHECKED, UNCHECKED = "■", "□"
PROBE_FIELDS = CARD_FIELDS | {"category", "budget_jpy"}


def flags_text(st: Style, p: R.Project) -> str:
    """□新規 ■継続: the checked box is the value."""
    box = {c: CHECKED if R.category(p) == c else UNCHECKED for c in ("新規", "継続")}
    sep = st.rng.choice(["", " ", "　"])
    return f"{box['新規']}新規{sep}{box['継続']}継続"


def budget_text(st: Style, p: R.Project) -> str:
    return st.digits(f"{R.BUDGET_THOUSAND[p.number]:,}") + st.rng.choice([" 千円", "千円"])


def fam_item_number_cards(st: Style) -> tuple[list[Element], list[dict]]:
    """項番 | ① | 項目名 | name: the number and the name in value cells of their own beside two
    labels on the first row; then 区分 (□新規 ■継続) and 事業費 (792 千円) side by side on one row,
    and the usual rows. Numbered ①② through the plan, or 1-1 by measure (事業番号)."""
    els = intro(st)
    circled = st.rng.random() < 0.5
    exp = []
    for i, p in enumerate(st.projects):
        num = CIRCLED[i] if circled else st.digits(p.number)
        name_label = st.rng.choice(st.labels["name"] + st.labels["start_title"])
        rows = [
            Row([Cell(st.label("start_number"), label=True), Cell(num),
                 Cell(name_label, label=True), Cell(p.name, span=2)]),
            Row([label_cell(st, "category"), Cell(flags_text(st, p)), label_cell(st, "budget"),
                 Cell(budget_text(st, p), span=2)]),
        ] + card_body_rows(st, p)
        els.append(Table(rows, [0.16, 0.18, 0.16, 0.25, 0.25]))
        exp.append(expect(p, PROBE_FIELDS, number=str(i + 1) if circled else p.number,
                          category=R.category(p),
                          budget_jpy=R.BUDGET_THOUSAND[p.number] * 1000))
    return els, exp


ARROWS = ["→", "━━▶", "⇒", "―→"]


def bar_cells(st: Style, schedule: tuple[str, ...]) -> list[Cell]:
    """A roadmap row's year cells as an Excel roadmap draws them: a status that goes on for
    several years is one cell merged over them, its text with an arrow (実施→, ←運用→), or the
    status followed by arrow cells (→, ━━▶) in the years it continues. (A merged cell without an
    arrow is left out: in a text dump it cannot be told from a status and empty years.)"""
    cells, k = [], 0
    style = st.rng.choice(["merged", "arrows", "mixed"])
    while k < len(schedule):
        j = k
        while j + 1 < len(schedule) and schedule[j + 1] == schedule[k]:
            j += 1
        run = j - k + 1
        how = style if style != "mixed" else st.rng.choice(["merged", "arrows"])
        if run == 1:
            cells.append(Cell(schedule[k]))
        elif how == "merged":
            text = st.rng.choice(["{s}→", "←{s}→", "{s} ━━▶", "━{s}━▶"]).format(s=schedule[k])
            cells.append(Cell(text, span=run))
        else:
            arrow = st.rng.choice(ARROWS)
            cells += [Cell(schedule[k])] + [Cell(arrow) for _ in range(run - 1)]
        k = j + 1
    return cells


def fam_roadmap_bars(st: Style) -> tuple[list[Element], list[dict]]:
    """Short cards, then a roadmap (工程表) whose status bars are cells merged over several years
    or arrows marking continuation; every year a bar or an arrow covers has its status."""
    els = intro(st)
    widths = card_widths(st)
    for p in st.projects:
        rows = card_rows(st, p, number_in_label=False)
        els.append(Table([rows[0], rows[3], rows[4]], widths))
    els.append(Heading(st.rng.choice(["ロードマップ", "工程表", "取組スケジュール"]), 2))
    rows = [Row([Cell(st.label("roadmap_name"), label=True)]
                + [Cell(y, label=True) for y in years_text(st)])]
    for m in st.measures:
        rows.append(Row([Cell(f"{st.digits(m.number)} {m.name}")] + [Cell("")] * 4))
        for p in st.projects_of(m):
            rows.append(Row([Cell(f"{st.digits(p.number)} {p.name}")] + bar_cells(st, p.schedule)))
    els.append(Table(rows, [0.36, 0.16, 0.16, 0.16, 0.16]))
    fields = {"number", "name", "departments", "description", "measure", "schedule"}
    return els, [expect(p, fields) for p in st.projects]


def fam_outlook_card(st: Style) -> tuple[list[Element], list[dict]]:
    """Ruled cards whose schedule is an outlook sentence (実施見通し) rather than a year table:
    the sentence is the card's outlook, and no year of it is a schedule cell."""
    els = intro(st)
    widths = card_widths(st)
    exp = []
    for p in st.projects:
        rows = card_rows(st, p, number_in_label=st.rng.random() < 0.5)[:-2]
        text, spaced = st.spaced(st.rng.choice(st.labels["outlook"]))
        rows.append(Row([Cell(text, label=True, justify=spaced),
                         Cell(st.digits(R.outlook(p)), span=4)]))
        els.append(Table(rows, widths))
        exp.append(expect(p, CARD_FIELDS | {"outlook"}, schedule={}, outlook=R.outlook(p)))
    return els, exp


def fam_goal_sections(st: Style) -> tuple[list[Element], list[dict]]:
    """基本目標１ > 施策１－１ > ① 取組（担当課）: the goal a section heading (第1節 基本目標1 …),
    the measure numbered within its goal (施策1－1 …), each project a circled heading with its
    departments in brackets and a ruled card under it printing neither goal nor measure."""
    els: list[Element] = [Heading(st.digits("第3章 取組の内容"), 1)]
    dash = st.rng.choice(["－", "-", "‐"])
    exp = []
    for gi, g in enumerate(st.goals, start=1):
        els.append(Heading(st.digits(f"第{gi}節 基本目標{gi} {g}"), 2))
        for mi, m in enumerate((m for m in st.measures if m.goal == g), start=1):
            els.append(Heading(st.digits(f"施策{gi}{dash}{mi} {m.name}"), 3))
            for p in st.projects_of(m):
                deps = "、".join(p.departments)
                els.append(Para([(f"{CIRCLED[p.index - 1]} {p.name}（{deps}）", False)], wrap=False))
                rows = card_rows(st, p, number_in_label=False)[4:]     # content, KPI, schedule
                els.append(Table(rows, card_widths(st)))
                exp.append(expect(p, CARD_FIELDS,
                                  number=(str(p.index), f"{gi}-{mi}-{p.index}", p.number)))
    return els, exp


def fam_review_rating(st: Style) -> tuple[list[Element], list[dict]]:
    """The previous plan's review: No | 取組名 | 担当課 | 計画 | 実績 | 評価, the last column a
    rating - letter grades (A/B/C) or marks (◎○△×) - instead of an achieved ○. The rows are
    reviews (reviews.csv), not projects; a mark says achieved (◎○) or not (×), a letter grade
    or △ leaves it open."""
    marks = st.rng.random() < 0.5
    head = [st.label("review_number"), st.label("review_name"), st.label("review_department"),
            st.label("review_planned"), st.label("review_actual"), st.label("review_rating")]
    rows = [Row([Cell(h, label=True) for h in head])]
    exp = []
    for p in st.projects:
        actual, grade = R.review_of(p, marks)
        rows.append(Row([Cell(st.digits(p.number)), Cell(p.name), Cell(p.departments[0]),
                         Cell("実施"), Cell(actual), Cell(grade)]))
        exp.append({"number": p.number, "name": p.name, "department": p.departments[0],
                    "planned_raw": "実施", "actual_raw": actual,
                    "achieved": {"◎": True, "○": True, "×": False}.get(grade)})
    heading = Heading(st.rng.choice(["前計画の取組状況", "前計画の振り返り", "これまでの取組の評価"]), 1)
    return [heading, Table(rows, [0.08, 0.34, 0.18, 0.13, 0.15, 0.12])], exp


def fam_kv_flags(st: Style) -> tuple[list[Element], list[dict]]:
    """Label/value lines with what some cities print around the card's name: the boxes on the
    name line (`No.1-1 電子申請サービスの拡充 □新規 ■継続`), 事業費 on a line (事業費：792千円),
    and an outlook sentence (実施見通し) where the year table would be."""
    els = intro(st)
    exp = []
    for p in st.projects:
        def line(role: str, value: str) -> Para:
            text, _ = st.spaced(st.label(role))
            return Para([(text + st.rng.choice(["：", " ", "　"]) + value, False)])
        start = st.label(st.rng.choice(["start_number", "start_title"]))
        els.append(Para([(f"{start} {st.digits(p.number)} {p.name}　{flags_text(st, p)}", False)],
                        wrap=False))
        els += [line("department", "、".join(p.departments)),
                line("budget", budget_text(st, p)),
                line("content", st.digits(p.description)),
                line("outlook", st.digits(R.outlook(p)))]
        exp.append(expect(p, {"number", "name", "departments", "description", "category",
                              "budget_jpy", "outlook", "schedule"}, schedule={},
                          category=R.category(p), budget_jpy=R.BUDGET_THOUSAND[p.number] * 1000,
                          outlook=R.outlook(p)))
    return els, exp


def fam_two_columns(st: Style) -> tuple[list[Element], list[dict]]:
    """Compact ruled cards two to a row of the page: number and name, department, content,
    indicator and target; the PDF draws each pair side by side."""
    els = intro(st)
    cards = []
    for p in st.projects:
        def lab(role: str) -> Cell:
            text, spaced = st.spaced(st.label(role))
            return Cell(text, label=True, justify=spaced)
        k = p.kpis[0]
        rows = [Row([Cell(st.label("start_number") + " " + st.digits(p.number), label=True),
                     Cell(p.name)]),
                Row([lab("department"), Cell("、".join(p.departments))]),
                Row([lab("content"), Cell(st.digits(p.description))]),
                Row([lab("kpi"), Cell(k.indicator)]),
                Row([lab("target"), Cell(target_text(st, k))])]
        cards.append(Table(rows, [0.3, 0.7]))
    for i in range(0, len(cards), 2):
        els.append(SideBySide(cards[i:i + 2]))
    fields = {"number", "name", "departments", "description", "kpis"}
    return els, [expect(p, fields) for p in st.projects]


# ------------------------------------------------------------------ second probe
# Year headers, KPI grids and converter output that the families above never print.

def year_header_forms(st: Style) -> list[str]:
    """The year columns as some plans head them: R7, 2025年度, 令和7 without 年度, or the era
    printed once (令和7年度 | 8年度 | 9年度 | 10年度)."""
    style = st.rng.choice(["R{n}", "R{n}年度", "{fy}年度", "令和{n}", "first_era"])
    out = []
    for i, (label, fy) in enumerate(R.YEARS):
        n = fy - 2018
        if style == "first_era":
            out.append(label if i == 0 else f"{n}年度")
        else:
            out.append(style.format(n=n, fy=fy))
    return [st.digits(y) for y in out]


def fam_year_headers(st: Style) -> tuple[list[Element], list[dict]]:
    """Ruled cards whose year grid is headed R7 / 2025年度 / 令和7 / 令和7年度 8年度 ..."""
    els = intro(st)
    widths = card_widths(st)
    years = year_header_forms(st)
    for p in st.projects:
        rows = card_rows(st, p, number_in_label=st.rng.random() < 0.5)
        rows[-2] = Row([rows[-2].cells[0]] + [Cell(y) for y in years])
        els.append(Table(rows, widths))
    return els, [expect(p, CARD_FIELDS) for p in st.projects]


def fam_card_kpi_grid(st: Style) -> tuple[list[Element], list[dict]]:
    """Ruled cards whose KPI is a small table inside the card: 成果指標 beside a header row
    指標名 | 現状値（令和5年度） | 目標値（令和10年度） and the indicator's row below it."""
    els = intro(st)
    widths = card_widths(st)
    base, last = st.digits(R.BASE_YEAR[0]), st.digits(R.YEARS[-1][0])
    paren = st.rng.choice(["（{}）", "({})", "\n({})"])
    exp = []
    for p in st.projects:
        rows = card_rows(st, p, number_in_label=st.rng.random() < 0.5)
        kpi_at = next(i for i, r in enumerate(rows) if r.cells[1].text == p.kpis[0].indicator)
        text, spaced = st.spaced(st.label("kpi"))
        grid = [Row([Cell(text, label=True, justify=spaced),
                     Cell(st.label("kpi_indicator"), span=2, label=True),
                     Cell(st.label("baseline") + paren.format(base),
                          label=True),
                     Cell(st.label("kpi_target") + paren.format(last),
                          label=True)])]
        for k in p.kpis:
            grid.append(Row([Cell(""), Cell(k.indicator, span=2),
                             Cell(st.digits(f"{k.baseline:g}{k.unit}")),
                             Cell(st.digits(f"{k.target:g}{k.unit}"))]))
        rows[kpi_at:kpi_at + 2 * len(p.kpis)] = grid
        els.append(Table(rows, widths))
        e = expect(p, CARD_FIELDS)
        for k, ek in zip(p.kpis, e["kpis"]):
            ek["baseline_value"] = k.baseline
        exp.append(e)
    return els, exp


def fam_html_cards(st: Style) -> tuple[list[Element], list[dict]]:
    """Ruled cards as a converter that writes HTML tables into markdown draws them (MinerU,
    marker): <td colspan=4> values, the schedule label merged over the year row and the status
    row (rowspan=2). Plain and PDF print the same cards ruled."""
    els = intro(st)
    widths = card_widths(st)
    for p in st.projects:
        rows = card_rows(st, p, number_in_label=st.rng.random() < 0.5)
        rows[-2].cells[0].rowspan = 2
        els.append(Table(rows, widths, html=True))
    return els, [expect(p, CARD_FIELDS) for p in st.projects]


FAMILIES.update({
    "two_columns": fam_two_columns,
    "kv_flags_outlook": fam_kv_flags,
    "review_rating": fam_review_rating,
    "item_number_cards": fam_item_number_cards,
    "roadmap_bars": fam_roadmap_bars,
    "outlook_card": fam_outlook_card,
    "goal_sections": fam_goal_sections,
    "year_headers": fam_year_headers,
    "card_kpi_grid": fam_card_kpi_grid,
    "html_cards": fam_html_cards,
})


def build(family: str, seed: int = 0, limit: Optional[int] = None
          ) -> tuple[list[Element], list[dict], Style]:
    """The abstract document (cover first) and expected records of one family, for the first `limit` projects
    (all by default; fewer give the smallest failing input). A forced page break goes before a
    random element or inside a random table (between two of its rows)."""
    rng = random.Random(f"{seed}:{family}")
    st = Style(rng=rng, projects=list(R.PROJECTS[:limit]), full_width=rng.random() < 0.5,
               wrap=rng.randint(22, 44), md_label=rng.choice(["", "**", "<b>"]),
               latin_spaces=rng.random() < 0.5, md_breaks=rng.random() < 0.5)
    els, exp = FAMILIES[family](st)
    tables = [i for i, e in enumerate(els) if isinstance(e, Table) and len(e.rows) > 3]
    if tables and rng.random() < 0.7:
        i = rng.choice(tables)
        t = els[i]
        at = rng.randint(2, len(t.rows) - 1)
        els[i:i + 1] = [Table(t.rows[:at], t.widths, t.html), Break(),
                         Table(t.rows[at:], t.widths, t.html)]
    elif len(els) > 4:
        i = rng.randint(2, len(els) - 1)
        els.insert(i, Break())
    return cover(st) + els, exp, st


def cover(st: Style) -> list[Element]:
    """Cover page (title, period, date, city) and, in some documents, the period stated only in
    a sentence of the introduction."""
    title = st.rng.choice([Heading(R.TITLE, 1), Para([(R.TITLE, False)], wrap=False)])
    period = st.rng.choice(["計画期間 令和7年度～令和10年度", "計画期間：令和7年度から令和10年度まで",
                            None])
    els: list[Element] = [title]
    if period:
        els.append(Para([(st.digits(period), False)], wrap=False))
    els += [Para([(st.digits("令和7年3月"), False)], wrap=False),
            Para([(R.CITY, False)], wrap=False), Break()]
    if not period:
        els += [Heading(st.digits("第1章 計画の概要"), 1), Heading("計画期間", 2),
                Para([(st.digits("本計画の計画期間は、令和7年度から令和10年度までの4年間とします。"),
                       False)])]
    return els


# ------------------------------------------------------------------ writers

from tests.layouts import writers  # noqa: E402  (writers use the element classes above)


def render(out_dir: Path, seed: int = 0, families: Optional[list[str]] = None,
           forms: tuple[str, ...] = FORMS, limit: Optional[int] = None
           ) -> dict[tuple[str, str], tuple[Path, list[dict]]]:
    """Write every family x form into out_dir; returns {(family, form): (path, expected)}."""
    out_dir.mkdir(parents=True, exist_ok=True)
    result = {}
    for fam in families or list(FAMILIES):
        for form in forms:
            els, exp, st = build(fam, seed, limit)
            path = out_dir / f"{fam}{SUFFIX[form]}"
            writers.WRITERS[form](els, st, path)
            result[(fam, form)] = (path, exp)
    return result
