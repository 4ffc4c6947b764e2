"""Benchmark: a community's fee run through real workers, one job per building (issue 25).

    scripts/benchmark fee_workers --units 600 --site bench.property.localhost

Needs a site of its own: it commits (workers are other processes). Make one with
`PS_TEST_SITE=bench.property.localhost scripts/test -- tests/test_month_jobs.py`, and stop other
workers first (`scripts/setup --stop`): a worker of the dev server would take jobs too. The
community it makes ("收费基准", --units units by the demo generator, 72 to a building) is kept for
the next run; its invoices and runs are deleted before and after (GL and payment-ledger rows
with them: this site is the benchmark's).

Prints, in one run, each with a month of its own:
  - the run with 1 worker and with 2 workers (`bench worker --queue long`): seconds, invoices a
    second, the scaling ratio, and the row-lock waits InnoDB counted meanwhile;
  - (c) 2 workers, one killed (SIGKILL, worker and work-horse) halfway and another started; the
    stalled-run check (fee_run.report_stalled_runs, every 5 minutes on a site; every 5 seconds
    here) until it reports the run, then Run Again as the office would: the seconds until it is
    seen, duplicates (0), missing (0), and the time lost against the uninterrupted 2-worker run.
"""

import argparse
import time

import frappe

from benchmarks.common import start_worker, stop_worker
from property_service.fees import fee_run

COMMUNITY = "收费基准"
PERIODS = ("2031-06", "2031-07", "2031-08", "2031-09")  # readings start in the first


def main() -> None:
	parser = argparse.ArgumentParser()
	parser.add_argument("--units", type=int, default=600)
	parser.add_argument("--site", default="bench.property.localhost")
	args = parser.parse_args()
	frappe.init(site=args.site, sites_path=".")
	frappe.connect()
	frappe.set_user("Administrator")
	try:
		ensure_community(args.units)
		purge()
		run()
	finally:
		purge()
		frappe.destroy()


def ensure_community(units: int) -> None:
	from property_service.demo import make_demo_data, make_meter_readings

	if frappe.db.exists("Community", COMMUNITY):
		return
	started = time.perf_counter()
	make_demo_data(units=units, community=COMMUNITY, quiet=True, commit=True)
	frappe.get_doc({"doctype": "Fee Plan", "community": COMMUNITY}).insert()
	make_meter_readings(COMMUNITY, list(PERIODS))
	frappe.db.commit()  # nosemgrep: the workers are other processes
	print(f"set-up: {units} units in {time.perf_counter() - started:.1f} s")


def run() -> None:
	buildings = len(frappe.get_all("Building", {"community": COMMUNITY}))
	units = frappe.db.count("Property Unit", {"community": COMMUNITY})
	print(f"{COMMUNITY}: {units} units in {buildings} buildings (one job each)")
	seconds = {}
	for workers, period in ((1, PERIODS[1]), (2, PERIODS[2])):
		locks = lock_waits()
		seconds[workers], made = timed_run(period, workers)
		waits, waited = (now - before for now, before in zip(lock_waits(), locks, strict=True))
		print(
			f"{workers} worker(s): {seconds[workers]:.1f} s, {made} invoices, "
			f"{made / seconds[workers]:.2f} invoices/s; row-lock waits {waits}, {waited / 1000:.1f} s waited"
		)
	print(f"scaling 2 workers / 1 worker: {seconds[1] / seconds[2]:.2f}x")
	killed_run(PERIODS[3], seconds[2])


def lock_waits() -> tuple[int, int]:
	"""InnoDB's row-lock waits so far on the server, and the milliseconds spent in them."""
	status = dict(frappe.db.sql("show global status like 'Innodb_row_lock_%'"))
	return int(status["Innodb_row_lock_waits"]), int(status["Innodb_row_lock_time"])


def queued(period: str):
	"""A new run for `period`, queued as the office's Run button queues it, committed."""
	run = frappe.get_doc({"doctype": "Fee Billing Run", "community": COMMUNITY, "period": period}).insert()
	fee_run.queue(run)
	frappe.db.commit()  # nosemgrep: the jobs are queued on commit
	return run


