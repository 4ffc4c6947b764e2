"""Emergency drills (应急演练, seed 12.1.5 (8)): planned from a plan, whose steps are copied; the
residents told beforehand by a portal notice; a timed log kept live (each step's actual minutes
beside the planned ones); the evaluation the seed asks for (情况报告, 过程分析, 可行性分析, 改进方案),
whose improvements become Corrective Actions.

Planned → Start → In Progress → Finish → Done; a planned or running drill can be cancelled.
"""

import math

import frappe
from frappe import _
from frappe.utils import format_datetime, get_datetime, getdate, now_datetime, today

from property_service.core.lifecycle import save_as_system
from property_service.core.notices import site_language
from property_service.customer_service.corrective_actions import raise_actions
from property_service.customer_service.notice_board import post_notice, withdraw_notice
from property_service.vocabulary import CANCELLED, DONE, IN_PROGRESS, PLANNED


class DrillStateError(frappe.ValidationError):
	pass


def plan_steps(plan: str) -> list[dict]:
	"""The plan's steps as drill steps, in the plan's order."""
	return frappe.get_all(
		"Emergency Plan Step",
		filters={"parent": plan, "parenttype": "Emergency Plan"},
		fields=["step", "responsible_role", "planned_minutes"],
		order_by="idx",
	)


def add_shop_teams(doc) -> int:
	"""Adds the community's shop staff on the joint security or volunteer fire teams (seed 12.1.5
	(7)) who are not taking part yet; saves; returns how many were added."""
	unit, staff = frappe.qb.DocType("Property Unit"), frappe.qb.DocType("Shop Staff")
	team = (
		frappe.qb.from_(staff)
		.join(unit)
		.on(staff.parent == unit.name)
		.select(unit.name.as_("unit"), unit.business_name, staff.staff_name)
		.where(
			(staff.parenttype == "Property Unit")
			& (unit.community == doc.community)
			& ((staff.joint_security_team == 1) | (staff.volunteer_fire_team == 1))
		)
		.orderby(unit.name)
		.orderby(staff.idx)
	).run(as_dict=True)
	present = {
		(row.unit, row.participant_name) for row in doc.participants if row.participant_type == "Shop Team"
	}
	added = 0
	for member in team:
		if (member.unit, member.staff_name) in present:
			continue
		doc.append(
			"participants",
			{
				"participant_type": "Shop Team",
				"unit": member.unit,
				"participant_name": member.staff_name,
				"drill_role": member.business_name,
			},
		)
		added += 1
	if added:
		doc.save()
	return added


def totals(doc) -> None:
	"""Planned and actual minutes, and how many steps took longer than planned."""
	doc.planned_total = sum(row.planned_minutes or 0 for row in doc.steps)
	doc.actual_total = sum(row.actual_minutes or 0 for row in doc.steps)
	doc.steps_over_plan = sum(
		1 for row in doc.steps if row.actual_minutes and row.actual_minutes > (row.planned_minutes or 0)
	)


def move(doc, state: str, **values) -> None:
	"""The drill's own action moves it (a form or REST save keeps the status and times)."""
	doc.update({"status": state, **values})
	save_as_system(doc)


def start(doc) -> None:
	if doc.status != PLANNED:
		frappe.throw(_("Only a planned drill can start."), DrillStateError)
	move(doc, IN_PROGRESS, started_on=now_datetime())


def complete_step(doc) -> str:
	"""Marks the next step done now; its actual minutes are the minutes since the step before it
	(or the start), at least one. Returns the step."""
	if doc.status != IN_PROGRESS:
		frappe.throw(_("Start the drill before recording its steps."), DrillStateError)
	pending = [row for row in doc.steps if not row.done_at]
	if not pending:
		frappe.throw(_("Every step of this drill is done."), DrillStateError)
	row, now = pending[0], now_datetime()
	previous = max((get_datetime(r.done_at) for r in doc.steps if r.done_at), default=None)
	since = previous or get_datetime(doc.started_on)
	row.done_at = now
	if not row.actual_minutes:
		row.actual_minutes = max(1, math.ceil((now - since).total_seconds() / 60))
	save_as_system(doc)
	return row.step


def finish(doc) -> None:
	if doc.status != IN_PROGRESS:
		frappe.throw(_("Only a drill in progress can finish."), DrillStateError)
	missing = [row.step for row in doc.steps if not row.actual_minutes]
	if missing:
		frappe.throw(
			_("Record the actual minutes of every step first: {0}").format(", ".join(missing)),
			DrillStateError,
		)
	move(doc, DONE, ended_on=now_datetime())


def cancel(doc) -> None:
	if doc.status not in (PLANNED, IN_PROGRESS):
		frappe.throw(_("Only a planned or running drill can be cancelled."), DrillStateError)
	move(doc, CANCELLED)
	withdraw_notice(doc.notice)


def tell_residents(doc) -> None:
	"""A portal notice for the community from now until the drill (seed 12.1.5 (8) publicity),
	brought up to date when the drill moves; withdrawn when the office no longer wants it. A
	drill entered after the day is announced to nobody."""
	if doc.status != PLANNED:
		return
	if not doc.tell_residents or get_datetime(doc.drill_date).date() < getdate(today()):
		withdraw_notice(doc.notice)  # unticked, or a drill recorded afterwards: nothing to announce
		return
	lang = site_language()
	when = format_datetime(doc.drill_date, "yyyy-MM-dd HH:mm")
	when_where = _("{0} at {1}", lang=lang).format(when, doc.location) if doc.location else when
	body = "<p>{}</p>".format(
		frappe.utils.escape_html(
			_(
				"An emergency drill ({0}) takes place on {1}. Please do not be alarmed; follow the staff's directions.",
				lang=lang,
			).format(doc.emergency_plan, when_where)
		)
	)
	title = _("Emergency drill on {0}: {1}", lang=lang).format(when, doc.emergency_plan)
	notice = post_notice(doc.community, title, body, get_datetime(doc.drill_date).date(), doc.notice)
	if notice != doc.notice:
		doc.db_set("notice", notice, update_modified=False)


def raise_improvements(doc) -> list[str]:
	if doc.status != DONE:
		frappe.throw(_("Raise the improvements once the drill is done."), DrillStateError)
	return raise_actions(doc, doc.improvements, lambda row: row.improvement)


def report(doc) -> dict:
	"""What the drill report shows besides the record: who took part, the plan's duties."""
	return {
		"taking_part": [row for row in doc.participants if row.attended],
		"duties": frappe.get_all(
			"Emergency Plan Duty",
			filters={"parent": doc.emergency_plan, "parenttype": "Emergency Plan"},
			fields=["duty", "responsible_role", "what_to_do"],
			order_by="idx",
		),
	}
