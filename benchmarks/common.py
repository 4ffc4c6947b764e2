"""What the benchmarks share: a site connection whose writes are rolled back, a check that the
site kept nothing, and a query count."""

import argparse

import frappe


def run_on_site(
	run,
	default_n: int,
	default_site: str,
	*,
	n_flag: str = "--n",
	watch: tuple[str, ...] = (),
	after_rollback=None,
) -> None:
	"""Parses the size (`n_flag`, --n unless told) and --site, connects as Administrator, calls
	run(n), rolls everything back. Then calls `after_rollback()` (caches to forget, and whatever
	Frappe committed on its own to delete) and prints the rows of each DocType of `watch` before
	the run and after the rollback."""
	parser = argparse.ArgumentParser()
	parser.add_argument(n_flag, dest="n", type=int, default=default_n)
	parser.add_argument("--site", default=default_site)
	args = parser.parse_args()
	frappe.init(site=args.site, sites_path=".")
	frappe.connect()
	frappe.set_user("Administrator")
	before = row_counts(watch)
	try:
		run(args.n)
	finally:
		frappe.db.rollback()
		try:
			frappe.set_user("Administrator")
			if after_rollback:
				after_rollback()
			if watch:
				print_row_counts(before, row_counts(watch))
		finally:
			frappe.destroy()


def row_counts(doctypes: tuple[str, ...]) -> dict[str, int]:
	return {doctype: frappe.db.count(doctype) for doctype in doctypes}


def print_row_counts(before: dict[str, int], after: dict[str, int]) -> None:
	changed = [doctype for doctype in before if before[doctype] != after[doctype]]
	print(f"\nrows on {frappe.local.site}, before the run -> after the rollback:")
	print("  " + ", ".join(f"{doctype} {before[doctype]} -> {after[doctype]}" for doctype in before))
	print("  CHANGED: " + ", ".join(changed) if changed else "  the site kept nothing")


def count_queries() -> int:
	"""Statements this connection has sent so far (MariaDB's session counter)."""
	return int(frappe.db.sql("show session status like 'Questions'")[0][1])


def start_worker(queue: str = "long"):
	"""A `bench worker` of this bench in a process group of its own (run from the sites folder)."""
	import subprocess
	import sys

	command = [sys.executable, "-m", "frappe.utils.bench_helper", "frappe", "worker", "--queue", queue]
	return subprocess.Popen(
		command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
	)


def stop_worker(worker, kill: bool = False) -> None:
	"""Stops a worker (SIGTERM: it finishes its job), or kills it with its work-horse (SIGKILL, as
	a lost machine would): RQ's work-horse runs a job in a session of its own, which a signal to
	the worker's process group does not reach."""
	import signal

	import psutil

	if not kill:
		worker.send_signal(signal.SIGTERM)
		worker.wait()
		return
	processes = [psutil.Process(worker.pid), *psutil.Process(worker.pid).children(recursive=True)]
	for process in processes:
		process.kill()
	psutil.wait_procs(processes, timeout=30)
	worker.wait()
