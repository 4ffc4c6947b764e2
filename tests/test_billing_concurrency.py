"""Two accountants bill the same booking at the same moment on two connections: one invoice."""

import threading

import frappe

from property_service.billing.invoices import AlreadyBilledError
from property_service.special_services.billing import bill
from tests.test_billing import completed_booking
from tests.utils import committed_user, on_own_connection, purge_invoices


def purge_committed_booking(booking) -> None:
	"""Clean-up of committed test data, ledger rows included."""
	purge_invoices({"special_service": booking.name})
	owner = frappe.db.get_value("Property Owner", booking.property_owner, ["name", "customer"], as_dict=True)
	unit = frappe.db.get_value("Property Unit", booking.unit, ["building", "community"], as_dict=True)
	frappe.db.delete("Callback Record", {"reference_name": booking.name})
	frappe.db.delete("ToDo", {"reference_name": ["in", [booking.name, booking.callback_record or ""]]})
	frappe.delete_doc("Special Service", booking.name, force=True, ignore_permissions=True)
	frappe.delete_doc("Property Owner", owner.name, force=True, ignore_permissions=True)
	frappe.delete_doc("Customer", owner.customer, force=True, ignore_permissions=True)
	for doctype, name in (
		("Property Unit", booking.unit),
		("Building", unit.building),
		("Community", unit.community),
	):
		frappe.delete_doc(doctype, name, force=True, ignore_permissions=True)
	frappe.db.commit()  # nosemgrep


def test_two_accountants_billing_one_booking_at_once_make_one_invoice():
	booking = completed_booking()
	# the accountants work on their own connections
	frappe.db.commit()  # nosemgrep
	ready = threading.Barrier(2)
	outcomes = []

	def accountant_bills():
		ready.wait(timeout=30)
		try:
			outcomes.append(bill(booking.name).name)
			# a request's own commit
			frappe.db.commit()  # nosemgrep
		except AlreadyBilledError:
			outcomes.append("AlreadyBilledError")

	try:
		with (
			committed_user(roles=("Accounts User",)) as first,
			committed_user(roles=("Accounts User",)) as second,
		):
			threads = [
				threading.Thread(target=on_own_connection, args=(user, accountant_bills))
				for user in (first, second)
			]
			for thread in threads:
				thread.start()
			for thread in threads:
				thread.join(timeout=120)
		frappe.db.rollback()
		invoices = frappe.get_all("Sales Invoice", {"special_service": booking.name}, pluck="name")
		assert len(invoices) == 1
		assert sorted(outcomes) == sorted([invoices[0], "AlreadyBilledError"])
		assert frappe.db.get_value("Special Service", booking.name, "sales_invoice") == invoices[0]
	finally:
		purge_committed_booking(booking.reload())
