"""Rights over REST on the fee billing run and its parts (one per building), per role alone and
as a resident next door: the accountants make, change and run it; the property manager reads
it; nobody else sees it. Its status, figures and parts are the run's own (fees/fee_run.py),
never taken from a save — also not through Frappe's child-table list."""

import json

import frappe
import pytest

from property_service.fees import fee_run
from tests.portal_world import make_role_world, purge_world
from tests.test_fees import make_plan
from tests.utils import stored

STAFF_ROLES = {
	"technician": ("Maintenance Technician",),
	"agent": ("Customer Service Agent",),
	"manager": ("Property Manager",),
	"clerk": ("Archive Clerk",),
	"accountant": ("Accounts User",),
	"chief": ("Accounts Manager",),
	"representative": ("Management Representative",),
}
ROLES = ("filer", "neighbour", *STAFF_ROLES, *(f"{staff}+resident" for staff in STAFF_ROLES))
WRITERS = ("accountant", "chief")
READERS = (*WRITERS, "manager")
PART = "Fee Billing Run Part"


@pytest.fixture(scope="module")
def world():
	world = make_role_world(STAFF_ROLES)
	make_plan(world.community)
	frappe.db.commit()  # nosemgrep: the web server is another process
	yield world
	frappe.db.rollback()
	frappe.delete_doc("Fee Plan", world.community, force=True, ignore_permissions=True)
	frappe.db.commit()  # nosemgrep: clean-up of committed test data
	purge_world(world)


@pytest.fixture
def run(world):
	"""A finished run of one building (its parts as the run left them), committed."""
	frappe.db.rollback()
	doc = frappe.get_doc({"doctype": "Fee Billing Run", "community": world.community, "period": "2031-02"})
	doc.insert()
	fee_run.make_parts(doc)
	fee_run.sum_up(doc.name)  # nothing billed yet: every part is queued, the run running
	frappe.db.set_value(PART, {"parent": doc.name}, "status", "Completed")
	fee_run.sum_up(doc.name)
	frappe.db.commit()  # nosemgrep: the web server is another process
	yield frappe.get_doc("Fee Billing Run", doc.name)
	frappe.db.rollback()
	frappe.db.delete(PART, {"parent": doc.name})
	frappe.delete_doc("Fee Billing Run", doc.name, force=True, ignore_permissions=True)
	frappe.db.commit()  # nosemgrep: clean-up of committed test data


def parts_of(name: str) -> list[dict]:
	frappe.db.rollback()
	return frappe.get_all(PART, {"parent": name}, ["name", "status", "invoices_created", "units_total"])


@pytest.mark.parametrize("role", ROLES)
def test_the_run_and_its_parts_over_rest(world, rest, run, role):
	staff = role.split("+")[0]
	rest.login(world.users[role])
	before = parts_of(run.name)
	assert [p["status"] for p in before] == ["Completed"] and before[0]["units_total"] >= 1

	read = rest.get(f"/api/resource/Fee Billing Run/{run.name}")
	assert read.status_code == (200 if staff in READERS else 403), read.text[:300]
	if read.status_code == 200:
		assert [p["building"] for p in read.json()["data"]["parts"]] == [run.parts[0].building]
	rows = rest.get(
		"/api/method/frappe.client.get_list",
		params={"doctype": PART, "parent": "Fee Billing Run", "fields": json.dumps(["name", "status"])},
	)
	assert rows.status_code == (200 if staff in READERS else 403), rows.text[:300]
	if rows.status_code == 200:
		assert before[0]["name"] in [row["name"] for row in rows.json()["message"]]

	response = rest.put(
		f"/api/resource/Fee Billing Run/{run.name}",
		data=json.dumps(
			{
				"posting_date": "2031-03-05",  # the accountants'
				"status": "Draft",  # the run's
				"invoices_created": 99,
				"parts": [
					{"name": before[0]["name"], "status": "Queued", "invoices_created": 99},
					{"building": run.parts[0].building, "status": "Queued", "units_total": 5},
				],
			}
		),
	)
	after = stored("Fee Billing Run", run.name)
	if staff in WRITERS:
		assert response.status_code == 200, response.text[:300]
		assert str(after["posting_date"]) == "2031-03-05"
	else:
		assert response.status_code == 403, response.text[:300]
		assert after["posting_date"] == run.posting_date
	assert (after["status"], after["invoices_created"]) == ("Completed", 0)
	assert parts_of(run.name) == before


def test_a_run_under_way_cannot_be_changed(world, rest, run):
	frappe.db.set_value("Fee Billing Run", run.name, "status", "Running")
	frappe.db.commit()  # nosemgrep: the web server is another process
	rest.login(world.users["accountant"])
	response = rest.put(
		f"/api/resource/Fee Billing Run/{run.name}", data=json.dumps({"posting_date": "2031-03-05"})
	)
	assert response.status_code == 417, response.text[:300]
	assert "under way" in response.text or "正在运行" in response.text
	assert stored("Fee Billing Run", run.name)["posting_date"] == run.posting_date
