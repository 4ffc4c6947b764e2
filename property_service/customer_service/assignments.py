"""Assignments as ToDos, like Frappe's "Assign To", without its side effect on our documents.

Frappe's assign_to.add also writes the assignee into a field called `assigned_to` when the
doctype has one, bumping `modified` (the form then fails to save with a timestamp mismatch) and
overwriting the technician of a request. Here the ToDo is made directly: the document's
assignment list (`_assign`, the sidebar and the "Assigned To" filter) still follows it, and the
assignee finds it in their ToDo list; escalations also send an in-app notification.
"""

import frappe
from frappe.utils import nowdate


def open_todo(doc, user: str, description: str, date=None) -> bool:
	"""Assigns `doc` to `user` unless they already have it open; returns whether it did."""
	if frappe.db.exists(
		"ToDo",
		{"reference_type": doc.doctype, "reference_name": doc.name, "allocated_to": user, "status": "Open"},
	):
		return False
	frappe.get_doc(
		{
			"doctype": "ToDo",
			"allocated_to": user,
			"reference_type": doc.doctype,
			"reference_name": doc.name,
			"description": description,
			"date": date or nowdate(),
			"assigned_by": frappe.session.user,
			"status": "Open",
		}
	).insert(ignore_permissions=True)
	return True
