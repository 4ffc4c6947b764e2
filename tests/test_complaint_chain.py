"""The complaint chain to the seed's letter (12.1.5 (4) 3): the technician on duty takes a general
building complaint, the co-responsible role is assigned beside the responsible one, the office
manager and the supervisor call back after a major complaint, and its corrective-action report
goes to the Management Representative, who verifies it."""

import frappe
import pytest
from frappe.utils import add_days, today

from property_service.customer_service.doctype.corrective_action.corrective_action import (
	CorrectiveActionError,
)
from property_service.customer_service.doctype.duty_roster.duty_roster import DutyRosterError
from tests.factories import make_building, make_community, make_owner, make_unit
from tests.utils import as_user, make_user


def limited_to(community, *roles):
	user = make_user(roles=roles)
	frappe.get_doc(
		{"doctype": "User Permission", "user": user, "allow": "Community", "for_value": community}
	).insert(ignore_permissions=True)
	return user


@pytest.fixture
def office():
	community = make_community()
	unit = make_unit(make_building(community))
	make_owner(units=[unit])
	return frappe._dict(
		community=community,
		unit=unit,
		manager=limited_to(community, "Property Manager"),
		supervisor=limited_to(community, "Customer Service Supervisor"),
		technicians=[limited_to(community, "Maintenance Technician") for _ in range(3)],
		representative=make_user(roles=("Management Representative",)),
	)


def roster(office, day, people):
	return frappe.get_doc(
		{
			"doctype": "Duty Roster",
			"community": office.community,
			"duty_date": day,
			"people": [{"user": user, "shift": "08:00-20:00"} for user in people],
		}
	).insert()


def complaint(office, category="Building and Equipment", severity="General"):
	return frappe.get_doc(
		{
			"doctype": "Complaint",
			"unit": office.unit,
			"complaint_category": category,
			"severity": severity,
			"description": "电梯异响",
		}
	).insert()


def assigned(doc) -> set[str]:
	return set(frappe.get_all("ToDo", {"reference_name": doc.name, "status": "Open"}, pluck="allocated_to"))


def test_the_technician_on_duty_takes_a_general_building_complaint(office):
	off, first, second = office.technicians
	roster(office, add_days(today(), 1), [off])  # tomorrow's roster does not count today
	roster(office, today(), [office.supervisor, first, second])
	frappe.get_doc(
		{"doctype": "ToDo", "allocated_to": first, "description": "已有工作", "status": "Open"}
	).insert(ignore_permissions=True)
	doc = complaint(office)
	handler = frappe.db.get_value("Complaint", doc.name, "handler")
	assert handler == second  # on duty, a technician, and the less busy of the two
	assert assigned(doc) == {second}  # the Assignment Rule did not add another
	# nobody on duty: the rule shares it out among the technicians as before
	frappe.db.delete("Duty Roster Person", {"user": ["in", [first, second]]})
	other = complaint(office)
	assert len(assigned(other)) == 1 and frappe.db.get_value("Complaint", other.name, "handler")


def test_a_roster_names_each_person_once_and_only_staff_of_its_community(office):
	with pytest.raises(DutyRosterError):
		roster(office, today(), [office.technicians[0], office.technicians[0]])
	elsewhere = limited_to(make_community(), "Maintenance Technician")
	with pytest.raises(DutyRosterError):
		roster(office, today(), [elsewhere])
	assert not frappe.db.exists("Duty Roster", {"community": office.community})


def test_fee_complaints_are_the_managers_and_the_supervisors(office):
	doc = complaint(office, "Fees")
	assert office.supervisor in assigned(doc)  # the co-responsible, in the community
	assert frappe.db.get_value("Complaint", doc.name, "also_notify_role") == "Customer Service Supervisor"


def test_the_manager_and_the_supervisor_call_back_after_a_major_complaint(office):
	doc = complaint(office, "Building and Equipment", "Major")
	doc.db_set({"status": "Handled", "resolution": "已更换电梯曳引机"})
	doc.reload()
	with as_user(office.representative):
		from frappe.model.workflow import apply_workflow

		apply_workflow(doc, "Verify Result")  # a major one: the Representative verifies
	callback = frappe.get_doc("Callback Record", {"reference_name": doc.name})
	assert callback.agent == office.manager
	assert assigned(callback) == {office.manager, office.supervisor}
	general = complaint(office, "Cleaning and Greening")
	general.db_set({"status": "Result Verified"})
	from property_service.customer_service.callbacks import ensure_callback

	name = ensure_callback(frappe.get_doc("Complaint", general.name))
	assert frappe.db.get_value("Callback Record", name, "agent") not in (office.manager, office.supervisor)


def test_the_corrective_action_report_of_a_major_complaint_goes_to_the_representative(office):
	doc = complaint(office, "Utilities", "Major")
	action = frappe.get_doc(
		{
			"doctype": "Corrective Action",
			"reference_doctype": "Complaint",
			"reference_name": doc.name,
			"problem": "停水未提前通知",
			"deadline": add_days(today(), 7),
		}
	).insert()
	assert action.verifier_role == "Management Representative"
	action.update({"action": "建立停水通知流程", "status": "Completed"})
	action.save()
	assert frappe.db.exists(
		"Notification Log", {"for_user": office.representative, "document_name": action.name}
	)
	with as_user(office.manager):
		mine = frappe.get_doc("Corrective Action", action.name)
		mine.update({"status": "Verified", "verification": "已落实"})
		with pytest.raises(CorrectiveActionError, match=r"Management Representative|管理者代表"):
			mine.save()
	with as_user(office.representative):
		theirs = frappe.get_doc("Corrective Action", action.name)
		theirs.update({"status": "Verified", "verification": "已落实，效果良好"})
		theirs.save()
	assert frappe.db.get_value("Corrective Action", action.name, "verified_by") == office.representative
	general = complaint(office, "Cleaning and Greening")
	plain = frappe.get_doc(
		{
			"doctype": "Corrective Action",
			"reference_doctype": "Complaint",
			"reference_name": general.name,
			"problem": "清洁不到位",
			"deadline": today(),
		}
	).insert()
	assert not plain.verifier_role
