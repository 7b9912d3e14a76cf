"""Write the text samples and their expected extractions from the authored plan data.

    python samples/build_samples.py        # rewrites samples/*.txt|md and samples/expected/*.json

The plans are in samples/src/plan_*.py (written by hand, fictional city ひばり野市); the expected
values there are the authors' reading of what they wrote, never an extractor's output.
The PDF and its expected file are made by samples/render_pdf.py from the same data.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "src"))

import write_actionplan  # noqa: E402
import write_markdown  # noqa: E402
import write_plain  # noqa: E402


def dump_json(data: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def main() -> None:
    for module, name in ((write_plain, "hibarino_plain.txt"),
                         (write_markdown, "hibarino_markdown.md"),
                         (write_actionplan, "hibarino_actionplan.md")):
        text, expected = module.build()
        (HERE / name).write_text(text, encoding="utf-8")
        dump_json(expected, HERE / "expected" / (Path(name).stem + ".json"))
        print(f"{name}: {len(text.splitlines())} lines, {len(expected['projects'])} projects, "
              f"{len(expected['procedures'])} procedures, {len(expected['reviews'])} reviews")


if __name__ == "__main__":
    main()
