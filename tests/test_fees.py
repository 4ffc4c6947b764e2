"""Fees (三费 and parking rent): plans, meter readings, the billing run, arrears."""

import frappe
import pytest

from property_service.core.periods import InvalidPeriodError, previous_period
from property_service.fees.doctype.fee_plan.fee_plan import FeePlanError
from property_service.fees.doctype.meter_reading.meter_reading import MeterReadingError
from property_service.fees.fee_items import ELECTRICITY, MANAGEMENT_FEE, PARKING_RENT, WATER
from property_service.fees.fee_run import monthly_runs, run_billing
from tests.factories import make_building, make_community, make_owner, make_unit
from tests.utils import as_user, make_user

PERIOD, LAST_PERIOD, EARLIER_PERIOD = "2026-11", "2026-10", "2026-09"


def make_plan(community: str, **fields) -> str:
	return frappe.get_doc({"doctype": "Fee Plan", "community": community, **fields}).insert().name


def read_meter(unit: str, meter: str, period: str, reading: float):
	return frappe.get_doc(
		{"doctype": "Meter Reading", "unit": unit, "meter_type": meter, "period": period, "reading": reading}
	).insert()


def new_run(community: str, period: str = PERIOD):
	return frappe.get_doc({"doctype": "Fee Billing Run", "community": community, "period": period}).insert()


def unit_invoices(unit: str) -> list:
	names = frappe.get_all(
		"Sales Invoice", {"property_unit": unit, "fee_period": PERIOD, "docstatus": 1}, pluck="name"
	)
	return [frappe.get_doc("Sales Invoice", name) for name in names]


def lines(invoice) -> dict:
	return {row.item_code: (row.qty, row.rate, row.amount) for row in invoice.items}


@pytest.fixture
def community():
	"""A community with the default plan: an occupied flat (88.5 m²) with meters, a vacant
	flat, a parking space, and a flat without a payer."""
	name = make_community()
	building = make_building(name)
	flat, vacant, parking = (
		make_unit(building, "101"),
		make_unit(building, "102", area=100),
		make_unit(building, "P01", unit_type="Parking", area=12),
	)
	make_unit(building, "103")  # no payer
	make_owner(units=[flat, parking])
	frappe.db.set_value("Property Unit", vacant, "payer", make_owner())
	frappe.db.set_value("Property Unit", vacant, "status", "Vacant")
	make_plan(name)
	for unit, meter, last, now in ((flat, "Water", 100, 112.5), (flat, "Electricity", 2000, 2150)):
		read_meter(unit, meter, LAST_PERIOD, last)
		read_meter(unit, meter, PERIOD, now)
	return frappe._dict(name=name, flat=flat, vacant=vacant, parking=parking)


def test_amounts_per_square_metre_fixed_and_metered(community):
	run_billing(new_run(community.name).name)
	(flat,) = unit_invoices(community.flat)
	assert lines(flat) == {
		MANAGEMENT_FEE: (88.5, 2.5, 221.25),
		WATER: (12.5, 4.0, 50.0),
		ELECTRICITY: (150.0, 0.6, 90.0),
	}
	assert flat.grand_total == 361.25 and flat.customer == frappe.db.get_value(
		"Property Owner", frappe.db.get_value("Property Unit", community.flat, "payer"), "customer"
	)
	(parking,) = unit_invoices(community.parking)
	assert lines(parking) == {PARKING_RENT: (1, 300, 300)}
	(vacant,) = unit_invoices(community.vacant)
	assert lines(vacant) == {MANAGEMENT_FEE: (100, 2.5, 250)}


def test_running_a_period_twice_gives_the_same_invoices(community):
	first = new_run(community.name)
	run_billing(first.name)
	before = sorted(frappe.get_all("Sales Invoice", {"fee_period": PERIOD}, pluck="name"))
	second = new_run(community.name)
	run_billing(second.name)
	run_billing(first.name)
	assert sorted(frappe.get_all("Sales Invoice", {"fee_period": PERIOD}, pluck="name")) == before
	first.reload(), second.reload()
	assert (first.invoices_created, first.already_billed) == (0, 3)
	assert (second.invoices_created, second.already_billed, second.failed) == (0, 3, 1)
	assert "103" in second.problems and second.status == "Completed"


