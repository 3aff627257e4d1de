"""The ACLED reader as a separate process, so reading and writing run on two cores.

:func:`tatgraph.loaders.acled.load.load_acled` starts ``python -m
tatgraph.loaders.acled.worker`` (a plain subprocess: nothing of the caller's ``__main__`` is
re-imported), sends it the load options on stdin and reads pickled frames from its stdout:
``("batch", item)`` per batch, then ``("done", state)``, or ``("input_error", problems,
hint)`` / ``("error", kind, text)``.
The pipe is the queue: the worker blocks while the writer is busy, so at most a batch or
two are in memory. Only tatgraph's own parent process talks to this worker, over a private
pipe; its stdin and stdout are not meant for anything else.
"""

from __future__ import annotations

import pickle
import subprocess
import sys
from collections.abc import Callable, Iterator
from typing import IO, Any

from ...errors import BackendError, InputError, TatgraphError
from .read import Item, Options, ReadState, paused_gc, read_items, reader_for


def run_worker(options: Options) -> tuple[Iterator[Item], Callable[[], ReadState]]:
    """Start a worker for ``options``: (its batches, a function giving its final state)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "tatgraph.loaders.acled.worker"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    assert proc.stdin is not None
    assert proc.stdout is not None
    try:
        pickle.dump(options, proc.stdin, protocol=pickle.HIGHEST_PROTOCOL)
        proc.stdin.close()
    except BrokenPipeError:
        pass  # the worker died at once; reported when its output ends
    final: list[ReadState] = []
    out = proc.stdout

    def items() -> Iterator[Item]:
        try:
            while True:
                try:
                    msg = pickle.load(out)
                except EOFError:
                    code = proc.wait()
                    raise BackendError(
                        f"the ACLED reader process stopped (exit code {code}) before the end "
                        "of the input; nothing of the unfinished batch was written"
                    ) from None
                if msg[0] == "batch":
                    yield msg[1]
                elif msg[0] == "done":
                    final.append(msg[1])
                    return
                elif msg[0] == "input_error":
                    raise InputError(problems=msg[1], hint=msg[2])
                else:
                    _, kind, text = msg
                    raise TatgraphError(f"the ACLED reader failed: {kind}: {text}")
        finally:
            if proc.poll() is None and not final:
                proc.kill()
            out.close()
            proc.wait()

    def state() -> ReadState:
        if not final:
            raise BackendError("the ACLED reader did not finish")
        return final[0]

    return items(), state


def _send(out: IO[bytes], msg: Any) -> None:
    pickle.dump(msg, out, protocol=pickle.HIGHEST_PROTOCOL)
    out.flush()


def main() -> None:
    """Worker entry point: options on stdin, frames on stdout."""
    out = sys.stdout.buffer
    sys.stdout = sys.stderr  # anything printed by accident must not corrupt the frames
    try:
        options = pickle.load(sys.stdin.buffer)
        reader = reader_for(options)
        with paused_gc():
            for item in read_items(options, reader):
                _send(out, ("batch", item))
        _send(out, ("done", ReadState.of(reader)))
    except BrokenPipeError:
        return  # the parent stopped reading (it failed or was interrupted)
    except InputError as exc:
        _send(out, ("input_error", exc.problems, exc.hint))
    except BaseException as exc:  # reported to the parent, which raises it
        try:
            _send(out, ("error", type(exc).__name__, str(exc)))
        except BrokenPipeError:
            return


if __name__ == "__main__":
    main()
