"""The command line contract (OUTPUT.md): exit status 0 / 1 / 2, failures on stderr without a
traceback unless --debug, the validate subcommand."""
from __future__ import annotations

import subprocess
import sys

from extract.cli import main
from tests.badinputs.corpus import CORPUS, REPO

GOOD = CORPUS / "good" / "kamome_utf8.txt"


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "extract.cli", *args], cwd=REPO,
                          capture_output=True, text=True, timeout=120)


def test_all_inputs_extracted_exits_0(tmp_path, capsys):
    assert main([str(GOOD), "-o", str(tmp_path)]) == 0
    assert (tmp_path / "plans.csv").is_file() and (tmp_path / "report.html").is_file()
    assert "入力 1 件: データあり 1 件、データなし 0 件、失敗 0 件" in capsys.readouterr().err


def test_bad_usage_exits_2(tmp_path, capsys):
    assert main(["--jobs", "0", str(GOOD)]) == 2
    assert main(["--no-such-option"]) == 2
    assert main([str(GOOD), "--status-map", str(tmp_path / "missing.toml")]) == 2
    assert main(["validate"]) == 2
    assert main(["validate", str(tmp_path / "missing")]) == 2
    assert "フォルダがありません" in capsys.readouterr().err


def test_an_input_error_is_one_line_on_stderr_and_exit_1_without_traceback(tmp_path):
    r = cli(str(CORPUS / "bad" / "truncated.pdf"), str(GOOD), "-o", str(tmp_path), "--quiet")
    assert r.returncode == 1
    assert "Traceback" not in r.stderr
    assert "失敗: truncated.pdf: PDF が途中で切れています（末尾の %EOF がありません" in r.stderr
    assert r.stdout == ""


def test_debug_shows_the_traceback_of_an_input_error(tmp_path):
    r = cli(str(CORPUS / "bad" / "garbage.txt"), "-o", str(tmp_path), "--debug")
    assert r.returncode != 0
    assert "Traceback" in r.stderr and "InputError" in r.stderr
    assert "garbage.txt: バイナリデータで、PDF でもテキストでもありません" in r.stderr


def test_validate_subcommand_on_a_fresh_dataset(tmp_path, capsys):
    assert main([str(CORPUS / "good" / "legacy"), "-o", str(tmp_path), "--quiet"]) == 0
    assert main(["validate", str(tmp_path)]) == 0
    assert "計画 2 件" in capsys.readouterr().out
    (tmp_path / "report.json").write_text("{}", encoding="utf-8")
    assert main(["validate", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "report.json: $ がスキーマに合いません（'extractor_version' is a required property）" in err
    assert "INVALID" in err


def test_no_input_extracts_the_bundled_samples_into_output(tmp_path, monkeypatch):
    from tests.badinputs.corpus import sample_files
    if not sample_files():
        import pytest
        pytest.skip("samples/ not built yet")
    monkeypatch.chdir(tmp_path)
    assert main(["--quiet"]) == 0
    plans = (tmp_path / "output" / "plans.csv").read_bytes().decode("utf-8-sig").splitlines()
    assert len(plans) == 1 + len(sample_files())
    assert main(["validate", "output"]) == 0


def test_a_dataset_where_every_input_failed_still_validates(tmp_path):
    assert main([str(CORPUS / "bad"), "-o", str(tmp_path), "--quiet"]) == 1
    assert main(["validate", str(tmp_path)]) == 0


def test_timeout_flag_is_checked_and_passed_on(tmp_path, monkeypatch):
    from extract import cli
    seen = {}

    def fake_run_batch(inputs, outdir, **kw):
        seen.update(kw)
        return 0

    monkeypatch.setattr("extract.batch.run_batch", fake_run_batch)
    assert cli.main(["--timeout", "-1", str(tmp_path)]) == 2
    assert cli.main([str(tmp_path), "-o", str(tmp_path / "o")]) == 0
    assert seen["timeout"] == cli.DEFAULT_TIMEOUT
    assert cli.main(["--timeout", "0", str(tmp_path), "-o", str(tmp_path / "o")]) == 0
    assert seen["timeout"] is None


def test_help_has_examples_exit_codes_and_no_source_paths(capsys):
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "examples / 使い方:" in out and "exit status / 終了コード:" in out
    assert "plan-extract status-map --dump" in out and "normalize/data" not in out
    for sub in (["validate", "--help"], ["wareki", "--help"], ["status-map", "--help"]):
        assert main(sub) == 0
        assert "example" in capsys.readouterr().out, sub


def test_subcommand_version_is_the_version_not_a_date(capsys):
    from extract import __version__
    assert main(["wareki", "--version"]) == 0
    assert capsys.readouterr().out.strip() == f"plan-extract {__version__}"
    assert main(["wareki", "--bogus"]) == 2


def test_status_map_dump_prints_the_installed_table_usable_as_a_status_map(tmp_path, capsys):
    assert main(["status-map", "--dump"]) == 0
    dumped = capsys.readouterr().out
    assert "実施" in dumped
    (tmp_path / "mine.toml").write_text(dumped, encoding="utf-8")
    assert main([str(GOOD), "-o", str(tmp_path / "o"), "--status-map",
                 str(tmp_path / "mine.toml"), "--quiet"]) == 0
    assert main(["status-map"]) == 2
