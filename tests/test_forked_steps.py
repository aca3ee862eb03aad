"""A build renders its calendars, feeds and open data in a second process while this one renders the
pages (peerdir/forked_steps.py): what it renders is the same, and whatever goes wrong there, the steps
run here instead."""

from __future__ import annotations

import os
import threading
from datetime import date

import pytest

from peerdir import forked_steps
from peerdir.render import SiteSettings, forget_remembered, render_site
from peerdir.validate import load_directory

from .conftest import REPO, TODAY


def test_the_steps_beside_run_in_another_process_and_come_back_in_order() -> None:
    done = forked_steps.run_steps({"here": os.getpid}, {"beside": os.getpid, "also": lambda: [1, "two"]},
                                  in_parallel=True)
    assert done["here"] == os.getpid()
    assert done["beside"] != os.getpid()
    assert done["also"] == [1, "two"]


def test_without_parallel_every_step_runs_here() -> None:
    done = forked_steps.run_steps({"here": os.getpid}, {"beside": os.getpid}, in_parallel=False)
    assert done == {"here": os.getpid(), "beside": os.getpid()}


def test_a_step_that_fails_beside_runs_again_here_and_raises_as_it_would() -> None:
    def failing() -> None:
        raise ValueError("a renderer's own error")

    with pytest.raises(ValueError, match="a renderer's own error"):
        forked_steps.run_steps({"here": os.getpid}, {"beside": failing}, in_parallel=True)


def test_with_another_thread_running_nothing_is_forked() -> None:
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        done = forked_steps.run_steps({}, {"beside": os.getpid}, in_parallel=True)
    finally:
        stop.set()
        other.join()
    assert done["beside"] == os.getpid()


def test_the_sample_renders_the_same_in_two_processes_as_in_one() -> None:
    directory = load_directory(REPO, date.fromisoformat(TODAY)).directory
    settings = SiteSettings(today=date.fromisoformat(TODAY), site_url="https://example.org/peer-support/")
    forget_remembered()
    alone = render_site(directory, settings)
    forget_remembered()
    forked = render_site(directory, settings, in_parallel=True)
    assert list(forked) == list(alone)  # the same files, in the same order
    assert forked == alone
    assert any(path.endswith(".ics") for path in forked) and any(path.endswith(".csv") for path in forked)
