import json
import socket

import pytest
import yaml

from colony_sim.cli import main

from .conftest import small_spec


def write(tmp_path, spec, name="s.yaml"):
    path = tmp_path / name
    path.write_text(yaml.safe_dump(spec))
    return path


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_cli(argv, capsys):
    try:
        status = main(argv)
    except SystemExit as exc:
        status = exc.code
    out = capsys.readouterr()
    return status, out.out, out.err


def test_sweep_runs_and_prints_the_directory(tmp_path, capsys):
    path = write(tmp_path, small_spec())
    status, out, _ = run_cli(["sweep", str(path), "--out", str(tmp_path / "o"), "--quiet"], capsys)
    assert status == 0
    assert out.strip() == str(tmp_path / "o" / "small")
    manifest = json.loads((tmp_path / "o" / "small" / "manifest.json").read_text())
    assert manifest["counts"]["done"] == 8


def test_summary_table_lists_failures(tmp_path, capsys):
    spec = small_spec(runner="tests.unit.experiments.runners:fail_at_price_666")
    spec["design"]["parameters"]["economy.price"] = [666, 500]
    path = write(tmp_path, spec)
    status, out, _ = run_cli(["sweep", str(path), "--out", str(tmp_path / "o")], capsys)
    assert status == 1  # some runs failed; the others are there
    assert "failed runs" in out and "deliberate" in out and "finished now" in out


def bad(spec_changes=None, parameters=None):
    spec = small_spec(**(spec_changes or {}))
    if parameters is not None:
        spec["design"]["parameters"] = parameters
    return spec


@pytest.mark.parametrize(
    ("spec", "extra", "expected"),
    [
        (bad(parameters={"economy.prize": [1, 2]}), [],
         "design.parameters.economy.prize: unknown config field"),
        (bad(parameters={}), [], "design.parameters: empty design"),
        (bad(parameters={"economy.price": {"min": 9, "max": 1, "num": 3}}), [],
         "design.parameters.economy.price: range min (9) > max (1)"),
        (small_spec(), ["--scheduler", "tcp://127.0.0.1:{port}", "--connect-timeout", "1"],
         "--scheduler: cannot reach tcp://127.0.0.1:"),
        (small_spec(), ["--scheduler", "::nonsense::"], "--scheduler: '::nonsense::' is not an"),
        (small_spec(), ["--executor", "process", "--scheduler", "tcp://127.0.0.1:1"],
         "--scheduler: needs --executor dask"),
        (small_spec(), ["--workers", "0", "--executor", "process"],
         "--workers: must be at least 1"),
        (small_spec(), ["--executor", "gpu"], "invalid choice"),
    ],
)
def test_bad_input_is_one_line_and_exit_2_before_any_run(tmp_path, capsys, spec, extra, expected):
    path = write(tmp_path, spec)
    extra = [e.format(port=free_port()) for e in extra]
    out_dir = tmp_path / "o"
    status, out, err = run_cli(["sweep", str(path), "--out", str(out_dir), *extra], capsys)
    assert status == 2
    assert err.count("\n") == 1 and expected in err, err
    assert err.startswith("colony")
    assert not out_dir.exists()


def test_missing_design_file(tmp_path, capsys):
    status, _, err = run_cli(["sweep", str(tmp_path / "nope.yaml")], capsys)
    assert status == 2 and "cannot read" in err and err.count("\n") == 1


def test_existing_sweep_needs_resume(tmp_path, capsys):
    path = write(tmp_path, small_spec())
    argv = ["sweep", str(path), "--out", str(tmp_path / "o"), "--quiet"]
    assert run_cli(argv, capsys)[0] == 0
    status, _, err = run_cli(argv, capsys)
    assert status == 2 and "--out:" in err and "--resume" in err
    status, _, _ = run_cli([*argv, "--resume"], capsys)
    assert status == 0


def test_dry_run_validates_and_runs_nothing(tmp_path, capsys):
    path = write(tmp_path, small_spec())
    status, out, _ = run_cli(["sweep", str(path), "--out", str(tmp_path / "o"), "--dry-run"],
                             capsys)
    assert status == 0
    assert "4 points x 2 seeds = 8 runs; 0 already finished" in out
    assert not (tmp_path / "o").exists()
