"""Staff training (员工培训, seed 12.1.1 weekly training, 12.1.5 (8) emergency training with
written and oral exams whose scores are kept): a session's attendees and their scores against the
pass mark, and each person's history."""

import frappe
from frappe import _
from frappe.utils import add_days, add_months, flt

from property_service.vocabulary import DESK_ROLES, MANAGEMENT_REPRESENTATIVE

EXAM_SCORES = {
	"Written": ("written_score",),
	"Oral": ("oral_score",),
	"Written and Oral": ("written_score", "oral_score"),
}


# whose exam counts: the office's staff (the company's Management Representative is not an office's)
STAFF_ROLES = tuple(role for role in DESK_ROLES if role != MANAGEMENT_REPRESENTATIVE)


class TrainingScoreError(frappe.ValidationError):
	pass


def check_and_count(doc) -> None:
	"""Names each attendee, refuses a person listed twice and scores the session has no exam for
	or outside 0–100, decides pass/fail, counts attended and passed."""
	needed = EXAM_SCORES.get(doc.exam or "", ())
	seen = set()
	for row in doc.attendees:
		key = row.user or row.employee or (row.attendee_name or "").strip()
		if not key:
			frappe.throw(_("Row {0}: choose a staff member or an employee, or write a name.").format(row.idx))
		if key in seen:
			frappe.throw(_("{0} is listed twice.").format(key), TrainingScoreError)
		seen.add(key)
		row.attendee_name = row.attendee_name or attendee_name(row)
		for field in ("written_score", "oral_score"):
			score = row.get(field)
			if score in (None, ""):
				continue
			if field not in needed and flt(score):
				frappe.throw(
					_("Row {0}: this session has no {1}.").format(row.idx, exam_name(field)),
					TrainingScoreError,
				)
			if not 0 <= flt(score) <= 100:
				frappe.throw(_("Row {0}: a score is between 0 and 100.").format(row.idx), TrainingScoreError)
		row.passed = int(
			bool(needed and row.attended and all(passes(row.get(f), doc.pass_mark) for f in needed))
		)
	doc.attended_count = sum(1 for row in doc.attendees if row.attended)
	doc.passed_count = sum(1 for row in doc.attendees if row.passed)


def passes(score, pass_mark) -> bool:
	return score not in (None, "") and flt(score) >= flt(pass_mark)


def exam_name(field: str) -> str:
	return _("written exam") if field == "written_score" else _("oral exam")


def attendee_name(row) -> str | None:
	if row.user:
		return frappe.db.get_value("User", row.user, "full_name")
	if row.employee:
		return frappe.db.get_value("Employee", row.employee, "employee_name")
	return None


def history(user: str, from_date=None, to_date=None) -> list[dict]:
	"""Every session a staff member was listed in, newest first, with their scores."""
	session, attendee = frappe.qb.DocType("Training Session"), frappe.qb.DocType("Training Attendee")
	query = (
		frappe.qb.from_(attendee)
		.join(session)
		.on(attendee.parent == session.name)
		.select(
			session.session_date,
			session.name.as_("training_session"),
			session.title,
			session.training_type,
			session.exam,
			session.pass_mark,
			attendee.attended,
			attendee.written_score,
			attendee.oral_score,
			attendee.passed,
		)
		.where((attendee.parenttype == "Training Session") & (attendee.user == user))
		.orderby(session.session_date, order=frappe.qb.desc)
		.orderby(session.name, order=frappe.qb.desc)
	)
	if from_date:
		query = query.where(session.session_date >= from_date)
	if to_date:
		query = query.where(session.session_date <= to_date)
	return query.run(as_dict=True)


