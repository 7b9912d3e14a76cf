"""datapackage.json: frictionless validates every CSV of real datasets against it, keys included."""
from __future__ import annotations

import pytest
from frictionless import Package

from extract.batch import run_batch
from schemas.datapackage import datapackage
from tests.badinputs.corpus import SEEDS, shared_run


def frictionless_errors(outdir) -> list[str]:
    report = Package(str(outdir / "datapackage.json")).validate()
    return [f"{t.place}: {e.type}: {e.note}" for t in report.tasks for e in t.errors] + \
        [f"{e.type}: {e.note}" for e in report.errors]


def test_frictionless_validates_the_corpus_and_samples_dataset(tmp_path_factory):
    out, _ = shared_run(tmp_path_factory)
    assert frictionless_errors(out) == []
    package = Package(str(out / "datapackage.json"))
    assert package.get_resource("projects").read_rows()      # the BOM'd CSVs read as data
    names = [f.name for f in package.get_resource("plans").schema.fields]
    assert names[0] == "lg_code"


def test_frictionless_validates_the_dataset_of_the_real_seeds(tmp_path):
    seeds = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
    if not seeds:
        pytest.skip(f"real seeds not present in {SEEDS} (../shared is absent)")
    assert run_batch(seeds, tmp_path, jobs=3, quiet=True) == 0
    assert frictionless_errors(tmp_path) == []
    rows = Package(str(tmp_path / "datapackage.json")).get_resource("schedule").read_rows()
    assert rows and all(isinstance(r["fiscal_year"], int) for r in rows)


def test_frictionless_catches_a_broken_foreign_key_and_a_duplicate_primary_key(
        tmp_path_factory, tmp_path):
    out, _ = shared_run(tmp_path_factory)
    for f in out.iterdir():
        (tmp_path / f.name).write_bytes(f.read_bytes())
    sched = (tmp_path / "schedule.csv").read_bytes().split(b"\r\n")
    head = sched[0].decode("utf-8-sig").split(",")
    cells = sched[1].decode().split(",")
    cells[head.index("project_seq")] = "999"
    sched[1] = ",".join(cells).encode()
    (tmp_path / "schedule.csv").write_bytes(b"\r\n".join(sched))
    proj = (tmp_path / "projects.csv").read_bytes().split(b"\r\n")
    (tmp_path / "projects.csv").write_bytes(b"\r\n".join([*proj[:2], proj[1], *proj[2:]]))
    errors = frictionless_errors(tmp_path)
    assert any(e.startswith("schedule.csv: foreign-key") for e in errors), errors
    assert any(e.startswith("projects.csv: primary-key") for e in errors), errors


def test_descriptor_declares_encoding_keys_and_types():
    dp = datapackage()
    res = {r["name"]: r for r in dp["resources"]}
    assert set(res) == {"plans", "projects", "schedule", "kpis", "procedures",
                        "procedure_metrics", "reviews", "warnings", "roadmap"}
    assert all(r["encoding"] == "utf-8-sig" and r["path"] == f"{r['name']}.csv"
               for r in res.values())
    assert res["plans"]["schema"]["primaryKey"] == ["plan_id"]
    assert res["projects"]["schema"]["primaryKey"] == ["plan_id", "seq"]
    assert {"fields": ["plan_id", "project_seq"],
            "reference": {"resource": "projects", "fields": ["plan_id", "seq"]}} in \
        res["schedule"]["schema"]["foreignKeys"]
    fields = {f["name"]: f for f in res["schedule"]["schema"]["fields"]}
    assert fields["fiscal_year"]["type"] == "integer" and fields["fiscal_year"]["title"] == "年度"
    assert fields["ambiguous"]["type"] == "boolean"
    proc = {f["name"]: f for f in res["procedures"]["schema"]["fields"]}
    assert proc["status"]["constraints"]["enum"] == ["online", "not_online", "not_applicable",
                                                     "implemented", "not_implemented"]
