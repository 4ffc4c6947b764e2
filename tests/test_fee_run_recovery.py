"""A fee run whose worker dies (SIGKILL, mid-month) does not leave the office stuck: the run is
seen to have stalled once it has been silent for fee_run.STALL_AFTER, is reported to whoever ran
it, and runs again from where it stopped — no unit billed twice, none missed. The worker is a
real process billing on the test site (the run's job body, as a worker runs it)."""

import json
import os
import signal
import subprocess
import time
from datetime import timedelta

import frappe
import pytest
from frappe.utils import now_datetime
from freezegun import freeze_time

from property_service.billing.invoices import invoice_series
from property_service.fees import fee_run
from tests.factories import make_building, make_community, make_owner, make_unit
from tests.portal_world import purge_owners
from tests.sites import BENCH
from tests.test_fees import make_plan
from tests.utils import as_user, delete_user, make_user, purge_invoices

UNITS = 100  # the run commits its invoices every 50: killed after 50 they are kept, the rest not
PERIOD = "2031-01"


def make_month(buildings: int, units: int):
	"""A community of `buildings` buildings of `units` units each, an owner each, a plan and a
	draft run for PERIOD, committed (the workers are other processes); purged afterwards."""
	community = make_community()
	names = [make_building(community, f"{b + 1}栋") for b in range(buildings)]
	per_building = [[make_unit(building, str(1000 + n)) for n in range(units)] for building in names]
	all_units = [unit for those in per_building for unit in those]
	owners = [make_owner(units=[unit]) for unit in all_units]
	make_plan(community)
	accountant = make_user(roles=("Accounts User",))
	run = frappe.get_doc({"doctype": "Fee Billing Run", "community": community, "period": PERIOD}).insert()
	run.db_set("queued_by", accountant)
	frappe.db.commit()  # nosemgrep: the worker is another process
	yield frappe._dict(
		community=community,
		buildings=names,
		per_building=per_building,
		units=all_units,
		owners=owners,
		run=run.name,
		accountant=accountant,
	)
	frappe.db.rollback()
	purge_invoices({"property_unit": ["in", all_units]})
	frappe.db.delete("ToDo", {"reference_name": run.name})
	frappe.db.delete("Fee Billing Run Part", {"parent": run.name})
	frappe.db.delete("Fee Billing Run", {"name": run.name})
	purge_owners(owners)
	for unit in all_units:
		frappe.delete_doc("Property Unit", unit, force=True, ignore_permissions=True)
	frappe.delete_doc("Fee Plan", community, force=True, ignore_permissions=True)
	for building in names:
		frappe.delete_doc("Building", building, force=True, ignore_permissions=True)
	frappe.delete_doc("Community", community, force=True, ignore_permissions=True)
	delete_user(accountant)
	frappe.db.commit()  # nosemgrep: clean-up of committed test data


@pytest.fixture
def month(site):
	yield from make_month(1, UNITS)


@pytest.fixture
def two_buildings(site):
	yield from make_month(2, 80)


def billed(units) -> list[str]:
	frappe.db.rollback()  # a new snapshot: the worker commits in its own process
	return frappe.get_all(
		"Sales Invoice",
		{"property_unit": ["in", units], "fee_period": PERIOD, "docstatus": 1},
		pluck="billing_key",
	)


def start_worker(run: str, method: str = "execute_run", **kwargs) -> subprocess.Popen:
	"""A job body of the run in a process of its own, as the long-queue worker runs it."""
	arguments = json.dumps({"run_name": run, **kwargs})
	return subprocess.Popen(
		[
			str(BENCH / "env" / "bin" / "python"),
			"-m",
			"frappe.utils.bench_helper",
			"frappe",
			"--site",
			frappe.local.site,
			"execute",
			f"property_service.fees.fee_run.{method}",
			"--kwargs",
			arguments,
		],
		cwd=BENCH / "sites",
		stdout=subprocess.DEVNULL,
		stderr=subprocess.DEVNULL,
		start_new_session=True,
	)


def test_a_run_whose_worker_was_killed_is_reported_and_finishes_without_duplicates(month):
	worker = start_worker(month.run)
	deadline = time.monotonic() + 300
	while len(billed(month.units)) < 50:  # the first 50 are committed
		assert worker.poll() is None, "the run ended before it could be killed"
		assert time.monotonic() < deadline, "no progress"
		time.sleep(0.5)
	os.killpg(worker.pid, signal.SIGKILL)  # the worker dies mid-month
	worker.wait()
	kept = billed(month.units)
	assert 50 <= len(kept) < UNITS and len(set(kept)) == len(kept)
	run = frappe.get_doc("Fee Billing Run", month.run)
	assert run.status == "Running"  # what the office saw before: stuck for good
	with as_user(month.accountant), pytest.raises(fee_run.RunUnderWayError):
		fee_run.queue(run)  # heard from moments ago: still under way
	assert fee_run.report_stalled_runs() == []

	with freeze_time(now_datetime() + fee_run.STALL_AFTER + timedelta(minutes=1)):
		assert fee_run.stalled(run)
		assert fee_run.report_stalled_runs() == [month.run]
	run.reload()
	assert run.status == "Failed" and "run it again" in run.problems
	assert frappe.db.exists("ToDo", {"reference_name": month.run, "allocated_to": month.accountant})

	with as_user(month.accountant):
		fee_run.queue(run)  # Run again: queued as a new job (the dead one stays "started" in RQ)
		assert (run.status, run.attempt, [fee_run.job_id(run, part) for part in run.parts]) == (
			"Queued",
			1,
			[f"fee-billing-run::{month.run}::1::1"],
		)
	frappe.db.rollback()  # the job is queued after a commit: this test finishes it in-process instead
	with as_user(month.accountant):
		fee_run.run_billing(month.run)
	frappe.db.commit()  # nosemgrep: as the worker would; the fixture purges it
	run.reload()
	keys = billed(month.units)
	assert len(keys) == len(set(keys)) == UNITS  # none twice, none missed
	assert (run.status, run.already_billed, run.invoices_created) == (
		"Completed",
		len(kept),
		UNITS - len(kept),
	)


