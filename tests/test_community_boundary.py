"""The community boundary over REST (issue 25): staff whom a User Permission limits to one
community see nothing of another — neither its records (lists, counts, a record by name) nor its
people — whatever their role; a company user without the limit sees both. Each record kind is
made in two communities, A and B; every role limited to A asks for both."""

import json

import frappe
import pytest

from property_service.customer_service.corrective_actions import make_corrective_action
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
	return {
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
		for name in frappe.get_all("Emergency Incident", {"community": world.community}, pluck="name"):
			frappe.db.delete("Notification Log", {"document_name": name})
			frappe.delete_doc("Emergency Incident", name, force=True, ignore_permissions=True)
		purge_world(world)


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
