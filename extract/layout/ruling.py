"""Ruling lines -> grids of cells (pdfplumber's table.py pipeline, on PyMuPDF drawings).

edges from drawings -> snapped and joined edges -> connected groups of crossing edges ->
one grid per group: the distinct x of its vertical edges and y of its horizontal edges cut it
into elementary cells; neighbours with no ruling between them are one merged cell (colspan /
rowspan); a merged cell counts only when ruling encloses it on all four sides.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from operator import attrgetter

from .settings import LayoutSettings

# An edge: [position across, start along, end along]; horizontal: [y, x0, x1], vertical: [x, top, bottom].
Edge = list


def _is_white(color) -> bool:
    return color is not None and len(color) >= 3 and min(color[:3]) > 0.95


def edges_from_drawings(paths: list[dict], s: LayoutSettings) -> tuple[list[Edge], list[Edge]]:
    """Horizontal and vertical edges of lines, thin rectangles and rectangle sides."""
    h: list[Edge] = []
    v: list[Edge] = []
    for path in paths:
        kind = path.get("type", "")
        # A white fill with no stroke hides things; its sides are not ruling.
        if kind == "f" and _is_white(path.get("fill")):
            continue
        if "s" in kind and "f" not in kind and _is_white(path.get("color")):
            continue
        for item in path["items"]:
            op = item[0]
            if op == "l":
                (x0, y0), (x1, y1) = item[1], item[2]
                if abs(y1 - y0) <= s.axis_tol:
                    h.append([(y0 + y1) / 2, min(x0, x1), max(x0, x1)])
                elif abs(x1 - x0) <= s.axis_tol:
                    v.append([(x0 + x1) / 2, min(y0, y1), max(y0, y1)])
                continue
            if op == "re":
                x0, y0, x1, y1 = item[1]
            elif op == "qu":
                pts = item[1]
                xs_, ys_ = [p[0] for p in pts], [p[1] for p in pts]
                x0, y0, x1, y1 = min(xs_), min(ys_), max(xs_), max(ys_)
            else:
                continue
            x0, x1 = min(x0, x1), max(x0, x1)
            y0, y1 = min(y0, y1), max(y0, y1)
            w, ht = x1 - x0, y1 - y0
            if ht <= s.thin_rect and w > ht:
                h.append([(y0 + y1) / 2, x0, x1])
            elif w <= s.thin_rect and ht > w:
                v.append([(x0 + x1) / 2, y0, y1])
            elif "s" in kind and w > s.thin_rect and ht > s.thin_rect:
                # A stroked box; a large fill alone is cell shading, not ruling.
                h += [[y0, x0, x1], [y1, x0, x1]]
                v += [[x0, y0, y1], [x1, y0, y1]]
    return h, v


def vectors_are_boxes(vectors: list[dict]) -> bool:
    """Are all vector blocks single rectangles (then their boxes are all we need)?"""
    return all(v["isrect"] and not v["continues"] for v in vectors)


def edges_from_vectors(vectors: list[dict], s: LayoutSettings) -> tuple[list[Edge], list[Edge]]:
    """Edges from PyMuPDF's vector blocks when every one is a rectangle: a thin box is a line
    (stroked or filled), a stroked larger box has four sides, a filled larger box is shading."""
    h: list[Edge] = []
    v: list[Edge] = []
    for vec in vectors:
        if vec["color"] == 0xFFFFFF:
            continue
        x0, y0, x1, y1 = vec["bbox"]
        w, ht = x1 - x0, y1 - y0
        if ht <= s.thin_rect and w > ht:
            h.append([(y0 + y1) / 2, x0, x1])
        elif w <= s.thin_rect and ht > w:
            v.append([(x0 + x1) / 2, y0, y1])
        elif vec["stroked"] and w > s.thin_rect and ht > s.thin_rect:
            h += [[y0, x0, x1], [y1, x0, x1]]
            v += [[x0, y0, y1], [x1, y0, y1]]
    return h, v


def cluster_values(values: list[float], tol: float) -> list[float]:
    """Sorted values grouped when each is within tol of the group's first; group means."""
    out: list[float] = []
    group: list[float] = []
    for val in sorted(values):
        if group and val - group[0] > tol:
            out.append(sum(group) / len(group))
            group = []
        group.append(val)
    if group:
        out.append(sum(group) / len(group))
    return out


