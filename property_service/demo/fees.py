"""The demo's fees: the community's fee plan and two months of meter readings."""

import random

import frappe
from frappe.utils import add_days, today

from property_service.core.periods import previous_period


def make_fee_demo(community: str) -> int:
	"""The fee plan and the last two months' readings; returns how many readings."""
	frappe.get_doc({"doctype": "Fee Plan", "community": community}).insert(ignore_permissions=True)
	periods = [previous_period(add_days(today(), -31)), previous_period()]
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
