"""Field-level rights over REST on the owner-engagement DocTypes (QUALITY.md, security 5), the way
a script with a role's API token calls them: each role alone and as a resident next door, each
field group, POST and PUT. Allowed fields change; the rest are refused (417), forbidden (403) or
reset (200, the stored values kept); nothing else in the database changes.

Survey Response groups: `answer` what a resident gives (ratings, comments); `signature` the paper
form's signature; `explanation` the office's note on a misunderstanding (permission level 1);
`about` how it was answered (channel, fixed once made); `computed` who entered it. Opinion Survey:
`content` what the office plans; `figures` what is counted from the responses.
"""

import json

import frappe
import pytest
from frappe.utils import add_days, today

from tests.portal_world import make_role_world, purge_world
from tests.utils import committed_user

STAFF_ROLES = {
	"technician": ("Maintenance Technician",),
	"agent": ("Customer Service Agent",),
	"supervisor": ("Customer Service Supervisor",),
	"accounts": ("Accounts User",),
}
ROLES = ("filer", "member", "neighbour", *STAFF_ROLES, *(f"{staff}+resident" for staff in STAFF_ROLES))
WATCHED = ("Survey Response", "Opinion Survey", "Notice", "Corrective Action")
IGNORED = {"modified", "modified_by", "_assign", "_seen", "_comments", "_liked_by", "_user_tags"}
OFFICE = ("agent", "supervisor")


@pytest.fixture(scope="module")
def world():
	world = make_role_world(STAFF_ROLES)
	try:
		survey = frappe.get_doc(
			{
				"doctype": "Opinion Survey",
				"title": "权限测试调查",
				"community": world.community,
				"start_date": today(),
				"end_date": add_days(today(), 30),
			}
		).insert()
		survey.open()
		world.survey = survey.name
		frappe.db.commit()  # nosemgrep: the web server is another process
		yield world
	finally:
		frappe.db.rollback()
		for name in frappe.get_all("Survey Response", {"opinion_survey": world.get("survey")}, pluck="name"):
			frappe.delete_doc("Survey Response", name, force=True, ignore_permissions=True)
		for name in frappe.get_all("Opinion Survey", {"community": world.community}, pluck="name"):
			frappe.delete_doc("Opinion Survey", name, force=True, ignore_permissions=True)
		for name in frappe.get_all("Notice", {"community": world.community}, pluck="name"):
			frappe.delete_doc("Notice", name, force=True, ignore_permissions=True)
		frappe.db.commit()  # nosemgrep: clean-up of committed test data (purge_world rolls back first)
		purge_world(world)


def counts() -> dict[str, int]:
	frappe.db.rollback()  # a new snapshot: the server committed in another process
	return {doctype: frappe.db.count(doctype) for doctype in WATCHED}


def stored(doctype: str, name: str) -> dict:
	frappe.db.rollback()
	doc = frappe.get_doc(doctype, name).as_dict(no_default_fields=False)
	return {k: v for k, v in doc.items() if k not in IGNORED}


def normal(value):
	if isinstance(value, list):
		return sorted((row.get("area"), row.get("rating") or None) for row in value if row.get("rating"))
	if isinstance(value, int | float):
		return float(value)
	return str(value) if value not in (None, "") else None


# --- Survey Response --------------------------------------------------------------------------


def area(index: int) -> str:
	"""One of the default survey items, as surveys store them (the site's language)."""
	from property_service.engagement.surveys import template_areas

	return template_areas("Eight Areas")[index]


RESPONSE_GROUPS = ("answer", "signature", "phone", "explanation", "about", "computed")


def response_values(group: str) -> dict:
	return {
		"answer": {"ratings": [{"area": area(1), "rating": "Dissatisfied"}], "comments": "水压低"},
		"signature": {"refused_to_sign": 1},
		"phone": {"phone": "13900002222"},  # the office corrects it; a resident's form takes theirs
		"explanation": {"misunderstanding": 1, "explanation": "已说明停水原因", "explained_on": "2026-01-05"},
		"about": {"channel": "Visit"},
		"computed": {"entered_by": "Guest"},
	}[group]