def status_of(name: str) -> frappe._dict:
	frappe.db.rollback()  # read what the workers committed
	return frappe.db.get_value(
		"Fee Billing Run", name, ["status", "invoices_created", "already_billed", "units_total"], as_dict=True
	)


def wait_done(name: str) -> frappe._dict:
	while (state := status_of(name)).status in ("Queued", "Running"):
		time.sleep(0.5)
	return state


def timed_run(period: str, workers: int) -> tuple[float, int]:
	started_workers = [start_worker() for _ in range(workers)]
	time.sleep(3)  # the workers connect
	start = time.perf_counter()
	state = wait_done(queued(period).name)
	seconds = time.perf_counter() - start
	for worker in started_workers:
		stop_worker(worker)
	assert state.status == "Completed", state
	return seconds, state.invoices_created


def killed_run(period: str, uninterrupted: float) -> None:
	workers = [start_worker(), start_worker()]
	time.sleep(3)
	start = time.perf_counter()
	run = queued(period)
	time.sleep(uninterrupted / 2)
	stop_worker(workers[0], kill=True)
	killed = time.perf_counter() - start
	state = status_of(run.name)
	print(f"(c) a worker killed after {killed:.1f} s ({state.invoices_created} invoices); another started")
	workers[0] = start_worker()
	while run.name not in fee_run.report_stalled_runs():
		frappe.db.commit()  # nosemgrep: what the check wrote of other runs
		time.sleep(5)
	frappe.db.commit()  # nosemgrep: the run is marked failed, as the 5-minute job would
	seen = time.perf_counter() - start - killed
	print(f"(c) the stalled run reported {seen:.1f} s after the kill: {status_of(run.name).status}")
	fee_run.queue(frappe.get_doc("Fee Billing Run", run.name))  # Run Again
	frappe.db.commit()  # nosemgrep: the jobs are queued on commit
	state = wait_done(run.name)
	seconds = time.perf_counter() - start
	for worker in workers:
		stop_worker(worker)
	invoices = frappe.get_all(
		"Sales Invoice",
		{"fee_period": period, "docstatus": 1, "property_unit": ["like", f"{COMMUNITY}-%"]},
		pluck="property_unit",
	)
	billable = status_of(run.name)
	expected = billable.invoices_created + billable.already_billed
	print(
		f"(c) {state.status}: {len(invoices)} invoices, duplicates {len(invoices) - len(set(invoices))}, "
		f"missing {expected - len(set(invoices))}; {seconds:.1f} s in all, "
		f"{seconds - uninterrupted:.1f} s lost against the uninterrupted run"
	)


def purge() -> None:
	"""The community's fee invoices (with their ledger rows) and runs deleted."""
	frappe.db.rollback()
	invoices = frappe.get_all("Sales Invoice", {"property_unit": ["like", f"{COMMUNITY}-%"]}, pluck="name")
	for start in range(0, len(invoices), 500):
		batch = invoices[start : start + 500]
		for ledger in ("GL Entry", "Payment Ledger Entry"):
			frappe.db.delete(ledger, {"voucher_type": "Sales Invoice", "voucher_no": ["in", batch]})
		for child in ("Sales Invoice Item", "Sales Taxes and Charges", "Payment Schedule"):
			frappe.db.delete(child, {"parenttype": "Sales Invoice", "parent": ["in", batch]})
		frappe.db.delete("Sales Invoice", {"name": ["in", batch]})
	runs = frappe.get_all("Fee Billing Run", {"community": COMMUNITY}, pluck="name")
	frappe.db.delete("Fee Billing Run Part", {"parent": ["in", runs or [""]]})
	frappe.db.delete("ToDo", {"reference_type": "Fee Billing Run", "reference_name": ["in", runs or [""]]})
	frappe.db.delete("Fee Billing Run", {"community": COMMUNITY})
	frappe.db.commit()  # nosemgrep: the benchmark's site keeps nothing of the runs


if __name__ == "__main__":
	main()
