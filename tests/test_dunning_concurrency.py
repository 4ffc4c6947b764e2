"""The collection job on two workers at once (fees/dunning.py): the same level of the same invoice
made at the same moment on two connections gives one Dunning; the other run makes nothing."""

import frappe
from frappe.utils import getdate, today

from property_service.fees import dunning
from tests.portal_world import make_world, purge_world
from tests.test_dunning import fee_invoice
from tests.utils import purge_invoices, racing_for_a_new_series


def new_months_series() -> str:
	"""The first Dunnings of a month: its naming series has no row yet, and two runs inserting it
	at once deadlocked (seen in CI on the 6th of December). The row is dropped when no Dunning
	carries a name of it, so that the race is run every time."""
	prefix = "DUNN-" + getdate(today()).strftime("%m-%y-")
	if not frappe.db.exists("Dunning", {"name": ("like", prefix + "%")}):
		frappe.db.delete("Series", {"name": prefix})
	return prefix


def test_two_runs_at_once_make_one_dunning_per_level_and_invoice():
	world = make_world()
	invoice = fee_invoice(world.unit, "2031-06", 300, due_days_ago=40)
	dunning.ensure_dunning_type(invoice.company, dunning.DUNNING_TYPES[0])
	series = new_months_series()
	outcomes = []

	def job_runs():
		made = dunning.make_dunning(
			frappe._dict(name=invoice.name, company=invoice.company), 1, dunning.DUNNING_TYPES[0], today()
		)
		frappe.db.commit()  # nosemgrep: a job's own commit
		outcomes.append(made)

	try:
		racing_for_a_new_series(series, job_runs)
		made = frappe.get_all("Dunning", {"dunning_key": f"{invoice.name}|1"}, pluck="name")
		assert len(made) == 1
		assert sorted(outcomes, key=str) == sorted([made[0], None], key=str)
	finally:
		frappe.db.rollback()
		for name in frappe.get_all("Dunning", {"property_unit": world.unit}, pluck="name"):
			frappe.db.delete("Overdue Payment", {"parent": name})
			frappe.db.delete("Dunning", {"name": name})
		purge_invoices({"property_unit": world.unit})
		frappe.db.commit()  # nosemgrep: clean-up of committed test data
		purge_world(world)
