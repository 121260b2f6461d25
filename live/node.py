"""A minimal live node: the x402 gateway on a chain, with one paid demo endpoint.

``colony node`` (see :func:`add_parsers`) starts, on 127.0.0.1:4023 by default:

* a chain — the embedded in-process EVM (eth-tester, PathUSD deployed) unless ``--rpc``
  and ``--token`` name another one (anvil from ``colony chain up``, or any JSON-RPC node);
* the gateway with its embedded facilitator and a SQLite settlement journal, serving the
  paid route ``/g/demo/answer`` and the free ``/g/demo/free``;
* ``/instance/info``: the paid URL, the price, the network id, the token address, the
  chain's RPC URL when there is one, and the path of a funded demo payer key file;
* with ``--serve-rpc PORT``, the embedded chain as JSON-RPC on 127.0.0.1:PORT so outside
  tools (another x402 client, a wallet, ``cast``) can read it and send transactions.

The demo payer is a fresh wallet funded by the embedded chain's faucet; its key file
(mode 0600, in ``--data-dir``) exists only so a newcomer can pay the node from a few
lines of Python. Keys are never printed or logged.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from web3.providers.eth_tester import middleware as tester_middleware

from live.chain.wallet import Wallet
from live.x402.chain_web3 import Web3Chain
from live.x402.facilitator import Facilitator
from live.x402.gateway import Gateway, Route, create_app
from live.x402.journal import Journal
from live.x402.serve import KEY_ENV, demo_endpoint

log = logging.getLogger(__name__)
DEMO_FUNDS = 10_000_000  # 10 pathUSD for the demo payer
FACILITATOR_GAS = 10**20
MAX_RPC_BODY = 1 << 20
MAX_RPC_BATCH = 100
EMBEDDED_WINDOW = 3600
"""Authorization window (s) the demo route asks for on the embedded chain. eth-tester
mines a block per transaction, each at least a second after its parent, so under load
its clock runs ahead of the wall clock clients sign with; x402's usual 60 s would expire
authorizations after a burst of a few dozen payments."""


@dataclass
class NodeInfo:
    """What ``/instance/info`` reports."""

    paid_url: str
    price: int
    network: str
    token: str
    pay_to: str
    rpc_url: str | None
    demo_payer_key_file: str | None

    def to_json(self) -> dict[str, Any]:
        """Wire form."""
        return {
            "paid_url": self.paid_url,
            "price": self.price,
            "network": self.network,
            "token": self.token,
            "pay_to": self.pay_to,
            "rpc_url": self.rpc_url,
            "demo_payer_key_file": self.demo_payer_key_file,
        }


def to_wire(value: Any) -> Any:
    """Python values of an in-process provider in JSON-RPC wire form.

    Integers become hex QUANTITY strings, bytes become hex DATA strings; mappings and
    lists are converted item by item; strings (addresses, hashes), booleans and None stay.
    """
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int):
        return hex(value)
    if isinstance(value, bytes | bytearray):
        return "0x" + bytes(value).hex()
    if isinstance(value, dict) or hasattr(value, "items"):
        return {str(k): to_wire(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_wire(v) for v in value]
    return str(value)


_NEEDS_FROM = frozenset({"eth_call", "eth_estimateGas"})
TESTER_REQUEST: dict[str, Any] = {
    str(k): v for k, v in tester_middleware.request_formatters.items()
}
TESTER_RESULT: dict[str, Any] = {
    str(k): v for k, v in (tester_middleware.result_formatters or {}).items()
}


def rpc_app(w3: Any, lock: threading.RLock) -> FastAPI:
    """JSON-RPC 2.0 over HTTP in front of an in-process web3 provider.

    A single request or a batch (a JSON array of up to :data:`MAX_RPC_BATCH` requests,
    answered by an array in the same order). eth-tester insists on a ``from`` in calls; a
    call without one is made from the chain's first dev account, as a node would use a
    default sender.
    """
    app = FastAPI(title="colony embedded chain JSON-RPC")

    def answer(call: Any) -> dict[str, Any]:
        if not isinstance(call, dict) or not isinstance(call.get("method"), str):
            return _rpc_reply(None, -32600, "invalid request: need an object with a method")
        params = call.get("params", [])
        if not isinstance(params, list):
            return _rpc_reply(call.get("id"), -32602, "params: must be a list")
        method = call["method"]
        if method in _NEEDS_FROM and params and isinstance(params[0], dict):
            params = [{"from": w3.eth.accounts[0], **params[0]}, *params[1:]]
        try:
            # eth-tester takes Python values and snake_case keys: web3's own formatters
            # for it turn wire params into those and its results back into wire shape.
            if method in TESTER_REQUEST:
                params = TESTER_REQUEST[method](params)
            with lock:
                reply = w3.provider.make_request(method, params)
            if "error" not in reply and method in TESTER_RESULT:
                reply = {**reply, "result": TESTER_RESULT[method](reply.get("result"))}
        except Exception as exc:  # noqa: BLE001 - any provider failure is the caller's error
            return _rpc_reply(call.get("id"), -32000, f"{type(exc).__name__}: {exc}"[:300])
        out: dict[str, Any] = {"jsonrpc": "2.0", "id": call.get("id")}
        if "error" in reply:
            out["error"] = to_wire(reply["error"])
        else:
            out["result"] = to_wire(reply.get("result"))
        return out

    @app.post("/")
    async def rpc(request: Request) -> JSONResponse:
        body = await request.body()
        if len(body) > MAX_RPC_BODY:
            return _rpc_error(None, -32600, "request larger than 1 MiB")
        try:
            call = json.loads(body)
        except (json.JSONDecodeError, UnicodeDecodeError):
            return _rpc_error(None, -32700, "parse error: body is not JSON")
        if isinstance(call, list):
            if not call:
                return _rpc_error(None, -32600, "invalid request: empty batch")
            if len(call) > MAX_RPC_BATCH:
                reason = f"invalid request: batch of {len(call)} > {MAX_RPC_BATCH} calls"
                return _rpc_error(None, -32600, reason)
            return JSONResponse([answer(c) for c in call])
        return JSONResponse(answer(call))

    return app


def _rpc_reply(call_id: Any, code: int, message: str) -> dict[str, Any]:
    return {"jsonrpc": "2.0", "id": call_id, "error": {"code": code, "message": message}}


def _rpc_error(call_id: Any, code: int, message: str) -> JSONResponse:
    return JSONResponse(_rpc_reply(call_id, code, message))


class Node:
    """The pieces of a minimal node, built but not yet serving.

    Args:
        data_dir: Where the journal, the node wallet and the demo payer key live.
        host: Address the gateway will bind.
        port: Port of the gateway.
        price: Price of the demo route in atomic units.
        rpc: JSON-RPC URL of an existing chain (``None`` = embedded chain).
        token: Token address on that chain (with ``rpc``).
        rpc_port: Port to serve the embedded chain as JSON-RPC on (embedded only).
    """

    def __init__(
        self,
        data_dir: Path,
        *,
        host: str = "127.0.0.1",
        port: int = 4023,
        price: int = 1_000,
        rpc: str | None = None,
        token: str | None = None,
        rpc_port: int | None = None,
    ) -> None:
        self.data_dir = Path(data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.host, self.port = host, port
        self.rpc_port = rpc_port
        self.embedded = None
        payer_file: Path | None = None
        self.payee = Wallet.generate()
        if rpc is None:
            from live.chain.embedded import EmbeddedChain

            self.embedded = EmbeddedChain()
            facilitator_wallet = Wallet.generate()
            self.embedded.fund_gas(facilitator_wallet.address, FACILITATOR_GAS)
            payer = Wallet.generate()
            self.embedded.faucet(payer.address, DEMO_FUNDS)
            payer_file = self.data_dir / "demo-payer.key"
            payer_file.write_text(payer.account.key.hex() + "\n")
            os.chmod(payer_file, 0o600)
            chain = Web3Chain(
                self.embedded.w3, self.embedded.token.address, lock=self.embedded.lock
            )
            rpc_url = f"http://127.0.0.1:{rpc_port}" if rpc_port else None
        else:
            if not token:
                raise ValueError("--token: required with --rpc (the EIP-3009 token address)")
            key = os.environ.get(KEY_ENV)
            if not key:
                raise ValueError(f"facilitator key: set {KEY_ENV} to a funded key with --rpc")
            facilitator_wallet = Wallet.from_private_key(key)
            chain = Web3Chain.connect(rpc, token)
            rpc_url = rpc
        journal = Journal(str(self.data_dir / "journal.sqlite"))
        facilitator = Facilitator(chain, facilitator_wallet, journal)
        route = Route(
            "demo",
            price,
            self.payee.address,
            demo_endpoint(),
            "the answer",
            free=frozenset({"free"}),
            max_timeout_seconds=EMBEDDED_WINDOW if self.embedded is not None else 60,
        )
        self.gateway = Gateway(facilitator, [route])
        self.info = NodeInfo(
            paid_url=f"http://{host}:{port}/g/demo/answer",
            price=price,
            network=chain.network,
            token=chain.token_address,
            pay_to=self.payee.address,
            rpc_url=rpc_url,
            demo_payer_key_file=str(payer_file.resolve()) if payer_file else None,
        )
        self.app = create_app(self.gateway)
        info = self.info

        @self.app.get("/instance/info")
        async def instance_info() -> dict[str, Any]:
            return info.to_json()

    def serve(self) -> None:
        """Serve the gateway (and the JSON-RPC endpoint) until interrupted."""
        import uvicorn

        if self.embedded is not None and self.rpc_port:
            server = uvicorn.Server(
                uvicorn.Config(
                    rpc_app(self.embedded.w3, self.embedded.lock),
                    host="127.0.0.1",
                    port=self.rpc_port,
                    log_level="warning",
                )
            )
            threading.Thread(target=server.run, daemon=True).start()
        uvicorn.run(self.app, host=self.host, port=self.port, log_level="warning", access_log=False)


def add_parsers(subparsers: Any) -> None:
    """Add ``colony node``, ``promote``, ``live up|down`` and ``chain up|down`` to ``colony``."""
    node = subparsers.add_parser(
        "node",
        help="run a live node: x402 gateway + embedded facilitator on a chain",
        description=(
            "Start the x402 gateway with its embedded facilitator on 127.0.0.1:4023, on the "
            "embedded chain (or --rpc/--token), with the paid route /g/demo/answer. Prints "
            "and serves at /instance/info the paid URL, price, network, token, RPC URL and "
            "the path of a funded demo payer key file."
        ),
    )
    node.add_argument("--host", default="127.0.0.1", help="bind address (default 127.0.0.1)")
    node.add_argument("--port", type=int, default=4023, help="gateway port (default 4023)")
    node.add_argument("--price", type=int, default=1_000, help="demo route price, atomic units")
    node.add_argument("--data-dir", type=Path, default=Path("data/node"), help="journal, keys")
    node.add_argument("--rpc", default=None, help="JSON-RPC URL of a chain (default: embedded)")
    node.add_argument("--token", default=None, help="EIP-3009 token address (with --rpc)")
    node.add_argument(
        "--serve-rpc",
        type=int,
        default=None,
        metavar="PORT",
        help="serve the embedded chain as JSON-RPC on 127.0.0.1:PORT",
    )
    node.set_defaults(handler=cmd_node)
    promote = subparsers.add_parser(
        "promote",
        help="start a live node with a simulated agent's cognitive state",
        description=(
            "Read <RUN_DIR>/agents/<ID>.agent (written by `colony run`), start a live node "
            "on 127.0.0.1 with that agent's mind, brain weights and templates on the "
            "embedded chain, and serve it until interrupted. /soul/status shows the same "
            "weights hash, templates and lessons as the simulated agent."
        ),
    )
    promote.add_argument("run_dir", type=Path, metavar="RUN_DIR", help="a `colony run` output")
    promote.add_argument("--agent", default=None, metavar="ID",
                         help="agent id (default: the fittest exported agent)")
    promote.add_argument("--port", type=int, default=4023, help="HTTP port (default 4023)")
    promote.add_argument("--data-dir", type=Path, default=None,
                         help="node home (default data/nodes/<ID>)")
    promote.add_argument("--peer", action="append", default=[], metavar="URL",
                         help="base URL of another node (repeatable)")
    promote.add_argument("--factor", type=float, default=0.01,
                         help="wall seconds per simulated second (default 0.01)")
    promote.set_defaults(handler=cmd_promote)
    live = subparsers.add_parser(
        "live", help="a local live colony: `live up --nodes 3`, `live down`, `live node`"
    )
    live_sub = live.add_subparsers(dest="live_command", required=True)
    up = live_sub.add_parser("up", help="start anvil and N node processes on 127.0.0.1")
    up.add_argument("--nodes", type=int, default=3, help="number of nodes (default 3)")
    up.add_argument("--base-port", type=int, default=4100, help="port of node 0 (default 4100)")
    up.add_argument("--chain-port", type=int, default=8545, help="anvil port (default 8545)")
    up.add_argument("--data-dir", type=Path, default=Path("data/live"))
    up.add_argument("--export", type=Path, default=None, metavar="FILE",
                    help="an .agent file node 0 starts from (e.g. from `colony run`)")
    up.add_argument("--factor", type=float, default=0.01,
                    help="wall seconds per simulated second (default 0.01)")
    up.set_defaults(handler=cmd_live)
    down = live_sub.add_parser("down", help="stop the nodes (they save their state), then anvil")
    down.add_argument("--data-dir", type=Path, default=Path("data/live"))
    down.set_defaults(handler=cmd_live)
    one = live_sub.add_parser("node", help="run one agent node (what `live up` starts)")
    one.add_argument("--data-dir", type=Path, required=True)
    one.add_argument("--port", type=int, default=4100)
    one.add_argument("--rpc", default=None, help="JSON-RPC URL of the shared chain")
    one.add_argument("--token", default=None, help="PathUSD address on that chain")
    one.add_argument("--peer", action="append", default=[], metavar="URL")
    one.add_argument("--export", type=Path, default=None, metavar="FILE")
    one.add_argument("--seed", type=int, default=0)
    one.add_argument("--factor", type=float, default=0.01)
    one.set_defaults(handler=cmd_live)
    chain = subparsers.add_parser(
        "chain", help="start or stop a local anvil chain with PathUSD deployed"
    )
    chain.add_argument("action", choices=("up", "down"))
    chain.add_argument("--port", type=int, default=8545, help="anvil port (default 8545)")
    chain.add_argument("--data-dir", type=Path, default=Path("data/chain"))
    chain.set_defaults(handler=cmd_chain)


def cmd_node(args: argparse.Namespace) -> int:
    """Build and serve a node; prints its info first."""
    from colony_sim.errors import ConfigError

    if args.price <= 0:
        raise ConfigError("--price", "must be a positive number of atomic units")
    if not 0 < args.port < 65536:
        raise ConfigError("--port", "must be between 1 and 65535")
    try:
        node = Node(
            args.data_dir,
            host=args.host,
            port=args.port,
            price=args.price,
            rpc=args.rpc,
            token=args.token,
            rpc_port=args.serve_rpc,
        )
    except ValueError as exc:
        field, _, reason = str(exc).partition(": ")
        raise ConfigError(field, reason or str(exc)) from None
    print(json.dumps(node.info.to_json(), indent=2), flush=True)
    node.serve()
    return 0


def agent_file(run_dir: Path, agent: str | None) -> Path:
    """The export of ``agent`` in ``run_dir`` (the fittest, first written, when ``None``)."""
    from colony_sim.errors import ConfigError

    folder = Path(run_dir) / "agents"
    if not folder.is_dir():
        raise ConfigError("RUN_DIR", f"{folder} does not exist: run `colony run` first")
    if agent is None:
        from colony_sim.export import best_exported

        found = best_exported(folder)
        if found is None:
            raise ConfigError("RUN_DIR", f"{folder} holds no .agent files")
        return found
    path = folder / f"{agent}.agent"
    if not path.exists():
        names = ", ".join(sorted(p.stem for p in folder.glob("*.agent"))) or "none"
        raise ConfigError("--agent", f"no agent {agent!r} in {folder} (exported: {names})")
    return path


def cmd_promote(args: argparse.Namespace) -> int:
    """``colony promote RUN_DIR --agent ID``: a live node from a simulated agent."""
    import uvicorn

    from colony_sim.errors import ConfigError
    from colony_sim.export import export_summary, load_export
    from live.agent_node import LiveNode

    if not 0 < args.port < 65536:
        raise ConfigError("--port", "must be between 1 and 65535")
    if not args.factor > 0:
        raise ConfigError("--factor", "must be positive")
    export = load_export(agent_file(args.run_dir, args.agent))
    data_dir = args.data_dir or Path("data/nodes") / export.agent_id
    node = LiveNode(data_dir, export=export, peers=args.peer, port=args.port,
                    factor=args.factor)
    summary = export_summary(export)
    print(json.dumps({**node.info(), "weights_hash": summary["weights_hash"],
                      "templates": len(summary["templates"]),
                      "lessons": len(summary["lessons"]),
                      "admin_token_file": str((data_dir / "admin.token").resolve())},
                     indent=2), flush=True)
    node.start()
    try:
        uvicorn.run(node.app, host="127.0.0.1", port=args.port, log_level="warning",
                    access_log=False)
    finally:
        node.stop()
    return 0


def _check_port(flag: str, port: int) -> None:
    from colony_sim.errors import ConfigError

    if not 0 < port < 65536:
        raise ConfigError(flag, "must be between 1 and 65535")


def cmd_live(args: argparse.Namespace) -> int:
    """``colony live up|down|node``."""
    from colony_sim.errors import ConfigError
    from live.colony_live import live_down, live_up

    if args.live_command == "down":
        stopped = live_down(args.data_dir)
        print(json.dumps({"stopped": stopped}))
        return 0
    if not args.factor > 0:
        raise ConfigError("--factor", "must be positive")
    if args.live_command == "up":
        _check_port("--base-port", args.base_port)
        _check_port("--chain-port", args.chain_port)
        print(json.dumps(live_up(args.data_dir, args.nodes, base_port=args.base_port,
                                 chain_port=args.chain_port, export=args.export,
                                 factor=args.factor), indent=2))
        return 0
    _check_port("--port", args.port)
    return serve_live_node(args)


def serve_live_node(args: argparse.Namespace) -> int:
    """One agent node in this process, until SIGTERM or Ctrl-C (its state is saved)."""
    import signal

    import uvicorn

    from colony_sim.export import load_export
    from live.agent_node import LiveNode

    export = load_export(args.export) if args.export else None
    try:
        node = LiveNode(args.data_dir, export=export, peers=args.peer, port=args.port,
                        factor=args.factor, seed=args.seed, rpc=args.rpc, token=args.token)
    except ValueError as exc:
        from colony_sim.errors import ConfigError

        field, _, reason = str(exc).partition(": ")
        raise ConfigError(field, reason or str(exc)) from None
    node.start()
    server = uvicorn.Server(uvicorn.Config(node.app, host="127.0.0.1", port=args.port,
                                           log_level="warning", access_log=False))
    signal.signal(signal.SIGTERM, lambda *_: setattr(server, "should_exit", True))
    try:
        server.run()
    finally:
        node.stop()
    return 0


def cmd_chain(args: argparse.Namespace) -> int:
    """``colony chain up|down``."""
    from live.chain_anvil import chain_down, chain_up

    if args.action == "up":
        print(json.dumps(chain_up(args.data_dir, args.port), indent=2))
    else:
        chain_down(args.data_dir)
    return 0
