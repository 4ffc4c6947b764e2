"""Hourly escalation of overdue requests and complaints, level by level (seed 12.1.5 (4) 3, 7).

A record is overdue when ERPNext's SLA deadline for it has passed: its response (dispatch,
assignment) if that has not happened, otherwise its resolution. Level 1 goes to the customer-
service supervisor, level 2 to the office manager, level 3 to the Management Representative; a
level is added for every `ESCALATION_STEP_HOURS` the record stays overdue. A major complaint
starts at level 2 (the office manager) as soon as it is registered, unless the office manager
handles it already (complaint_routing.reported_when_registered). Escalation never goes down: a
complaint the office manager owns goes next to the Management Representative, so a major fee
complaint reaches the company at once (报请公司). The level is a number on
the record; a complaint also moves to the workflow's Escalated state.

Idempotent: each run computes the level a record should be at and acts only when that is higher
than the level it has, so running the job twice in an hour sends nothing twice.
"""

import frappe
from frappe import _
from frappe.utils import get_datetime, now_datetime, time_diff_in_hours

from property_service.core.notices import notify
from property_service.core.requesters import place
from property_service.core.routing import assign_to_role
from property_service.core.workflows import transition
from property_service.customer_service.complaint_routing import (
	ESCALATION_CHAIN,
	escalation_role,
	reported_when_registered,
)
from property_service.customer_service.records import COMPLAINT, SERVICE_REQUEST
from property_service.vocabulary import ESCALATED

ESCALATION_STEP_HOURS = 24
MAJOR_COMPLAINT_LEVEL = 2


def escalate_overdue(now=None) -> int:
	"""Hourly job; returns how many records went up a level."""
	now = get_datetime(now) if now else now_datetime()
	raised = 0
	for doctype, states in ((r.doctype, r.open) for r in (SERVICE_REQUEST, COMPLAINT)):
		if not frappe.get_meta(doctype).has_field("sla_resolution_by"):
			continue  # no SLA made for it yet: ERPNext adds these fields with the first agreement
		for row in candidates(doctype, states, now):
			level = target_level(row, now)
			if level > (row.escalation_level or 0):
				escalate(frappe.get_doc(doctype, row.name), level)
				raised += 1
	return raised


def candidates(doctype: str, states, now) -> list:
	"""Open records past a deadline, and major complaints not yet escalated (indexed fields)."""
	table = frappe.qb.DocType(doctype)
	overdue = (table.first_responded_on.isnull() & (table.response_by < now)) | (
		table.sla_resolution_by < now
	)
	if doctype == "Complaint":
		overdue = overdue | ((table.severity == "Major") & (table.escalation_level < MAJOR_COMPLAINT_LEVEL))
	fields = [
		table.name,
		table.escalation_level,
		table.response_by,
		table.sla_resolution_by,
		table.first_responded_on,
	]
	if doctype == "Complaint":
		fields += [table.severity, table.complaint_category]
	return (frappe.qb.from_(table).select(*fields).where(table.status.isin(states) & overdue)).run(
		as_dict=True
	)


def target_level(row, now) -> int:
	deadline = row.response_by if not row.first_responded_on else row.sla_resolution_by
	level = 0
	if deadline and get_datetime(deadline) < now:
		level = 1 + int(time_diff_in_hours(now, deadline) // ESCALATION_STEP_HOURS)
	if reported_when_registered(row.get("complaint_category"), row.get("severity")):
		level = max(level, MAJOR_COMPLAINT_LEVEL)
	return min(level, len(ESCALATION_CHAIN))


def escalate(doc, level: int, registered_major: bool = False) -> None:
	"""Raises `doc` to `level`: overdue, or (`registered_major`) a major complaint just made."""
	role = escalation_role(doc.get("responsible_role"), level)
	doc.db_set({"escalation_level": level, "escalated_to": role})
	if registered_major:
		message = _("Major complaint {0} at {1}: reported to level {2} ({3}) when registered").format(
			doc.name, place(doc), level, _(role)
		)
	else:
		message = _("{0} {1} at {2} is overdue: escalated to level {3} ({4})").format(
			_(doc.doctype), doc.name, place(doc), level, _(role)
		)
	if doc.doctype == "Complaint" and doc.status != ESCALATED:
		transition(doc, "Escalate", message)
	holders = assign_to_role(doc, role, message)
	if registered_major:
		return  # the roles are told by Notifications (notifications.py)
	# code, not a Notification: the level is reached by this job's clock (db_set), not by a save
	notify(holders, doc, message)
