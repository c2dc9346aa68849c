"""What cleanup could not remove, so the last word of an interrupted run is true.

"Everything created was dropped" is a promise; a folder that would not go, or
a database that would not drop, is written down here by whoever failed to
remove it, and the closing message names it instead.
"""

from __future__ import annotations

import threading

_left: list[str] = []
_lock = threading.Lock()


def note_left(what: str) -> None:
    """Remember that `what` (a folder, a database) is still there after its cleanup."""
    with _lock:
        if what not in _left:
            _left.append(what)


def left_behind() -> list[str]:
    """Everything noted so far, in the order it was noted."""
    with _lock:
        return list(_left)
