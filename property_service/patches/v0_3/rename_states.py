"""Workflow states and actions renamed so they read right in Chinese: ERPNext translates the old
English words for its own screens (Registered 已注册, Requested 要求, Invoiced 已开费用清单,
Verify 确认), and Frappe's desk translates states and actions without context.

Records, the workflows (whatever else an administrator changed in them stays) and the SLA's
fulfilled-on statuses take the new names."""

import frappe

from property_service.core.registry import workflows
from property_service.core.workflows import ensure_masters, workflow_name

RENAMES = {
	"Service Request": ({"Registered": "Logged"}, {}),
	"Complaint": (
		{
			"Registered": "Logged",
			"Processing": "Being Handled",
			"Resolved": "Handled",
			"Verified": "Result Verified",
		},
		{"Verify": "Verify Result"},
	),
	"Special Service": (
		{"Requested": "Booked", "Confirmed": "Accepted", "Invoiced": "Billed"},
		{"Invoice": "Record Invoice", "Confirm": "Accept"},
	),
}


def rename(doctype: str, fields: tuple[str, ...], names: dict[str, str], **where) -> None:
	table = frappe.qb.DocType(doctype)
	for field in fields:
		for old, new in names.items():
			query = frappe.qb.update(table).set(table[field], new).where(table[field] == old)
			for key, value in where.items():
				query = query.where(table[key] == value)
			query.run()


def execute():
	for spec in workflows():
		ensure_masters(spec)
	for doctype, (states, actions) in RENAMES.items():
		rename(doctype, ("status",), states)
		workflow = workflow_name(doctype)
		rename("Workflow Document State", ("state",), states, parent=workflow)
		rename("Workflow Transition", ("state", "next_state"), states, parent=workflow)
		rename("Workflow Transition", ("action",), actions, parent=workflow)
		for agreement in frappe.get_all("Service Level Agreement", {"document_type": doctype}, pluck="name"):
			rename("SLA Fulfilled On Status", ("status",), states, parent=agreement)
		frappe.clear_cache(doctype=doctype)
