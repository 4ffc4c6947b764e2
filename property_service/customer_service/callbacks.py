"""Callbacks (回访): every completed request, verified complaint and completed special-service
booking gets a Callback Record to do, assigned to an agent by an Assignment Rule and due within
the configured days. Rating "A" or "B" closes a request or complaint, "C - Dissatisfied" reopens
it; a "C" tells the customer-service supervisors (and on a major complaint the office) through a
Notification. A booking's rating is recorded (billing moves the booking on); a booking gets one
callback."""

import frappe
from frappe import _
from frappe.utils import add_days, today
from pypika.terms import ExistsCriterion

from property_service.core.registry import record, with_callbacks
from property_service.core.workflows import transition
from property_service.vocabulary import CLOSED, CONTENT, DISSATISFIED, TO_DO


def ensure_callback(source) -> str:
	"""The source's open callback, made when missing (idempotent: one per source and round)."""
	existing = frappe.db.get_value(
		"Callback Record",
		{"reference_doctype": source.doctype, "reference_name": source.name, "status": TO_DO},
	)
	if existing:
		return existing
	# its agent is chosen by the Assignment Rule "Callbacks - Agents" (assignment_rules.py)
	due_days = frappe.db.get_single_value("Property Service Settings", "callback_due_days") or 0
	callback = frappe.get_doc(
		{
			"doctype": "Callback Record",
			"reference_doctype": source.doctype,
			"reference_name": source.name,
			"unit": source.unit,
			"property_owner": source.property_owner,
			"due_date": add_days(today(), due_days),
		}
	).insert(ignore_permissions=True)
	source.db_set("callback_record", callback.name, update_modified=False)
	return callback.name


def on_callback_rated(callback) -> None:
	"""Acts on the source once a callback is rated."""
	after = with_callbacks().get(callback.reference_doctype)
	if not after or not callback.satisfaction:
		return  # a routine callback, or one about a record that no rating closes
	source = frappe.get_doc(callback.reference_doctype, callback.reference_name)
	source.db_set("satisfaction", callback.satisfaction, update_modified=False)
	if not record(source.doctype).rating_moves:
		return  # a "C" is told by a Notification (notifications.py), as for every callback
	reason = _("callback {0} rated {1}").format(callback.name, _(callback.satisfaction))
	if callback.satisfaction in CONTENT and source.status == after:
		transition(source, "Close", reason)
	elif callback.satisfaction == DISSATISFIED:
		if source.status in (after, CLOSED):
			transition(source, "Reopen", reason)


def make_due_callbacks() -> None:
	"""Daily job: a callback to do for every record in the state after which one is due, lacking one.

	Idempotent: a second run finds nothing lacking."""
	callback = frappe.qb.DocType("Callback Record")
	for doctype, state in with_callbacks().items():
		source = frappe.qb.DocType(doctype)
		open_callback = (
			frappe.qb.from_(callback)
			.select(callback.name)
			.where(
				(callback.reference_doctype == doctype)
				& (callback.reference_name == source.name)
				& (callback.status == TO_DO)
			)
		)
		due = (source.status == state) & ExistsCriterion(open_callback).negate()
		if not record(doctype).rating_moves:
			due &= source.callback_record.isnull()  # one callback; it leaves the state unchanged
		lacking = frappe.qb.from_(source).select(source.name).where(due).run(pluck=True)
		for name in lacking:
			ensure_callback(frappe.get_doc(doctype, name))