def response_expected(group: str, role: str, method: str) -> str:
	staff = role.split("+")[0]
	if staff in OFFICE:
		if group == "computed":
			return "kept"
		return "refused" if method == "PUT" and group == "about" else "changed"
	if method == "POST" and role in ("filer", "member"):  # residents answer for their own unit
		return "changed" if group == "answer" else "refused"
	return "forbidden"  # no write right; as a resident, not their unit; no create right


def fresh_response(world) -> str:
	"""A committed answer for the filer's unit, taken by phone (removing any earlier one)."""
	frappe.db.rollback()
	for name in frappe.get_all("Survey Response", {"opinion_survey": world.survey}, pluck="name"):
		frappe.delete_doc("Survey Response", name, force=True, ignore_permissions=True)
	doc = frappe.get_doc(
		{
			"doctype": "Survey Response",
			"opinion_survey": world.survey,
			"unit": world.unit,
			"channel": "Phone",
			"ratings": [{"area": area(0), "rating": "Satisfied"}],
		}
	).insert()
	frappe.db.commit()  # nosemgrep: the web server is another process
	return doc.name


@pytest.mark.parametrize(
	"group,role,method", [(g, r, m) for g in RESPONSE_GROUPS for r in ROLES for m in ("POST", "PUT")]
)
def test_survey_response_field_rights_over_rest(world, rest, group, role, method):
	values = response_values(group)
	outcome = response_expected(group, role, method)
	name = fresh_response(world)
	if method == "POST":  # the unit has not answered yet
		frappe.delete_doc("Survey Response", name, force=True, ignore_permissions=True)
		frappe.db.commit()  # nosemgrep: the web server is another process
		before, before_counts = None, counts()
		rest.login(world.users[role])
		body = {
			"opinion_survey": world.survey,
			"unit": world.unit,
			"ratings": [{"area": area(0), "rating": "Satisfied"}],
			**values,
		}
		if group != "signature" and "channel" not in values and role.split("+")[0] in OFFICE:
			body["channel"] = "Phone"
		response = rest.post("/api/resource/Survey Response", data=json.dumps(body))
	else:
		before, before_counts = stored("Survey Response", name), counts()
		rest.login(world.users[role])
		response = rest.put(f"/api/resource/Survey Response/{name}", data=json.dumps(values))
	status = {"changed": 200, "kept": 200, "refused": 417, "forbidden": 403}[outcome]
	assert response.status_code == status, response.text[:500]
	if outcome in ("refused", "forbidden"):
		assert counts() == before_counts
		if before:
			assert stored("Survey Response", name) == before
		return
	name = response.json()["data"]["name"]
	after = stored("Survey Response", name)
	if outcome == "changed":
		assert {k: normal(after[k]) for k in values} == {k: normal(v) for k, v in values.items()}
	else:  # kept: the one who entered it, whoever sends another
		assert after["entered_by"] == (world.users[role] if method == "POST" else before["entered_by"])
	if method == "POST" and role in ("filer", "member"):
		owner = frappe.db.get_value("Property Owner", {"user": world.users[role]})
		assert (after["channel"], after["property_owner"]) == ("Portal", owner)


# --- Opinion Survey ---------------------------------------------------------------------------

SURVEY_GROUPS = {
	"content": {"title": "改名后的调查", "rectification_plan": "<p>增加夜间巡逻</p>"},
	"figures": {
		"responses": 99,
		"coverage": 100,
		"satisfaction_rate": 100,
		"status": "Closed",
		"occupied_units": 1,
	},
}


def survey_expected(group: str, role: str) -> str:
	if role.split("+")[0] != "supervisor":
		return "forbidden"  # agents read surveys; residents, technicians and accountants nothing
	return "changed" if group == "content" else "kept"


