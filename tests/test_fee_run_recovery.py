"""A fee run whose worker dies (SIGKILL, mid-month) does not leave the office stuck: the run is
seen to have stalled once it has been silent for fee_run.STALL_AFTER, is reported to whoever ran
it, and runs again from where it stopped — no unit billed twice, none missed. The worker is a
real process billing on the test site (the run's job body, as a worker runs it)."""

import os
import signal
import subprocess
import time
from datetime import timedelta

import frappe
import pytest
from frappe.utils import now_datetime
from freezegun import freeze_time

from property_service.fees import fee_run
from tests.factories import make_building, make_community, make_owner, make_unit
from tests.portal_world import purge_owners
from tests.sites import BENCH
from tests.test_fees import make_plan
from tests.utils import as_user, delete_user, make_user, purge_invoices

UNITS = 100  # the run commits its invoices every 50 units: killed after 60 are kept, 40 are not
PERIOD = "2031-01"


@pytest.fixture
def month(site):
	community = make_community()
	building = make_building(community)
	units = [make_unit(building, str(1000 + n)) for n in range(UNITS)]
	owners = [make_owner(units=[unit]) for unit in units]
	make_plan(community)
	accountant = make_user(roles=("Accounts User",))
	run = frappe.get_doc({"doctype": "Fee Billing Run", "community": community, "period": PERIOD}).insert()
	run.db_set("queued_by", accountant)
	frappe.db.commit()  # nosemgrep: the worker is another process
	yield frappe._dict(
		community=community,
		building=building,
		units=units,
		owners=owners,
		run=run.name,
		accountant=accountant,
	)
	frappe.db.rollback()
	purge_invoices({"property_unit": ["in", units]})
	frappe.db.delete("ToDo", {"reference_name": run.name})
	frappe.db.delete("Fee Billing Run", {"name": run.name})
	purge_owners(owners)
	for unit in units:
		frappe.delete_doc("Property Unit", unit, force=True, ignore_permissions=True)
	frappe.delete_doc("Fee Plan", community, force=True, ignore_permissions=True)
	frappe.delete_doc("Building", building, force=True, ignore_permissions=True)
	frappe.delete_doc("Community", community, force=True, ignore_permissions=True)
	delete_user(accountant)
	frappe.db.commit()  # nosemgrep: clean-up of committed test data


def billed(units) -> list[str]:
	frappe.db.rollback()  # a new snapshot: the worker commits in its own process
	return frappe.get_all(
		"Sales Invoice",
		{"property_unit": ["in", units], "fee_period": PERIOD, "docstatus": 1},
		pluck="billing_key",
	)


def start_worker(run: str) -> subprocess.Popen:
	"""The run's job body in a process of its own, as the long-queue worker runs it."""
	return subprocess.Popen(
		[
			str(BENCH / "env" / "bin" / "python"),
			"-m",
			"frappe.utils.bench_helper",
			"frappe",
			"--site",
			frappe.local.site,
			"execute",
			"property_service.fees.fee_run.execute_run",
			"--kwargs",
			f'{{"run_name": "{run}"}}',
		],
		cwd=BENCH / "sites",
		stdout=subprocess.DEVNULL,
		stderr=subprocess.DEVNULL,
		start_new_session=True,
	)


def test_a_run_whose_worker_was_killed_is_reported_and_finishes_without_duplicates(month):
	worker = start_worker(month.run)
	deadline = time.monotonic() + 300
	while len(billed(month.units)) < 60:  # the first 60 are committed
		assert worker.poll() is None, "the run ended before it could be killed"
		assert time.monotonic() < deadline, "no progress"
		time.sleep(0.5)
	os.killpg(worker.pid, signal.SIGKILL)  # the worker dies mid-month
	worker.wait()
	kept = billed(month.units)
	assert 60 <= len(kept) < UNITS and len(set(kept)) == len(kept)
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
		assert (run.status, run.attempt, fee_run.job_id(run)) == (
			"Queued",
			1,
			f"fee-billing-run::{month.run}::1",
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
