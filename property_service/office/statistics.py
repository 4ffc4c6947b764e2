"""The service desk's weekly and monthly statistics (seed 12.1.1: 每周、每月统计及报告) and the
complaint analysis, counted in the database for a period and community.

Registration statistics group a period's requests (or complaints) by one dimension — week,
month, type, channel, category, unit, building, technician or handler — with, for each group:
registered, done (completed / handled), done on time (by the SLA resolution time), still open,
and the share of the period's registrations.

Complaint analysis groups a period's complaints by category and responsible role: complaints,
repeats (another complaint of the same category on the same unit in the 90 days before), handled
with a result recorded, and dissatisfied callbacks (C) on them.
"""

import frappe
from frappe import _
from frappe.query_builder.functions import Count, DateFormat, IfNull
from frappe.utils import flt
from pypika.terms import ExistsCriterion, Interval

from property_service.core.registry import open_states
from property_service.customer_service.records import COMPLAINT, SERVICE_REQUEST
from property_service.office.kpis import counting
from property_service.vocabulary import DISSATISFIED, DONE, DRAFT, FAIRLY_SATISFIED, SATISFIED

REPEAT_DAYS = 90
WORK_DONE = {
	"Service Request": ("completed_on", SERVICE_REQUEST.done),
	"Complaint": ("resolved_on", COMPLAINT.done),
}


def dimensions() -> dict:
	"""group-by key -> (label, (doctype -> column or None when it does not apply))"""
	return {
		"week": (_("Week"), {"Service Request": "week", "Complaint": "week"}),
		"month": (_("Month"), {"Service Request": "month", "Complaint": "month"}),
		"request_type": (_("Request Type"), {"Service Request": "request_type"}),
		"complaint_category": (_("Complaint Category"), {"Complaint": "complaint_category"}),
		"channel": (_("Channel"), {"Service Request": "channel", "Complaint": "channel"}),
		"unit": (_("Property Unit"), {"Service Request": "unit", "Complaint": "unit"}),
		"building": (_("Building"), {"Service Request": "building", "Complaint": "building"}),
		"technician": (_("Technician"), {"Service Request": "technician"}),
		"handler": (_("Handler"), {"Complaint": "handler"}),
	}


def group_column(table, column: str):
	if column == "week":
		return DateFormat(table.creation, "%x-W%v")  # ISO year and week
	if column == "month":
		return DateFormat(table.creation, "%Y-%m")
	return table[column]


def registrations(doctype: str, group_by: str, period) -> list[dict]:
	label, columns = dimensions()[group_by]
	if doctype not in columns:
		frappe.throw(_("{0} cannot be grouped by {1}.").format(_(doctype), label))
	table = frappe.qb.DocType(doctype)
	done_field, done_states = WORK_DONE[doctype]
	group = group_column(table, columns[doctype]).as_("group_value")
	done = table.status.isin(done_states)
	on_time = done & table.sla_resolution_by.isnotnull() & (table[done_field] <= table.sla_resolution_by)
	rows = (
		frappe.qb.from_(table)
		.select(
			group,
			Count("*").as_("registered"),
			counting(done).as_("done"),
			counting(on_time).as_("done_on_time"),
			counting(table.status.isin(open_states(doctype))).as_("still_open"),
		)
		.where(table.creation[period.start : period.end] & period.where(table))
		.groupby(group)
		.orderby(group)
	).run(as_dict=True)
	total = sum(row.registered for row in rows)
	for row in rows:
		row.done, row.done_on_time, row.still_open = (
			int(row.done or 0),
			int(row.done_on_time or 0),
			int(row.still_open or 0),
		)
		row.share = flt(row.registered * 100 / total, 2) if total else 0
	return rows


def complaint_analysis(period) -> list[dict]:
	complaint, earlier = frappe.qb.DocType("Complaint"), frappe.qb.DocType("Complaint").as_("earlier")
	callback = frappe.qb.DocType("Callback Record")
	repeat = ExistsCriterion(
		frappe.qb.from_(earlier)
		.select(earlier.name)
		.where(
			(earlier.unit == complaint.unit)
			& (earlier.complaint_category == complaint.complaint_category)
			& (earlier.creation < complaint.creation)
			& (earlier.creation >= complaint.creation - Interval(days=REPEAT_DAYS))
		)
	)
	dissatisfied = ExistsCriterion(
		frappe.qb.from_(callback)
		.select(callback.name)
		.where(
			(callback.reference_doctype == "Complaint")
			& (callback.reference_name == complaint.name)
			& (callback.satisfaction == DISSATISFIED)
		)
	)
	with_result = complaint.status.isin(WORK_DONE["Complaint"][1]) & (IfNull(complaint.resolution, "") != "")
	complaints = Count("*").as_("complaints")
	rows = (
		frappe.qb.from_(complaint)
		.select(
			complaint.complaint_category,
			complaint.responsible_role,
			complaints,
			counting(repeat).as_("repeats"),
			counting(with_result).as_("handled_with_result"),
			counting(dissatisfied).as_("dissatisfied"),
		)
		.where(complaint.creation[period.start : period.end] & period.where(complaint))
		.groupby(complaint.complaint_category, complaint.responsible_role)
		.orderby(complaints, order=frappe.qb.desc)
		.orderby(complaint.complaint_category)
		.orderby(complaint.responsible_role)
	).run(as_dict=True)
	for row in rows:
		for field in ("repeats", "handled_with_result", "dissatisfied"):
			row[field] = int(row[field] or 0)
	return rows


