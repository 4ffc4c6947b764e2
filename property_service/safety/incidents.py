"""Emergency incidents (突发事件, seed 12.1.4: 突发事件处理 100 %): a real event recorded against a
plan (or none), told at once to the security supervisors and the office manager — a major one to
the Management Representative too — handled, its result recorded, closed.

In-app (and e-mail where set) by the Notification records of `notifications.specs` (installed
once, editable); by SMS through Frappe's SMS Settings where a gateway is set, to the holders of
those roles who work in the incident's community.

Handling rate = incidents handled (Handled or Closed) ÷ incidents recorded, by `occurred_on`;
target 100 %, decided on the counts. In time (及时) = handled within Property Service Settings →
Incident Handled Within (hours) of occurring (`handling_hours`, stamped when marked handled).
无重大安全责任事故 (seed 12.2): no major incident marked a safety liability accident. An incident
raises a corrective or preventive action (纠正/预防措施) like a complaint or a drill.
"""

import frappe
from frappe import _
from frappe.utils import cint, format_datetime, now_datetime, time_diff_in_hours

from property_service.core.compat import aggregate
from property_service.core.lifecycle import save_as_system
from property_service.core.notices import site_language, sms_configured, text
from property_service.core.routing import community_staff
from property_service.customer_service.corrective_actions import make_corrective_action
from property_service.vocabulary import (
	CLOSED,
	HANDLED,
	MANAGEMENT_REPRESENTATIVE,
	OPEN,
	PROPERTY_MANAGER,
	SECURITY_SUPERVISOR,
)

TOLD = (SECURITY_SUPERVISOR, PROPERTY_MANAGER)
MAJOR_TOLD = (MANAGEMENT_REPRESENTATIVE,)


class IncidentStateError(frappe.ValidationError):
	pass


def told_roles(doc) -> tuple[str, ...]:
	return TOLD + MAJOR_TOLD if doc.severity == "Major" else TOLD


def sms_office(doc) -> list[str]:
	"""Texts the people told about a new incident; returns the numbers texted (none without a
	gateway)."""
	if not sms_configured():
		return []
	users = {user for role in told_roles(doc) for user in community_staff(role, doc.community)}
	numbers = sorted(
		set(
			frappe.get_all(
				"User", {"name": ["in", list(users) or [""]], "mobile_no": ["is", "set"]}, pluck="mobile_no"
			)
		)
	)
	if not numbers:
		return []
	lang = site_language()
	message = _("Emergency incident {0} ({1}) at {2}: {3}", lang=lang).format(
		doc.name,
		_(doc.severity, lang=lang),
		doc.location or doc.unit or doc.community,
		doc.description,
	)
	text(numbers, f"{message} {format_datetime(doc.occurred_on, 'yyyy-MM-dd HH:mm')}")
	return numbers


def mark_handled(doc) -> None:
	if doc.status != OPEN:
		frappe.throw(_("Only an open incident can be marked handled."), IncidentStateError)
	if not (doc.handling or "").strip():
		frappe.throw(_("Write what was done before marking the incident handled."), IncidentStateError)
	handled_on = now_datetime()
	hours = time_diff_in_hours(handled_on, doc.occurred_on) if doc.occurred_on else None
	move(doc, HANDLED, handled_by=frappe.session.user, handled_on=handled_on, handling_hours=hours)


def raise_action(doc, action_type: str) -> str:
	"""The incident's corrective or preventive action, made once; returns it."""
	if doc.corrective_action:
		return doc.corrective_action
	action = make_corrective_action(
		doc.doctype,
		doc.name,
		doc.description,
		action_type=action_type,
		responsible_user=frappe.session.user,
		ignore_permissions=True,
	)
	doc.db_set("corrective_action", action, update_modified=False)
	return action


def close(doc) -> None:
	if doc.status != HANDLED:
		frappe.throw(_("Only a handled incident can be closed."), IncidentStateError)
	if not (doc.result or "").strip():
		frappe.throw(_("Record the result before closing the incident."), IncidentStateError)
	move(doc, CLOSED, closed_on=now_datetime())


def move(doc, state: str, **values) -> None:
	doc.update({"status": state, **values})
	save_as_system(doc)


def handling_rate(from_date, to_date, community: str | None = None) -> dict:
	"""Incidents that occurred in the period (dates inclusive): recorded, handled, rate, passed."""
	filters = {"occurred_on": ["between", [f"{from_date} 00:00:00", f"{to_date} 23:59:59.999999"]]}
	if community:
		filters["community"] = community
	counts = dict(
		frappe.get_all(
			"Emergency Incident",
			filters=filters,
			fields=["status", aggregate("count", "*", "n")],
			group_by="status",
			as_list=True,
		)
	)
	recorded = sum(counts.values())
	handled = counts.get(HANDLED, 0) + counts.get(CLOSED, 0)
	hours = cint(frappe.db.get_single_value("Property Service Settings", "incident_handling_hours")) or 4
	in_time = frappe.db.count(
		"Emergency Incident", {**filters, "handled_on": ["is", "set"], "handling_hours": ["<=", hours]}
	)
	accidents = frappe.db.count(
		"Emergency Incident", {**filters, "severity": "Major", "liability_accident": 1}
	)
	return {
		"recorded": recorded,
		"handled": handled,
		"in_time": in_time,
		"hours": hours,
		"major_accidents": accidents,
		"rate": round(handled * 100 / recorded, 2) if recorded else None,
		"passed": handled == recorded,
	}
