"""Paid requests/s and latency: our gateway vs a reference server from the ``x402`` package.

Both servers run as separate uvicorn processes on 127.0.0.1 against the same chain
(PathUSD deployed), each settling with its own facilitator account. Two chains, one after
the other: the embedded chain (eth-tester in its own process, served as JSON-RPC by
``colony node --serve-rpc``) and anvil.

* ours: ``python -m live.x402.serve`` (embedded facilitator, SQLite WAL journal);
* reference: FastAPI + ``x402.http.middleware.fastapi.payment_middleware`` +
  ``x402ResourceServer(x402Facilitator())`` with ``register_exact_evm_facilitator`` and
  our ``X402Web3FacilitatorSigner`` (the package has no HTTP facilitator server).

The same client (:class:`live.x402.client.X402Client`, async httpx) drives both: each
paid request is the full flow (GET → 402 → sign → GET with payment → 200 + receipt).
Latency is measured per paid request (both round trips and the signing).

Usage::

    python benchmarks/payments.py [--chain both|embedded|anvil] [--requests 200]
                                  [--concurrency 4] [--rounds 2] [--out FILE]

The anvil half needs anvil (``make tools``; see ``live/x402/anvil.py``).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from live.chain.wallet import Wallet  # noqa: E402
from live.x402.anvil import Anvil, DevChain, EmbeddedRpc, free_port  # noqa: E402
from live.x402.client import X402Client  # noqa: E402

PRICE = 1_000
JOURNAL_SYNC = ["WRITE_AHEAD"]  # our journal's durability (--journal-sync)


def reference_app(rpc: str, token: str, pay_to: str, max_timeout: int) -> Any:
    """The reference resource server (x402 package middleware + facilitator object)."""
    from fastapi import FastAPI
    from x402 import x402Facilitator, x402ResourceServer
    from x402.http.middleware.fastapi import payment_middleware
    from x402.mechanisms.evm.exact import register_exact_evm_facilitator, register_exact_evm_server

    from live.x402.chain_web3 import Web3Chain
    from live.x402.signer_web3 import X402Web3FacilitatorSigner

    chain = Web3Chain.connect(rpc, token)
    wallet = Wallet.from_private_key(os.environ["COLONY_X402_FACILITATOR_KEY"])
    fac = x402Facilitator()
    register_exact_evm_facilitator(
        fac, X402Web3FacilitatorSigner(chain, wallet), networks=chain.network
    )
    server = x402ResourceServer(fac)
    register_exact_evm_server(server, networks=chain.network)
    price = {
        "amount": str(PRICE),
        "asset": chain.token_address,
        "extra": {"name": chain.domain.name, "version": chain.domain.version},
    }
    routes = {
        "GET /g/demo/answer": {
            "accepts": {
                "scheme": "exact",
                "payTo": pay_to,
                "network": chain.network,
                "price": price,
                "maxTimeoutSeconds": max_timeout,
            }
        }
    }
    app = FastAPI()
    middleware = payment_middleware(routes, server)

    @app.middleware("http")
    async def x402_mw(request: Any, call_next: Any) -> Any:
        return await middleware(request, call_next)

    @app.get("/g/demo/answer")
    async def answer() -> dict[str, int]:
        return {"answer": 42}

    @app.get("/health")
    async def health() -> dict[str, bool]:
        return {"ok": True}

    return app


def window(chain: DevChain) -> int:
    """Authorization window both servers ask for, seconds.

    eth-tester mines a block per transaction, each at least a second after its parent,
    so under load its clock runs ahead of the wall clock the client signs with (about
    15 s per second here): an hour's window keeps a benchmark's authorizations valid.
    Anvil keeps to the wall clock: the x402 default of 60 s.
    """
    return 3600 if isinstance(chain, EmbeddedRpc) else 60


def spawn(
    kind: str, chain: DevChain, fac: Wallet, pay_to: str, workdir: Path
) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {**os.environ, "COLONY_X402_FACILITATOR_KEY": "0x" + bytes(fac.account.key).hex()}
    if kind == "ours":
        cmd = [
            sys.executable,
            "-m",
            "live.x402.serve",
            "--port",
            str(port),
            "--rpc",
            chain.url,
            "--token",
            chain.token_address,
            "--journal",
            str(workdir / "journal.sqlite"),
            "--price",
            str(PRICE),
            "--pay-to",
            pay_to,
            "--max-timeout",
            str(window(chain)),
            "--synchronous",
            JOURNAL_SYNC[0],
        ]
    else:
        cmd = [
            sys.executable,
            __file__,
            "--serve-reference",
            str(port),
            chain.url,
            chain.token_address,
            pay_to,
            str(window(chain)),
        ]
    proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/health", timeout=1).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError(f"{kind} server did not start")


async def drive(
    url: str, client: X402Client, n: int, concurrency: int
) -> tuple[list[float], float]:
    latencies: list[float] = []
    queue: asyncio.Queue[int] = asyncio.Queue()
    for i in range(n):
        queue.put_nowait(i)

    async def worker(http: httpx.AsyncClient) -> None:
        while not queue.empty():
            queue.get_nowait()
            t0 = time.perf_counter()
            result = await client.arequest(http, "GET", "/g/demo/answer")
            if result.response.status_code != 200 or not (
                result.receipt and result.receipt.success
            ):
                raise RuntimeError(
                    f"paid request failed: {result.response.status_code} "
                    f"{result.response.text[:200]}"
                )
            latencies.append(time.perf_counter() - t0)

    limits = httpx.Limits(max_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as http:
        for _ in range(5):  # warm-up (imports, caches, connections)
            await client.arequest(http, "GET", "/g/demo/answer")
        t0 = time.perf_counter()
        await asyncio.gather(*(worker(http) for _ in range(concurrency)))
        elapsed = time.perf_counter() - t0
    return latencies, elapsed


def measure(kind: str, chain: DevChain, n: int, concurrency: int) -> dict[str, float]:
    fac, payer, payee = Wallet.generate(), Wallet.generate(), Wallet.generate()
    chain.fund_gas(fac.address)
    chain.faucet(payer.address, (n + 10) * PRICE)
    with tempfile.TemporaryDirectory() as tmp:
        proc, url = spawn(kind, chain, fac, payee.address, Path(tmp))
        try:
            client = X402Client(payer, max_amount=PRICE, assets=[chain.token_address])
            lat, elapsed = asyncio.run(drive(url, client, n, concurrency))
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    assert chain.balance_of(payee.address) == (n + 5) * PRICE, "balances must move by exact price"
    lat.sort()
    return {
        "rps": n / elapsed,
        "p50_ms": 1000 * statistics.median(lat),
        "p99_ms": 1000 * lat[min(len(lat) - 1, int(0.99 * len(lat)))],
    }


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--serve-reference":
        import uvicorn

        port, rpc, token, pay_to, max_timeout = sys.argv[2:7]
        uvicorn.run(
            reference_app(rpc, token, pay_to, int(max_timeout)),
            host="127.0.0.1",
            port=int(port),
            log_level="warning",
            access_log=False,
        )
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--chain", choices=("both", "embedded", "anvil"), default="both")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=2, help="alternating rounds per server")
    parser.add_argument("--out", default=None, help="append a Markdown table to this file")
    parser.add_argument("--journal-sync", choices=("WRITE_AHEAD", "FULL", "NORMAL"),
                        default="WRITE_AHEAD",
                        help="our journal's durability (live/x402/journal.py): WRITE_AHEAD "
                        "fsyncs each settlement's record before broadcast (default), FULL "
                        "every change, NORMAL none")
    args = parser.parse_args()
    JOURNAL_SYNC[0] = args.journal_sync
    chains: dict[str, type[DevChain]] = {"embedded": EmbeddedRpc, "anvil": Anvil}
    names = list(chains) if args.chain == "both" else [args.chain]
    lines = [
        f"| chain | server | paid req/s | p50 ms | p99 ms |  (n={args.requests}, "
        f"concurrency={args.concurrency}, median of {args.rounds} rounds, "
        f"journal synchronous={args.journal_sync})",
        "|---|---|---|---|---|",
    ]
    for name in names:
        results: dict[str, list[dict[str, float]]] = {"ours": [], "reference": []}
        with chains[name]() as chain:
            for _ in range(args.rounds):
                for kind in ("ours", "reference"):
                    results[kind].append(measure(kind, chain, args.requests, args.concurrency))
                    shown = {k: round(v, 1) for k, v in results[kind][-1].items()}
                    print(name, kind, shown, flush=True)
        med = {
            kind: {k: statistics.median(r[k] for r in runs) for k in runs[0]}
            for kind, runs in results.items()
        }
        for kind, m in med.items():
            lines.append(
                f"| {name} | {kind} | {m['rps']:.1f} | {m['p50_ms']:.1f} | {m['p99_ms']:.1f} |"
            )
        ours, ref = med["ours"], med["reference"]
        print(f"{name}: throughput ours/reference = {ours['rps'] / ref['rps']:.2f} "
              f"(target >= 1), p50 ours/reference = {ours['p50_ms'] / ref['p50_ms']:.2f} "
              "(target <= 1)", flush=True)
    table = "\n".join(lines)
    print(table)
    if args.out:
        with open(args.out, "a", encoding="utf-8") as fh:
            fh.write(table + "\n\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