def test_vacant_units_follow_the_plan_and_a_cancelled_invoice_is_billed_again(community):
	plan = frappe.get_doc("Fee Plan", community.name)
	for row in plan.rates:
		row.vacant_percent = 70 if row.fee_item == MANAGEMENT_FEE else row.vacant_percent
	plan.save()
	run_billing(new_run(community.name).name)
	(vacant,) = unit_invoices(community.vacant)
	assert lines(vacant) == {MANAGEMENT_FEE: (100, 1.75, 175)}
	vacant.cancel()
	for row in plan.rates:
		row.vacant_percent = 0 if row.fee_item == MANAGEMENT_FEE else row.vacant_percent
	plan.save()
	run = new_run(community.name)
	run_billing(run.name)
	# the vacant flat and the flat without a payer (vacant too) owe nothing now
	assert not unit_invoices(community.vacant) and run.reload().not_billed == 2


def test_a_meter_reading_lower_than_the_last_is_rejected(community):
	count = frappe.db.count("Meter Reading")
	read_meter(community.parking, "Water", LAST_PERIOD, 50)  # the first reading: accepted
	with pytest.raises(MeterReadingError):  # the next month's below it
		read_meter(community.parking, "Water", PERIOD, 49.9)
	with pytest.raises(MeterReadingError):  # an earlier period above a later one
		read_meter(community.flat, "Water", EARLIER_PERIOD, 120)
	with pytest.raises(InvalidPeriodError):
		read_meter(community.vacant, "Water", "2026-13", 1)
	assert frappe.db.count("Meter Reading") == count + 1  # only the parking space's first reading


def test_a_billed_reading_is_locked(community):
	run_billing(new_run(community.name).name)
	reading = frappe.get_doc(
		"Meter Reading", {"unit": community.flat, "meter_type": "Water", "period": PERIOD}
	)
	reading.reading = 130
	with pytest.raises(MeterReadingError):
		reading.save()


def test_plan_rows_are_checked():
	community = make_community()
	with pytest.raises(FeePlanError):
		make_plan(
			community,
			rates=[
				{"fee_item": MANAGEMENT_FEE, "basis": "Per m²", "rate": 2},
				{"fee_item": MANAGEMENT_FEE, "basis": "Fixed", "rate": 50},
			],
		)
	with pytest.raises(FeePlanError):
		make_plan(community, rates=[{"fee_item": "清洁抽油烟机", "basis": "Fixed", "rate": 50}])
	assert not frappe.db.exists("Fee Plan", community)


def test_only_accountants_run_the_billing(community):
	run = new_run(community.name)
	with as_user(make_user(roles=("Customer Service Agent",))), pytest.raises(frappe.PermissionError):
		run_billing(run.name)
	assert not unit_invoices(community.flat)
	with as_user(make_user(roles=("Accounts User",))):
		run_billing(run.name)
	assert len(unit_invoices(community.flat)) == 1


def test_the_monthly_job_queues_one_run_per_automatic_plan(community):
	frappe.db.set_value("Fee Plan", community.name, "bill_monthly", 1)
	monthly_runs()
	monthly_runs()
	runs = frappe.get_all("Fee Billing Run", {"community": community.name}, ["period", "status"])
	assert runs == [{"period": previous_period(), "status": "Queued"}]


