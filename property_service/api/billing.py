"""Billing actions for accountants: special-service bookings (fee runs are Fee Billing Runs)."""

import frappe

from property_service.special_services import billing


@frappe.whitelist(methods=["POST"])
def bill_special_service(name: str, posting_date: str | None = None) -> str:
	"""Bills one completed booking; returns the submitted Sales Invoice's name."""
	return billing.bill(name, posting_date).name


@frappe.whitelist(methods=["POST"])
def bill_special_services(from_date: str, to_date: str, community: str | None = None) -> dict:
	"""Bills every completed booking of the period: {"invoices": [...], "failed": {booking: why}}."""
	return billing.bill_period(from_date, to_date, community)
