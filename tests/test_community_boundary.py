"""The community boundary over REST (issue 25): staff whom a User Permission limits to one
community see nothing of another — neither its records (lists, counts, a record by name) nor its
people — whatever their role; a company user without the limit sees both. Each record kind is
made in two communities, A and B; every role limited to A asks for both."""

import json

import frappe
import pytest

from property_service.customer_service.corrective_actions import make_corrective_action
from property_service.operations.archives import make_owner_data_update
from tests.factories import make_unit
from tests.portal_world import make_world, purge_world
from tests.utils import make_user

LIMITED = {
	"agent": ("Customer Service Agent",),
	"supervisor": ("Customer Service Supervisor",),
	"manager": ("Property Manager",),
	"technician": ("Maintenance Technician",),
	"clerk": ("Archive Clerk",),
	"security": ("Security Supervisor",),
	"quality": ("Quality Supervisor",),
}


def records(world) -> dict[str, str]:
	"""One record of each kind in the world's community (committed by the fixture)."""
	request = frappe.get_doc(
		{"doctype": "Service Request", "unit": world.unit, "description": "漏水"}
	).insert()
	complaint = frappe.get_doc(
		{"doctype": "Complaint", "unit": world.unit, "description": "噪音", "complaint_category": "Other"}
	).insert()
	callback = frappe.get_doc({"doctype": "Callback Record", "unit": world.unit}).insert()
	handover = frappe.get_doc(
		{"doctype": "Move-In Handover", "unit": world.unit, "property_owner": world.owners[0]}
	).insert()
	incident = frappe.get_doc(
		{"doctype": "Emergency Incident", "community": world.community, "description": "电梯困人"}
	).insert()
	vacant = make_unit(world.building, "901")
	frappe.db.set_value("Property Unit", vacant, "status", "Vacant")
	month = [
		frappe.get_doc({"doctype": doctype, **fields}).insert().name
		for doctype, fields in (
			("Owner Visit Plan", {"community": world.community, "period": "2031-03"}),
			("Vacant Unit Inspection", {"unit": vacant, "period": "2031-03"}),
			("Archive Filing", {"community": world.community, "period": "2031-02"}),
			(
				"Callback Campaign",
				{
					"title": "回访",
					"community": world.community,
					"quarter": "2031-Q1",
					"due_date": "2031-03-31",
				},
			),
		)
	]
	(update,) = make_owner_data_update("2031-02", only=[world.community])
	return {
		**dict(zip(MONTH_DOCTYPES, month, strict=True)),
		"Owner Data Update": update,
		"Service Request": request.name,
		"Complaint": complaint.name,
		"Callback Record": callback.name,
		"Corrective Action": make_corrective_action("Complaint", complaint.name, "噪音投诉"),
		"Move-In Handover": handover.name,
		"Emergency Incident": incident.name,
		"Property Unit": world.unit,
		"Property Owner": world.owners[0],
		"Building": world.building,
		"Community": world.community,
	}


@pytest.fixture(scope="module")
def company(site):
	a, b = make_world(), make_world()
	made = {"a": records(a), "b": records(b)}
	users = {}
	for staff, roles in LIMITED.items():
		users[staff] = make_user(roles=roles)
		frappe.get_doc(
			{
				"doctype": "User Permission",
				"user": users[staff],
				"allow": "Community",
				"for_value": a.community,
			}
		).insert()
	users["company"] = make_user(roles=("Property Manager", "Customer Service Supervisor"))
	a.extra_users = list(users.values())
	frappe.db.commit()  # nosemgrep: the web server is another process
	yield frappe._dict(a=a, b=b, made=made, users=users)
	frappe.db.rollback()
	frappe.db.delete("User Permission", {"user": ["in", list(users.values())]})
	for world in (a, b):
		for name in frappe.get_all("Corrective Action", {"community": world.community}, pluck="name"):
			frappe.delete_doc("Corrective Action", name, force=True, ignore_permissions=True)
		for doctype in (*MONTH_DOCTYPES, "Owner Data Update"):
			for name in frappe.get_all(doctype, {"community": world.community}, pluck="name"):
				frappe.db.delete("ToDo", {"reference_type": doctype, "reference_name": name})
				frappe.delete_doc(doctype, name, force=True, ignore_permissions=True)
		frappe.delete_doc("Property Unit", f"{world.building}-901", force=True, ignore_permissions=True)
		for name in frappe.get_all("Emergency Incident", {"community": world.community}, pluck="name"):
			frappe.db.delete("Notification Log", {"document_name": name})
			frappe.delete_doc("Emergency Incident", name, force=True, ignore_permissions=True)
		frappe.db.commit()  # nosemgrep: clean-up of committed test data (purge_world rolls back first)
		purge_world(world)


MONTH_DOCTYPES = ("Owner Visit Plan", "Vacant Unit Inspection", "Archive Filing", "Callback Campaign")
WORK_ONLY = ("Service Request", "Complaint")  # a technician's are the jobs given to them
CASES = [
	(staff, doctype)
	for staff in (*LIMITED, "company")
	for doctype in (
		"Service Request",
		"Complaint",
		"Callback Record",
		"Corrective Action",
		"Move-In Handover",
		"Emergency Incident",
		"Property Unit",
		"Property Owner",
		"Building",
		"Community",
		*MONTH_DOCTYPES,
		"Owner Data Update",
	)
]


