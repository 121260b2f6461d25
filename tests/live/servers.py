"""uvicorn in a thread on 127.0.0.1, for tests that need a real HTTP server."""

from __future__ import annotations

import threading
import time

import uvicorn
from fastapi import FastAPI


class ThreadServer:
    """uvicorn on 127.0.0.1 in a daemon thread; ``stop()`` (or the context) ends it.

    Args:
        app: The ASGI app to serve.
        port: Port to bind; 0 picks a free one (read it back from ``port``).
    """

    def __init__(self, app: FastAPI, port: int = 0) -> None:
        config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            assert self.thread.is_alive(), "server thread died (port taken?)"
            assert time.monotonic() < deadline, "server did not start"
            time.sleep(0.01)
        self.port = int(self.server.servers[0].sockets[0].getsockname()[1])
        self.url = f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)

    def __enter__(self) -> ThreadServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
