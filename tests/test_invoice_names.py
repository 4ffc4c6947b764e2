"""Invoice names reserved by the fee run's workers (billing/invoices.py): workers taking the first
numbers of a series at once — a new year's, whose counter row is not there yet — each get a
range of their own and none fails."""

import uuid
from functools import partial

import frappe

from property_service.billing.invoices import take_numbers
from tests.utils import racing_for_a_new_series


def series_counter(prefix: str) -> int:
	return frappe.db.sql("select current from `tabSeries` where name=%s", prefix)[0][0]


def test_workers_starting_a_new_series_at_once_get_ranges_of_their_own():
	prefix = f"PSTEST-{uuid.uuid4().hex[:8]}-"
	taken, errors = [], []

	def worker_reserves():
		reserved = {}
		try:
			take_numbers(reserved, 100, prefix, 5)
			frappe.db.commit()  # nosemgrep: a reservation is a transaction of its own
		except Exception as error:
			errors.append(repr(error))
			raise
		taken.append(reserved["first"])

	try:
		racing_for_a_new_series(prefix, worker_reserves, runs=3)
		assert errors == []
		assert sorted(taken) == [1, 101, 201]
		assert series_counter(prefix) == 300
	finally:
		frappe.db.delete("Series", {"name": prefix})
		frappe.db.commit()  # nosemgrep: clean-up of committed test data


def test_an_existing_series_moves_on_from_its_counter():
	prefix = f"PSTEST-{uuid.uuid4().hex[:8]}-"
	try:
		frappe.db.sql("insert into `tabSeries` (name, current) values (%s, 41)", prefix)
		reserved = {}
		assert partial(take_numbers, reserved, 10)(prefix, 5) == "00042"
		assert reserved == {"prefix": prefix, "first": 42}
		assert series_counter(prefix) == 51
	finally:
		frappe.db.rollback()
