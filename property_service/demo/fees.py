"""The demo's fees: the community's fee plan, two months of meter readings, and those two months'
invoices for the demo resident's household and some of their neighbours, partly paid."""

import random

import frappe
from frappe.utils import add_months

from property_service.core.periods import previous_period

PAID_SHARE = 0.5  # of the neighbours' last month's invoices (the month before is paid)


def make_fee_demo(community: str) -> int:
	"""The fee plan and the last two months' readings; returns how many readings."""
	frappe.get_doc({"doctype": "Fee Plan", "community": community}).insert(ignore_permissions=True)
	last = previous_period()
	periods = [previous_period(f"{last}-01"), last]  # the two months before this one
	return make_meter_readings(community, periods)


def make_meter_readings(community: str, periods: list[str], seed: int = 7) -> int:
	"""Water and electricity readings of every unit for consecutive `periods`, written in bulk
	(the first period is each meter's starting reading); returns how many."""
	rng = random.Random(seed)
	rows = []
	stamp = (frappe.utils.now_datetime(), frappe.utils.now_datetime(), "Administrator", "Administrator")
	for unit in frappe.get_all("Property Unit", {"community": community}, pluck="name"):
		for meter, start, monthly in (("Water", 100, 12), ("Electricity", 2000, 180)):
			previous = None
			reading = start + rng.randint(0, 500)
			for period in periods:
				if previous is not None:
					reading = previous + rng.randint(monthly // 2, monthly * 2)
				consumption = reading - previous if previous is not None else 0
				name = f"MR-{period}-{meter}-{unit}"
				rows.append(
					(name, unit, community, meter, period, reading, previous or 0, consumption, *stamp)
				)
				previous = reading
	fields = [
		"name",
		"unit",
		"community",
		"meter_type",
		"period",
		"reading",
		"previous_reading",
		"consumption",
		"creation",
		"modified",
		"owner",
		"modified_by",
	]
	frappe.db.bulk_insert("Meter Reading", fields, rows)
	return len(rows)


def make_demo_invoices(
	community: str, resident_owner: str | None, neighbours: int = 20, seed: int = 7
) -> str:
	"""The last two months' fee invoices of the demo resident's units and of `neighbours` other
	households, the way the accountants' monthly run bills them; the earlier month paid in cash at
	the counter, the last month by half the neighbours (the demo resident's is still to pay, for
	their 我的账单). A run over every unit is the accountants' (README: Fees)."""
	from property_service.fees.fee_run import bill_unit, fee_lines, load

	rng = random.Random(seed)
	last = previous_period()
	periods = (previous_period(f"{last}-01"), last)
	units = frappe.get_all(
		"Property Unit", {"community": community, "payer": ["is", "set"]}, ["name", "payer"], order_by="name"
	)
	theirs = [unit.name for unit in units if unit.payer == resident_owner]
	others = [unit.name for unit in units if unit.payer != resident_owner]
	chosen = set(theirs + rng.sample(others, min(neighbours, len(others))))
	invoices = paid = 0
	for period in periods:
		# billed on the 1st of the month after, as the monthly run does
		run = frappe._dict(community=community, period=period, posting_date=add_months(f"{period}-01", 1))
		data = load(run)
		for unit in (unit for unit in data["units"] if unit.name in chosen):
			lines = fee_lines(data["plan"], unit, data["consumption"], period)
			invoice = lines and bill_unit(run, unit, lines, data, [])
			if not invoice:
				continue
			invoices += 1
			if period != last or (unit.name not in theirs and rng.random() < PAID_SHARE):
				pay_at_the_counter(invoice)
				paid += 1
	return f"{invoices} fee invoices for {len(chosen)} households, {paid} paid"


def pay_at_the_counter(invoice) -> None:
	from erpnext.accounts.doctype.payment_entry.payment_entry import get_payment_entry

	payment = get_payment_entry("Sales Invoice", invoice.name)
	payment.update({"reference_no": invoice.name, "reference_date": invoice.posting_date})
	payment.posting_date = invoice.posting_date
	payment.insert(ignore_permissions=True)
	payment.submit()
