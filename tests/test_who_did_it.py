"""Who did it is who is signed in (QUALITY.md, security 8; issue 22), over REST as a script with
a role's token calls it: a forged author, writer, visitor, reader, inspector or "handed over
by" is refused or replaced by the caller, on POST and on PUT; an owner-visit summary's kind
follows the caller's role, so an agent cannot take the office manager's summary of a month."""

import json

import frappe
import pytest
from frappe.utils import now_datetime, today

from tests.factories import make_unit
from tests.portal_world import make_world, purge_world
from tests.utils import delete_user, make_user

REFUSED = (403, 417)
MANAGER_KIND, AGENT_KIND = "Office Manager Summary", "Agent Summary"


@pytest.fixture(scope="module")
def world(site):
	world = make_world()
	world.other_agent = make_user(roles=("Customer Service Agent",))
	world.manager = make_user(roles=("Property Manager",))
	world.supervisor = make_user(roles=("Customer Service Supervisor",))
	world.quality = make_user(roles=("Quality Supervisor",))
	world.shop = make_unit(world.building, "S1")
	frappe.db.set_value("Property Unit", world.shop, "unit_type", "Shop")
	frappe.db.commit()  # nosemgrep: the web server is another process
	yield world
	frappe.db.rollback()
	units = [world.unit, world.other_unit, world.shop]
	for doctype, filters in (
		("Owner Visit Summary", {"period": ["like", "2019-%"]}),
		("Owner Visit", {"unit": ["in", units]}),
		("Meter Reading", {"unit": ["in", units]}),
		("Quality Patrol", {"community": world.community}),
		("Shop Inspection", {"unit": world.shop}),
		("Vacant Unit Inspection", {"unit": ["in", units]}),
	):
		for name in frappe.get_all(doctype, filters, pluck="name"):
			frappe.db.delete("ToDo", {"reference_type": doctype, "reference_name": name})
			frappe.delete_doc(doctype, name, force=True, ignore_permissions=True)
	frappe.delete_doc("Property Unit", world.shop, force=True, ignore_permissions=True)
	frappe.db.commit()  # nosemgrep: clean-up of committed test data
	purge_world(world)
	for user in (world.other_agent, world.manager, world.supervisor, world.quality):
		delete_user(user)
	frappe.db.commit()  # nosemgrep: clean-up of committed test data


def summaries(key: str) -> list:
	frappe.db.rollback()  # a new snapshot: the server committed in another process
	return frappe.get_all("Owner Visit Summary", {"summary_key": key}, ["name", "author", "kind"])


# --- the owner-visit summary: kind and author --------------------------------------------------


@pytest.mark.parametrize("author", ["agent", "manager"])
def test_an_agent_cannot_write_the_office_managers_summary(world, rest, author):
	"""The reproduction of issue 22: kind Office Manager Summary, another author, Submitted."""
	rest.login(world.agent)
	body = {
		"kind": MANAGER_KIND,
		"period": "2019-03",
		"community": world.community,
		"author": world.agent if author == "agent" else world.manager,
		"status": "Submitted",
		"summary": "<p>本月情况良好</p>",
	}
	response = rest.post("/api/resource/Owner Visit Summary", data=json.dumps(body))
	assert response.status_code in REFUSED, response.text[:500]
	assert not summaries(f"{MANAGER_KIND}|2019-03|{world.community}")


def test_an_agent_writes_only_their_own_agent_summary(world, rest):
	rest.login(world.agent)
	body = {"kind": AGENT_KIND, "period": "2019-04", "author": world.other_agent}
	response = rest.post("/api/resource/Owner Visit Summary", data=json.dumps(body))
	assert not summaries(f"{AGENT_KIND}|2019-04|{world.other_agent}")
	if response.status_code != 200:
		assert response.status_code in REFUSED, response.text[:500]
		return
	assert response.json()["data"]["author"] == world.agent


def test_the_office_manager_writes_the_managers_summary_as_themselves(world, rest):
	rest.login(world.manager)
	body = {"kind": MANAGER_KIND, "period": "2019-05", "community": world.community, "author": world.agent}
	response = rest.post("/api/resource/Owner Visit Summary", data=json.dumps(body))
	assert response.status_code == 200, response.text[:500]
	assert [(s.author, s.kind) for s in summaries(f"{MANAGER_KIND}|2019-05|{world.community}")] == [
		(world.manager, MANAGER_KIND)
	]
	rest.login(world.agent)
	body = {"kind": AGENT_KIND, "period": "2019-05"}
	response = rest.post("/api/resource/Owner Visit Summary", data=json.dumps(body))
	assert response.status_code == 200, response.text[:500]
	assert response.json()["data"]["author"] == world.agent


@pytest.mark.parametrize("caller", ["agent", "supervisor"])
def test_a_saved_summary_keeps_its_kind_and_author(world, rest, caller):
	frappe.db.rollback()
	period = "2019-06" if caller == "agent" else "2019-07"
	doc = frappe.get_doc(
		{"doctype": "Owner Visit Summary", "kind": AGENT_KIND, "period": period, "author": world.agent}
	).insert(ignore_permissions=True)
	frappe.db.commit()  # nosemgrep: the web server is another process
	rest.login(world.agent if caller == "agent" else world.supervisor)
	values = {"kind": MANAGER_KIND, "community": world.community, "author": world.other_agent}
	response = rest.put(f"/api/resource/Owner Visit Summary/{doc.name}", data=json.dumps(values))
	assert response.status_code in (200, *REFUSED), response.text[:500]
	frappe.db.rollback()
	assert frappe.db.get_value("Owner Visit Summary", doc.name, ["author", "kind"]) == (
		world.agent,
		AGENT_KIND,
	)


