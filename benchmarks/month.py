"""Benchmark: the month's work of a company of communities through real workers (issue 25).

    scripts/benchmark month --communities 100 --units 2000 --site bench.property.localhost

Needs a site of its own: it commits (workers are other processes). Make one with
`PS_TEST_SITE=bench.property.localhost scripts/test -- --collect-only -q`; the communities it
makes ("月度基准-NNN", by the demo generator) are kept for the next run, the month's records it
makes are deleted before each measurement. Stop other workers first (`scripts/setup --stop`): a
worker of the dev server would take jobs too.

Prints, in one run:
  (a) the month's jobs (visit plan, vacant-unit inspections, owner-data update, filing: one job
      per community on the long queue, office/month.py) with 1 and 2 workers: seconds, units a
      second, and the scaling ratio;
  (c) a worker killed (SIGKILL, worker and work-horse) halfway and another started; the dispatch
      repeated until every job is done: duplicates (0), missing (0) and the time lost against the
      uninterrupted 1-worker run.
"""

import argparse
import os
import time

import frappe
from frappe.utils.background_jobs import get_job

from benchmarks.common import start_worker, stop_worker
from property_service.core.periods import period_of, previous_period
from property_service.office import month
from property_service.operations.inspections import vacant_units

PREFIX = "月度基准-"
MADE = {  # the month's records, with their child tables
	"Owner Visit Plan": ("Owner Visit Plan Unit",),
	"Vacant Unit Inspection": ("Vacant Unit Inspection Item",),
	"Owner Data Update": ("Owner Data Change",),
	"Archive Filing": ("Archive Filing Item",),
}


def main() -> None:
	parser = argparse.ArgumentParser()
	parser.add_argument("--communities", type=int, default=100)
	parser.add_argument("--units", type=int, default=2000)
	parser.add_argument("--site", default="bench.property.localhost")
	args = parser.parse_args()
	frappe.init(site=args.site, sites_path=".")
	frappe.connect()
	frappe.set_user("Administrator")
	try:
		run(args.communities, args.units)
	finally:
		frappe.destroy()


def run(count: int, units: int) -> None:
	names = ensure_communities(count, units)
	total = frappe.db.count("Property Unit", {"community": ["in", names]})
	print(f"{len(names)} communities, {total} units, {os.cpu_count()} cores")
	seconds = {}
	for workers in (1, 2):
		clear(names)
		seconds[workers] = timed_month(names, workers)
		check(names)
		print(
			f"(a) {workers} worker(s): {seconds[workers]:.1f} s, {total / seconds[workers]:.0f} units/s, "
			f"{len(names) / seconds[workers]:.2f} communities/s"
		)
	print(f"(a) scaling 2 workers / 1 worker: {seconds[1] / seconds[2]:.2f}x")
	clear(names)
	lost = killed_month(names, seconds[1])
	duplicates, missing = check(names)
	print(f"(c) killed halfway: {duplicates} duplicates, {missing} missing, {lost:.1f} s lost")


def ensure_communities(count: int, units: int) -> list[str]:
	from property_service.demo import make_demo_data

	names = [f"{PREFIX}{i:03d}" for i in range(1, count + 1)]
	started = time.perf_counter()
	for seed, name in enumerate(names, 1):
		if not frappe.db.exists("Community", name):
			make_demo_data(units=units, seed=seed, community=name, quiet=True, commit=True)
	frappe.db.commit()  # nosemgrep: the workers are other processes
	print(f"set-up: {time.perf_counter() - started:.1f} s")
	return names


def clear(names: list[str]) -> None:
	"""The month's records of `names` deleted, and today's jobs forgotten (a finished job is not
	run again the same day)."""
	for name in names:
		if job := get_job(month.job_id(name)):
			job.delete()
	for doctype, children in MADE.items():
		made = frappe.get_all(doctype, {"community": ["in", names]}, pluck="name")
		for start in range(0, len(made), 1000):
			batch = made[start : start + 1000]
			for child in children:
				frappe.db.delete(child, {"parent": ["in", batch]})
			frappe.db.delete("ToDo", {"reference_type": doctype, "reference_name": ["in", batch]})
			frappe.db.delete(doctype, {"name": ["in", batch]})
	frappe.db.commit()  # nosemgrep: the workers are other processes


def statuses(names: list[str]) -> dict[str, int]:
	found = {}
	for name in names:
		job = get_job(month.job_id(name))
		status = str(job.get_status()) if job else "gone"
		found[status] = found.get(status, 0) + 1
	return found


def finished(names: list[str]) -> bool:
	statuses = [(job.get_status() if (job := get_job(month.job_id(name))) else None) for name in names]
	return all(status in ("finished", "failed") for status in statuses)


def dispatch(names: list[str]) -> None:
	month.enqueue_month(only=names)
	frappe.db.commit()  # nosemgrep


def timed_month(names: list[str], workers: int) -> float:
	started_workers = [start_worker() for _ in range(workers)]
	time.sleep(3)  # the workers connect
	start = time.perf_counter()
	dispatch(names)
	while not finished(names):
		time.sleep(0.5)
	seconds = time.perf_counter() - start
	for worker in started_workers:
		stop_worker(worker)
	return seconds


def killed_month(names: list[str], uninterrupted: float) -> float:
	worker = start_worker()
	time.sleep(3)
	start = time.perf_counter()
	dispatch(names)
	time.sleep(uninterrupted / 2)
	stop_worker(worker, kill=True)
	print(f"(c) worker killed after {time.perf_counter() - start:.1f} s: jobs {statuses(names)}")
	worker = start_worker()
	rounds = 0
	while not finished(names):
		dispatch(names)  # a killed job is dispatched again once its heartbeat is stale
		rounds += 1
		time.sleep(5)
		print(f"    {time.perf_counter() - start:.0f} s: jobs {statuses(names)}")
	print(f"(c) dispatched again {rounds} times")
	seconds = time.perf_counter() - start
	stop_worker(worker)
	return seconds - uninterrupted


def check(names: list[str]) -> tuple[int, int]:
	"""Duplicates and missing records of the month (one plan and update per community, one
	inspection per vacant unit)."""
	frappe.db.rollback()  # read what the workers committed
	duplicates = missing = 0
	for name in names:
		plans = frappe.db.count("Owner Visit Plan", {"community": name, "period": period_of()})
		updates = frappe.db.count("Owner Data Update", {"community": name, "period": previous_period()})
		inspected = frappe.get_all("Vacant Unit Inspection", {"community": name}, pluck="unit")
		vacant = vacant_units(name)
		duplicates += max(plans - 1, 0) + max(updates - 1, 0) + len(inspected) - len(set(inspected))
		missing += (plans == 0) + (updates == 0) + len(set(vacant) - set(inspected))
	return duplicates, missing


if __name__ == "__main__":
	main()
