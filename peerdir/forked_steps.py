"""Some of a build's rendering done in a second process, on a machine's second core, while this one
does the rest: the renderers are pure functions of the data, so which process runs one changes nothing
in what it returns (the golden files and every test compare a build made so).

The second process is a fork, which starts with the data this one has loaded (nothing is sent to it)
and sends back only what it rendered, pickled. Where there is no fork (not Linux or macOS), one core,
another thread running, or the child fails in any way, the steps run here, in order, as they would have anyway: an error in a
renderer is then raised here, with its traceback, as without this module.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import threading
from collections.abc import Callable, Collection
from typing import Any

Steps = dict[str, Callable[[], Any]]  # each step by name, run with no argument


def run_steps(steps: Steps, *, beside: Collection[str], in_parallel: bool) -> dict[str, Any]:
    """What every step returned, by name, in the order of `steps`: those named in `beside` in a forked
    process when `in_parallel` (and the machine can), while the others run in this one."""
    here = {name: step for name, step in steps.items() if name not in beside}
    there = {name: step for name, step in steps.items() if name in beside}
    child = _start(there) if in_parallel and _can_fork() else None
    done = {name: step() for name, step in here.items()}
    from_child = _result(child) if child is not None else None
    if from_child is None:
        from_child = {name: step() for name, step in there.items()}
    return {name: done[name] if name in done else from_child[name] for name in steps}


def _can_fork() -> bool:
    """A fork copies only the thread that makes it: with another thread running (a server's), a lock it
    held would stay locked in the child for good, so then the steps run here."""
    return ("fork" in multiprocessing.get_all_start_methods() and (os.cpu_count() or 1) > 1
            and threading.active_count() == 1)


def _start(steps: Steps) -> tuple[Any, Any] | None:
    context = multiprocessing.get_context("fork")
    receiving, sending = context.Pipe(duplex=False)
    process = context.Process(target=_run_in_child, args=(steps, sending), daemon=True)
    try:
        process.start()
    except OSError:  # no memory or no process left for it: run the steps here
        return None
    sending.close()  # this process's copy: the child's end of the pipe is then the only one
    return process, receiving


def _run_in_child(steps: Steps, sending: Any) -> None:
    try:
        result = pickle.dumps({name: step() for name, step in steps.items()}, protocol=pickle.HIGHEST_PROTOCOL)
    except BaseException:  # noqa: BLE001 - reported by sending nothing; the parent runs the steps itself
        result = b""
    sending.send_bytes(result)
    sending.close()


def _result(child: tuple[Any, Any]) -> dict[str, Any] | None:
    process, receiving = child
    try:
        data = receiving.recv_bytes()
    except (EOFError, OSError):  # the child ended without sending (killed, out of memory)
        data = b""
    finally:
        receiving.close()
    process.join()
    return pickle.loads(data) if data else None
