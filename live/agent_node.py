"""A live node: one colony_sim agent with a wallet, gateway, mind, workspace and peers.

The node serves, on 127.0.0.1, an agent with a wallet, the x402 gateway, a mind, a git
workspace, WASM cartridges and HTTP peers.

:class:`LiveNode` builds, in ``data_dir``:

* the chain — the embedded in-process EVM (eth-tester with PathUSD) by default;
* wallets — the agent's (funded by the chain's faucet), the operator's (the compute
  provider the agent pays for every thought, ``"sim:compute"`` in the cycle's words) and
  the facilitator's (gas); keys live in mode-0600 files and are never logged;
* the ports — :class:`~live.ledger_web3.Web3Ledger`, :class:`~live.market_gateway.
  GatewayMarket`, :class:`~live.workspace_git.GitWorkspace` (branch ``vm/{id}``),
  :class:`~live.cartridge.WasmtimeSandbox`, :class:`~live.bench_live.BenchmarkBench`,
  :class:`~live.peers_http.HttpPeers` and a real-time clock;
* the agent — :class:`~live.runtime.Runtime` around the sim's own
  :class:`~colony_sim.agent.Agent`, started from an export (``colony promote``) or from
  the node's saved state (a restart resumes), else a fresh founder;
* the HTTP app — the x402 gateway (``/g/{slug}/…`` paid, ``/health``, ``/routes``,
  ``/facilitator/*``), ``/c/{slug}`` (a deployed cartridge, paid), ``/app/{slug}``
  (free), ``/soul/*``, ``/admin/*`` (token), ``/peer/{topic}``, ``/instance/info``; the
  OpenAPI document at ``/openapi.json``.
"""

from __future__ import annotations

import copy
import json
import logging
import os
import secrets
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import simpy.rt
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

from colony_sim.agent import COMPUTE
from colony_sim.config import ColonyConfig
from colony_sim.economy.selection import branch_name
from colony_sim.export import AgentExport, load_export, save_export
from colony_sim.ports import PortBundle
from live.bench_live import BenchmarkBench
from live.cartridge import CartridgeHost, CartridgeStore, SqliteKv, WasmtimeSandbox
from live.cartridge.router_fastapi import METHODS, cartridge_app, cartridge_router
from live.chain.wallet import Wallet
from live.clock import RealtimeClock
from live.ledger_web3 import Web3Ledger
from live.market_gateway import GatewayMarket
from live.peers_http import HttpPeers
from live.runtime import Runtime
from live.soul_api import admin_router, soul_router
from live.workspace_git import GitWorkspace
from live.x402.chain_web3 import Web3Chain
from live.x402.facilitator import Facilitator
from live.x402.gateway import Gateway, Route, _serve_paid, create_app
from live.x402.journal import Journal

if TYPE_CHECKING:
    from live.chain.embedded import EmbeddedChain
    from live.chain_anvil import DevFaucet

log = logging.getLogger(__name__)

GAS = 10**20
AGENT_FUNDS = 10_000_000  # 10 pathUSD, the seed's faucet threshold
STATE_FILE = "state.agent"
MAX_CLONES = 4
TOKEN_ENV = "COLONY_ADMIN_TOKEN"


def _key_file(path: Path) -> Wallet:
    """The wallet whose key is in ``path`` (created, mode 0600, if missing)."""
    if path.exists():
        return Wallet.from_private_key(path.read_text().strip())
    wallet = Wallet.generate()
    path.write_text(wallet.account.key.hex() + "\n")
    os.chmod(path, 0o600)
    return wallet


def _admin_token(data_dir: Path) -> str:
    """The admin token: ``$COLONY_ADMIN_TOKEN`` or a random one kept in a 0600 file."""
    env = os.environ.get(TOKEN_ENV)
    if env:
        return env
    path = data_dir / "admin.token"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(32) + "\n")
        os.chmod(path, 0o600)
    return path.read_text().strip()


def clone_export(parent: AgentExport, child_id: str) -> AgentExport:
    """A child's starting state: the parent's brain and inherited mind, a new id."""
    from colony_sim.engine import inherit

    state = copy.deepcopy(parent.state)
    state.agent_id, state.parent = child_id, parent.agent_id
    state.generation += 1
    state.branch = branch_name(child_id)
    state.mind = inherit(parent.state.mind)
    state.cycles = state.revenue = state.costs = state.requests = 0
    stream = np.random.default_rng(zlib.crc32(child_id.encode()))  # its own, not the parent's
    return AgentExport(parent.run_id, parent.config, state, copy.deepcopy(parent.slot),
                       stream.bit_generator.state, [])


