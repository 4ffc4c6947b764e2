"""Assignments as ToDos, like Frappe's "Assign To", without its side effect on our documents.

The one person a record is with is a field of its own (`permissions.ASSIGNEE`: technician, handler,
agent); the ToDo is made directly: the document's
assignment list (`_assign`, the sidebar and the "Assigned To" filter) still follows it, and the
assignee finds it in their ToDo list; escalations also send an in-app notification.

Who may assign: Frappe's assign_to.add and remove, and ToDo's own REST API, need only read access
to the document (ToDo is open to every user). For the service records a ToDo that assigns,
reassigns or cancels work needs write access to the record (`check_todo`), unless the app's own
code makes it, an Assignment Rule assigns one of its own users, or the assignee closes their own.
"""

import frappe
from frappe import _
from frappe.utils import nowdate

from property_service.permissions import ASSIGNEE, SERVICE_DOCTYPES


def open_todo(doc, user: str, description: str, date=None) -> bool:
	"""Assigns `doc` to `user` unless they already have it open; returns whether it did."""
	if frappe.db.exists(
		"ToDo",
		{"reference_type": doc.doctype, "reference_name": doc.name, "allocated_to": user, "status": "Open"},
	):
		return False
	todo = frappe.get_doc(
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
	)
	todo.flags.app_assignment = True
	todo.insert(ignore_permissions=True)
	return True


def check_todo(todo, method=None) -> None:
	"""ToDo validate hook: assigning and unassigning the service records is for who may edit them."""
	if todo.reference_type not in SERVICE_DOCTYPES or not todo.reference_name:
		return
	user = frappe.session.user
	if todo.flags.app_assignment or user == "Administrator" or frappe.flags.in_install:
		return
	before = todo.get_doc_before_save()
	if before and (before.allocated_to, before.status) == (todo.allocated_to, todo.status):
		return  # notes and dates of an existing ToDo: ToDo's own permissions decide
	if before and todo.allocated_to == user == before.allocated_to and todo.status == "Closed":
		return  # the assignee closing their own ToDo
	if is_rule_assignment(todo):
		return
	if not frappe.db.exists(todo.reference_type, todo.reference_name) or not frappe.has_permission(
		todo.reference_type, "write", doc=todo.reference_name, user=user
	):
		raise frappe.PermissionError(
			_("Only who may edit {0} {1} assigns it.").format(_(todo.reference_type), todo.reference_name)
		)


def is_rule_assignment(todo) -> bool:
	"""An enabled Assignment Rule of the record's DocType assigning one of its own users."""
	if not todo.assignment_rule:
		return False
	rule = frappe.db.get_value(
		"Assignment Rule", todo.assignment_rule, ["document_type", "disabled"], as_dict=True
	)
	return bool(
		rule
		and rule.document_type == todo.reference_type
		and not rule.disabled
		and frappe.db.exists(
			"Assignment Rule User", {"parent": todo.assignment_rule, "user": todo.allocated_to}
		)
	)


def unshare_previous_assignee(doc, method=None) -> None:
	"""A reassigned record is no longer shared with whom it was taken from: Frappe's Assign To
	shares a record with an assignee lacking access, and a share outlives the assignment."""
	before = doc.get_doc_before_save()
	field = ASSIGNEE[doc.doctype]
	previous = before.get(field) if before else None
	if not previous or previous == doc.get(field):
		return
	shares = frappe.get_all(
		"DocShare", {"share_doctype": doc.doctype, "share_name": doc.name, "user": previous}, pluck="name"
	)
	for share in shares:
		frappe.delete_doc("DocShare", share, ignore_permissions=True, flags={"ignore_share_permission": True})
