"""Desk actions of the service desk that are more than a workflow button."""

import frappe
from frappe.utils import add_days, today


@frappe.whitelist(methods=["POST"])
def raise_corrective_action(complaint: str, deadline: str | None = None) -> str:
	"""A Corrective Action (纠正措施报告) for a complaint; returns its name."""
	frappe.has_permission("Complaint", "write", doc=complaint, throw=True)
	frappe.has_permission("Corrective Action", "create", throw=True)
	source = frappe.get_doc("Complaint", complaint)
	if source.corrective_action:
		return source.corrective_action
	action = frappe.get_doc(
		{
			"doctype": "Corrective Action",
			"reference_doctype": "Complaint",
			"reference_name": complaint,
			"problem": source.description,
			"deadline": deadline or add_days(today(), 7),
		}
	).insert()
	source.db_set("corrective_action", action.name)
	return action.name