@pytest.mark.parametrize(
	"group,role,method", [(g, r, m) for g in SURVEY_GROUPS for r in ROLES for m in ("POST", "PUT")]
)
def test_opinion_survey_field_rights_over_rest(world, rest, group, role, method):
	values = SURVEY_GROUPS[group]
	outcome = survey_expected(group, role)
	before_counts = counts()
	rest.login(world.users[role])
	if method == "POST":
		before = None
		body = {
			"community": world.community,
			"title": "新调查",
			"start_date": today(),
			"end_date": add_days(today(), 5),
			**values,
		}
		response = rest.post("/api/resource/Opinion Survey", data=json.dumps(body))
	else:
		before = stored("Opinion Survey", world.survey)
		response = rest.put(f"/api/resource/Opinion Survey/{world.survey}", data=json.dumps(values))
	status = {"changed": 200, "kept": 200, "forbidden": 403}[outcome]
	assert response.status_code == status, response.text[:500]
	if outcome == "forbidden":
		assert counts() == before_counts
		assert before is None or stored("Opinion Survey", world.survey) == before
		return
	name = response.json()["data"]["name"]
	after = stored("Opinion Survey", name)
	try:
		if outcome == "changed":
			assert {k: normal(after[k]) for k in values} == {k: normal(v) for k, v in values.items()}
		elif before:  # kept: the stored figures stand
			assert {k: after[k] for k in values} == {k: before[k] for k in values}
		else:
			assert all(normal(after[k]) != normal(v) for k, v in values.items())
	finally:
		frappe.db.rollback()
		if method == "POST":
			frappe.delete_doc("Opinion Survey", name, force=True, ignore_permissions=True)
		else:
			frappe.db.set_value("Opinion Survey", name, "title", before["title"])
		frappe.db.commit()  # nosemgrep: the next case starts from the fixture's survey


# --- Owner Visit and its summaries: private to the visitor, supervisors and the manager ---------

VISIT_GROUPS = {
	"notes": {"notes": "业主希望增加儿童游乐设施", "topic_culture": 1, "suggestions": "增设游乐设施"},
	"feedback": {"feedback_needed": 1, "feedback_given": 1, "feedback": "已答复"},
	"visitor": {"visitor": "<other agent>"},
	"computed": {"visit_plan": "<a plan>"},
}


def visit_expected(group: str, role: str) -> str:
	staff = role.split("+")[0]
	if staff not in OFFICE:
		return "forbidden"  # residents, technicians and accountants have no right on visits
	if group == "computed":
		return "kept"
	if group == "visitor" and staff == "agent":
		return "forbidden"  # an agent records their own visits, not another's
	if group == "visitor" and role != "supervisor":
		return "kept"  # the visitor is who records the visit, never another named by the request
	return "changed"


def make_visit(world, visitor: str) -> str:
	frappe.db.rollback()
	doc = frappe.get_doc(
		{
			"doctype": "Owner Visit",
			"unit": world.unit,
			"visitor": visitor,
			"visit_date": today(),
			"visit_mode": "Phone",
			"notes": "电话回访",
		}
	).insert()
	frappe.db.commit()  # nosemgrep: the web server is another process
	return doc.name


def visit_values(group: str, world) -> dict:
	values = dict(VISIT_GROUPS[group])
	if group == "visitor":
		values["visitor"] = world.users["supervisor"]
	if group == "computed":
		values["visit_plan"] = world.plan
	return values


@pytest.fixture(scope="module")
def plan(world):
	"""A visit plan of another month (made as the monthly job makes it)."""
	doc = frappe.get_doc(
		{"doctype": "Owner Visit Plan", "community": world.community, "period": "2020-01", "target": 1}
	).insert(ignore_permissions=True)
	world.plan = doc.name
	frappe.db.commit()  # nosemgrep: the web server is another process
	yield doc.name
	frappe.db.rollback()
	for name in frappe.get_all("Owner Visit", {"unit": ["in", [world.unit, world.other_unit]]}, pluck="name"):
		frappe.delete_doc("Owner Visit", name, force=True, ignore_permissions=True)
	frappe.delete_doc("Owner Visit Plan", doc.name, force=True, ignore_permissions=True)
	frappe.db.commit()  # nosemgrep: clean-up of committed test data