def test_unit_arrears_come_from_erpnext_receivables(community):
	from erpnext.accounts.doctype.payment_entry.payment_entry import get_payment_entry

	from property_service.fees.report.unit_arrears.unit_arrears import execute

	run_billing(new_run(community.name).name)
	(flat,) = unit_invoices(community.flat)
	payment = get_payment_entry("Sales Invoice", flat.name, party_amount=100)
	payment.reference_no, payment.reference_date = "WX-1", flat.posting_date
	payment.insert().submit()
	rows = {row["unit"]: row for row in execute({"company": flat.company, "community": community.name})[1]}
	assert set(rows) == {community.flat, community.vacant, community.parking}
	assert (rows[community.flat]["invoiced"], rows[community.flat]["paid"]) == (361.25, 100)
	assert rows[community.flat]["outstanding"] == 261.25 and rows[community.parking]["outstanding"] == 300
	# due in the plan's 15 days: not yet overdue, and the buckets add up to what is owed
	assert rows[community.flat]["not_due"] == 261.25 and rows[community.flat]["range1"] == 0


def test_a_building_whose_worker_stopped_beating_is_stalled_within_minutes(community):
	"""A killed worker leaves its job "started" in RQ: silent heartbeat, not ten minutes of
	silence from the run, tells the office (fee_run.part_stalled, core/jobs.py)."""
	from datetime import UTC, datetime, timedelta

	from frappe.utils import now_datetime
	from frappe.utils.background_jobs import create_job_id, get_redis_conn
	from rq.job import Job, JobStatus

	from property_service.fees import fee_run

	run = new_run(community.name)
	with as_user(make_user(roles=("Accounts User",))):
		fee_run.mark_queued(run)
	part = run.parts[0]
	frappe.db.set_value(
		"Fee Billing Run Part", part.name, {"status": "Running", "last_progress_on": now_datetime()}
	)
	run.reload()
	job = Job.create("frappe.ping", id=create_job_id(fee_run.job_id(run, part)), connection=get_redis_conn())
	try:
		job.last_heartbeat = datetime.now(UTC)
		job.save()
		job.set_status(JobStatus.STARTED)
		assert not fee_run.stalled(run)  # its worker beats: under way
		job.last_heartbeat = datetime.now(UTC) - timedelta(minutes=3)
		job.save()
		assert fee_run.stalled(run)  # silent for three minutes: the worker is gone
		job.set_status(JobStatus.QUEUED)
		assert not fee_run.stalled(run)  # waiting for a worker (it heard from the run just now)
	finally:
		job.delete()


def test_the_companys_month_sales_are_summed_daily_not_on_each_invoice(community):
	"""ERPNext's Each Transaction would sum the month's invoices on every submit and hold the
	Company's row until the run commits (billing/masters.ensure_month_sales_daily)."""
	from frappe.utils import get_first_day, today

	from property_service.billing.masters import refresh_month_sales

	assert frappe.db.get_single_value("Selling Settings", "sales_update_frequency") == "Daily"
	company = frappe.db.get_value("Community", community.name, "company")
	frappe.db.set_value("Company", company, "total_monthly_sales", 0)
	with as_user(make_user(roles=("Accounts User",))):
		run_billing(new_run(community.name).name)
	assert unit_invoices(community.flat)
	assert frappe.db.get_value("Company", company, "total_monthly_sales") == 0
	refresh_month_sales()
	month = frappe.get_all(
		"Sales Invoice",
		{"company": company, "docstatus": 1, "posting_date": [">=", get_first_day(today())]},
		pluck="base_grand_total",
	)
	assert frappe.db.get_value("Company", company, "total_monthly_sales") == sum(month) > 0


def test_the_company_currency_names_its_fraction_so_amounts_in_words_work(community):
	"""ERPNext leaves CNY's fraction empty; Frappe 16's money_in_words fails on any amount with
	cents then (billing/masters.ensure_currency_fractions, on install, migrate and set-up)."""
	from frappe.utils import money_in_words

	from property_service.billing.masters import ensure_currency_fractions

	assert frappe.db.get_value("Currency", "CNY", "fraction") == "Fen"
	frappe.db.set_value("Currency", "CNY", "fraction", None)
	ensure_currency_fractions()
	assert frappe.db.get_value("Currency", "CNY", "fraction") == "Fen"
	assert "Fen" in money_in_words(12.5, "CNY")
