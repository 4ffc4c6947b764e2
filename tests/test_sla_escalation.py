"""ERPNext's SLA on requests and complaints, and the hourly escalation up the chain."""

import frappe
import pytest
from frappe.model.workflow import apply_workflow
from frappe.utils import add_to_date, get_datetime

from property_service.customer_service.escalation import escalate_overdue
from property_service.customer_service.sla import ensure_default_slas, sla_name
from tests.factories import make_owner, make_unit
from tests.utils import as_user, make_user


@pytest.fixture
def people():
	return frappe._dict(
		agent=make_user(roles=("Customer Service Agent",)),
		supervisor=make_user(roles=("Customer Service Supervisor",)),
		manager=make_user(roles=("Property Manager",)),
		representative=make_user(roles=("Management Representative",)),
		technician=make_user(roles=("Maintenance Technician",)),
	)


@pytest.fixture
def unit():
	unit = make_unit()
	make_owner(units=[unit])
	return unit


def test_default_agreements_exist_once_and_apply(people, unit):
	ensure_default_slas()
	ensure_default_slas()
	assert frappe.db.count("Service Level Agreement", {"document_type": "Service Request"}) == 1
	request = frappe.get_doc({"doctype": "Service Request", "unit": unit, "description": "灯不亮"}).insert()
	assert frappe.db.get_value(
		"Service Level Agreement", request.service_level_agreement, "service_level"
	) == sla_name("Service Request")
	assert request.priority and request.response_by and request.sla_resolution_by
	assert request.agreement_status == "First Response Due"
	request.technician = people.technician
	request.save()
	with as_user(people.agent):
		request = apply_workflow(request, "Dispatch")
	assert request.first_responded_on and request.agreement_status == "Resolution Due"
	request.resolution = "更换灯泡"
	request.save()
	with as_user(people.technician):
		request = apply_workflow(apply_workflow(request, "Start Work"), "Complete")
	assert request.sla_resolution_date and request.agreement_status == "Fulfilled"


@pytest.fixture
def outgoing_email():
	if not frappe.db.exists("Email Account", {"default_outgoing": 1, "enable_outgoing": 1}):
		frappe.get_doc(
			{
				"doctype": "Email Account",
				"email_account_name": "Property Office",
				"email_id": "office@property.invalid",
				"enable_outgoing": 1,
				"default_outgoing": 1,
				"smtp_server": "127.0.0.1",
				"no_smtp_authentication": 1,
			}
		).insert()


def test_overdue_request_goes_up_one_level_a_day_and_a_second_run_sends_nothing(people, unit, outgoing_email):
	request = frappe.get_doc({"doctype": "Service Request", "unit": unit, "description": "电梯异响"}).insert()
	due = get_datetime(request.response_by)
	assert escalate_overdue(add_to_date(due, hours=-1)) == 0

	assert escalate_overdue(add_to_date(due, hours=1)) == 1
	assert frappe.db.get_value("Service Request", request.name, ["escalation_level", "escalated_to"]) == (
		1,
		"Customer Service Supervisor",
	)
	logs = frappe.db.count("Notification Log", {"document_name": request.name})
	assert logs >= 1 and frappe.db.exists(
		"ToDo", {"reference_name": request.name, "allocated_to": people.supervisor}
	)
	assert escalate_overdue(add_to_date(due, hours=2)) == 0  # the same hour again: nothing new
	assert frappe.db.count("Notification Log", {"document_name": request.name}) == logs

	escalate_overdue(add_to_date(due, hours=25))
	assert frappe.db.get_value("Service Request", request.name, "escalated_to") == "Property Manager"
	escalate_overdue(add_to_date(due, hours=60))
	escalate_overdue(add_to_date(due, hours=200))
	assert frappe.db.get_value("Service Request", request.name, ["escalation_level", "escalated_to"]) == (
		3,
		"Management Representative",
	)
	assert frappe.db.exists(
		"Notification Log", {"document_name": request.name, "for_user": people.representative}
	)


def test_major_complaint_goes_to_the_manager_at_once_and_escalates_through_the_workflow(people, unit):
	complaint = frappe.get_doc(
		{
			"doctype": "Complaint",
			"unit": unit,
			"complaint_category": "Staff Conduct",
			"severity": "Major",
			"description": "保安态度恶劣",
		}
	).insert()
	escalate_overdue()
	escalate_overdue()
	doc = frappe.get_doc("Complaint", complaint.name)
	assert (doc.status, doc.escalation_level, doc.escalated_to) == ("Escalated", 2, "Property Manager")
	with as_user(people.manager):
		doc = apply_workflow(doc, "Start Handling")
	assert doc.status == "Being Handled" and doc.escalation_level == 2


def test_work_done_in_time_is_not_escalated(people, unit):
	request = frappe.get_doc(
		{"doctype": "Service Request", "unit": unit, "description": "x", "technician": people.technician}
	).insert()
	with as_user(people.agent):
		apply_workflow(request, "Dispatch")
	request.reload()
	assert escalate_overdue(add_to_date(request.response_by, hours=5)) == 0


def test_install_does_not_turn_sla_tracking_back_on():
	frappe.db.set_single_value("Support Settings", "track_service_level_agreement", 0)
	ensure_default_slas()
	assert frappe.db.get_single_value("Support Settings", "track_service_level_agreement") == 0
