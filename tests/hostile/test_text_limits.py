"""Bounded cost on text (issue 10.7): a text file over MAX_TEXT_BYTES is refused before it is
read, a line over MAX_LINE_CHARS is cut with a warning naming the line, and a text file past the
time limit is not blamed on "a pathological page". Time and memory: bench/hostile.py."""
from __future__ import annotations

from pathlib import Path

from extract.batch import _timed_out
from extract.pipeline import extract_one
from extract.readers import MAX_LINE_CHARS, MAX_TEXT_BYTES, cut_long_lines

KAMOME = Path(__file__).resolve().parents[1] / "badinputs" / "good" / "kamome_utf8.txt"


def test_a_text_file_over_the_size_limit_is_refused_unread(tmp_path):
    big = tmp_path / "huge_dump.txt"
    with big.open("wb") as f:
        f.write("計画\n".encode())
        f.truncate(MAX_TEXT_BYTES + 1)           # sparse: costs no disk, would cost reading
    r = extract_one(big)
    assert r.doc is None
    assert r.error.startswith("huge_dump.txt: テキストが大きすぎる")
    assert f"上限 {MAX_TEXT_BYTES // 2**20} MB" in r.error


def test_a_line_over_the_limit_is_cut_and_named(tmp_path):
    lines = KAMOME.read_text(encoding="utf-8").split("\n")
    at = lines.index("取組内容 ") + 2                  # the description's first line (1-based)
    lines[at - 1] += "あ" * (3 * MAX_LINE_CHARS)
    path = tmp_path / "long_line.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    r = extract_one(path)
    cut = [w for w in r.doc.warnings if w.code == "line_truncated"]
    assert [(w.source.line, w.message.split(":")[0]) for w in cut] == [(at, f"long_line.txt {at}行目")]
    assert len(r.doc.projects) == 2                    # the rest of the plan is read as before
    assert max(len(p.description or "") for p in r.doc.projects) <= MAX_LINE_CHARS + 200


def test_cut_long_lines_names_every_cut_line():
    text = "a\n" + "x" * (MAX_LINE_CHARS + 5) + "\nb\n" + "y" * (MAX_LINE_CHARS * 2)
    out, cut = cut_long_lines(text)
    assert cut == [(2, MAX_LINE_CHARS + 5), (4, MAX_LINE_CHARS * 2)]
    assert [len(ln) for ln in out.split("\n")] == [1, MAX_LINE_CHARS, 1, MAX_LINE_CHARS]
    assert cut_long_lines("short\nlines") == ("short\nlines", [])


def test_the_timeout_message_fits_the_input_kind():
    assert "時間のかかりすぎるページ" in _timed_out(Path("plan.pdf"), 600).error
    text = _timed_out(Path("dump.txt"), 600).error
    assert "page" not in text and "テキストが大きすぎる" in text
