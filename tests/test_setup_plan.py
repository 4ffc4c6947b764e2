"""The set-up's own planning (scripts/devbench.py) on a machine that has never seen the project:
no bench user yet. The set-up itself runs for minutes and needs root, so CI proves this part
without rebuilding a bench: settings, paths and the steps `scripts/setup --check` prints."""

import importlib.util
import os
from pathlib import Path

import pytest

from tests.utils import unique

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "devbench.py"


@pytest.fixture
def devbench():
	spec = importlib.util.spec_from_file_location("devbench", SCRIPT)
	module = importlib.util.module_from_spec(spec)
	spec.loader.exec_module(module)
	return module


def test_the_set_up_plans_for_a_bench_user_that_does_not_exist_yet(devbench, monkeypatch):
	user = unique("newcomer")
	monkeypatch.setenv("PS_BENCH_USER", user)
	monkeypatch.delenv("PS_BENCH_DIR", raising=False)
	settings = devbench.load_settings()  # used to fail: it looked up the user's home first
	bench = devbench.Bench(settings)
	assert not bench.exists
	assert bench.path == Path("/home") / user / "frappe-bench"
	assert bench.cli == Path("/home") / user / ".bench-cli" / "bin"
	steps = devbench.plan(settings)
	assert f"create the bench user {user} (/home/{user})" in steps
	assert any(step.startswith(f"build a bench in /home/{user}/frappe-bench") for step in steps)
	assert f"create the site {settings['PS_SITE']}" in steps


def test_the_plan_reuses_what_exists(devbench):
	settings = devbench.load_settings()  # the test command's bench and site (PS_BENCH_DIR, PS_TEST_SITE)
	steps = devbench.plan(settings, test=True)
	assert f"use the bench in {os.environ['PS_BENCH_DIR']}" in steps
	assert f"migrate the site {os.environ['PS_TEST_SITE']}" in steps
