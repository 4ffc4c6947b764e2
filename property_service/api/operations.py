"""Desk endpoints of property operations."""

import frappe

from property_service.core.periods import period_of, validate_period
from property_service.operations import inspections


@frappe.whitelist(methods=["GET"])
def inspection_coverage(period: str | None = None, community: str | None = None) -> dict:
	"""The month's vacant-unit inspections carried out ÷ made (the list view's figure)."""
	frappe.has_permission("Vacant Unit Inspection", "read", throw=True)
	return inspections.coverage(validate_period(period or period_of()), community or None)
