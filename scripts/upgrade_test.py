#!/usr/bin/env python3
"""The upgrade test: a version-15 site with the app and the demo's records (units, people, requests,
fee invoices and payments, surveys, drills) is backed up, restored in the version-16 bench and
upgraded with `bench migrate`; it must keep every record, every sum of money and every KPI figure,
and still work (property_service/setup/upgrade_check.py, demo/after_upgrade.py). Exits non-zero on
any difference.

Builds what is missing of both benches (as scripts/setup does); run as root:

    python3 scripts/upgrade_test.py            # PS_UPGRADE_UNITS (default 60) demo units
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import devbench  # scripts/devbench.py

SITE = "upgrade.localhost"
CHECK = "property_service.setup.upgrade_check"


def prepared(line: str) -> tuple[devbench.Bench, str]:
	"""The line's bench, built or brought up to date, and the database's root password."""
	return devbench.prepare(devbench.line_bench(line).settings)


def run_json(bench: devbench.Bench, code: str) -> dict:
	"""Runs code on the upgrade site; its last printed line is JSON."""
	return json.loads(bench.python(code, SITE).strip().splitlines()[-1])


def snapshot(bench: devbench.Bench) -> dict:
	return run_json(bench, f"import json\nfrom {CHECK} import snapshot\nprint(json.dumps(snapshot()))")


def works(bench: devbench.Bench) -> str:
	code = "from property_service.demo.after_upgrade import works\nprint(works())"
	return bench.python(code, SITE).strip().splitlines()[-1]


def newest(folder: Path, suffix: str) -> Path:
	return max(folder.glob(f"*{suffix}"), key=lambda path: path.stat().st_mtime)


def differences(before: dict, after: dict) -> list[str]:
	found = []
	for part in ("counts", "money", "kpis"):
		for key in sorted(set(before[part]) | set(after[part])):
			if before[part].get(key) != after[part].get(key):
				found.append(f"{part} {key}: {before[part].get(key)} before, {after[part].get(key)} after")
	return found


def main() -> int:
	started = time.monotonic()
	units = os.environ.get("PS_UPGRADE_UNITS", "60")
	old, db_password = prepared("version-15")
	devbench.log(f"the site on version 15: {SITE} with the demo ({units} units)")
	devbench.ensure_site(old, SITE, db_password, fresh=True)
	old.bench("--site", SITE, "execute", "property_service.demo.ensure_demo_data", "--kwargs", json.dumps({"units": int(units)}), stdout=subprocess.DEVNULL)  # fmt: skip
	before = snapshot(old)
	for doctype in ("Property Unit", "Service Request", "Sales Invoice", "Payment Entry", "Opinion Survey", "Emergency Drill"):  # fmt: skip
		assert before["counts"][doctype] > 0, f"the demo made no {doctype}: nothing to upgrade"
	devbench.log(works(old))
	old.bench("--site", SITE, "backup", "--with-files", stdout=subprocess.DEVNULL)
	backups = old.path / "sites" / SITE / "private" / "backups"
	database, public, private = (
		newest(backups, s) for s in ("-database.sql.gz", "-files.tar", "-private-files.tar")
	)
	key = json.loads((old.path / "sites" / SITE / "site_config.json").read_text())["encryption_key"]
	first = time.monotonic()

	new, _ = prepared("version-16")
	devbench.log(f"restoring {database.name} in the version-16 bench and migrating")
	if new.site_exists(SITE):
		devbench.drop_site(new, SITE, db_password)
	root = ("--db-root-username", "root", "--db-root-password", db_password)
	new.bench("new-site", SITE, *root, "--admin-password", new.settings["PS_ADMIN_PASSWORD"], stdout=subprocess.DEVNULL)  # fmt: skip
	# the site's secrets (API keys, mail passwords) were encrypted with the old site's key
	new.bench("--site", SITE, "set-config", "encryption_key", key, stdout=subprocess.DEVNULL)
	new.bench("--site", SITE, "restore", str(database), "--with-public-files", str(public), "--with-private-files", str(private), "--force", *root, stdout=subprocess.DEVNULL)  # fmt: skip
	migrate_started = time.monotonic()
	new.bench("--site", SITE, "migrate", stdout=subprocess.DEVNULL)
	migrated = time.monotonic() - migrate_started
	after = snapshot(new)
	found = differences(before, after)
	records = sum(before["counts"].values())
	print(
		f"upgrade 15 -> 16: {len(before['counts'])} DocTypes, {records} records, "
		f"{len(before['money'])} sums of money, {sum(len(k) for k in before['kpis'].values())} KPI figures; "
		f"{len(found)} differences; migrate {migrated:.0f} s; version 15 part {first - started:.0f} s, "
		f"total {time.monotonic() - started:.0f} s",
		flush=True,
	)
	for line in found:
		print("  " + line)
	if found:
		return 1
	devbench.log(works(new))
	for bench in (old, new):
		devbench.drop_site(bench, SITE, db_password)
	return 0


if __name__ == "__main__":
	sys.exit(main())
