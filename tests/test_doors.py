"""The door census (property_service/security/doors.csv): every whitelisted function of every
installed app is in the reviewed table, and the server does over HTTP what the table says for a
resident (a website user) and a technician (an office user with the app's role only)."""

import collections

import frappe
import pytest

from property_service.security import census, gate
from tests.portal_world import make_world, purge_world

VERDICTS = {
	"resident": {"allowed", "guest", "document", "refused"},
	"technician": {"allowed", "overridden", "refused"},
}


@pytest.fixture(scope="module")
def doors():
	return census.collect_doors()


@pytest.fixture(scope="module")
def table():
	return census.read_table()


@pytest.fixture(scope="module")
def world():
	world = make_world()
	yield world
	purge_world(world)


def test_every_door_is_reviewed(doors, table):
	new = sorted(set(doors) - set(table))
	gone = sorted(set(table) - set(doors))
	assert not new, (
		f"{len(new)} new whitelisted method(s) to review and add to property_service/security/doors.csv "
		f"(bench execute property_service.security.census.new_rows): {new[:20]}"
	)
	assert not gone, f"doors.csv names methods that no longer exist: {gone[:20]}"


def test_the_table_says_what_the_gate_does(doors, table):
	for door, guest in doors.items():
		row = table[door]
		assert row["resident"] in VERDICTS["resident"] and row["technician"] in VERDICTS["technician"], door
		assert row["resident"] == census.resident_verdict(door, guest), door
		assert row["technician"] == census.technician_verdict(door), door
		assert row["note"], f"{door}: a reviewed door says why"
	counts = collections.Counter(
		(door.split(".")[0], row["resident"], row["technician"]) for door, row in table.items()
	)
	print("\ndoors per app and verdict (resident, technician):")
	for key, value in sorted(counts.items()):
		print(" ", *key, value)


def test_overrides_are_in_the_hooks(table):
	overridden = {door for door, row in table.items() if row["technician"] == "overridden"}
	assert overridden == set(frappe.get_hooks("override_whitelisted_methods", app_name="property_service"))


def method_doors(table, who: str, verdict: str) -> list[str]:
	return sorted(
		door for door, row in table.items() if row[who] == verdict and not census.is_document_method(door)
	)


def refused_over_http(rest, user: str, table, who: str, at_least: int) -> None:
	"""Calls every door the table refuses to `who`, as `user`: each answers 403."""
	rest.login(user)
	refused = method_doors(table, who, "refused")
	assert len(refused) > at_least
	opened = [door for door in refused if rest.get(f"/api/method/{door}").status_code != 403]
	assert not opened, opened[:20]


def test_a_resident_is_refused_every_door_the_table_refuses(world, rest, table):
	refused_over_http(rest, world.resident, table, "resident", 900)
	# and the doors the portal needs are open to them (each checks its own arguments)
	for door in method_doors(table, "resident", "allowed"):
		assert gate.resident_may("method", door), door


def test_a_technician_is_refused_every_door_the_table_refuses(world, rest, table):
	refused_over_http(rest, world.technician, table, "technician", 600)
	# a user with another role too (an accountant, a System Manager) is not: ERPNext's rights apply
	assert not gate.is_office_only("Administrator")


def test_a_resident_reaches_rest_only_for_resident_doctypes(world, rest):
	rest.login(world.resident)
	for doctype in ("Contact", "File", "ToDo", "Comment", "User", "Sales Invoice", "Owner Visit", "Has Role"):
		assert rest.get(f"/api/resource/{doctype}").status_code == 403, doctype
	for path in (
		"/api/v2/document/Contact",
		"/api/v2/doctype/Property Owner/count",
		"/api/v2/method/frappe.client.get_list",
	):
		assert rest.get(path).status_code in (403, 404), path
	assert "Service Request" in gate.resident_doctypes()
	response = rest.get("/api/resource/Property Unit", params={"fields": '["name"]'})
	assert response.status_code == 200
	assert [row["name"] for row in response.json()["data"]] == [world.unit]
	assert rest.get("/api/method/frappe.auth.get_logged_user").json()["message"] == world.resident
