"""Running a batch on a Dask distributed cluster (the optional extra: pip install 'ocrfix[dask]').

Workers read the inputs and write the outputs themselves, so every worker must see the
same paths as the client (a shared file system), and must have ocrfix installed.
"""

from __future__ import annotations

from typing import Any, Callable

try:
    from distributed import Client, WorkerPlugin
except ImportError as error:  # pragma: no cover - depends on the environment
    raise ImportError("--scheduler needs Dask: pip install 'ocrfix[dask]'") from error


CONNECT_TIMEOUT = "10s"


class BatchWorkerSetup(WorkerPlugin):
    """Prepares the configuration on each worker once, as it joins (the pool initializer's role)."""

    def __init__(self, batch_setup: Any) -> None:
        self.batch_setup = batch_setup

    def setup(self, worker) -> None:
        from .batch import CleanSetup, prepare

        if isinstance(self.batch_setup, CleanSetup):
            prepare(self.batch_setup)


class DaskExecutor:
    """Submits per-file tasks to a Dask scheduler; keeps enough tasks in flight to hide the scheduler latency."""

    def __init__(self, address: str, batch_setup: Any) -> None:
        try:
            self.client = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
        except (OSError, TimeoutError) as error:
            from .batch import BatchError

            raise BatchError(f"cannot reach the Dask scheduler at {address}: {error}") from None
        digest = getattr(batch_setup, "digest", type(batch_setup).__name__)
        self.client.register_plugin(BatchWorkerSetup(batch_setup), name=f"ocrfix-setup-{digest}")
        threads = sum(self.client.nthreads().values()) or 1
        # A Dask task costs about a millisecond of scheduling: send files in chunks, several per thread.
        self.chunk = 8
        self.window = max(8, threads * 4)

    def submit(self, function: Callable, *args):
        return self.client.submit(function, *args, pure=False)  # pure=False: a re-run must really re-run

    def close(self, cancel: bool = False) -> None:
        self.client.close()