def exam_coverage(day, community: str | None = None) -> dict:
	"""全员通过笔试、口试 (seed 12.2, 重在落实): of the staff (the enabled holders of the office's
	roles; in `community`, those who work there), how many passed the written and oral exam of an
	emergency training in the year up to `day`."""
	from property_service.core.routing import assignable, community_staff

	holders = (lambda role: community_staff(role, community)) if community else assignable
	staff = sorted({user for role in STAFF_ROLES for user in holders(role)})
	session, attendee = frappe.qb.DocType("Training Session"), frappe.qb.DocType("Training Attendee")
	passed = (
		frappe.qb.from_(attendee)
		.join(session)
		.on((attendee.parent == session.name) & (attendee.parenttype == "Training Session"))
		.select(attendee.user)
		.distinct()
		.where(
			(session.training_type == "Emergency Training")
			& (session.exam == "Written and Oral")
			& (session.docstatus < 2)
			& session.session_date[add_days(add_months(day, -12), 1) : day]
			& (attendee.passed == 1)
			& attendee.user.isin(staff or [""])
		)
	).run(pluck=True)
	return {"staff": len(staff), "passed": len(passed), "not_passed": sorted(set(staff) - set(passed))}


# --- the training plan (培训计划) ------------------------------------------------------------------

SAFETY_MEETING = "Safety Meeting"
PLAN_FIELDS = ("training_plan", "plan_item")  # set by holding a planned line, never sent


class TrainingPlanError(frappe.ValidationError):
	pass


def check_plan(doc) -> None:
	"""validate of a session: its plan line is the one it was held from; a safety meeting follows
	the plan (seed 12.1.5 (8): 每次安全会议要根据培训计划一步一步落实)."""
	before = doc.get_doc_before_save()
	if not doc.flags.from_plan:
		for fieldname in PLAN_FIELDS:
			doc.set(fieldname, before.get(fieldname) if before else None)
	if doc.training_type == SAFETY_MEETING and not doc.plan_item:
		frappe.throw(
			_("A safety meeting follows the training plan: hold it from its line in the plan."),
			TrainingPlanError,
		)


def mark_held(doc) -> None:
	"""on_update of a session: its plan line names it and the day it was held."""
	if doc.plan_item:
		frappe.db.set_value(
			"Training Plan Item", doc.plan_item, {"session": doc.name, "held_on": doc.session_date}
		)
		count_held(doc.training_plan)


def unmark_held(doc) -> None:
	"""on_trash of a session: its plan line is to be held again."""
	if doc.plan_item:
		frappe.db.set_value("Training Plan Item", doc.plan_item, {"session": None, "held_on": None})
		count_held(doc.training_plan)


def count_held(plan: str) -> None:
	lines = frappe.get_all("Training Plan Item", {"parent": plan, "parenttype": "Training Plan"}, ["session"])
	frappe.db.set_value(
		"Training Plan",
		plan,
		{"planned_count": len(lines), "held_count": sum(1 for line in lines if line.session)},
		update_modified=False,
	)


def keep_held(plan) -> None:
	"""validate of a plan: which line was held as which session is the sessions' to say."""
	before = plan.get_doc_before_save()
	held = {row.name: row for row in (before.items if before else [])}
	for row in plan.items:
		stored = held.get(row.name)
		row.session, row.held_on = (stored.session, stored.held_on) if stored else (None, None)
	if removed := [
		row for name, row in held.items() if row.session and name not in {r.name for r in plan.items}
	]:
		frappe.throw(
			_("{0} was held as {1}: it stays in the plan.").format(removed[0].topic, removed[0].session),
			TrainingPlanError,
		)
	plan.planned_count = len(plan.items)
	plan.held_count = sum(1 for row in plan.items if row.session)


def hold(plan, line: str) -> str:
	"""A session made from one of the plan's lines (its topic, kind, plan, trainer, date and
	community), for the attendees and results to be recorded on; returns its name."""
	row = next((row for row in plan.items if row.name == line), None)
	if not row:
		frappe.throw(_("That line is not in the plan."), TrainingPlanError)
	if row.session:
		frappe.throw(_("{0} was held already as {1}.").format(row.topic, row.session), TrainingPlanError)
	session = frappe.get_doc(
		{
			"doctype": "Training Session",
			"title": row.topic,
			"training_type": row.training_type,
			"emergency_plan": row.emergency_plan,
			"trainer": row.trainer,
			"community": plan.community,
			"session_date": row.planned_date,
			"training_plan": plan.name,
			"plan_item": row.name,
		}
	)
	session.flags.from_plan = True
	return session.insert().name
