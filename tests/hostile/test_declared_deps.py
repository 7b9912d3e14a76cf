"""Every library the installed package imports is declared in pyproject.toml (issue 10.9):
`plan-extract validate` crashed with ModuleNotFoundError: jsonschema after a plain `pip install .`."""
from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PACKAGES = ("extract", "normalize", "schemas")


def imported_top_level_modules() -> dict[str, Path]:
    """Top-level module -> first file importing it, over the installed packages' code."""
    found: dict[str, Path] = {}
    for pkg in PACKAGES:
        for f in sorted((REPO / pkg).rglob("*.py")):
            for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                else:
                    continue
                for n in names:
                    found.setdefault(n.split(".")[0], f.relative_to(REPO))
    return found


def _dist_name(requirement: str) -> str:
    return re.split(r"[\s<>=!~;\[]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def test_every_third_party_import_is_a_declared_dependency():
    declared = {_dist_name(r) for r in
                tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["dependencies"]}
    dists = importlib.metadata.packages_distributions()
    ours = set(PACKAGES) | {"__future__"}
    undeclared = []
    for module, where in sorted(imported_top_level_modules().items()):
        if module in sys.stdlib_module_names or module in ours:
            continue
        names = {d.lower().replace("_", "-") for d in dists.get(module, [module])}
        if not names & declared:
            undeclared.append(f"{module} (imported in {where})")
    assert not undeclared, f"imported but not in [project] dependencies: {undeclared}"
