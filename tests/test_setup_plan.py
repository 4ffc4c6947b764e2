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
	for key in ("PS_BENCH_DIR", "FRAPPE_BRANCH"):  # the default line (scripts/test passes its own on)
		monkeypatch.delenv(key, raising=False)
	settings = devbench.load_settings()  # used to fail: it looked up the user's home first
	assert settings["FRAPPE_BRANCH"] == "version-16"
	bench = devbench.Bench(settings)
	assert not bench.exists
	assert bench.path == Path("/home") / user / "frappe-bench-16"
	assert bench.cli == Path("/home") / user / ".bench-cli-16" / "bin"
	steps = devbench.plan(settings)
	assert f"create the bench user {user} (/home/{user})" in steps
	assert any(step.startswith(f"build a bench in /home/{user}/frappe-bench-16") for step in steps)
	assert f"create the site {settings['PS_SITE']}" in steps


def test_version_15_keeps_its_bench_and_ports_on_the_machine(devbench, monkeypatch):
	"""version-15 is chosen by FRAPPE_BRANCH: the machine's own Python, no root, its own folder
	and ports (where a machine that had it as the default keeps it)."""
	user = unique("newcomer")
	monkeypatch.setenv("PS_BENCH_USER", user)
	monkeypatch.setenv("FRAPPE_BRANCH", "version-15")
	for key in ("PS_BENCH_DIR", "ERPNEXT_BRANCH", "PAYMENTS_BRANCH", "PS_PORT", "PS_PRODUCTION_PORT"):
		monkeypatch.delenv(key, raising=False)
	settings = devbench.load_settings()
	bench = devbench.Bench(settings)
	assert bench.path == Path("/home") / user / "frappe-bench"
	assert bench.cli == Path("/home") / user / ".bench-cli" / "bin"
	assert bench.root is None
	assert (settings["ERPNEXT_BRANCH"], settings["PAYMENTS_BRANCH"]) == ("version-15", "version-15")
	assert (settings["PS_PORT"], settings["PS_PRODUCTION_PORT"]) == ("8000", "80")
	assert settings["PS_PYTHON"] == "/usr/bin/python3.11"
	assert bench.system_path("/etc/nginx/conf.d") == Path("/etc/nginx/conf.d")


def test_the_plan_reuses_what_exists(devbench):
	settings = devbench.load_settings()  # the test command's bench and site (PS_BENCH_DIR, PS_TEST_SITE)
	steps = devbench.plan(settings, test=True)
	assert f"use the bench in {os.environ['PS_BENCH_DIR']}" in steps
	assert f"migrate the site {os.environ['PS_TEST_SITE']}" in steps


def test_version_16_gets_a_bench_ports_and_a_root_of_its_own(devbench, monkeypatch):
	"""FRAPPE_BRANCH=version-16 builds beside version-15: its own folder, bench command, ports and
	payments branch, run in the Debian unstable root; a setting given still wins."""
	user = unique("newcomer")
	monkeypatch.setenv("PS_BENCH_USER", user)
	monkeypatch.setenv("FRAPPE_BRANCH", "version-16")
	monkeypatch.setenv("PS_PORT", "8123")
	for key in ("PS_BENCH_DIR", "ERPNEXT_BRANCH", "PAYMENTS_BRANCH", "PS_TEST_PORT"):
		monkeypatch.delenv(key, raising=False)
	settings = devbench.load_settings()
	bench = devbench.Bench(settings)
	assert bench.path == Path("/home") / user / "frappe-bench-16"
	assert bench.cli == Path("/home") / user / ".bench-cli-16" / "bin"
	assert bench.root == Path(settings["PS_DEBIAN_ROOT"])
	assert (settings["ERPNEXT_BRANCH"], settings["PAYMENTS_BRANCH"]) == ("version-16", "develop")
	assert (settings["PS_PORT"], settings["PS_TEST_PORT"]) == ("8123", "8027")
	assert settings["PS_PYTHON"] == "/usr/bin/python3.14"
	command = bench.command(["bench", "--version"], bench.path)
	assert command[:3] == ["chroot", f"--userspec={user}:{user}", settings["PS_DEBIAN_ROOT"]]
	assert command[3:] == ["env", "-C", str(bench.path), "bench", "--version"]
	monkeypatch.setenv("FRAPPE_BRANCH", "version-17")
	with pytest.raises(SystemExit, match="version-15 or version-16"):
		devbench.load_settings()


def test_version_16_production_runs_on_the_roots_own_daemons(devbench, monkeypatch):
	"""A version-16 bench's nginx and supervisord are the Debian root's: bench's generated files are
	linked into the root's folders, and their commands run there as root."""
	monkeypatch.setenv("FRAPPE_BRANCH", "version-16")
	for key in ("PS_BENCH_DIR", "PS_PRODUCTION_PORT"):  # the test command's, for its own line
		monkeypatch.delenv(key, raising=False)
	settings = devbench.load_settings()
	bench = devbench.Bench(settings)
	root = Path(settings["PS_DEBIAN_ROOT"])
	links = devbench.production_links(bench)
	name = f"{bench.path.name}.conf"
	assert links == {
		root / "etc/supervisor/conf.d" / name: bench.path / "config" / "supervisor.conf",
		root / "etc/nginx/conf.d" / name: bench.path / "config" / "nginx.conf",
	}
	assert bench.system_path(devbench.NGINX_PID) == root / "run" / "nginx.pid"
	assert settings["PS_PRODUCTION_PORT"] == "8080"