def snap_and_join(edges: list[Edge], s: LayoutSettings) -> list[Edge]:
    """Parallel edges within snap_tol share one position; overlapping/near collinear ones merge."""
    if not edges:
        return []
    edges = sorted(edges, key=lambda e: e[0])
    snapped: list[Edge] = []
    group = [edges[0]]
    for e in edges[1:] + [None]:
        if e is not None and e[0] - group[0][0] <= s.snap_tol:
            group.append(e)
            continue
        pos = sum(g[0] for g in group) / len(group)
        spans = sorted((g[1], g[2]) for g in group)
        a0, a1 = spans[0]
        for b0, b1 in spans[1:]:
            if b0 <= a1 + s.join_tol:
                a1 = max(a1, b1)
            else:
                snapped.append([pos, a0, a1])
                a0, a1 = b0, b1
        snapped.append([pos, a0, a1])
        group = [e]
    return [e for e in snapped if e[2] - e[1] >= s.edge_min_length]


def _find(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def edge_groups(h: list[Edge], v: list[Edge], s: LayoutSettings) -> list[tuple[list, list]]:
    """Connected groups of crossing horizontal and vertical edges."""
    tol = s.intersection_tol
    v_sorted = sorted(range(len(v)), key=lambda j: v[j][0])
    v_x = [v[j][0] for j in v_sorted]
    parent = list(range(len(h) + len(v)))
    for i, (y, x0, x1) in enumerate(h):
        for k in range(bisect_left(v_x, x0 - tol), bisect_right(v_x, x1 + tol)):
            j = v_sorted[k]
            _, top, bottom = v[j]
            if top - tol <= y <= bottom + tol:
                a, b = _find(parent, i), _find(parent, len(h) + j)
                if a != b:
                    parent[a] = b
    groups: dict[int, tuple[list, list]] = {}
    for i, e in enumerate(h):
        groups.setdefault(_find(parent, i), ([], []))[0].append(e)
    for j, e in enumerate(v):
        groups.setdefault(_find(parent, len(h) + j), ([], []))[1].append(e)
    return [g for g in groups.values() if len(g[0]) >= 2 and len(g[1]) >= 2]


@dataclass
class GridCell:
    row: int
    col: int
    rowspan: int
    colspan: int
    bbox: tuple[float, float, float, float]
    chars: list = field(default_factory=list)


@dataclass
class Grid:
    xs: list[float]            # column borders, left to right
    ys: list[float]            # row borders, top to bottom
    cells: list[GridCell]
    lookup: dict[tuple[int, int], int]   # elementary (row, col) -> index into cells

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (self.xs[0], self.ys[0], self.xs[-1], self.ys[-1])

    @property
    def nrows(self) -> int:
        return len(self.ys) - 1

    @property
    def ncols(self) -> int:
        return len(self.xs) - 1

    def cell_at(self, x: float, y: float):
        """The cell containing a point, or None."""
        xs, ys = self.xs, self.ys
        if not (xs[0] <= x <= xs[-1] and ys[0] <= y <= ys[-1]):
            return None
        # Inside, so bisect_right >= 1; a point on the last border belongs to the last cell.
        c = bisect_right(xs, x) - 1
        if c == len(xs) - 1:
            c -= 1
        r = bisect_right(ys, y) - 1
        if r == len(ys) - 1:
            r -= 1
        idx = self.lookup.get((r, c))
        return None if idx is None else self.cells[idx]


def _borders(edges: list[Edge], positions: list[float], tol: float) -> list[list[tuple]]:
    """For each grid position, the spans of the edges lying on it."""
    out: list[list[tuple]] = [[] for _ in positions]
    for pos, a0, a1 in edges:
        k = bisect_left(positions, pos - tol)
        if k < len(positions) and abs(positions[k] - pos) <= tol:
            out[k].append((a0, a1))
    return out


def _covered(spans: list[tuple], a: float, b: float, share: float) -> bool:
    """Do the spans cover at least `share` of [a, b]?"""
    need = share * (b - a)
    if len(spans) == 1:
        s0, s1 = spans[0]
        return (s1 if s1 < b else b) - (s0 if s0 > a else a) >= need
    got = 0.0
    for s0, s1 in spans:
        if s1 <= a or s0 >= b:
            continue
        got += (s1 if s1 < b else b) - (s0 if s0 > a else a)
        if got >= need:
            return True
    return False


def _open_ends(v: list[Edge], xs: list[float], ys: list[float], s: LayoutSettings) -> list[Edge]:
    """Closing rules for a table cut open by the page break: when most column rules run on
    past the last (or start before the first) row rule, a row ends where they end."""
    out = []
    tol = s.snap_tol * 2
    below = [e[2] for e in v if e[2] > ys[-1] + tol]
    if len(below) * 2 >= len(xs):
        out.append([max(below), xs[0], xs[-1]])
    above = [e[1] for e in v if e[1] < ys[0] - tol]
    if len(above) * 2 >= len(xs):
        out.append([min(above), xs[0], xs[-1]])
    return out


def build_grid(h: list[Edge], v: list[Edge], s: LayoutSettings):
    """One group of edges -> a Grid of enclosed (possibly merged) cells, or None."""
    # Rules closer than a cell can be (double rules) are one border.
    tol = max(s.snap_tol, s.min_cell_size)
    xs = cluster_values([e[0] for e in v], tol)
    ys = cluster_values([e[0] for e in h], tol)
    h = h + _open_ends(v, xs, ys, s)
    ys = cluster_values([e[0] for e in h], tol)
    nr, nc = len(ys) - 1, len(xs) - 1
    if nr < 1 or nc < 1:
        return None
    vb, hb = _borders(v, xs, tol), _borders(h, ys, tol)
    share = s.border_cover
    # V[j][r]: ruling on column border j along row r; H[i][c]: on row border i along column c.
    V = [[_covered(vb[j], ys[r], ys[r + 1], share) for r in range(nr)] for j in range(nc + 1)]
    H = [[_covered(hb[i], xs[c], xs[c + 1], share) for c in range(nc)] for i in range(nr + 1)]

    parent = list(range(nr * nc))
    for r in range(nr):
        for c in range(nc):
            k = r * nc + c
            if c + 1 < nc and not V[c + 1][r]:
                parent[_find(parent, k)] = _find(parent, k + 1)
            if r + 1 < nr and not H[r + 1][c]:
                parent[_find(parent, k)] = _find(parent, k + nc)
    members: dict[int, list[int]] = {}
    for k in range(nr * nc):
        members.setdefault(_find(parent, k), []).append(k)

    cells: list[GridCell] = []
    enclosed = 0
    for ks in members.values():
        if len(ks) == 1:
            r, c = divmod(ks[0], nc)
            if H[r][c] and H[r + 1][c] and V[c][r] and V[c + 1][r]:   # the common case
                enclosed += 1
                cells.append(GridCell(r, c, 1, 1, (xs[c], ys[r], xs[c + 1], ys[r + 1])))
                continue
            r0, r1, c0, c1 = r, r + 1, c, c + 1
        else:
            r0, c0 = divmod(ks[0], nc)
            r1, c1 = r0 + 1, c0 + 1
            for k in ks:
                r, c = divmod(k, nc)
                r1, c0, c1 = max(r1, r + 1), min(c0, c), max(c1, c + 1)
        if len(ks) == (r1 - r0) * (c1 - c0) and \
                all(H[r0][c] and H[r1][c] for c in range(c0, c1)) and \
                all(V[c0][r] and V[c1][r] for r in range(r0, r1)):
            enclosed += 1
            cells.append(GridCell(r0, c0, r1 - r0, c1 - c0, (xs[c0], ys[r0], xs[c1], ys[r1])))
            continue
        # Not an enclosed rectangle (a tree of 款/項/目 labels without rules between sub-rows,
        # an open corner): read it row by row, split where ruling separates columns.
        by_row: dict[int, list[int]] = {}
        for k in ks:
            by_row.setdefault(k // nc, []).append(k % nc)
        for r in sorted(by_row):
            run: list[int] = []
            for c in sorted(by_row[r]) + [None]:
                if c is not None and run and c == run[-1] + 1 and not V[c][r]:
                    run.append(c)
                    continue
                if run:
                    a, b = run[0], run[-1] + 1
                    cells.append(GridCell(r, a, 1, b - a, (xs[a], ys[r], xs[b], ys[r + 1])))
                run = [c]
    if enclosed < s.min_cells:
        return None
    cells.sort(key=attrgetter("row", "col"))
    lookup = {(r, c): i for i, g in enumerate(cells)
              for r in range(g.row, g.row + g.rowspan) for c in range(g.col, g.col + g.colspan)}
    return Grid(xs, ys, cells, lookup)


def find_grids(h: list[Edge], v: list[Edge], s: LayoutSettings,
               centers: list[tuple[float, float]] | None = None) -> list[Grid]:
    """All ruled grids formed by a page's edges. With `centers` (of the page's words), edge
    groups holding fewer than two of them (chart gridlines, empty frames) are not built."""
    h, v = snap_and_join(h, s), snap_and_join(v, s)
    if len(h) < 2 or len(v) < 2:
        return []
    grids = []
    for gh, gv in edge_groups(h, v, s):
        if centers is not None and _points_inside(gh, gv, centers) < s.min_cells:
            continue
        grid = build_grid(gh, gv, s)
        if grid is not None:
            grids.append(grid)
    return grids


def _points_inside(h: list[Edge], v: list[Edge], centers: list[tuple[float, float]]) -> int:
    x0 = min(e[0] for e in v)
    x1 = max(e[0] for e in v)
    y0 = min(e[0] for e in h)
    y1 = max(e[0] for e in h)
    n = 0
    for cx, cy in centers:
        if x0 <= cx <= x1 and y0 <= cy <= y1:
            n += 1
            if n >= 2:
                break
    return n
