"""The weekly and monthly information summary (信息总结及反馈, seed 12.1.1, 12.1.4: weekly once,
monthly four times a quarter… 客观、真实): a document that fills itself from the period's records —
the service desk's counts and every standard of the KPI table — and takes the writer's situation
report and feedback. Figures are counted again on every save until it is submitted."""

import frappe
from frappe import _
from frappe.utils import add_days, get_first_day, get_last_day, getdate

from property_service.office import kpis
from property_service.vocabulary import CS_SUPERVISOR, DISSATISFIED, OPEN


def bounds(kind: str, day) -> tuple:
	"""A weekly summary runs Monday to Sunday, a monthly one over the calendar month."""
	day = getdate(day)
	if kind == "Monthly":
		return get_first_day(day), get_last_day(day)
	monday = add_days(day, -day.weekday())
	return getdate(monday), getdate(add_days(monday, 6))


def result_word(passed) -> str:
	return "—" if passed is None else (_("Met") if passed else _("Not Met"))


def fill(doc) -> None:
	doc.from_date, doc.to_date = bounds(doc.kind, doc.from_date)
	period = kpis.Period(doc.from_date, doc.to_date, doc.community)
	within = ["between", [period.start, period.end]]
	place = {"community": doc.community} if doc.community else {}
	doc.requests_registered = frappe.db.count("Service Request", {**place, "creation": within})
	doc.requests_completed = frappe.db.count("Service Request", {**place, "completed_on": within})
	doc.complaints_registered = frappe.db.count("Complaint", {**place, "creation": within})
	doc.incidents_recorded = frappe.db.count("Emergency Incident", {**place, "occurred_on": within})
	doc.dissatisfied_callbacks = frappe.db.count(
		"Callback Record", {"satisfaction": DISSATISFIED, "callback_date": within}
	)
	doc.corrective_actions_open = frappe.db.count("Corrective Action", {"status": OPEN})
	doc.set(
		"standards",
		[
			{
				"kpi": row["kpi"],
				"figure": row["figure"],
				"target": row["target"],
				"result": result_word(row["passed"]),
				"basis": row["basis"],
			}
			for row in kpis.compute(doc.from_date, doc.to_date, doc.community)
		],
	)


def draft_summaries(kind: str, day=None) -> str | None:
	"""Weekly (Monday 06:00) and monthly (the 1st) job: a draft summary of the last finished week
	(Monday to Sunday) or month, for all communities, assigned to the customer-service supervisors
	to write; once per period (a draft made by hand for it counts). Returns the draft made."""
	from frappe.utils import add_days, add_months, today

	from property_service.core.assignments import assign
	from property_service.core.notices import site_language
	from property_service.core.routing import assignable

	day = getdate(day or today())
	earlier = add_months(day, -1) if kind == "Monthly" else add_days(day, -7)
	from_date, to_date = bounds(kind, earlier)
	if frappe.db.exists("Information Summary", {"kind": kind, "from_date": from_date, "docstatus": ["<", 2]}):
		return None
	doc = frappe.get_doc({"doctype": "Information Summary", "kind": kind, "from_date": from_date})
	doc.insert(ignore_permissions=True)
	text = _("Write the information summary for {0} to {1}", lang=site_language()).format(from_date, to_date)
	assign(doc, assignable(CS_SUPERVISOR), text, add_days(to_date, 3))
	return doc.name


def draft_weekly() -> str | None:
	return draft_summaries("Weekly")


def draft_monthly() -> str | None:
	return draft_summaries("Monthly")
