"""Reading ahead in a thread: :func:`prefetch` (a load reads its next batches while one is
written; Ladybug releases the GIL while it copies)."""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

T = TypeVar("T")


def prefetch(items: Iterable[T], depth: int = 2) -> Iterator[T]:
    """Iterate ``items`` in a background thread, at most ``depth`` items ahead.

    Errors in the producer are raised here; stopping early (an error while consuming)
    stops the producer.

    >>> list(prefetch(range(5)))
    [0, 1, 2, 3, 4]
    """
    done = object()
    box: queue.Queue[Any] = queue.Queue(maxsize=max(1, depth))
    stop = threading.Event()

    def produce() -> None:
        try:
            for item in items:
                while not stop.is_set():
                    try:
                        box.put(item, timeout=0.1)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
            box.put(done)
        except BaseException as exc:  # handed to the consumer, which re-raises it
            box.put(_Failure(exc))

    thread = threading.Thread(target=produce, name="tatgraph-prefetch", daemon=True)
    thread.start()
    try:
        while True:
            item = box.get()
            if item is done:
                return
            if isinstance(item, _Failure):
                raise item.exc
            yield item
    finally:
        stop.set()
        while thread.is_alive():
            try:
                box.get_nowait()
            except queue.Empty:
                thread.join(timeout=0.05)


@dataclass(frozen=True)
class _Failure:
    exc: BaseException
