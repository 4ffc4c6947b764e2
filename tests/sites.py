"""Bench commands and code run on a site in its own process, for tests that build sites."""

import json
import os
import subprocess
import textwrap
from pathlib import Path

BENCH = Path(os.environ.get("PS_BENCH_DIR", "."))


def bench(*args: str) -> str:
	result = subprocess.run(["bench", *args], cwd=BENCH, capture_output=True, text=True)
	assert result.returncode == 0, f"bench {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
	return result.stdout


def site_eval(site: str, code: str):
	"""Runs code on `site` in a separate process; returns the JSON value of `result`."""
	script = "import frappe, json\n"
	script += f"frappe.init(site={site!r}, sites_path='.')\nfrappe.connect()\nresult = None\n"
	script += textwrap.dedent(code)
	script += "\nfrappe.db.commit()\nprint('RESULT=' + json.dumps(result, default=str))\nfrappe.destroy()\n"
	out = subprocess.run(
		[str(BENCH / "env" / "bin" / "python"), "-c", script],
		cwd=BENCH / "sites",
		capture_output=True,
		text=True,
	)
	assert out.returncode == 0, out.stderr
	line = next(line for line in out.stdout.splitlines() if line.startswith("RESULT="))
	return json.loads(line[len("RESULT=") :])
