"""Vacant-unit inspections (seed 12.1.1, 12.1.4 空置房管理检查 100 %): one a month for every
vacant unit (made once), occupied units refused, sign-off rules, a finding raising one request,
and the month's coverage on a known set."""

import json

import frappe
import pytest

from property_service.core.periods import period_of
from property_service.operations import inspections
from property_service.operations.doctype.vacant_unit_inspection.vacant_unit_inspection import InspectionError
from tests.factories import make_building, make_community, make_owner, make_unit
from tests.portal_world import make_role_world, purge_world
from tests.utils import make_user


@pytest.fixture
def estate():
	community = make_community()
	building = make_building(community)
	occupied = make_unit(building, "101")
	make_owner(units=[occupied])
	vacant = [
		make_unit(building, "102"),
		make_unit(building, "103"),
		make_unit(building, "104", unit_type="Shop"),
	]
	parking = make_unit(building, "P01", unit_type="Parking")
	agent = make_user(roles=("Customer Service Agent",))
	frappe.get_doc(
		{"doctype": "User Permission", "user": agent, "allow": "Community", "for_value": community}
	).insert(ignore_permissions=True)
	return frappe._dict(community=community, occupied=occupied, vacant=vacant, parking=parking, agent=agent)


def mine(community: str) -> list:
	return frappe.get_all(
		"Vacant Unit Inspection",
		{"community": community},
		["name", "unit", "inspector", "period"],
		order_by="unit",
	)


def test_every_vacant_unit_is_inspected_once_a_month(estate):
	inspections.make_inspections()
	inspections.make_inspections()  # twice run = once
	made = mine(estate.community)
	assert [row.unit for row in made] == estate.vacant  # not the lived-in unit, not the parking space
	assert {row.period for row in made} == {period_of()}
	assert all(
		row.inspector in inspections.community_staff("Customer Service Agent", estate.community)
		for row in made
	)
	doc = frappe.get_doc("Vacant Unit Inspection", made[0].name)
	assert [row.check for row in doc.checklist] == [row["check"] for row in inspections.checklist()]
	assert len(doc.checklist) == 8
	# a unit that falls vacant during the month is picked up by the next daily run
	frappe.db.set_value(
		"Property Owner Unit", {"unit": estate.occupied}, "move_out_date", frappe.utils.today()
	)
	inspections.make_inspections()
	assert estate.occupied in [row.unit for row in mine(estate.community)]


def test_an_occupied_unit_cannot_get_one(estate):
	with pytest.raises(InspectionError):
		frappe.get_doc(
			{"doctype": "Vacant Unit Inspection", "unit": estate.occupied, "period": period_of()}
		).insert()
	with pytest.raises(frappe.ValidationError):
		frappe.get_doc(
			{"doctype": "Vacant Unit Inspection", "unit": estate.vacant[0], "period": "2026-13"}
		).insert()


def sign(doc, results: dict | None = None, **fields):
	for row in doc.checklist:
		row.result = (results or {}).get(row.idx, "Normal")
	doc.update({"signed_off": 1, **fields})
	doc.save()
	return doc


def test_sign_off_needs_every_check_and_a_problem_raises_one_request(estate):
	inspections.make_inspections()
	first, second = (frappe.get_doc("Vacant Unit Inspection", row.name) for row in mine(estate.community)[:2])
	first.checklist[0].result = "Normal"
	first.signed_off = 1
	with pytest.raises(InspectionError, match="every check"):
		first.save()
	first.reload()
	sign(first)
	assert (first.status, first.service_request) == ("Done", None)
	assert first.inspection_date and first.signed_off_on
	sign(second, {2: "Needs Repair"}, findings="卫生间水龙头滴水")
	request = frappe.get_doc("Service Request", second.service_request)
	assert (request.unit, request.channel, request.request_type) == (second.unit, "Staff", "Repair")
	assert "卫生间水龙头滴水" in request.description
	second.reload()
	second.findings = "改了"
	with pytest.raises(InspectionError):
		second.save()  # kept as carried out
	assert frappe.db.count("Service Request", {"unit": second.unit}) == 1


def test_coverage_counts_only_inspections_carried_out(estate):
	inspections.make_inspections()
	first = frappe.get_doc("Vacant Unit Inspection", mine(estate.community)[0].name)
	sign(first)
	assert inspections.coverage(period_of(), estate.community) == {"planned": 3, "done": 1, "rate": 33.33}


def test_status_and_the_request_cannot_be_sent(estate):
	inspections.make_inspections()
	doc = frappe.get_doc("Vacant Unit Inspection", mine(estate.community)[0].name)
	doc.update({"status": "Done", "service_request": None, "signed_off_on": "2020-01-01 00:00:00"})
	doc.save()
	assert (doc.status, doc.signed_off_on) == ("Planned", None)


@pytest.fixture(scope="module")
def rest_world():
	world = make_role_world({"technician": ("Maintenance Technician",), "agent": ("Customer Service Agent",)})
	frappe.db.set_value("Property Owner Unit", {"unit": world.other_unit}, "lives_here", 0)  # falls vacant
	frappe.db.set_value(
		"Property Owner Unit", {"unit": world.unit, "parent": ["!=", world.owners[0]]}, "lives_here", 0
	)
	frappe.db.set_value("Property Owner Unit", {"unit": world.unit}, "lives_here", 0)
	doc = frappe.get_doc(
		{"doctype": "Vacant Unit Inspection", "unit": world.unit, "period": period_of()}
	).insert()
	world.inspection = doc.name
	frappe.db.commit()  # nosemgrep: the web server is another process
	yield world
	frappe.db.rollback()
	frappe.db.delete("Vacant Unit Inspection Item", {"parent": doc.name})
	frappe.db.delete("Vacant Unit Inspection", {"name": doc.name})
	frappe.db.commit()  # nosemgrep: clean-up of committed test data
	purge_world(world)


@pytest.mark.parametrize(
	"role", ["filer", "member", "neighbour", "technician", "agent", "technician+resident", "agent+resident"]
)
def test_inspection_rights_over_rest(rest_world, rest, role):
	world = rest_world
	rest.login(world.users[role])
	response = rest.put(
		f"/api/resource/Vacant Unit Inspection/{world.inspection}",
		data=json.dumps({"findings": "门锁松动", "status": "Done", "service_request": world.request}),
	)
	frappe.db.rollback()
	after = frappe.get_doc("Vacant Unit Inspection", world.inspection)
	coverage = rest.get("/api/method/property_service.api.operations.inspection_coverage")
	if role.split("+")[0] != "agent":  # residents and technicians have no right on inspections
		assert response.status_code == 403, response.text[:300]
		assert coverage.status_code == 403, coverage.text[:300]
		return
	assert response.status_code == 200, response.text[:300]
	assert coverage.status_code == 200 and coverage.json()["message"]["planned"] >= 1
	assert (after.findings, after.status, after.service_request) == ("门锁松动", "Planned", None)
