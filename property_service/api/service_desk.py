"""Desk actions of the service desk that are more than a workflow button."""

import frappe
from frappe import _

from property_service.customer_service.corrective_actions import make_corrective_action

# where a corrective or preventive action comes from, and the text that states the problem
# (seed 12.1.5 (4) and 12.1.2: complaints, callbacks, survey findings, inspections)
SOURCES = {
	"Complaint": "description",
	"Callback Record": "content_and_result",
	"Service Request": "description",
	"Opinion Survey": "title",
	"Emergency Drill": "emergency_plan",
	"Emergency Incident": "description",
}


class CorrectiveSourceError(frappe.ValidationError):
	pass


@frappe.whitelist(methods=["POST"])
def raise_corrective_action(
	reference_name: str,
	reference_doctype: str = "Complaint",
	action_type: str = "Corrective Action",
	deadline: str | None = None,
) -> str:
	"""A Corrective Action (纠正措施报告) for a complaint, a callback or a request, corrective or
	preventive; returns its name. A complaint keeps a link to its action: raised twice, the same."""
	if reference_doctype not in SOURCES:
		frappe.throw(
			_(
				"A corrective action is raised from a complaint, a callback, a service request, an opinion survey, an emergency drill or an emergency incident."
			),
			CorrectiveSourceError,
		)
	frappe.has_permission(reference_doctype, "write", doc=reference_name, throw=True)
	frappe.has_permission("Corrective Action", "create", throw=True)
	source = frappe.get_doc(reference_doctype, reference_name)
	if source.get("corrective_action"):
		return source.corrective_action
	action = make_corrective_action(
		reference_doctype,
		reference_name,
		source.get(SOURCES[reference_doctype]),
		action_type=action_type,
		deadline=deadline,
	)
	if source.meta.has_field("corrective_action"):
		source.db_set("corrective_action", action)
	return action


@frappe.whitelist(methods=["POST"])
def bill_repair(service_request: str) -> str:
	"""The Special Service booking of a completed chargeable repair (special_services/repairs.py)."""
	from property_service.special_services.repairs import bill_repair as book

	return book(service_request)
