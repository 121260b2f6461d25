import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

CLI = [sys.executable, "-m", "colony_sim.cli"]
SMALL = ["--agents", "6", "--until", "1800", "--quiet"]


def colony(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, cwd=cwd, timeout=120)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_run_writes_its_files_and_the_fittest_agents(tmp_path):
    result = colony("run", *SMALL, "--seed", "1", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    run_dir = Path(result.stdout.strip())
    assert run_dir.parent == tmp_path
    assert sorted(p.name for p in run_dir.iterdir()) == [
        "agents",
        "agents.parquet",
        "colony.parquet",
        "config.json",
        "environment.json",
        "report.png",
    ]
    environment = json.loads((run_dir / "environment.json").read_text())
    assert environment["python"] and environment["numpy"] and environment["simd"]
    assert len(list((run_dir / "agents").glob("*.agent"))) == 3
    assert [p.name for p in tmp_path.iterdir()] == [run_dir.name]


def test_export_agents_flag(tmp_path):
    result = colony("run", *SMALL, "--seed", "1", "--export-agents", "0", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert not (Path(result.stdout.strip()) / "agents").exists()
    bad = colony("run", *SMALL, "--export-agents", "-1", "--out", str(tmp_path / "x"))
    assert bad.returncode == 2 and "--export-agents" in bad.stderr


def test_same_seed_gives_byte_identical_parquet(tmp_path):
    a = Path(colony("run", *SMALL, "--seed", "3", "--out", str(tmp_path / "a")).stdout.strip())
    b = Path(colony("run", *SMALL, "--seed", "3", "--out", str(tmp_path / "b")).stdout.strip())
    c = Path(colony("run", *SMALL, "--seed", "4", "--out", str(tmp_path / "c")).stdout.strip())
    for name in ("colony.parquet", "agents.parquet"):
        assert digest(a / name) == digest(b / name)
        assert digest(a / name) != digest(c / name)


def test_config_file_is_read_and_flags_override_it(tmp_path):
    cfg = tmp_path / "c.yaml"
    cfg.write_text(
        "agents: 4\nuntil: 900\neconomy:\n  price: 2000\ncognition:\n  learning_rate: 1e-2\n"
    )
    result = colony("run", "--config", str(cfg), "--agents", "5", "--quiet", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    import json

    written = json.loads((Path(result.stdout.strip()) / "config.json").read_text())
    assert written["agents"] == 5 and written["until"] == 900.0
    assert written["economy"]["price"] == 2000
    assert written["cognition"]["learning_rate"] == 0.01


def test_written_config_reproduces_the_run(tmp_path):
    first = Path(colony("run", *SMALL, "--seed", "9", "--out", str(tmp_path / "a")).stdout.strip())
    again = colony(
        "run", "--config", str(first / "config.json"), "--quiet", "--out", str(tmp_path / "b")
    )
    second = Path(again.stdout.strip())
    assert digest(first / "colony.parquet") == digest(second / "colony.parquet")


BAD_FLAGS = [
    (["--agents", "0"], "--agents"),
    (["--agents", "-3"], "--agents"),
    (["--agents", "ten"], "--agents"),
    (["--until", "-5"], "--until"),
    (["--seed", "x"], "--seed"),
    (["--cognition", "huge"], "--cognition"),
]


@pytest.mark.parametrize(("flags", "field"), BAD_FLAGS)
def test_bad_flags_exit_2_with_one_line(tmp_path, flags, field):
    result = colony("run", "--quiet", "--out", str(tmp_path / "out"), *flags)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert field in lines[0]
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


BAD_FILES = [
    ("unknown.yaml", "agents: 3\nagentz: 4\n", "agentz"),
    ("type.yaml", "agents: ten\n", "agents"),
    ("nested.yaml", "economy:\n  price: cheap\n", "economy.price"),
    ("malformed.yaml", "agents: [1, 2\n", "malformed"),
    ("list.yaml", "- 1\n- 2\n", "config"),
    ("bad.json", '{"agents": }', "malformed"),
    ("bad.toml", "agents = = 3", "malformed"),
]


@pytest.mark.parametrize(("name", "text", "field"), BAD_FILES)
def test_bad_config_files_exit_2_with_one_line(tmp_path, name, text, field):
    path = tmp_path / name
    path.write_text(text)
    result = colony("run", "--config", str(path), "--quiet", "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert field in lines[0]
    assert not (tmp_path / "out").exists()


def test_missing_config_file(tmp_path):
    result = colony("run", "--config", str(tmp_path / "nope.yaml"), "--quiet")
    assert result.returncode == 2
    assert "--config" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_unwritable_output_dir(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    result = colony("run", *SMALL, "--out", str(blocker / "runs"))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert "--out" in result.stderr
    assert blocker.read_text() == "not a directory"


def test_help_is_clear():
    top = colony("--help")
    assert top.returncode == 0 and "run" in top.stdout
    run = colony("run", "--help")
    for flag in ("--agents", "--until", "--seed", "--config", "--out", "--cognition"):
        assert flag in run.stdout


def test_a_closed_pipe_ends_quietly():
    """`colony bench --list | head -1`: the reader leaves early; no traceback, status 0."""
    proc = subprocess.Popen([*CLI, "bench", "--list"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    proc.stdout.close()  # before the child writes: its first write gets EPIPE
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 0
    assert "Traceback" not in err and "BrokenPipe" not in err, err


def test_config_lists_every_field_and_its_yaml_round_trips(tmp_path):
    from colony_sim.config import ColonyConfig, describe, load_config

    shown = colony("config")
    assert shown.returncode == 0, shown.stderr
    names = [name for name, _, _ in describe(ColonyConfig())]
    assert len(names) > 80 and all(name in shown.stdout for name in names)
    assert all(meaning for _, _, meaning in describe(ColonyConfig())), "a field has no meaning"
    mine = tmp_path / "mine.yaml"
    mine.write_text("agents: 7\neconomy:\n  price: 2500\n")
    dumped = colony("config", "--config", str(mine), "--yaml")
    assert dumped.returncode == 0, dumped.stderr
    (tmp_path / "full.yaml").write_text(dumped.stdout)
    assert load_config(tmp_path / "full.yaml") == load_config(mine)
    bad = colony("config", "--config", str(tmp_path / "missing.yaml"))
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1
