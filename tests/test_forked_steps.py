"""A build renders its calendars, feeds and open data in a second process while this one renders the
pages (peerdir/forked_steps.py): what it renders is the same, and whatever goes wrong there, the steps
run here instead.

A build runs in a process of its own, with no other thread; pytest's process has threads other tests
left (servers, the preview's indexer), in which nothing is forked. So what forks runs in a fresh Python."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading

import pytest

from peerdir import forked_steps

from .conftest import REPO, TODAY


def run_in_a_fresh_python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=300,
                          check=False)


def in_a_fresh_python(code: str) -> dict:
    """What `code` printed, as JSON, run in a Python of its own."""
    done = run_in_a_fresh_python(code)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_the_steps_beside_run_in_another_process_and_come_back() -> None:
    found = in_a_fresh_python(
        "import json, os\n"
        "from peerdir import forked_steps\n"
        "steps = {'beside': os.getpid, 'here': os.getpid, 'also': lambda: [1, 'two']}\n"
        "done = forked_steps.run_steps(steps, beside={'beside', 'also'}, in_parallel=True)\n"
        "print(json.dumps({'done': done, 'order': list(done), 'me': os.getpid()}))\n")
    assert found["order"] == ["beside", "here", "also"]  # the steps' own order, whichever process ran each
    found = {**found["done"], "me": found["me"]}
    assert found["here"] == found["me"]
    assert found["beside"] != found["me"]
    assert found["also"] == [1, "two"]


def test_the_sample_renders_the_same_in_two_processes_as_in_one() -> None:
    found = in_a_fresh_python(
        "import json\n"
        "from datetime import date\n"
        "from pathlib import Path\n"
        "from peerdir import forked_steps\n"
        "from peerdir.render import SiteSettings, forget_remembered, render_site\n"
        "from peerdir.validate import load_directory\n"
        f"today = date.fromisoformat({TODAY!r})\n"
        "directory = load_directory(Path('.'), today).directory\n"
        "settings = SiteSettings(today=today, site_url='https://example.org/peer-support/')\n"
        "forked_here = forked_steps._can_fork()\n"
        "forked = render_site(directory, settings, in_parallel=True)\n"
        "forget_remembered()\n"
        "alone = render_site(directory, settings)\n"
        "print(json.dumps({'forked': forked_here, 'same order': list(forked) == list(alone),\n"
        "                  'same': forked == alone, 'files': list(forked)}))\n")
    assert found["forked"]  # a machine with one core renders in one process, and this test says so
    assert found["same order"] and found["same"]
    assert any(path.endswith(".ics") for path in found["files"])
    assert any(path.endswith(".csv") for path in found["files"])


def test_without_parallel_every_step_runs_here() -> None:
    done = forked_steps.run_steps({"here": os.getpid, "beside": os.getpid}, beside={"beside"}, in_parallel=False)
    assert done == {"here": os.getpid(), "beside": os.getpid()}


def test_a_step_that_fails_beside_runs_again_here_and_raises_as_it_would() -> None:
    code = ("from peerdir import forked_steps\n"
            "def failing():\n"
            "    raise ValueError(\"a renderer's own error\")\n"
            "forked_steps.run_steps({'beside': failing}, beside={'beside'}, in_parallel=True)\n")
    done = run_in_a_fresh_python(code)
    assert done.returncode == 1
    assert done.stderr.count("ValueError: a renderer's own error") == 1  # raised here, once, as without a fork


def test_with_another_thread_running_nothing_is_forked() -> None:
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not forked_steps._can_fork()
        done = forked_steps.run_steps({"beside": os.getpid}, beside={"beside"}, in_parallel=True)
    finally:
        stop.set()
        other.join()
    assert done["beside"] == os.getpid()


@pytest.mark.parametrize("steps", [{}, {"one": lambda: 1}])
def test_any_number_of_steps_comes_back(steps: dict) -> None:
    assert forked_steps.run_steps(steps, beside=set(), in_parallel=True) == {name: step() for name, step in steps.items()}