class LiveNode:
    """Everything a node is, built but not yet serving.

    Args:
        data_dir: The node's home: keys, journal, KV, cartridges, workspace, saved state.
        export: A promoted agent (ignored when the node has saved state of its own).
        config: Configuration of a fresh founder (a promoted agent keeps its run's).
        peers: Base URLs of other nodes.
        host: Bind address. port: Port.
        factor: Wall seconds per simulated second of the agent's clock.
        coder: The benchmark coder spec (``empty`` without an LLM).
        seed: Seed of a fresh founder and of the node's streams.
        sync_period: Seconds between peer-sync rounds.
        rpc: JSON-RPC URL of a shared development chain (anvil); ``None`` = embedded.
        token: PathUSD address on that chain.
    """

    def __init__(
        self,
        data_dir: Path,
        *,
        export: AgentExport | None = None,
        config: ColonyConfig | None = None,
        peers: list[str] | tuple[str, ...] = (),
        host: str = "127.0.0.1",
        port: int = 4023,
        factor: float = 0.01,
        coder: str = "empty",
        seed: int = 0,
        sync_period: float = 2.0,
        rpc: str | None = None,
        token: str | None = None,
    ) -> None:
        self.data_dir = Path(data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.host, self.port = host, port
        saved = self.data_dir / STATE_FILE
        if saved.exists():
            if export is not None:
                log.warning("%s has saved state: resuming it, not the given export", data_dir)
            export = load_export(saved)
        if export is not None:
            config = ColonyConfig.model_validate(export.config)
        self.config = config or ColonyConfig()
        agent_id = export.agent_id if export is not None else f"n{seed:05d}"
        self.agent_id = agent_id
        rng = np.random.default_rng(seed)

        agent_wallet = _key_file(self.data_dir / "agent.key")
        operator = _key_file(self.data_dir / "operator.key")
        facilitator_wallet = _key_file(self.data_dir / "facilitator.key")
        self.rpc, self.embedded = rpc, None
        faucet: EmbeddedChain | DevFaucet
        if rpc is None:
            from live.chain.embedded import EmbeddedChain

            self.embedded = faucet = EmbeddedChain()
            chain = Web3Chain(faucet.w3, faucet.token.address, lock=faucet.lock)
        else:
            from live.chain_anvil import DevFaucet

            if not token:
                raise ValueError("--token: required with --rpc (the PathUSD address)")
            chain = Web3Chain.connect(rpc, token)
            faucet = DevFaucet(chain.w3, token)
        for wallet in (facilitator_wallet, agent_wallet):  # a restart is not refunded
            if faucet.eth_balance(wallet.address) < GAS // 10:
                faucet.fund_gas(wallet.address, GAS)
        # The seed's rule: fund below 10 pathUSD. A node restarting on a shared chain keeps
        # what it has (it may have earned or spent it); the embedded chain starts empty.
        if chain.balance_of(agent_wallet.address) < AGENT_FUNDS and (
            self.embedded is not None or not saved.exists()
        ):
            faucet.faucet(agent_wallet.address, AGENT_FUNDS)
        self.faucet = faucet
        self.chain = chain
        journal = Journal(str(self.data_dir / "journal.sqlite"))
        self.gateway = Gateway(Facilitator(chain, facilitator_wallet, journal))
        ledger = Web3Ledger(chain, facilitator_wallet, [agent_wallet],
                            accounts={COMPUTE: operator.address})
        self.kv = SqliteKv(self.data_dir / "kv.sqlite")
        self.store = CartridgeStore(self.data_dir / "cartridges")
        self.host_wasm = CartridgeHost(self.kv, store=self.store)
        market = GatewayMarket(
            self.gateway, agent_wallet.address, price=self.config.economy.price,
            upstream_for=lambda slug: cartridge_app(self.host_wasm, slug),
            state_file=self.data_dir / "endpoints.json",
        )
        self.market = market
        self.workspace_root = self.data_dir / "workspace"
        workspace = GitWorkspace(self.workspace_root, agent_id, rng=np.random.default_rng(rng))
        self.peers = HttpPeers(agent_id, list(peers), rng=np.random.default_rng(rng),
                               period=sync_period)
        env = simpy.rt.RealtimeEnvironment(factor=factor, strict=False)
        ports = PortBundle(
            clock=RealtimeClock(env),
            ledger=ledger,
            market=market,
            workspace=workspace,
            sandbox=WasmtimeSandbox(self.store, self.host_wasm, market,
                                    max_endpoints=self.config.economy.max_endpoints),
            bench=BenchmarkBench(coder, rng=np.random.default_rng(rng)),
            peers=self.peers,
        )
        self.runtime = Runtime(self.config, ports, env, agent_wallet.address, agent_id=agent_id,
                               export=export, seed=seed, save_to=saved)
        self.admin_token = _admin_token(self.data_dir)
        self.app = self._app()

    def _app(self) -> FastAPI:
        app = create_app(self.gateway, reconcile=True)
        app.title = f"colony live node {self.agent_id}"
        app.docs_url = "/docs"
        gateway, market = self.gateway, self.market

        async def paid_cartridge(slug: str, request: Request, path: str = "") -> Response:
            route = gateway.routes.get(slug)
            if route is None or slug not in market.endpoints():
                return JSONResponse({"error": "not_found", "message": f"cartridge {slug!r}"},
                                    404)
            return await _serve_paid(gateway, route, path, request, await request.body())

        for pattern in ("/c/{slug}", "/c/{slug}/{path:path}"):
            for method in METHODS:
                app.add_api_route(pattern, paid_cartridge, methods=[method],
                                  operation_id=f"c_{pattern.count('/')}_{method.lower()}")

        if self.rpc is not None:
            self.gateway.add_route(Route(
                "clone", max(1, self.config.economy.clone_price), self.runtime.agent.state.address,
                self._clone_app(), "spawn a clone of this node (its own wallet and branch)",
            ))

            @app.post("/clone")
            async def clone(request: Request) -> Response:
                route = gateway.routes["clone"]
                return await _serve_paid(gateway, route, "", request, await request.body())

        app.include_router(cartridge_router(
            self.host_wasm, served=lambda s: s in market.endpoints(), include_paid=False
        ))
        app.include_router(soul_router(self.runtime))
        app.include_router(admin_router(self.runtime, self.admin_token, self.workspace_root))
        app.include_router(self.peers.router())

        @app.get("/instance/info")
        def instance_info() -> dict[str, Any]:
            return self.info()

        return app

    def _clone_app(self) -> FastAPI:
        """The upstream of the paid ``/clone``: spawns a child node process."""
        from live.colony_live import spawn_node, wait_healthy
        from live.x402.anvil import free_port

        upstream = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
        node = self

        @upstream.post("/")
        def spawn() -> JSONResponse:
            children_file = node.data_dir / "children.json"
            children = json.loads(children_file.read_text()) if children_file.exists() else []
            if len(children) >= MAX_CLONES:
                return JSONResponse({"error": "endpoint_error",
                                     "message": f"at most {MAX_CLONES} clones per node"}, 409)
            child_id = f"{node.agent_id}-k{len(children)}"
            home = node.data_dir.parent / child_id
            seed_file = save_export(clone_export(node.runtime.export(), child_id),
                                    home / "seed.agent")
            port = free_port()
            url = f"http://127.0.0.1:{port}"
            peers = [node.url, *sorted(node.peers.links)]
            proc = spawn_node(home, port, rpc=node.rpc, token=node.chain.token_address,
                              peers=peers, export=seed_file, seed=len(children) + 1000,
                              factor=node.runtime.env.factor)
            try:
                wait_healthy(url, proc=proc)
            except Exception as exc:  # noqa: BLE001 - reported; the payer is not charged
                proc.kill()
                return JSONResponse({"error": "endpoint_error", "message": str(exc)}, 502)
            children.append({"agent_id": child_id, "url": url, "pid": proc.pid})
            children_file.write_text(json.dumps(children, indent=2) + "\n")
            node.peers.add_peer(url)
            return JSONResponse({"agent_id": child_id, "url": url})

        return upstream

    @property
    def url(self) -> str:
        """This node's base URL."""
        return f"http://{self.host}:{self.port}"

    def info(self) -> dict[str, Any]:
        """What ``/instance/info`` reports (no secrets)."""
        s = self.runtime.agent.state
        return {
            "agent_id": self.agent_id,
            "address": s.address,
            "branch": branch_name(self.agent_id),
            "url": self.url,
            "network": self.chain.network,
            "token": self.chain.token_address,
            "endpoints": list(self.market.endpoints()),
            "peers": sorted(self.peers.links),
        }

    def start(self) -> None:
        """Start the agent's cycle and the peer sync (the HTTP server is the caller's)."""
        self.peers.start()
        self.runtime.start()

    def stop(self) -> None:
        """Stop the agent (its state is saved) and the peer sync."""
        self.runtime.stop()
        self.peers.close()
