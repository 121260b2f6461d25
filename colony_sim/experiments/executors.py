"""Executors behind one facade: serial, local processes, Dask distributed.

Each backend submits a function call and waits for whichever calls finish first; the
sweep loop (:mod:`colony_sim.experiments.sweep`) is the same for all three. Opening a
backend is where a bad ``--scheduler`` is caught, before any run starts.

* ``serial``: runs in the driver, one run at a time (the reference for results).
* ``process``: a :class:`concurrent.futures.ProcessPoolExecutor` (forkserver on Linux).
* ``dask``: a :class:`distributed.Client` on a ``LocalCluster`` (one single-threaded
  worker process per core) or, given ``scheduler``, on an existing cluster.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import re
import time
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Literal

from colony_sim.errors import ConfigError

ExecutorKind = Literal["serial", "process", "dask"]
EXECUTORS: tuple[str, ...] = ("serial", "process", "dask")
_ADDRESS = re.compile(r"^(tcp|tls|inproc|ws|wss|ucx)://[^\s/]+(:\d+)?$|^[\w.\-]+:\d+$")


class Backend:
    """A pool that runs function calls and reports the first ones to finish.

    Attributes:
        kind: ``serial``, ``process`` or ``dask``.
        workers: How many calls run at once.
        batches: Whether short runs should be grouped into tasks (false for serial).
        address: Scheduler address (Dask only).
    """

    kind: str = "serial"
    workers: int = 1
    batches: bool = False
    address: str | None = None

    def submit(self, fn: Callable[..., Any], *args: Any) -> Any:
        """Start ``fn(*args)``; returns a future."""
        fut: Future[Any] = Future()
        try:
            fut.set_result(fn(*args))
        except Exception as exc:  # noqa: BLE001 - delivered through the future
            fut.set_exception(exc)
        return fut

    def wait_any(self, futures: Iterable[Any]) -> set[Any]:
        """Block until at least one future is done; return the done ones."""
        return set(wait(list(futures), return_when=FIRST_COMPLETED).done)

    def cancel(self, futures: Iterable[Any]) -> None:
        """Cancel futures not yet started."""
        for fut in futures:
            fut.cancel()

    def close(self) -> None:
        """Release the workers."""


class ProcessBackend(Backend):
    """Local worker processes."""

    kind, batches = "process", True

    def __init__(self, workers: int | None) -> None:
        self.workers = workers or os.cpu_count() or 1
        ctx: multiprocessing.context.BaseContext
        if "forkserver" in multiprocessing.get_all_start_methods():
            ctx = multiprocessing.get_context("forkserver")
            # Import the worker once in the server; each worker process forks from it.
            ctx.set_forkserver_preload(["colony_sim.experiments.worker"])
        else:  # pragma: no cover - macOS / Windows
            ctx = multiprocessing.get_context("spawn")
        self.ctx = ctx
        self.pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=ctx)
        for fut in [self.pool.submit(os.getpid) for _ in range(self.workers)]:
            fut.result()  # start the workers now: start-up is not a run's time

    def submit(self, fn: Callable[..., Any], *args: Any) -> Any:  # noqa: D102
        try:
            return self.pool.submit(fn, *args)
        except BrokenProcessPool:  # a worker died (e.g. a run crashed it): start anew
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=self.ctx)
            return self.pool.submit(fn, *args)

    def close(self) -> None:  # noqa: D102
        self.pool.shutdown(wait=True, cancel_futures=True)


class DaskBackend(Backend):
    """A ``distributed`` client on a LocalCluster or an existing scheduler."""

    kind, batches = "dask", True

    def __init__(self, workers: int | None, scheduler: str | None, timeout: float) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError:  # pragma: no cover - depends on the install
            raise ConfigError(
                "--executor", "dask needs dask[distributed]: pip install 'colony-lab[dask]'"
            ) from None
        self.cluster = None
        if scheduler is None:
            self.cluster = LocalCluster(
                n_workers=workers or os.cpu_count() or 1,
                threads_per_worker=1,
                processes=True,
                dashboard_address=":0",
                silence_logs=logging.ERROR,
            )
            self.client = Client(self.cluster, set_as_default=False)
        else:
            self.client = _connect(Client, scheduler, timeout)
        self.address = self.client.scheduler.address
        self._workers, self._counted = 1, -1.0

    @property
    def workers(self) -> int:  # type: ignore[override]
        """Worker threads in the cluster now (workers may join or leave; checked every 2 s)."""
        now = time.monotonic()
        if now - self._counted > 2.0:
            self._workers = sum(self.client.nthreads().values()) or 1
            self._counted = now
        return self._workers

    def submit(self, fn: Callable[..., Any], *args: Any) -> Any:  # noqa: D102
        return self.client.submit(fn, *args, pure=False)

    def wait_any(self, futures: Iterable[Any]) -> set[Any]:  # noqa: D102
        from distributed import wait as dask_wait

        with self.client.as_current():
            return set(dask_wait(list(futures), return_when="FIRST_COMPLETED").done)

    def cancel(self, futures: Iterable[Any]) -> None:  # noqa: D102
        futures = list(futures)
        if futures:
            self.client.cancel(futures)

    def close(self) -> None:  # noqa: D102
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def _connect(client_cls: Any, scheduler: str, timeout: float) -> Any:
    if not _ADDRESS.match(scheduler):
        raise ConfigError("--scheduler", f"{scheduler!r} is not an address like tcp://HOST:8786")
    try:
        client = client_cls(scheduler, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ConfigError("--scheduler", f"cannot reach {scheduler}: {reason[:160]}") from None
    try:
        client.wait_for_workers(1, timeout=timeout)
    except (OSError, TimeoutError):
        client.close()
        reason = f"no worker joined {scheduler} within {timeout:g} s"
        raise ConfigError("--scheduler", reason) from None
    return client


def open_backend(
    kind: str,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    timeout: float = 10.0,
) -> Backend:
    """Open the executor ``kind`` (a ``scheduler`` address implies ``dask``).

    Args:
        kind: ``serial``, ``process`` or ``dask``.
        workers: Worker processes for ``process`` and a LocalCluster (default: cores).
        scheduler: Address of an existing Dask scheduler (``tcp://HOST:8786``).
        timeout: Seconds to wait for the scheduler and its first worker.

    Raises:
        ConfigError: unknown executor, bad worker count, unreachable scheduler.
    """
    if kind not in EXECUTORS:
        raise ConfigError("--executor", f"unknown executor {kind!r} (choose from {EXECUTORS})")
    if scheduler is not None and kind != "dask":
        raise ConfigError("--scheduler", f"needs --executor dask, not {kind}")
    if workers is not None and workers < 1:
        raise ConfigError("--workers", f"must be at least 1, got {workers}")
    if kind == "process":
        return ProcessBackend(workers)
    if kind == "dask":
        return DaskBackend(workers, scheduler, timeout)
    return Backend()
