"""The front door: __all__ matches the documented API, and colony_sim never needs live deps."""

import re
import subprocess
import sys
from pathlib import Path

import colony_sim

ROOT = Path(__file__).resolve().parents[1]


def documented_names() -> set[str]:
    text = (ROOT / "docs" / "architecture.md").read_text()
    block = text.split("<!-- public-api -->")[1].split("<!-- /public-api -->")[0]
    return set(re.findall(r"`(\w+)`", block))


def test_all_matches_the_documented_list():
    assert set(colony_sim.__all__) == documented_names()


def test_every_public_name_resolves():
    for name in colony_sim.__all__:
        assert getattr(colony_sim, name) is not None


def test_colony_sim_imports_without_live_dependencies():
    blocked = [
        "web3",
        "eth_account",
        "eth_tester",
        "git",
        "wasmtime",
        "fastapi",
        "uvicorn",
        "httpx",
        "x402",
        "live",
    ]
    code = (
        "import sys\n"
        f"for name in {blocked!r}:\n"
        "    sys.modules[name] = None\n"
        "import colony_sim, colony_sim.engine, colony_sim.cli, colony_sim.report\n"
        "from colony_sim import Colony, ColonyConfig\n"
        "Colony(ColonyConfig(agents=2, until=120)).run()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr


def test_nothing_heavy_happens_at_import():
    code = "import sys, colony_sim; print('simpy' in sys.modules, 'pandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.split() == ["False", "False"]
