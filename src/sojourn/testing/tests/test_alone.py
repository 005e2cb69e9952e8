"""The `alone` mark: which tests a run keeps (sojourn/testing/alone.py)."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]

CONFTEST = """
from sojourn.testing import alone

def pytest_addoption(parser):
    alone.add_option(parser)

def pytest_report_header(config):
    return alone.header(config)

def pytest_collection_modifyitems(config, items):
    alone.deselect(config, items)
"""

TESTS = """
import pytest

@pytest.mark.alone
def test_stops_the_cluster():
    pass

def test_ordinary():
    pass
"""


@pytest.fixture
def suite(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makeconftest(CONFTEST)
    pytester.makeini("[pytest]\nmarkers =\n    alone: runs with nothing beside it\n")
    pytester.makepyfile(test_suite=TESTS)
    return pytester


def ran(recorder: pytest.HookRecorder) -> set[str]:
    """The names of the tests that ran."""
    return {
        report.nodeid.split("::")[1]
        for report in recorder.getreports("pytest_runtest_logreport")
        if report.when == "call"
    }


def test_only_runs_the_alone_tests_and_out_the_others(suite):
    only = suite.inline_run("-p", "no:django", "-p", "no:xdist", "--alone=only")
    out = suite.inline_run("-p", "no:django", "-p", "no:xdist", "--alone=out")
    assert ran(only) == {"test_stops_the_cluster"}
    assert ran(out) == {"test_ordinary"}


def test_a_run_without_workers_runs_both_and_one_with_workers_leaves_alone_out(suite):
    serial = suite.inline_run("-p", "no:django", "-p", "no:xdist")
    assert ran(serial) == {"test_stops_the_cluster", "test_ordinary"}
    parallel = suite.runpytest_subprocess("-p", "no:django", "-n", "2", "-v")
    parallel.assert_outcomes(passed=1)  # the workers deselect: the summary shows no count
    parallel.stdout.fnmatch_lines(["*marked `alone` are left out of this run*", "*test_ordinary*"])
