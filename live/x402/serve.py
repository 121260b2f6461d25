r"""Run the gateway (with its embedded facilitator) as a server process, with uvicorn.

Example::

    COLONY_X402_FACILITATOR_KEY=0x... python -m live.x402.serve \\
        --rpc http://127.0.0.1:8545 --token 0x... --journal gw.sqlite \\
        --route demo --price 1000 --pay-to 0x...

The facilitator's key is read from the environment variable
``COLONY_X402_FACILITATOR_KEY`` (or a keystore via ``--keystore`` with the password in
``COLONY_X402_KEYSTORE_PASSWORD``), never from the command line, and never printed.
It binds 127.0.0.1 unless ``--host`` says otherwise. Without ``--upstream`` the route is
served by a built-in demo endpoint (``GET /answer`` → ``{"answer": 42}``; ``/free`` unpaid).
On start the journal is reconciled with the chain before any request is served.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence

from fastapi import FastAPI

from live.chain.wallet import Wallet
from live.x402.chain_web3 import Web3Chain
from live.x402.facilitator import Facilitator
from live.x402.gateway import Gateway, Route, create_app
from live.x402.journal import SYNC_MODES, Journal

KEY_ENV = "COLONY_X402_FACILITATOR_KEY"
PASSWORD_ENV = "COLONY_X402_KEYSTORE_PASSWORD"


def demo_endpoint() -> FastAPI:
    """The built-in endpoint used when no ``--upstream`` is given."""
    app = FastAPI()

    @app.get("/answer")
    async def answer() -> dict[str, int]:
        return {"answer": 42}

    @app.get("/free")
    async def free() -> dict[str, bool]:
        return {"free": True}

    return app


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of the gateway server (shared with a ``colony`` sub-command)."""
    parser.add_argument("--host", default="127.0.0.1", help="bind address (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8402)
    parser.add_argument("--rpc", required=True, help="JSON-RPC URL of the chain")
    parser.add_argument("--token", required=True, help="EIP-3009 token address")
    parser.add_argument("--journal", required=True, help="SQLite journal file")
    parser.add_argument("--route", default="demo", help="route slug, served at /g/<slug>/")
    parser.add_argument("--price", type=int, default=1000, help="price in atomic units")
    parser.add_argument("--pay-to", required=True, help="recipient address")
    parser.add_argument("--upstream", default=None, help="endpoint base URL (default: demo)")
    parser.add_argument("--free", action="append", default=["free"], help="unpaid sub-path")
    parser.add_argument("--keystore", default=None, help="facilitator keystore file")
    parser.add_argument(
        "--synchronous",
        default="WRITE_AHEAD",
        choices=SYNC_MODES,
        help="journal durability: WRITE_AHEAD fsyncs each settlement's record before its "
        "broadcast (default), FULL every change, NORMAL none (process kills only)",
    )
    parser.add_argument(
        "--max-timeout",
        type=_positive_seconds,
        default=60,
        help="authorization window asked of clients, seconds (default 60; on eth-tester, "
        "whose clock runs ahead by a second per block, use a longer one under load)",
    )


def _positive_seconds(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of seconds") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be positive, got {value}")
    return value


def build_app(args: argparse.Namespace) -> FastAPI:
    """The gateway app described by parsed ``args``.

    Raises:
        SystemExit: when the facilitator key is not provided.
    """
    if args.keystore:
        wallet = Wallet.load(args.keystore, os.environ.get(PASSWORD_ENV, ""))
    elif os.environ.get(KEY_ENV):
        wallet = Wallet.from_private_key(os.environ[KEY_ENV])
    else:
        raise SystemExit(f"facilitator key: set {KEY_ENV} or pass --keystore")
    chain = Web3Chain.connect(args.rpc, args.token)
    journal = Journal(args.journal, synchronous=args.synchronous)
    facilitator = Facilitator(chain, wallet, journal)
    route = Route(
        args.route,
        args.price,
        args.pay_to,
        args.upstream or demo_endpoint(),
        f"paid route {args.route}",
        free=frozenset(args.free),
        max_timeout_seconds=args.max_timeout,
    )
    return create_app(Gateway(facilitator, [route]))


def main(argv: Sequence[str] | None = None) -> int:
    """Parse ``argv`` and serve until interrupted."""
    import uvicorn

    parser = argparse.ArgumentParser(
        prog="python -m live.x402.serve", description=__doc__.split("\n")[0]
    )
    add_arguments(parser)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    app = build_app(args)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", access_log=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
