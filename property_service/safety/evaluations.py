"""The monthly staff evaluation (工作评估及考核, seed 12.1.1, 12.1.4): for each staff member, the
month's training attended and exam results beside their work figures, and the office manager's
rating and remarks.

A draft per staff member is made for last month (daily_long and monthly_long: on the 1st, or the
first day the scheduler runs; once per month: when the month has evaluations, nothing is made
again, so a draft the manager deletes stays deleted). Figures are counted again on every save
until the evaluation is submitted.
"""

import frappe
from frappe import _
from frappe.utils import get_last_day, getdate

from property_service.core.notices import notify, site_language
from property_service.core.periods import previous_period
from property_service.core.routing import assignable
from property_service.vocabulary import (
	AGENT,
	ARCHIVE_CLERK,
	CS_SUPERVISOR,
	DONE,
	PROPERTY_MANAGER,
	QUALITY_SUPERVISOR,
	SECURITY_SUPERVISOR,
	TECHNICIAN,
)

# who is evaluated: the office's staff (the manager and the management representative evaluate)
STAFF_ROLES = (AGENT, CS_SUPERVISOR, TECHNICIAN, SECURITY_SUPERVISOR, QUALITY_SUPERVISOR, ARCHIVE_CLERK)


def bounds(period: str) -> tuple[str, str]:
	first = getdate(f"{period}-01")
	return str(first), str(get_last_day(first))


def figures(staff: str, period: str) -> dict:
	"""The month's figures of one person (dates inclusive, by the day the work was done)."""
	first, last = bounds(period)
	end = f"{last} 23:59:59.999999"
	attendee, session = frappe.qb.DocType("Training Attendee"), frappe.qb.DocType("Training Session")
	rows = (
		frappe.qb.from_(attendee)
		.join(session)
		.on(attendee.parent == session.name)
		.select(attendee.attended, attendee.passed, session.exam)
		.where(
			(attendee.parenttype == "Training Session")
			& (attendee.user == staff)
			& (session.session_date[first:last])
		)
	).run(as_dict=True)
	return {
		"trainings_attended": sum(1 for r in rows if r.attended),
		"trainings_missed": sum(1 for r in rows if not r.attended),
		"exams_taken": sum(1 for r in rows if r.attended and r.exam),
		"exams_passed": sum(1 for r in rows if r.attended and r.exam and r.passed),
		"requests_completed": frappe.db.count(
			"Service Request", {"technician": staff, "completed_on": ["between", [first, end]]}
		),
		"callbacks_done": frappe.db.count(
			"Callback Record", {"agent": staff, "status": DONE, "callback_date": ["between", [first, end]]}
		),
		"owner_visits": frappe.db.count(
			"Owner Visit", {"visitor": staff, "visit_date": ["between", [first, last]]}
		),
		"inspections_done": frappe.db.count(
			"Vacant Unit Inspection", {"inspector": staff, "status": DONE, "period": period}
		),
	}


def staff_members() -> list[str]:
	return sorted({user for role in STAFF_ROLES for user in assignable(role)})


def make_evaluations(period: str | None = None) -> list[str]:
	"""Drafts last month's evaluations (or `period`'s) once; the office managers are told."""
	period = period or previous_period()
	if frappe.db.exists("Staff Evaluation", {"period": period}):
		return []
	made = [
		frappe.get_doc({"doctype": "Staff Evaluation", "staff": user, "period": period})
		.insert(ignore_permissions=True)
		.name
		for user in staff_members()
	]
	if made:
		first = frappe.get_doc("Staff Evaluation", made[0])
		message = _("{0} staff evaluations for {1} are ready for your rating", lang=site_language()).format(
			len(made), period
		)
		# one notice for the month's batch (a Notification would tell each draft's insert)
		notify(assignable(PROPERTY_MANAGER), first, message)
	return made
