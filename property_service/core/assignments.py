"""Assignments through Frappe's own Assign To (frappe.desk.form.assign_to.add): the assignee
gets a ToDo, an in-app notification, the record shared when they could not read it, and follows
it if their settings say so; the record's assignment list (`_assign`) follows.

The one person a record is with is also a field of its own (its record's `assignee`:
technician, handler, agent). The office sets the technician of a request or booking; callbacks and complaints
are assigned by Assignment Rules (assignment_rules.py), and `record_rule_assignee` writes the
rule's choice into the field.

Who may assign: Frappe's assign_to.add and remove, and ToDo's own REST API, need only read access
to the document (ToDo is open to every user). For the service records a ToDo that assigns,
reassigns or cancels work needs write access to the record (`check_todo`), unless the app's own
code makes it (`assign`), an Assignment Rule is applying itself in this process (`RuleAssignments`
marks it: a ToDo that merely names a rule proves nothing), or the assignee closes their own.
"""

import contextlib

import frappe
from frappe import _
from frappe.automation.doctype.assignment_rule.assignment_rule import AssignmentRule
from frappe.desk.form import assign_to
from frappe.utils import nowdate

from property_service.core.permissions import assignee, community_of, works_in
from property_service.core.registry import service_doctypes

# Frappe's ToDo statuses (not the app's states, vocabulary.py)
TODO_OPEN, TODO_CLOSED = "Open", "Closed"


def assign(doc, users, description: str, date=None) -> list[str]:
	"""Assigns `doc` to each of `users` who has no open ToDo on it yet; returns who was assigned.
	The app's own action: no permission check on the signed-in user, who may be a resident or
	the scheduler."""
	open_for = set(
		frappe.get_all(
			"ToDo",
			filters={"reference_type": doc.doctype, "reference_name": doc.name, "status": TODO_OPEN},
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


class RuleAssignments(AssignmentRule):
	"""Frappe's Assignment Rule (override_doctype_class), saying while it acts that it is acting:
	the ToDos it makes, clears and closes are its own, whoever is signed in. A record of a
	community goes only to the rule's users who work there (round robin and load balancing among
	them); when none does, this rule assigns no one and the next rule, if any, is tried."""

	def get_user(self, doc):
		community = doc.get("community") or community_of(doc.get("doctype"), doc.get("name"))
		if not community or self.rule == "Based on Field":
			return super().get_user(doc)
		everyone = self.users
		self.users = [row for row in everyone if works_in(row.user, community)]
		try:
			return super().get_user(doc) if self.users else None
		finally:
			self.users = everyone

	def apply_assign(self, doc):
		with rule_acting(self.name):
			return super().apply_assign(doc)

	def apply_unassign(self, doc, assignments):
		with rule_acting(self.name):
			return super().apply_unassign(doc, assignments)

	def close_assignments(self, doc):
		with rule_acting(self.name):
			return super().close_assignments(doc)


@contextlib.contextmanager
def rule_acting(rule: str):
	previous = frappe.flags.property_service_rule
	frappe.flags.property_service_rule = rule
	try:
		yield
	finally:
		frappe.flags.property_service_rule = previous


def made_by_rule(todo) -> bool:
	"""The ToDo comes from the Assignment Rule it names, applying itself in this process."""
	return bool(todo.assignment_rule) and frappe.flags.property_service_rule == todo.assignment_rule


def record_rule_assignee(todo, method=None) -> None:
	"""ToDo after_insert: the user an Assignment Rule chose is the record's assignee field too."""
	field = assignee(todo.reference_type)
	if not (field and made_by_rule(todo) and todo.reference_name and todo.status == TODO_OPEN):
		return
	frappe.db.set_value(
		todo.reference_type, todo.reference_name, field, todo.allocated_to, update_modified=False
	)


def check_todo(todo, method=None) -> None:
	"""ToDo validate hook: assigning and unassigning the service records is for who may edit them."""
	if todo.reference_type not in service_doctypes() or not todo.reference_name:
		return
	user = frappe.session.user
	if frappe.flags.property_service_assigning or user == "Administrator" or frappe.flags.in_install:
		return
	if frappe.flags.property_service_rule:
		return  # an Assignment Rule applying itself (RuleAssignments)
	if todo.assignment_rule and (todo.is_new() or todo.has_value_changed("assignment_rule")):
		raise frappe.PermissionError(_("Only the Assignment Rule itself assigns in its name."))
	before = todo.get_doc_before_save()
	if before and (before.allocated_to, before.status) == (todo.allocated_to, todo.status):
		return  # notes and dates of an existing ToDo: ToDo's own permissions decide
	if before and todo.allocated_to == user == before.allocated_to and todo.status == TODO_CLOSED:
		return  # the assignee closing their own ToDo
	if before and follows_close_condition(todo, before):
		return
	if not frappe.db.exists(todo.reference_type, todo.reference_name) or not frappe.has_permission(
		todo.reference_type, "write", doc=todo.reference_name, user=user
	):
		raise frappe.PermissionError(
			_("Only who may edit {0} {1} assigns it.").format(_(todo.reference_type), todo.reference_name)
		)


def follows_close_condition(todo, before) -> bool:
	"""An Assignment Rule closing (or reopening) a record's ToDos as its close condition on the
	record now says: the same person, Open <-> Closed only (Frappe's rule does this itself, outside
	the rule's methods RuleAssignments marks)."""
	if todo.allocated_to != before.allocated_to or {todo.status, before.status} != {TODO_OPEN, TODO_CLOSED}:
		return False
	record = frappe.get_doc(todo.reference_type, todo.reference_name).as_dict()
	for name in frappe.get_all(
		"Assignment Rule", {"document_type": todo.reference_type, "disabled": 0}, pluck="name"
	):
		rule = frappe.get_cached_doc("Assignment Rule", name)
		if rule.close_condition and bool(rule.safe_eval("close_condition", record)) == (
			todo.status == TODO_CLOSED
		):
			return True
	return False


def unshare_previous_assignee(doc, method=None) -> None:
	"""A reassigned record is no longer shared with whom it was taken from: Frappe's Assign To
	shares a record with an assignee lacking access, and a share outlives the assignment."""
	before = doc.get_doc_before_save()
	field = assignee(doc.doctype)
	previous = before.get(field) if before else None
	if not previous or previous == doc.get(field):
		return
	shares = frappe.get_all(
		"DocShare", {"share_doctype": doc.doctype, "share_name": doc.name, "user": previous}, pluck="name"
	)
	for share in shares:
		frappe.delete_doc("DocShare", share, ignore_permissions=True, flags={"ignore_share_permission": True})
