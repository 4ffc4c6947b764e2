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


def complaint(unit, category: str, severity: str = "General"):
	return frappe.get_doc(
		{
			"doctype": "Complaint",
			"unit": unit,
			"complaint_category": category,
			"severity": severity,
			"description": "保安态度恶劣",
		}
	).insert()


def test_a_major_complaint_goes_to_the_manager_when_registered(people, unit):
	doc = complaint(unit, "Cleaning and Greening", "Major")  # the supervisor's: the manager above
	assert (doc.status, doc.escalation_level, doc.escalated_to) == ("Escalated", 2, "Property Manager")
	assert frappe.db.exists("Notification Log", {"document_name": doc.name, "for_user": people.manager})
	assert escalate_overdue() == 0  # the hourly job finds it done
	with as_user(people.manager):
		doc = apply_workflow(doc, "Start Handling")
	assert doc.status == "Being Handled" and doc.escalation_level == 2


def test_a_major_fee_complaint_is_reported_to_the_company_at_once(people, unit):
	"""The office manager owns fee complaints: escalation never goes down to the supervisor."""
	doc = complaint(unit, "Fees", "Major")
	assert doc.responsible_role == "Property Manager"
	assert doc.escalated_to == "Management Representative"
	assert frappe.db.exists(
		"Notification Log", {"document_name": doc.name, "for_user": people.representative}
	)


def test_escalation_never_goes_down(people, unit):
	doc = complaint(unit, "Staff Conduct")  # the office manager's
	due = get_datetime(doc.response_by)
	assert escalate_overdue(add_to_date(due, hours=1)) == 1
	assert frappe.db.get_value("Complaint", doc.name, ["escalation_level", "escalated_to"]) == (
		1,
		"Management Representative",
	)


def test_the_representative_verifies_a_major_complaint_and_the_supervisor_a_general_one(people, unit):
	from property_service.customer_service.doctype.complaint.complaint import VerificationError

	major, general = complaint(unit, "Utilities", "Major"), complaint(unit, "Other")
	for doc in (major, general):
		doc.db_set({"status": "Handled", "resolution": "已修复"})
	with as_user(people.supervisor):
		with pytest.raises(VerificationError):
			apply_workflow(frappe.get_doc("Complaint", major.name), "Verify Result")
		assert apply_workflow(frappe.get_doc("Complaint", general.name), "Verify Result").status == (
			"Result Verified"
		)
	with as_user(people.representative):
		verified = apply_workflow(frappe.get_doc("Complaint", major.name), "Verify Result")
	assert (verified.status, verified.verified_by) == ("Result Verified", people.representative)


def test_a_dissatisfied_callback_on_a_major_problem_is_reported_to_the_office(people, unit):
	doc = complaint(unit, "Utilities", "Major")
	doc.db_set({"status": "Handled", "resolution": "已修复"})
	with as_user(people.representative):
		apply_workflow(frappe.get_doc("Complaint", doc.name), "Verify Result")
	callback = frappe.get_doc("Callback Record", {"reference_name": doc.name})
	before = frappe.db.count("Notification Log", {"document_name": doc.name, "for_user": people.manager})
	callback.satisfaction = "C - Dissatisfied"
	callback.save()
	after = frappe.db.count("Notification Log", {"document_name": doc.name, "for_user": people.manager})
	assert after == before + 1
	assert frappe.db.exists("Notification Log", {"document_name": doc.name, "for_user": people.supervisor})


def test_work_done_in_time_is_not_escalated(people, unit):
	request = frappe.get_doc(
		{"doctype": "Service Request", "unit": unit, "description": "x", "technician": people.technician}
	).insert()
	with as_user(people.agent):
		apply_workflow(request, "Dispatch")
	request.reload()
	assert escalate_overdue(add_to_date(request.response_by, hours=5)) == 0


def test_install_does_not_turn_sla_tracking_back_on():
	try:
		frappe.db.set_single_value("Support Settings", "track_service_level_agreement", 0)
		ensure_default_slas()
		assert frappe.db.get_single_value("Support Settings", "track_service_level_agreement") == 0
	finally:  # the rollback does not reach the cached settings: later tests need tracking on
		frappe.db.rollback()
		frappe.db.value_cache.pop("Support Settings", None)
		frappe.clear_document_cache("Support Settings", "Support Settings")