@pytest.mark.parametrize(("staff", "doctype"), CASES)
def test_staff_see_only_their_communitys_records_and_people(company, rest, staff, doctype):
	user = company.users[staff]
	mine, theirs = company.made["a"][doctype], company.made["b"][doctype]
	rest.login(user)
	filters = json.dumps([[doctype, "name", "in", [mine, theirs]]])
	listed = rest.get(f"/api/resource/{doctype}", params={"filters": filters, "limit_page_length": 0})
	counted = rest.get("/api/method/frappe.client.get_count", params={"doctype": doctype, "filters": filters})
	theirs_read = rest.get(f"/api/resource/{doctype}/{theirs}")
	if not frappe.has_permission(doctype, "read", user=user):  # the role reads none of them
		assert {listed.status_code, counted.status_code, theirs_read.status_code} == {403}, doctype
		return
	names = {row["name"] for row in listed.json()["data"]}
	if staff == "company":  # no limit: both communities
		assert names == {mine, theirs} and counted.json()["message"] == 2, doctype
		assert theirs_read.status_code == 200
		return
	# their own community's: all of it (a technician only the jobs given to them: none here)
	assert names == (set() if staff == "technician" and doctype in WORK_ONLY else {mine}), (staff, doctype)
	assert counted.json()["message"] == len(names), (staff, doctype)
	assert theirs_read.status_code == 403, (staff, doctype, theirs_read.text[:200])


def test_a_communitys_news_is_told_only_to_those_working_there(company, sms_gateway):
	"""An incident tells its community's security supervisor and manager (in-app and SMS), never
	another community's; a company manager hears of both."""
	security, manager, everywhere = (company.users[staff] for staff in ("security", "manager", "company"))
	frappe.db.set_value("User", security, "mobile_no", "13900003333")
	told = {}
	for key in ("a", "b"):
		incident = frappe.get_doc(
			{"doctype": "Emergency Incident", "community": company[key].community, "description": "停电"}
		).insert()
		told[key] = set(
			frappe.get_all("Notification Log", {"document_name": incident.name}, pluck="for_user")
		)
	assert {security, manager, everywhere} <= told["a"]
	assert everywhere in told["b"] and not {security, manager} & told["b"]
	texts = [m for m in sms_gateway if m.get("to") == "13900003333"]
	assert len(texts) == 1  # A's incident only


@pytest.mark.parametrize("staff", ["agent", "manager", "company"])
def test_the_office_home_counts_only_the_users_communities(company, rest, staff):
	"""The number cards and dashboard charts of the office home, over REST: a limited user's count
	is their community's; a company user's takes in both."""
	rest.login(company.users[staff])
	card = frappe.get_doc("Number Card", "Open Requests")
	counted = rest.get(
		"/api/method/frappe.desk.doctype.number_card.number_card.get_result",
		params={"doc": json.dumps(card.as_dict(), default=str), "filters": card.filters_json},
	)
	assert counted.status_code == 200, counted.text[:300]
	charted = rest.get(
		"/api/method/frappe.desk.doctype.dashboard_chart.dashboard_chart.get",
		params={"chart_name": "Requests per Week", "refresh": 1},
	)
	assert charted.status_code == 200, charted.text[:300]
	in_chart = sum(charted.json()["message"]["datasets"][0]["values"])
	open_filters = [condition[:4] for condition in json.loads(card.filters_json)]
	if staff == "company":
		assert counted.json()["message"] == frappe.db.count("Service Request", open_filters)
		assert in_chart >= 2
		return
	mine = [*open_filters, ["Service Request", "community", "=", company.a.community]]
	assert counted.json()["message"] == frappe.db.count("Service Request", mine) == 1
	assert in_chart == 1  # the one request of their community made this quarter


def test_an_escalation_goes_to_the_communitys_holders_of_the_role(company):
	"""An overdue complaint of A raised a level: the role's holders working in A (and the
	company's) are assigned and told, B's never hear of it."""
	from property_service.customer_service.escalation import escalate, escalation_role

	complaint = frappe.get_doc("Complaint", company.made["a"]["Complaint"])
	role = escalation_role(complaint.responsible_role, 1)
	a_holder = next(user for staff, user in company.users.items() if LIMITED.get(staff) == (role,))
	b_holder = make_user(roles=(role,))
	frappe.get_doc(
		{
			"doctype": "User Permission",
			"user": b_holder,
			"allow": "Community",
			"for_value": company.b.community,
		}
	).insert()
	company_user = company.users["company"]  # a Property Manager and Supervisor of no community
	try:
		escalate(complaint, 1)
		assigned = set(
			frappe.get_all("ToDo", {"reference_name": complaint.name, "status": "Open"}, pluck="allocated_to")
		)
		told = set(frappe.get_all("Notification Log", {"document_name": complaint.name}, pluck="for_user"))
		assert {a_holder, company_user} <= assigned and {a_holder, company_user} <= told, role
		assert b_holder not in assigned | told
	finally:
		frappe.db.rollback()  # the user, its permission, the escalation
