"""Build (or verify) the committed PathUSD contract artifact.

The artifact ``live/chain/contracts/PathUSD.json`` is committed so that the
rest of the lab can deploy the token without a compiler. Rebuild it after
editing ``PathUSD.vy``::

    python -m live.chain.build            # rewrite PathUSD.json
    python -m live.chain.build --check    # exit 1 if PathUSD.json is stale

The build uses the Vyper Python API of the running interpreter (``vyper==0.4.3``,
EVM version ``cancun``, gas optimisation) so it needs no network access.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

CONTRACTS_DIR = Path(__file__).resolve().parent / "contracts"
SOURCE_PATH = CONTRACTS_DIR / "PathUSD.vy"
ARTIFACT_PATH = CONTRACTS_DIR / "PathUSD.json"

CONTRACT_NAME = "PathUSD"
COMPILER_VERSION = "0.4.3"
EVM_VERSION = "cancun"

_FIELDS = ("contract", "compiler", "evm_version", "abi", "bytecode", "source_sha256")


class BuildError(RuntimeError):
    """Raised when the contract cannot be compiled as pinned."""


def source_sha256(source: bytes) -> str:
    """Return the hex SHA-256 digest of contract source bytes.

    Args:
        source: Raw bytes of the ``.vy`` file.

    Returns:
        Lower-case hex digest (64 characters).
    """
    return hashlib.sha256(source).hexdigest()


def compile_artifact(source_path: Path = SOURCE_PATH) -> dict[str, Any]:
    """Compile the Vyper source and return the artifact dictionary.

    Args:
        source_path: Path of the Vyper source file.

    Returns:
        A dict with keys ``contract``, ``compiler``, ``evm_version``, ``abi``,
        ``bytecode`` (``0x``-prefixed deployment bytecode) and ``source_sha256``.

    Raises:
        BuildError: If the installed Vyper is not the pinned version.
    """
    import vyper  # lazy: only the build needs it
    from vyper.compiler.settings import (
        OptimizationLevel,
        Settings,
    )

    installed = str(vyper.__version__)
    if installed != COMPILER_VERSION:
        raise BuildError(f"vyper {COMPILER_VERSION} required, found {installed}")
    raw = source_path.read_bytes()
    out = vyper.compile_code(
        raw.decode("utf-8"),
        contract_path=source_path.name,
        output_formats=["abi", "bytecode"],
        settings=Settings(evm_version=EVM_VERSION, optimize=OptimizationLevel.GAS),
    )
    bytecode = str(out["bytecode"])
    if not bytecode.startswith("0x"):
        bytecode = "0x" + bytecode
    return {
        "contract": CONTRACT_NAME,
        "compiler": f"vyper {COMPILER_VERSION}",
        "evm_version": EVM_VERSION,
        "abi": out["abi"],
        "bytecode": bytecode,
        "source_sha256": source_sha256(raw),
    }


def render_artifact(artifact: dict[str, Any]) -> str:
    """Serialise an artifact exactly as it is committed (stable formatting).

    Args:
        artifact: Artifact dictionary from :func:`compile_artifact`.

    Returns:
        JSON text with two-space indentation and a trailing newline.
    """
    ordered = {key: artifact[key] for key in _FIELDS}
    return json.dumps(ordered, indent=2) + "\n"


def artifact_differences(committed: dict[str, Any], fresh: dict[str, Any]) -> list[str]:
    """List the top-level artifact fields that differ.

    Args:
        committed: The artifact read from disk.
        fresh: A freshly compiled artifact.

    Returns:
        Names of differing fields (empty when they are identical).
    """
    keys = sorted(set(committed) | set(fresh))
    return [key for key in keys if committed.get(key) != fresh.get(key)]


def check(artifact_path: Path = ARTIFACT_PATH, source_path: Path = SOURCE_PATH) -> list[str]:
    """Compare the committed artifact with a fresh build.

    Args:
        artifact_path: Path of the committed JSON artifact.
        source_path: Path of the Vyper source.

    Returns:
        Names of differing fields; ``["<missing>"]`` if the artifact does not
        exist, ``["<invalid json>"]`` if it cannot be parsed and
        ``["<formatting>"]`` if only its layout differs from what
        :func:`build` writes. An empty list means the artifact is up to date.
    """
    if not artifact_path.exists():
        return ["<missing>"]
    text = artifact_path.read_text(encoding="utf-8")
    try:
        committed = json.loads(text)
    except json.JSONDecodeError:
        return ["<invalid json>"]
    fresh = compile_artifact(source_path)
    diff = artifact_differences(committed, fresh)
    if not diff and text != render_artifact(fresh):
        diff = ["<formatting>"]
    return diff


def build(artifact_path: Path = ARTIFACT_PATH, source_path: Path = SOURCE_PATH) -> dict[str, Any]:
    """Compile the contract and write the artifact file.

    Args:
        artifact_path: Destination of the JSON artifact.
        source_path: Path of the Vyper source.

    Returns:
        The artifact dictionary that was written.
    """
    artifact = compile_artifact(source_path)
    artifact_path.write_text(render_artifact(artifact), encoding="utf-8")
    return artifact


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point.

    Args:
        argv: Arguments (defaults to ``sys.argv[1:]``).

    Returns:
        Process exit status: 0 on success, 1 if ``--check`` finds a stale
        artifact.
    """
    parser = argparse.ArgumentParser(prog="python -m live.chain.build", description=__doc__)
    parser.add_argument(
        "--check",
        action="store_true",
        help="do not write; exit 1 if the committed artifact differs from a fresh build",
    )
    args = parser.parse_args(argv)
    if args.check:
        diff = check()
        if diff:
            print(
                f"{ARTIFACT_PATH.name} is stale (differs in: {', '.join(diff)}); "
                "run `python -m live.chain.build`",
                file=sys.stderr,
            )
            return 1
        print(f"{ARTIFACT_PATH.name} is up to date")
        return 0
    artifact = build()
    size = (len(artifact["bytecode"]) - 2) // 2
    print(f"wrote {ARTIFACT_PATH} ({size} bytes of initcode)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