@pytest.mark.parametrize(
	"group,role,method", [(g, r, m) for g in VISIT_GROUPS for r in ROLES for m in ("POST", "PUT")]
)
def test_owner_visit_field_rights_over_rest(world, plan, rest, group, role, method):
	user = world.users[role]
	values = visit_values(group, world)
	outcome = visit_expected(group, role)
	# the caller's own visit when they record visits; otherwise the agent's
	visitor = user if role.split("+")[0] in OFFICE else world.agent
	before_counts = {"Owner Visit": frappe.db.count("Owner Visit")}
	rest.login(user)
	if method == "POST":
		before = None
		body = {"unit": world.unit, "visit_mode": "Phone", "notes": "来访", "visitor": visitor, **values}
		response = rest.post("/api/resource/Owner Visit", data=json.dumps(body))
	else:
		name = make_visit(world, visitor)
		before, before_counts = stored("Owner Visit", name), {"Owner Visit": frappe.db.count("Owner Visit")}
		response = rest.put(f"/api/resource/Owner Visit/{name}", data=json.dumps(values))
	status = {"changed": 200, "kept": 200, "forbidden": 403}[outcome]
	assert response.status_code == status, response.text[:500]
	frappe.db.rollback()
	if outcome == "forbidden":
		assert {"Owner Visit": frappe.db.count("Owner Visit")} == before_counts
		assert before is None or stored("Owner Visit", name) == before
		return
	after = stored("Owner Visit", response.json()["data"]["name"])
	if outcome == "changed":
		assert {k: normal(after[k]) for k in values} == {k: normal(v) for k, v in values.items()}
	elif group == "visitor":
		assert after["visitor"] == visitor  # the caller's own visit stays theirs
	else:
		assert after["visit_plan"] != world.plan


def test_a_visit_summary_over_rest_is_the_authors_and_its_figures_are_counted(world, rest):
	frappe.db.rollback()
	summary = frappe.get_doc(
		{
			"doctype": "Owner Visit Summary",
			"kind": "Agent Summary",
			"period": "2020-02",
			"author": world.agent,
		}
	).insert()
	frappe.db.commit()  # nosemgrep: the web server is another process
	try:
		values = {"summary": "<p>本月访问顺利</p>", "visits": 40, "planned": 1}
		for role in ROLES:
			rest.login(world.users[role])
			response = rest.put(f"/api/resource/Owner Visit Summary/{summary.name}", data=json.dumps(values))
			allowed = role.split("+")[0] == "supervisor" or world.users[role] == world.agent
			assert response.status_code == (200 if allowed else 403), (role, response.text[:300])
		after = stored("Owner Visit Summary", summary.name)
		assert after["summary"] == values["summary"] and (after["visits"], after["planned"]) == (0, 0)
	finally:
		frappe.db.rollback()
		frappe.db.delete("ToDo", {"reference_type": "Owner Visit Summary", "reference_name": summary.name})
		frappe.delete_doc("Owner Visit Summary", summary.name, force=True, ignore_permissions=True)
		frappe.db.commit()  # nosemgrep: clean-up of committed test data


