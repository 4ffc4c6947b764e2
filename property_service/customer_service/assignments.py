"""Assignments through Frappe's own Assign To (frappe.desk.form.assign_to.add): the assignee
gets a ToDo, an in-app notification, the record shared when they could not read it, and follows
it if their settings say so; the record's assignment list (`_assign`) follows.

The one person a record is with is also a field of its own (permissions.ASSIGNEE: technician,
handler, agent). The office sets the technician of a request or booking; callbacks and complaints
are assigned by Assignment Rules (assignment_rules.py), and `record_rule_assignee` writes the
rule's choice into the field.

Who may assign: Frappe's assign_to.add and remove, and ToDo's own REST API, need only read access
to the document (ToDo is open to every user). For the service records a ToDo that assigns,
reassigns or cancels work needs write access to the record (`check_todo`), unless the app's own
code makes it (`assign`), an Assignment Rule assigns one of its own users, or the assignee closes
their own.
"""

import frappe
from frappe import _
from frappe.desk.form import assign_to
from frappe.utils import nowdate

from property_service.permissions import ASSIGNEE, SERVICE_DOCTYPES


def assign(doc, users, description: str, date=None) -> list[str]:
	"""Assigns `doc` to each of `users` who has no open ToDo on it yet; returns who was assigned.
	The app's own action: no permission check on the signed-in user, who may be a resident or
	the scheduler."""
	open_for = set(
		frappe.get_all(
			"ToDo",
			filters={"reference_type": doc.doctype, "reference_name": doc.name, "status": "Open"},
			pluck="allocated_to",
		)
	)
	new = [user for user in dict.fromkeys(users) if user and user not in open_for]
	if not new:
		return []
	messages = len(frappe.message_log)
	frappe.flags.property_service_assigning = True
	try:
		assign_to.add(
			{
				"assign_to": new,
				"doctype": doc.doctype,
				"name": doc.name,
				"description": description,
				"date": date or nowdate(),
			},
			ignore_permissions=True,
		)
	finally:
		frappe.flags.property_service_assigning = False
	del frappe.message_log[messages:]  # "Shared with ...": the office's business, not the caller's
	return new


def record_rule_assignee(todo, method=None) -> None:
	"""ToDo after_insert: the user an Assignment Rule chose is the record's assignee field too."""
	field = ASSIGNEE.get(todo.reference_type)
	if not (field and todo.assignment_rule and todo.reference_name and todo.status == "Open"):
		return
	frappe.db.set_value(
		todo.reference_type, todo.reference_name, field, todo.allocated_to, update_modified=False
	)


def check_todo(todo, method=None) -> None:
	"""ToDo validate hook: assigning and unassigning the service records is for who may edit them."""
	if todo.reference_type not in SERVICE_DOCTYPES or not todo.reference_name:
		return
	user = frappe.session.user
	if frappe.flags.property_service_assigning or user == "Administrator" or frappe.flags.in_install:
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
