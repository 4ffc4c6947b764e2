"""Callbacks (回访): every completed request, verified complaint and completed special-service
booking gets a Callback Record to do, assigned to an agent and due within the configured days.
Rating "A" or "B" closes a request or complaint, "C - Dissatisfied" reopens it and tells the
customer-service supervisor. A booking's rating is recorded (billing moves the booking on) and a
"C" tells the supervisor; a booking gets one callback."""

import frappe
from frappe import _
from frappe.utils import add_days, today
from pypika.terms import ExistsCriterion

from property_service.customer_service.assignments import open_todo
from property_service.customer_service.notices import notify
from property_service.customer_service.routing import role_holders
from property_service.customer_service.states import CALLBACK_AFTER, CLOSED
from property_service.customer_service.workflows import transition

RATING_MOVES_SOURCE = ("Service Request", "Complaint")
SATISFIED = ("A - Satisfied", "B - Fairly Satisfied")
DISSATISFIED = "C - Dissatisfied"


def ensure_callback(source) -> str:
	"""The source's open callback, made when missing (idempotent: one per source and round)."""
	existing = frappe.db.get_value(
		"Callback Record",
		{"reference_doctype": source.doctype, "reference_name": source.name, "status": "To Do"},
	)
	if existing:
		return existing
	settings = frappe.get_cached_doc("Property Service Settings")
	agent = pick_agent(settings.callback_agent_role or "Customer Service Agent")
	callback = frappe.get_doc(
		{
			"doctype": "Callback Record",
			"reference_doctype": source.doctype,
			"reference_name": source.name,
			"unit": source.unit,
			"property_owner": source.property_owner,
			"agent": agent,
			"due_date": add_days(today(), settings.callback_due_days or 0),
		}
	).insert(ignore_permissions=True)
	if agent:
		description = _("Call back about {0} {1}").format(_(source.doctype), source.name)
		open_todo(callback, agent, description, callback.due_date)
	source.db_set("callback_record", callback.name, update_modified=False)
	return callback.name


def pick_agent(role: str) -> str | None:
	"""The enabled holder of `role` with the fewest callbacks to do."""
	users = role_holders(role)
	if not users:
		return None
	load = dict(
		frappe.get_all(
			"Callback Record",
			filters={"status": "To Do", "agent": ["in", users]},
			fields=["agent", "count(name) as n"],
			group_by="agent",
			as_list=True,
		)
	)
	return min(users, key=lambda user: load.get(user, 0))


def on_callback_rated(callback) -> None:
	"""Acts on the source once a callback is rated."""
	if callback.reference_doctype not in CALLBACK_AFTER or not callback.satisfaction:
		return  # a routine callback, or one about a record that no rating closes
	source = frappe.get_doc(callback.reference_doctype, callback.reference_name)
	source.db_set("satisfaction", callback.satisfaction, update_modified=False)
	if source.doctype not in RATING_MOVES_SOURCE:
		if callback.satisfaction == DISSATISFIED:
			notify_supervisors(source, _("Dissatisfied callback: {0} {1}"))
		return
	reason = _("callback {0} rated {1}").format(callback.name, _(callback.satisfaction))
	if callback.satisfaction in SATISFIED and source.status == CALLBACK_AFTER[source.doctype]:
		transition(source, "Close", reason)
	elif callback.satisfaction == DISSATISFIED:
		if source.status in (CALLBACK_AFTER[source.doctype], CLOSED):
			transition(source, "Reopen", reason)
		notify_supervisors(source)


def notify_supervisors(source, message: str | None = None) -> None:
	"""The customer-service supervisors; for a major problem the office too (重大问题应上报管理处)."""
	message = (message or _("Dissatisfied callback: {0} {1} was reopened")).format(
		_(source.doctype), source.name
	)
	roles = ["Customer Service Supervisor"]
	if source.get("severity") == "Major":
		roles.append("Property Manager")
	for user in dict.fromkeys(user for role in roles for user in role_holders(role)):
		notify(user, source, message)


def make_due_callbacks() -> None:
	"""Daily job: a callback to do for everything of CALLBACK_AFTER in its state lacking one.

	Idempotent: a second run finds nothing lacking."""
	callback = frappe.qb.DocType("Callback Record")
	for doctype, state in CALLBACK_AFTER.items():
		source = frappe.qb.DocType(doctype)
		open_callback = (
			frappe.qb.from_(callback)
			.select(callback.name)
			.where(
				(callback.reference_doctype == doctype)
				& (callback.reference_name == source.name)
				& (callback.status == "To Do")
			)
		)
		due = (source.status == state) & ExistsCriterion(open_callback).negate()
		if doctype not in RATING_MOVES_SOURCE:
			due &= source.callback_record.isnull()  # one callback; it leaves the state unchanged
		lacking = frappe.qb.from_(source).select(source.name).where(due).run(pluck=True)
		for name in lacking:
			ensure_callback(frappe.get_doc(doctype, name))
