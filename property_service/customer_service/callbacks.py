"""Callbacks (回访): every completed request, verified complaint and completed special-service
booking gets a Callback Record to do, assigned to an agent by an Assignment Rule and due within
the configured days. Rating "A" or "B" closes a request or complaint, "C - Dissatisfied" reopens
it; a "C" tells the customer-service supervisors (and on a major complaint the office) through a
Notification. A booking's rating is recorded (billing moves the booking on); a booking gets one
callback.

Nothing closes before its callback (seed 12.1.2 (1): 登记 → 派单 → … → 回访 → 归档; DESIGN.md
"Closed (after callback)"): *Close* needs the latest callback rated, or recorded as unreachable —
each attempt that did not reach the resident is stamped on the callback, and after the number the
office sets (default 3) the callback is Unreachable and the request or complaint closes with that
reason on its trail."""

import frappe
from frappe import _
from frappe.model.workflow import validate_workflow
from frappe.utils import add_days, cint, today
from pypika.terms import ExistsCriterion

from property_service.core.assignments import assign
from property_service.core.lifecycle import entered
from property_service.core.permissions import community_of
from property_service.core.registry import record, with_callbacks
from property_service.core.routing import assignable, community_staff
from property_service.core.workflows import may_take, transition
from property_service.customer_service.complaint_routing import MAJOR_CALLBACK_ROLES
from property_service.customer_service.corrective_actions import make_corrective_action
from property_service.vocabulary import (
	CLOSED,
	CONTENT,
	DISSATISFIED,
	DONE,
	PROPERTY_MANAGER,
	TO_DO,
	UNREACHABLE,
)

DEFAULT_ATTEMPTS = 3


class CallbackPendingError(frappe.ValidationError):
	pass


def attempts_allowed() -> int:
	"""How many attempts that do not reach the resident make a callback Unreachable."""
	setting = frappe.db.get_single_value("Property Service Settings", "callback_attempts")
	return cint(setting) or DEFAULT_ATTEMPTS


def ensure_callback(source) -> str:
	"""The source's open callback, made when missing (idempotent: one per source and round)."""
	existing = frappe.db.get_value(
		"Callback Record",
		{"reference_doctype": source.doctype, "reference_name": source.name, "status": TO_DO},
	)
	if existing:
		return existing
	# its agent is chosen by the Assignment Rule "Callbacks - Agents" (assignment_rules.py), but
	# for a major complaint by the office manager and the supervisor (complaint_routing.py)
	callers = major_complaint_callers(source)
	due_days = frappe.db.get_single_value("Property Service Settings", "callback_due_days") or 0
	callback = frappe.get_doc(
		{
			"doctype": "Callback Record",
			"reference_doctype": source.doctype,
			"reference_name": source.name,
			"unit": source.unit,
			"property_owner": source.property_owner,
			"due_date": add_days(today(), due_days),
			"agent": callers[0] if callers else None,
		}
	).insert(ignore_permissions=True)
	if callers[1:]:
		about = _("Call back about {0} {1}").format(_(source.doctype), source.name)
		assign(callback, callers[1:], about, callback.due_date)
	source.db_set("callback_record", callback.name, update_modified=False)
	return callback.name


def major_complaint_callers(source) -> list[str]:
	"""Who calls back after a major complaint: the office manager and the customer-service
	supervisor of its community (seed 12.1.5 (4) 3 7: 管理处主任和业主服务主管应做好回访工作)."""
	if source.doctype != "Complaint" or source.get("severity") != "Major" or not source.get("community"):
		return []
	return [user for role in MAJOR_CALLBACK_ROLES for user in community_staff(role, source.community)]


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
	elif callback.satisfaction == DISSATISFIED and source.status in (after, CLOSED):
		# a closed one (the resident was unreachable, or a rating was taken back) reopens when the
		# one rating may reopen it; otherwise the C's Notification tells the supervisors, who may
		if source.status == after or may_take(source, "Reopen"):
			transition(source, "Reopen", reason)


def on_callback_unreachable(callback) -> None:
	"""The callback could not reach the resident: what it is about closes, with that reason."""
	after = with_callbacks().get(callback.reference_doctype)
	if not after or not record(callback.reference_doctype).rating_moves:
		return  # a routine callback, or a booking (billing moves it on; it may close now)
	source = frappe.get_doc(callback.reference_doctype, callback.reference_name)
	if source.status == after:
		reason = _("callback {0} did not reach the resident after {1} attempts").format(
			callback.name, len(callback.attempts)
		)
		transition(source, "Close", reason)


def callback_settled(source) -> bool:
	"""The source's latest callback is rated (A or B where the rating moves the source: a C
	reopens it), or unreachable."""
	if not source.get("callback_record"):
		return False
	status, rating = frappe.db.get_value(
		"Callback Record", source.callback_record, ["status", "satisfaction"]
	) or (None, None)
	if status == UNREACHABLE:
		return True
	return status == DONE and (rating in CONTENT or not record(source.doctype).rating_moves)


def check_close(doc, method=None) -> None:
	"""validate of every record with callbacks: it closes only after its callback."""
	if doc.doctype not in with_callbacks() or not entered(doc, CLOSED):
		return
	# a close the workflow does not allow is refused for that first (Frappe checks it after validate)
	validate_workflow(doc)
	if not callback_settled(doc):
		frappe.throw(
			_(
				"{0} {1} closes after its callback: rate callback {2}, or record {3} attempts that did "
				"not reach the resident."
			).format(
				_(doc.doctype),
				doc.name,
				doc.get("callback_record") or _("(not made yet)"),
				attempts_allowed(),
			),
			CallbackPendingError,
			title=_("Callback first"),
		)


def report_major_problem(callback) -> str:
	"""A major problem heard on a callback goes to the office (seed 12.1.2 (1) 9: 回访后遇到的重大问题
	应上报管理处,找出解决方案,做到件件有落实,事事有回音): a corrective action about the callback,
	with the community's office manager responsible and assigned, who finds the solution and whose
	verification closes it. Returns the action."""
	community = community_of(callback.doctype, callback.name)
	managers = community_staff(PROPERTY_MANAGER, community) if community else assignable(PROPERTY_MANAGER)
	action = make_corrective_action(
		callback.doctype,
		callback.name,
		callback.major_problem,
		responsible_user=managers[0] if managers else None,
		ignore_permissions=True,
	)
	callback.db_set("major_problem_action", action, update_modified=False)
	about = _("Major problem heard on callback {0}: {1}").format(callback.name, callback.major_problem)
	assign(frappe.get_doc("Corrective Action", action), managers, about)
	return action


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