def test_only_the_office_manager_records_a_review_of_an_agent_summary_over_rest(world, rest):
	"""The review (permission level 1): the office manager writes it and is stamped as its author;
	the agent who wrote the summary and the supervisors read it; the rest cannot reach it."""
	frappe.db.rollback()
	summary = frappe.get_doc(
		{
			"doctype": "Owner Visit Summary",
			"kind": "Agent Summary",
			"period": "2020-03",
			"author": world.agent,
		}
	).insert()
	summary.db_set({"status": "Submitted", "summary": "三月访问1户"})
	forged = {"review_comment": "已阅", "reviewed_by": world.agent, "reviewed_on": "2020-01-01"}
	with committed_user(("Property Manager",)) as manager:
		try:
			for role in (*ROLES, "manager"):
				user = manager if role == "manager" else world.users[role]
				rest.login(user)
				response = rest.put(
					f"/api/resource/Owner Visit Summary/{summary.name}", data=json.dumps(forged)
				)
				allowed = role in ("manager", "supervisor", "supervisor+resident") or user == world.agent
				assert response.status_code == (200 if allowed else 403), (role, response.text[:300])
				after = stored("Owner Visit Summary", summary.name)
				if role != "manager":
					assert not after["review_comment"] and not after["reviewed_by"], role
			assert (after["review_comment"], after["reviewed_by"]) == ("已阅", manager)
			assert str(after["reviewed_on"]) == today()
		finally:
			frappe.db.rollback()
			frappe.db.delete(
				"ToDo", {"reference_type": "Owner Visit Summary", "reference_name": summary.name}
			)
			frappe.delete_doc("Owner Visit Summary", summary.name, force=True, ignore_permissions=True)
			frappe.db.commit()  # nosemgrep: clean-up of committed test data


@pytest.mark.parametrize("role", ROLES)
def test_a_visit_plan_over_rest_the_office_hands_rows_over_and_figures_stay(world, plan, rest, role):
	frappe.db.rollback()
	doc = frappe.get_doc("Owner Visit Plan", plan)
	if not doc.units:
		doc.append("units", {"unit": world.unit, "agent": world.agent})
		doc.db_update_all()
		frappe.db.commit()  # nosemgrep: the web server is another process
		doc.reload()
	before = stored("Owner Visit Plan", plan)
	rows = [{"name": doc.units[0].name, "unit": world.other_unit, "agent": world.users["supervisor"]}]
	rest.login(world.users[role])
	response = rest.put(
		f"/api/resource/Owner Visit Plan/{plan}", data=json.dumps({"units": rows, "target": 50})
	)
	if role.split("+")[0] != "supervisor":  # agents read plans; the rest nothing
		assert response.status_code == 403, response.text[:300]
		assert stored("Owner Visit Plan", plan) == before
		return
	assert response.status_code == 200, response.text[:300]
	after = frappe.get_doc("Owner Visit Plan", plan)
	assert (after.target, after.units[0].unit, after.units[0].agent) == (
		1,
		world.unit,
		world.users["supervisor"],
	)
	after.units[0].db_set("agent", world.agent)
	frappe.db.commit()  # nosemgrep: the next case starts from the agent's row


# --- routine callback campaigns ----------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_a_callback_campaign_over_rest_keeps_its_figures_and_callbacks_keep_their_campaign(world, rest, role):
	frappe.db.rollback()
	campaign = frappe.get_doc(
		{
			"doctype": "Callback Campaign",
			"title": "例行回访",
			"community": world.community,
			"quarter": "2026-Q4",
			"due_date": add_days(today(), 10),
		}
	).insert()
	frappe.db.commit()  # nosemgrep: the web server is another process
	try:
		rest.login(world.users[role])
		response = rest.put(
			f"/api/resource/Callback Campaign/{campaign.name}",
			data=json.dumps({"title": "改名", "planned": 9, "passed": 1, "status": "Closed"}),
		)
		office = role.split("+")[0] == "supervisor"
		assert response.status_code == (200 if office else 403), response.text[:300]
		after = stored("Callback Campaign", campaign.name)
		assert (after["title"], after["planned"], after["passed"], after["status"]) == (
			"改名" if office else "例行回访",
			0,
			0,
			"Draft",
		)
		response = rest.post(
			"/api/resource/Callback Record",
			data=json.dumps({"unit": world.unit, "callback_campaign": campaign.name}),
		)
		if role.split("+")[0] in OFFICE:  # they make callbacks; the campaign link is the campaign's
			assert response.status_code == 200, response.text[:300]
			assert not stored("Callback Record", response.json()["data"]["name"])["callback_campaign"]
		else:
			assert response.status_code == 403, response.text[:300]
	finally:
		frappe.db.rollback()
		for name in frappe.get_all(
			"Callback Record", {"unit": world.unit, "reference_doctype": ["is", "not set"]}, pluck="name"
		):
			frappe.db.delete("ToDo", {"reference_type": "Callback Record", "reference_name": name})
			frappe.delete_doc("Callback Record", name, force=True, ignore_permissions=True)
		frappe.delete_doc("Callback Campaign", campaign.name, force=True, ignore_permissions=True)
		frappe.db.commit()  # nosemgrep: clean-up of committed test data


