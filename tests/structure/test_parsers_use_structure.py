"""Parsers take label words from extract/structure (issue 9: each label variant lives in exactly
one data file). A string in a parser or reader whose words include a printed form of a
vocabulary role is a second copy of that label: it belongs in vocabulary.toml (a role's forms or
a [values] list) or patterns.py. Docstrings, f-strings and warning messages are prose, not
labels, and are not looked at."""
from __future__ import annotations

import ast
from pathlib import Path

import regex

from extract.structure.vocabulary import label_key, vocabulary

EXTRACT = Path(__file__).resolve().parents[2] / "extract"
SCANNED = ("parsers", "readers")
# Strings that hold a form's word for another purpose, with the reason.
ALLOWED = {
    ("catalog.py", "手続き"): "catalog name folding (手続き -> 手続) before matching, not a label",
    ("catalog.py", "手続"): "catalog name folding (手続き -> 手続) before matching, not a label",
}
# Where a string is cut into words: regex syntax, brackets, separators, spaces.
_WORD_BREAK = regex.compile(r"[|()\[\]?*+{}^$\\\s,、:：.．<>＜＞【】［］「」（）]+")


def _forms() -> dict[str, str]:
    """label key -> role, for forms with kanji or katakana of two or more characters (single
    characters and kana-only words are too common to tell a label by)."""
    out = {}
    for role in vocabulary().roles.values():
        for form in role.forms:
            if len(form) >= 2 and regex.search(r"[\p{Han}\p{Katakana}]", form):
                out[label_key(form)] = role.name
    return out


def _code_strings(tree: ast.AST):
    """String constants that are code, not prose: docstrings, f-string parts and the message
    arguments of .warn(...) are left out."""
    prose: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                prose.add(id(body[0].value))
        elif isinstance(node, ast.JoinedStr):
            prose.update(id(x) for x in ast.walk(node))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and node.func.attr == "warn":
            for arg in node.args[1:]:
                prose.update(id(x) for x in ast.walk(arg))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in prose:
            yield node


def label_literals(path: Path) -> list[tuple[int, str, str]]:
    """(line, word, role) of every vocabulary form written as a word of a code string."""
    forms = _forms()
    found = []
    for node in _code_strings(ast.parse(path.read_text(encoding="utf-8"))):
        for word in _WORD_BREAK.split(node.value):
            key = label_key(word)
            if key in forms and (path.name, word) not in ALLOWED:
                found.append((node.lineno, word, forms[key]))
    return found


def test_parsers_and_readers_hold_no_label_of_the_vocabulary():
    files = sorted(p for d in SCANNED for p in (EXTRACT / d).glob("*.py"))
    assert len(files) > 10
    found = [f"{p.relative_to(EXTRACT)}:{line}: {word} ({role})"
             for p in files for line, word, role in label_literals(p)]
    assert found == [], "labels written in code (move them to extract/structure):\n" + "\n".join(found)


def test_the_scan_finds_a_label_in_code_and_passes_prose_over(tmp_path: Path):
    src = tmp_path / "parser.py"
    src.write_text(
        '"""Reads 担当課 cells."""\n'
        'import regex\n'
        'NAME = regex.compile(r"^(?:事業名|施策名)\\s*(?P<v>.+)$")\n'
        'def f(out, x):\n'
        '    out.warn("code", "担当課が空です")\n'
        '    return f"{x} の 担当課"\n', encoding="utf-8")
    assert [(line, word) for line, word, _ in label_literals(src)] == [(3, "事業名"), (3, "施策名")]
