"""The 12.1.1 statistics on a known set in March 2032: registrations grouped by week, type and
technician with done, on time and open; the complaint analysis with repeat complaints (same unit
and category within 90 days), results and dissatisfied callbacks; community limits."""

import frappe
import pytest

from property_service.office import statistics
from property_service.office.kpis import Period
from tests.factories import make_building, make_community, make_owner, make_unit
from tests.test_kpis import request, stamp
from tests.utils import as_user, make_user

MARCH = Period("2032-03-01", "2032-03-31")


@pytest.fixture
def place():
	community = make_community()
	unit = make_unit(make_building(community))
	make_owner(units=[unit])
	return frappe._dict(community=community, unit=unit, period=Period("2032-03-01", "2032-03-31", community))


def test_registrations_by_week_type_and_technician(place):
	technician = make_user(roles=("Maintenance Technician",))
	due = "2032-03-03 12:00:00"
	request(
		place.unit,
		"2032-03-01 09:00:00",
		request_type="Repair",
		technician=technician,
		status="Completed",
		completed_on="2032-03-02 09:00:00",
		sla_resolution_by=due,
	)
	request(
		place.unit,
		"2032-03-02 09:00:00",
		request_type="Repair",
		technician=technician,
		status="Closed",
		completed_on="2032-03-04 09:00:00",
		sla_resolution_by=due,
	)
	request(place.unit, "2032-03-09 09:00:00", request_type="Inquiry", status="Logged")
	by_type = {
		row.group_value: row
		for row in statistics.registrations("Service Request", "request_type", place.period)
	}
	repair = by_type["Repair"]
	assert (repair.registered, repair.done, repair.done_on_time, repair.still_open) == (2, 2, 1, 0)
	assert (by_type["Inquiry"].still_open, by_type["Inquiry"].share) == (1, 33.33)
	weeks = statistics.registrations("Service Request", "week", place.period)
	assert [(row.group_value, row.registered) for row in weeks] == [("2032-W10", 2), ("2032-W11", 1)]
	by_technician = {
		row.group_value: row.registered
		for row in statistics.registrations("Service Request", "technician", place.period)
	}
	assert by_technician == {technician: 2, None: 1}
	with pytest.raises(frappe.ValidationError):
		statistics.registrations("Service Request", "complaint_category", place.period)


def complaint(unit: str, created: str, category: str = "Cleaning and Greening", **values) -> str:
	doc = frappe.get_doc(
		{"doctype": "Complaint", "unit": unit, "description": "楼道卫生差", "complaint_category": category}
	).insert()
	stamp("Complaint", doc.name, creation=created, **values)
	return doc.name


def test_complaint_analysis_counts_repeats_results_and_dissatisfaction(place):
	complaint(place.unit, "2031-12-20 10:00:00")  # 82 days before the first March one: makes it a repeat
	first = complaint(place.unit, "2032-03-12 10:00:00", status="Closed", resolution="已安排保洁")
	complaint(place.unit, "2032-03-20 10:00:00")  # a repeat of the first
	complaint(place.unit, "2032-03-21 10:00:00", category="Fees")  # another category: not a repeat
	callback = frappe.get_doc(
		{"doctype": "Callback Record", "reference_doctype": "Complaint", "reference_name": first}
	).insert(ignore_permissions=True)
	stamp("Callback Record", callback.name, satisfaction="C - Dissatisfied")  # rated, without reopening
	rows = {row.complaint_category: row for row in statistics.complaint_analysis(place.period)}
	cleaning = rows["Cleaning and Greening"]
	assert (cleaning.complaints, cleaning.repeats, cleaning.handled_with_result, cleaning.dissatisfied) == (
		2,
		2,
		1,
		1,
	)
	assert (rows["Fees"].complaints, rows["Fees"].repeats) == (1, 0)
	assert cleaning.responsible_role  # the routing matrix's role