# --- community activities and sign-ups ---------------------------------------------------------

SIGNUP_GROUPS = {
	"content": {"people": 2, "note": "带老人"},
	"attendance": {"attended": 1, "feedback": "很好"},
	"computed": {"status": "Cancelled"},
}


def signup_expected(group: str, role: str, method: str) -> str:
	staff = role.split("+")[0]
	if staff in OFFICE:
		return "kept" if group == "computed" else "changed"
	if method == "POST" and role in ("filer", "member"):
		return "changed" if group == "content" else "refused"
	return "forbidden"


@pytest.fixture(scope="module")
def event(world):
	doc = frappe.get_doc(
		{
			"doctype": "Community Activity",
			"title": "权限测试活动",
			"community": world.community,
			"starts_on": add_days(today(), 7),
			"place": "会所",
			"status": "Open",
		}
	).insert()
	frappe.db.commit()  # nosemgrep: the web server is another process
	yield doc.name
	frappe.db.rollback()
	frappe.db.delete("Activity Signup", {"activity": doc.name})
	frappe.delete_doc("Community Activity", doc.name, force=True, ignore_permissions=True)
	frappe.db.commit()  # nosemgrep: clean-up of committed test data


@pytest.mark.parametrize(
	"group,role,method", [(g, r, m) for g in SIGNUP_GROUPS for r in ROLES for m in ("POST", "PUT")]
)
def test_activity_signup_field_rights_over_rest(world, event, rest, group, role, method):
	values = SIGNUP_GROUPS[group]
	outcome = signup_expected(group, role, method)
	frappe.db.rollback()
	frappe.db.delete("Activity Signup", {"activity": event})
	name = None
	if method == "PUT":  # the filer's sign-up
		name = (
			frappe.get_doc(
				{
					"doctype": "Activity Signup",
					"activity": event,
					"unit": world.unit,
					"property_owner": world.owners[0],
				}
			)
			.insert()
			.name
		)
	frappe.db.commit()  # nosemgrep: the web server is another process
	before = stored("Activity Signup", name) if name else None
	before_count = frappe.db.count("Activity Signup")
	rest.login(world.users[role])
	if method == "POST":
		response = rest.post(
			"/api/resource/Activity Signup",
			data=json.dumps({"activity": event, "unit": world.unit, **values}),
		)
	else:
		response = rest.put(f"/api/resource/Activity Signup/{name}", data=json.dumps(values))
	status = {"changed": 200, "kept": 200, "refused": 417, "forbidden": 403}[outcome]
	assert response.status_code == status, response.text[:500]
	frappe.db.rollback()
	if outcome in ("refused", "forbidden"):
		assert frappe.db.count("Activity Signup") == before_count
		assert before is None or stored("Activity Signup", name) == before
		return
	after = stored("Activity Signup", response.json()["data"]["name"])
	if outcome == "changed":
		assert {k: normal(after[k]) for k in values} == {k: normal(v) for k, v in values.items()}
	else:
		assert after["status"] == "Signed Up"


@pytest.mark.parametrize("role", ROLES)
def test_a_community_activity_over_rest_is_the_offices_and_its_counts_stay(world, event, rest, role):
	before = stored("Community Activity", event)
	rest.login(world.users[role])
	response = rest.put(
		f"/api/resource/Community Activity/{event}", data=json.dumps({"place": "会所二楼", "people": 99})
	)
	if role.split("+")[0] not in OFFICE:
		assert response.status_code == 403, response.text[:300]
		assert stored("Community Activity", event) == before
		return
	assert response.status_code == 200, response.text[:300]
	after = stored("Community Activity", event)
	assert (after["place"], after["people"]) == ("会所二楼", before["people"])