def rated_by_month(period) -> dict:
	callback, unit = frappe.qb.DocType("Callback Record"), frappe.qb.DocType("Property Unit")
	month = DateFormat(callback.callback_date, "%Y-%m")
	query = (
		frappe.qb.from_(callback)
		.select(
			month.as_("month"),
			counting(callback.satisfaction == SATISFIED).as_("a"),
			counting(callback.satisfaction == FAIRLY_SATISFIED).as_("b"),
			counting(callback.satisfaction == DISSATISFIED).as_("c"),
		)
		.where((callback.status == DONE) & callback.callback_date[period.start : period.end])
		.groupby(month)
	)
	if period.community:
		query = query.where(
			callback.unit.isin(
				frappe.qb.from_(unit).select(unit.name).where(unit.community == period.community)
			)
		)
	return {row.month: row for row in query.run(as_dict=True)}


def satisfaction_trend(period) -> list[dict]:
	"""Per month: callbacks rated A, B and C with the satisfied share ((A + B) ÷ rated), and the
	answers and satisfied answers of the opinion surveys ending that month."""
	callbacks = rated_by_month(period)
	surveys = frappe.get_all(
		"Opinion Survey",
		filters=period.filters(
			end_date=["between", [period.from_date, period.to_date]], status=["!=", DRAFT]
		),
		fields=["end_date", "answers", "satisfied"],
	)
	rows = []
	for month in period.months():
		rated = callbacks.get(month) or frappe._dict(a=0, b=0, c=0)
		a, b, c = int(rated.a or 0), int(rated.b or 0), int(rated.c or 0)
		answers = sum(s.answers or 0 for s in surveys if str(s.end_date).startswith(month))
		satisfied = sum(s.satisfied or 0 for s in surveys if str(s.end_date).startswith(month))
		rows.append(
			frappe._dict(
				month=month,
				a=a,
				b=b,
				c=c,
				callback_rate=flt((a + b) * 100 / (a + b + c), 2) if a + b + c else None,
				survey_answers=answers,
				survey_satisfied=satisfied,
				survey_rate=flt(satisfied * 100 / answers, 2) if answers else None,
			)
		)
	return rows


# revenue by kind of invoice: income on the GL (root type Income: a renovation deposit, booked to
# a liability, is no revenue), net of credit notes; arrears: what the payment ledger still has open
def invoice_kind(invoice) -> dict:
	"""The conditions of the three kinds of invoice: fees (a fee period), special services (a
	booking), other (neither; a renovation deposit is billed so, to a liability)."""
	fees = IfNull(invoice.fee_period, "") != ""
	services = (IfNull(invoice.fee_period, "") == "") & (IfNull(invoice.special_service, "") != "")
	other = (IfNull(invoice.fee_period, "") == "") & (IfNull(invoice.special_service, "") == "")
	return {"fees": fees, "services": services, "other": other}


def revenue_by_month(period) -> dict:
	gle, account = frappe.qb.DocType("GL Entry"), frappe.qb.DocType("Account")
	invoice, unit = frappe.qb.DocType("Sales Invoice"), frappe.qb.DocType("Property Unit")
	month = DateFormat(gle.posting_date, "%Y-%m")
	income = gle.credit - gle.debit
	query = (
		frappe.qb.from_(gle)
		.join(account)
		.on((account.name == gle.account) & (account.root_type == "Income"))
		.join(invoice)
		.on(invoice.name == gle.voucher_no)
		.join(unit)
		.on(unit.name == invoice.property_unit)
		.select(
			month.as_("month"),
			*(counting(kind, income).as_(name) for name, kind in invoice_kind(invoice).items()),
		)
		.where(
			(gle.voucher_type == "Sales Invoice")
			& (gle.is_cancelled == 0)
			& gle.posting_date[period.from_date : period.to_date]
			& period.where(unit)
		)
		.groupby(month)
	)
	return {row.month: row for row in query.run(as_dict=True)}


def units_ledger(community: str | None):
	"""(query, ledger, invoice, unit): the payment ledger's live rows against the Sales Invoices
	of the units (of `community`), joined to both, to select from."""
	ple, invoice, unit = (
		frappe.qb.DocType("Payment Ledger Entry"),
		frappe.qb.DocType("Sales Invoice"),
		frappe.qb.DocType("Property Unit"),
	)
	query = (
		frappe.qb.from_(ple)
		.join(invoice)
		.on(invoice.name == ple.against_voucher_no)
		.join(unit)
		.on(unit.name == invoice.property_unit)
		.where((ple.against_voucher_type == "Sales Invoice") & (ple.delinked == 0))
	)
	if community:
		query = query.where(unit.community == community)
	return query, ple, invoice, unit


def arrears_at(day, community: str | None) -> frappe._dict:
	query, ple, invoice, _unit = units_ledger(community)
	kinds = invoice_kind(invoice)
	query = query.select(
		counting(kinds["fees"], ple.amount).as_("fees"),
		counting(kinds["services"], ple.amount).as_("services"),
	).where(ple.posting_date <= day)
	return query.run(as_dict=True)[0]


def revenue_and_arrears(period) -> list[dict]:
	"""Per month of the period: fee, special-service and other revenue from the general ledger,
	and the fee and special-service arrears open at the month's end (or the period's end)."""
	from frappe.utils import get_last_day

	revenue = revenue_by_month(period)
	rows = []
	for month in period.months():
		day = min(get_last_day(f"{month}-01"), period.to_date)
		arrears = arrears_at(day, period.community)
		income = revenue.get(month) or frappe._dict(fees=0, services=0, other=0)
		rows.append(
			frappe._dict(
				month=month,
				fees=flt(income.fees, 2),
				services=flt(income.services, 2),
				other=flt(income.other, 2),
				revenue=flt(flt(income.fees) + flt(income.services) + flt(income.other), 2),
				fee_arrears=flt(arrears.fees, 2),
				service_arrears=flt(arrears.services, 2),
			)
		)
	return rows
