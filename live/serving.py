"""Serve an ASGI app with uvicorn on 127.0.0.1 in a background thread.

Used by the node (peer sync, the chain's JSON-RPC) and by tests that need a real HTTP
server on loopback. The server binds 127.0.0.1 unless told otherwise and stops on
:meth:`ThreadServer.stop` (or when the context manager exits).
"""

from __future__ import annotations

import threading
import time
from typing import Any

import uvicorn

from live.x402.anvil import free_port


class ThreadServer:
    """uvicorn serving ``app`` in a daemon thread.

    Args:
        app: The ASGI application.
        host: Bind address (loopback by default).
        port: Port; a free one when ``None``.
        start_timeout: Seconds to wait for the server to accept connections.
    """

    def __init__(self, app: Any, *, host: str = "127.0.0.1", port: int | None = None,
                 start_timeout: float = 10.0) -> None:
        self.host = host
        self.port = port or free_port()
        config = uvicorn.Config(app, host=host, port=self.port, log_level="warning",
                                access_log=False)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + start_timeout
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"port: server on {host}:{self.port} did not start")
            time.sleep(0.01)

    @property
    def url(self) -> str:
        """Base URL of the server."""
        return f"http://{self.host}:{self.port}"

    def stop(self, timeout: float = 10.0) -> None:
        """Ask the server to finish its responses and exit; wait for the thread."""
        self.server.should_exit = True
        self.thread.join(timeout=timeout)

    def __enter__(self) -> ThreadServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