# --- every other "who did it" field -------------------------------------------------------------


def cases(world) -> dict:
	"""case -> (caller, DocType, body with a forged person, the person's field)."""
	return {
		"visit by an agent": (
			world.agent,
			"Owner Visit",
			{"unit": world.unit, "visit_mode": "Phone", "notes": "电话", "visitor": world.other_agent},
			"visitor",
		),
		"visit by a supervisor": (
			world.supervisor,
			"Owner Visit",
			{"unit": world.unit, "visit_mode": "Phone", "notes": "电话", "visitor": world.agent},
			"visitor",
		),
		"meter reading": (
			world.agent,
			"Meter Reading",
			{
				"unit": world.unit,
				"meter_type": "Water",
				"period": "2019-05",
				"reading": 10,
				"read_by": world.technician,
			},
			"read_by",
		),
		"quality patrol": (
			world.quality,
			"Quality Patrol",
			{"community": world.community, "patrol_date": today(), "inspector": world.agent},
			"inspector",
		),
		"shop inspection": (
			world.supervisor,
			"Shop Inspection",
			{"unit": world.shop, "inspection_date": today(), "inspector": world.agent},
			"inspector",
		),
	}


CASES = ("visit by an agent", "visit by a supervisor", "meter reading", "quality patrol", "shop inspection")


@pytest.mark.parametrize("case", CASES)
def test_a_new_record_names_the_signed_in_user(world, rest, case):
	caller, doctype, body, field = cases(world)[case]
	frappe.db.rollback()
	before = frappe.db.count(doctype)
	rest.login(caller)
	response = rest.post(f"/api/resource/{doctype}", data=json.dumps(body))
	frappe.db.rollback()
	if response.status_code != 200:
		assert response.status_code in REFUSED, response.text[:500]
		assert frappe.db.count(doctype) == before
		return
	name = response.json()["data"]["name"]
	assert frappe.db.get_value(doctype, name, field) == caller
	rest.login(world.supervisor if caller != world.supervisor else world.manager)
	response = rest.put(f"/api/resource/{doctype}/{name}", data=json.dumps({field: world.other_agent}))
	assert response.status_code in (200, *REFUSED), response.text[:500]
	frappe.db.rollback()
	assert frappe.db.get_value(doctype, name, field) == caller  # and a save keeps it


def test_a_callback_is_made_by_who_records_it(world, rest):
	frappe.db.rollback()
	doc = frappe.get_doc({"doctype": "Callback Record", "unit": world.unit, "agent": world.agent}).insert()
	frappe.db.commit()  # nosemgrep: the web server is another process
	rest.login(world.agent)
	values = {
		"callback_method": "Phone",
		"content_and_result": "满意",
		"satisfaction": "A - Satisfied",
		"visitor": world.other_agent,
	}
	response = rest.put(f"/api/resource/Callback Record/{doc.name}", data=json.dumps(values))
	assert response.status_code in (200, *REFUSED), response.text[:500]
	frappe.db.rollback()
	assert frappe.db.get_value("Callback Record", doc.name, "visitor") in (None, world.agent)


def test_a_vacant_unit_inspection_is_signed_off_by_who_signs(world, rest):
	from property_service.core.periods import period_of

	frappe.db.rollback()
	frappe.db.set_value("Property Owner Unit", {"unit": world.other_unit}, "lives_here", 0)
	doc = frappe.get_doc(
		{
			"doctype": "Vacant Unit Inspection",
			"unit": world.other_unit,
			"period": period_of(),
			"inspector": world.agent,
		}
	).insert()
	frappe.db.commit()  # nosemgrep: the web server is another process
	try:
		rest.login(world.agent)
		values = {
			"signed_off": 1,
			"inspector": world.other_agent,
			"checklist": [{"name": row.name, "result": "Normal"} for row in doc.checklist],
		}
		response = rest.put(f"/api/resource/Vacant Unit Inspection/{doc.name}", data=json.dumps(values))
		assert response.status_code in (200, *REFUSED), response.text[:500]
		frappe.db.rollback()
		assert frappe.db.get_value("Vacant Unit Inspection", doc.name, "inspector") == world.agent
	finally:
		frappe.db.set_value("Property Owner Unit", {"unit": world.other_unit}, "lives_here", 1)
		frappe.db.commit()  # nosemgrep: the next test starts from a lived-in unit


def test_keys_are_handed_over_by_who_records_it(world, rest):
	rest.login(world.agent)
	row = {"holder": "张师傅", "handed_over_on": str(now_datetime()), "handed_over_by": world.other_agent}
	response = rest.put(
		f"/api/resource/Property Unit/{world.unit}", data=json.dumps({"key_handovers": [row]})
	)
	assert response.status_code in (200, *REFUSED), response.text[:500]
	frappe.db.rollback()
	by = frappe.get_all(
		"Property Unit Key Handover",
		{"parent": world.unit, "parenttype": "Property Unit"},
		pluck="handed_over_by",
	)
	assert world.other_agent not in by
