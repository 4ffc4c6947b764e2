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
