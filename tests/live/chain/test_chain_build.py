"""The committed PathUSD artifact must equal a fresh build."""

from __future__ import annotations

import copy
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from live.chain import build

pytestmark = pytest.mark.live


@pytest.fixture(scope="module")
def fresh() -> dict[str, Any]:
    return build.compile_artifact()


@pytest.fixture(scope="module")
def committed() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(build.ARTIFACT_PATH.read_text(encoding="utf-8"))
    return data


def test_committed_artifact_equals_fresh_build(
    committed: dict[str, Any], fresh: dict[str, Any]
) -> None:
    assert build.artifact_differences(committed, fresh) == []
    # byte-for-byte, too: the file is exactly what `build` would write
    assert build.ARTIFACT_PATH.read_text(encoding="utf-8") == build.render_artifact(fresh)


def test_artifact_schema(committed: dict[str, Any]) -> None:
    assert list(committed) == [
        "contract",
        "compiler",
        "evm_version",
        "abi",
        "bytecode",
        "source_sha256",
    ]
    assert committed["contract"] == "PathUSD"
    assert committed["compiler"] == "vyper 0.4.3"
    assert committed["evm_version"] == "cancun"
    assert committed["bytecode"].startswith("0x")
    bytes.fromhex(committed["bytecode"][2:])
    source = build.SOURCE_PATH.read_bytes()
    assert committed["source_sha256"] == hashlib.sha256(source).hexdigest()


def test_abi_exposes_required_entry_points(committed: dict[str, Any]) -> None:
    sigs = {
        f"{e['name']}({','.join(i['type'] for i in e['inputs'])})"
        for e in committed["abi"]
        if e["type"] == "function"
    }
    for required in [
        "transferWithAuthorization(address,address,uint256,uint256,uint256,bytes32,uint8,bytes32,bytes32)",
        "receiveWithAuthorization(address,address,uint256,uint256,uint256,bytes32,uint8,bytes32,bytes32)",
        "cancelAuthorization(address,bytes32,uint8,bytes32,bytes32)",
        "authorizationState(address,bytes32)",
        "permit(address,address,uint256,uint256,uint8,bytes32,bytes32)",
        "nonces(address)",
        "DOMAIN_SEPARATOR()",
        "eip712Domain()",
        "mint(address,uint256)",
        "burn(uint256)",
        "decimals()",
    ]:
        assert required in sigs
    events = {e["name"] for e in committed["abi"] if e["type"] == "event"}
    assert {"Transfer", "Approval", "AuthorizationUsed", "AuthorizationCanceled"} <= events


def test_stale_artifact_is_detected(
    tmp_path: Path, committed: dict[str, Any], fresh: dict[str, Any]
) -> None:
    stale = copy.deepcopy(committed)
    stale["bytecode"] = stale["bytecode"][:-2] + "00"
    assert build.artifact_differences(stale, fresh) == ["bytecode"]
    edited_source = tmp_path / "PathUSD.vy"
    edited_source.write_bytes(build.SOURCE_PATH.read_bytes() + b"\n# edited\n")
    assert "source_sha256" in build.check(build.ARTIFACT_PATH, edited_source)
    assert build.check(tmp_path / "missing.json") == ["<missing>"]
    reformatted = tmp_path / "compact.json"
    reformatted.write_text(json.dumps(fresh))
    assert build.check(reformatted) == ["<formatting>"]


def test_check_mode_exit_status(capsys: pytest.CaptureFixture[str]) -> None:
    assert build.main(["--check"]) == 0
    assert "up to date" in capsys.readouterr().out


def test_check_mode_fails_on_stale_artifact(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(build, "check", lambda: ["bytecode"])
    assert build.main(["--check"]) == 1
    assert "stale" in capsys.readouterr().err