def invoice_series_prefix() -> str:
	from frappe.model.naming import NamingSeries

	return NamingSeries(invoice_series()).get_prefix()


def invoices_numbered() -> int:
	"""How far the Sales Invoice series has counted."""
	frappe.db.rollback()
	table = frappe.qb.DocType("Series")
	found = frappe.qb.from_(table).where(table.name == invoice_series_prefix()).select("current").run()
	return found[0][0] if found else 0


def queued_parts(month) -> list[str]:
	"""The run queued as its accountant queues it (fee_run.queue without the jobs, which the
	test runs in processes of its own), committed; the names of its parts."""
	run = frappe.get_doc("Fee Billing Run", month.run)
	with as_user(month.accountant):
		fee_run.mark_queued(run)
	frappe.db.commit()  # nosemgrep: the workers are other processes
	return [part.name for part in run.parts]


def test_a_run_queues_one_job_per_building(two_buildings):
	run = frappe.get_doc("Fee Billing Run", two_buildings.run)
	with as_user(two_buildings.accountant):
		fee_run.queue(run)
	assert [(part.building, part.status, part.units_total) for part in run.parts] == [
		(building, "Queued", 80) for building in two_buildings.buildings
	]
	assert [fee_run.job_id(run, part) for part in run.parts] == [
		f"fee-billing-run::{run.name}::1::1",
		f"fee-billing-run::{run.name}::1::2",
	]
	assert (run.status, run.units_total, run.invoices_created) == ("Queued", 160, 0)
	frappe.db.rollback()  # the jobs go to the queue only on commit: none is left behind


def test_two_workers_bill_the_buildings_of_a_community_at_once(two_buildings):
	parts = queued_parts(two_buildings)
	numbered = invoices_numbered()
	workers = [start_worker(two_buildings.run, "execute_part", part_name=part) for part in parts]
	for worker in workers:
		assert worker.wait(timeout=600) == 0
	keys = billed(two_buildings.units)
	assert len(keys) == len(set(keys)) == 160
	# each worker took its invoices' names in blocks of the company's series: no gap, none twice
	assert invoices_numbered() - numbered == 160
	names = frappe.get_all("Sales Invoice", {"billing_key": ["in", keys]}, pluck="name")
	prefix = invoice_series_prefix()
	assert all(name.startswith(prefix) for name in names)
	run = frappe.get_doc("Fee Billing Run", two_buildings.run)
	assert (run.status, run.units_total, run.invoices_created, run.already_billed) == (
		"Completed",
		160,
		160,
		0,
	)
	assert run.amount_billed == sum(
		frappe.get_all("Sales Invoice", {"billing_key": ["in", keys]}, pluck="grand_total")
	)
	first, second = run.parts
	assert [(p.status, p.invoices_created) for p in run.parts] == [("Completed", 80)] * 2
	assert first.started_on < second.finished_on and second.started_on < first.finished_on  # at once
	assert run.started_on == min(first.started_on, second.started_on) and run.finished_on


def test_a_building_whose_worker_was_killed_is_billed_again_the_others_kept(two_buildings):
	parts = queued_parts(two_buildings)
	killed, other = (start_worker(two_buildings.run, "execute_part", part_name=part) for part in parts)
	first = two_buildings.per_building[0]
	deadline = time.monotonic() + 300
	while len(billed(first)) < 50:  # the first building's first 50 are committed
		assert killed.poll() is None, "the part ended before it could be killed"
		assert time.monotonic() < deadline, "no progress"
		time.sleep(0.5)
	os.killpg(killed.pid, signal.SIGKILL)
	killed.wait()
	assert other.wait(timeout=600) == 0
	kept = billed(first)
	assert 50 <= len(kept) < 80 and len(billed(two_buildings.per_building[1])) == 80
	run = frappe.get_doc("Fee Billing Run", two_buildings.run)
	assert (run.status, [p.status for p in run.parts]) == ("Running", ["Running", "Completed"])
	assert run.invoices_created >= 80 + 50  # what both committed, as the office sees it

	with freeze_time(now_datetime() + fee_run.STALL_AFTER + timedelta(minutes=1)):
		assert fee_run.report_stalled_runs() == [two_buildings.run]
	run.reload()
	assert (run.status, [p.status for p in run.parts]) == ("Failed", ["Failed", "Completed"])
	with as_user(two_buildings.accountant):
		fee_run.queue(run)  # Run Again: every building queued afresh
	assert (run.attempt, [p.status for p in run.parts]) == (2, ["Queued", "Queued"])
	frappe.db.rollback()
	with as_user(two_buildings.accountant):
		fee_run.run_billing(two_buildings.run)
	frappe.db.commit()  # nosemgrep: as the worker would; the fixture purges it
	keys = billed(two_buildings.units)
	assert len(keys) == len(set(keys)) == 160
	run.reload()
	assert (run.status, run.already_billed, run.invoices_created) == (
		"Completed",
		len(kept) + 80,
		80 - len(kept),
	)
