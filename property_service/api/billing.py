"""Billing actions for accountants: special-service bookings (fee runs are Fee Billing Runs), and
refunds of payments received (fees/refunds.py)."""

import frappe

from property_service.fees import refunds
from property_service.special_services import billing


@frappe.whitelist(methods=["POST"])
def bill_special_service(name: str, posting_date: str | None = None) -> str:
	"""Bills one completed booking; returns the submitted Sales Invoice's name."""
	return billing.bill(name, posting_date).name


@frappe.whitelist(methods=["POST"])
def bill_special_services(from_date: str, to_date: str, community: str | None = None) -> dict:
	"""Bills every completed booking of the period: {"invoices": [...], "failed": {booking: why}}."""
	return billing.bill_period(from_date, to_date, community)


@frappe.whitelist(methods=["POST"])
def make_refund(payment_entry: str) -> str:
	"""The draft refund (a Pay entry) of what a payment received holds unallocated, or the one
	already waiting; returns its name. Accountants only; the amount is the server's."""
	return refunds.make_refund(payment_entry)