def test_the_statistics_reports_keep_an_agent_to_their_community(place):
	from frappe.desk.query_report import run

	request(place.unit, "2032-03-01 09:00:00")
	agent = make_user(roles=("Customer Service Agent",))
	frappe.get_doc(
		{"doctype": "User Permission", "user": agent, "allow": "Community", "for_value": place.community}
	).insert(ignore_permissions=True)
	other = make_community()
	filters = {"from_date": "2032-03-01", "to_date": "2032-03-31", "group_by": "month"}
	with as_user(agent):
		result = run("Service Statistics", filters=filters)
		assert [(row["group_value"], row["registered"]) for row in result["result"]] == [("2032-03", 1)]
		for report in ("Service Statistics", "Complaint Analysis"):
			with pytest.raises(frappe.PermissionError):
				run(report, filters={**filters, "community": other})
	with as_user(make_user(roles=("Maintenance Technician",))), pytest.raises(frappe.PermissionError):
		run("Service Statistics", filters=filters)


def test_the_satisfaction_trend_by_month(place):
	for rating, day in (
		("A - Satisfied", "03-02"),
		("B - Fairly Satisfied", "03-05"),
		("C - Dissatisfied", "03-09"),
		("A - Satisfied", "04-01"),
	):
		name = request(place.unit, f"2032-{day} 08:00:00")
		callback = frappe.get_doc(
			{"doctype": "Callback Record", "reference_doctype": "Service Request", "reference_name": name}
		).insert(ignore_permissions=True)
		stamp(
			"Callback Record",
			callback.name,
			status="Done",
			satisfaction=rating,
			callback_date=f"2032-{day} 10:00:00",
		)
	survey = frappe.get_doc(
		{
			"doctype": "Opinion Survey",
			"title": "调查",
			"community": place.community,
			"start_date": "2032-03-01",
			"end_date": "2032-03-25",
		}
	).insert()
	stamp("Opinion Survey", survey.name, status="Closed", answers=10, satisfied=8)
	rows = statistics.satisfaction_trend(Period("2032-02-01", "2032-04-30", place.community))
	assert [row.month for row in rows] == ["2032-02", "2032-03", "2032-04"]
	february, march, april = rows
	assert (february.callback_rate, february.survey_rate) == (None, None)
	assert (march.a, march.b, march.c, march.callback_rate) == (1, 1, 1, 66.67)
	assert (march.survey_answers, march.survey_rate) == (10, 80.0)
	assert (april.a, april.callback_rate) == (1, 100.0)


def test_revenue_and_arrears_from_the_ledgers(place):
	from erpnext.accounts.doctype.payment_entry.payment_entry import get_payment_entry
	from frappe.utils import get_first_day, get_last_day, today

	from property_service.billing.invoices import make_invoice
	from tests.utils import unique

	owner = frappe.get_all("Property Owner Unit", {"unit": place.unit}, pluck="parent")[0]
	customer = frappe.db.get_value("Property Owner", owner, "customer")
	company = frappe.db.get_value("Community", place.community, "company")
	fee = make_invoice(
		unique("FEE"),
		customer=customer,
		company=company,
		items=[{"item_code": "物业管理费", "qty": 1, "rate": 100}],
		property_unit=place.unit,
		fee_period=today()[:7],
	)
	make_invoice(
		unique("SVC"),
		customer=customer,
		company=company,
		items=[{"item_code": "清洁抽油烟机", "qty": 1, "rate": 120}],
		property_unit=place.unit,
	)
	payment = get_payment_entry("Sales Invoice", fee.name, party_amount=40)
	payment.paid_amount = payment.received_amount = 40
	payment.references[0].allocated_amount = 40
	payment.reference_no, payment.reference_date = "WX-40", today()
	payment.insert().submit()
	period = Period(get_first_day(today()), get_last_day(today()), place.community)
	[row] = statistics.revenue_and_arrears(period)
	assert (row.fees, row.services, row.other, row.revenue) == (100, 0, 120, 220)
	assert (row.fee_arrears, row.service_arrears) == (60, 0)
	assert (
		statistics.revenue_and_arrears(
			Period(get_first_day(today()), get_last_day(today()), make_community())
		)[0].revenue
		== 0
	)
