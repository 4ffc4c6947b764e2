"""Rights over REST on the Dunnings the collection job makes (fees/dunning.py), per role alone and
as a resident next door: the accountants read and submit them (ERPNext's Dunning permissions);
no resident — not the household dunned, not a neighbour — and no office role reads one; an
accountant limited to a community by a User Permission reads none of another's; the level and
the key are the job's, never taken from a save. The notice prints as 催缴通知书 in Chinese."""

import json

import frappe
import pytest
from frappe.utils import today

from property_service.fees import dunning
from tests.portal_world import make_role_world, make_world, purge_world
from tests.test_dunning import fee_invoice
from tests.test_pdf import pdf_text
from tests.utils import make_user, purge_invoices

STAFF_ROLES = {
	"technician": ("Maintenance Technician",),
	"agent": ("Customer Service Agent",),
	"manager": ("Property Manager",),
	"supervisor": ("Customer Service Supervisor",),
	"accountant": ("Accounts User",),
	"chief": ("Accounts Manager",),
}
ROLES = ("filer", "neighbour", *STAFF_ROLES, *(f"{staff}+resident" for staff in STAFF_ROLES))
READERS = ("accountant", "chief")
SETTINGS = "Property Service Settings"
COLLECTION_SETTINGS = ("first_notice_days", "reminder_days", "final_notice_days", "late_fee_enabled")


def dunned(world, period: str) -> str:
	"""A first notice (draft) for the world's unit's fee invoice of `period`, 40 days overdue."""
	invoice = fee_invoice(world.unit, period, 300, due_days_ago=40)
	return dunning.make_dunning(
		frappe._dict(name=invoice.name, company=invoice.company), 1, "First Dunning Notice", today()
	)


@pytest.fixture(scope="module")
def world():
	world = make_role_world(STAFF_ROLES)
	other = make_world()
	world.dunning, world.other_dunning = dunned(world, "2031-05"), dunned(other, "2031-05")
	limited = make_user(roles=("Accounts User",))
	frappe.get_doc(
		{"doctype": "User Permission", "user": limited, "allow": "Community", "for_value": world.community}
	).insert(ignore_permissions=True)
	world.users["limited"] = limited
	world.extra_users.append(limited)
	frappe.db.commit()  # nosemgrep: the web server is another process
	yield world
	frappe.db.rollback()
	for name in (world.dunning, world.other_dunning):
		frappe.db.delete("Overdue Payment", {"parent": name})
		frappe.db.delete("Dunning", {"name": name})
	frappe.db.delete("User Permission", {"user": limited})
	purge_invoices({"property_unit": ["in", [world.unit, other.unit]]})
	frappe.db.commit()  # nosemgrep: clean-up of committed test data
	purge_world(other)
	purge_world(world)


@pytest.mark.parametrize("role", ROLES)
def test_who_reads_a_dunning(world, rest, role):
	staff = role.split("+")[0]
	rest.login(world.users[role])
	read = rest.get(f"/api/resource/Dunning/{world.dunning}")
	assert read.status_code == (200 if staff in READERS else 403), (role, read.text[:300])
	listed = rest.get("/api/resource/Dunning", params={"filters": json.dumps({"name": world.dunning})})
	if staff in READERS:
		assert [row["name"] for row in listed.json()["data"]] == [world.dunning]
	else:
		assert listed.status_code == 403 or not listed.json().get("data"), (role, listed.text[:300])


def test_an_accountant_limited_to_a_community_reads_none_of_anothers(world, rest):
	rest.login(world.users["limited"])
	assert rest.get(f"/api/resource/Dunning/{world.dunning}").status_code == 200
	assert rest.get(f"/api/resource/Dunning/{world.other_dunning}").status_code == 403
	names = {
		row["name"]
		for row in rest.get("/api/resource/Dunning", params={"limit_page_length": 0}).json()["data"]
	}
	assert world.dunning in names and world.other_dunning not in names


def test_the_level_and_key_are_the_jobs(world, rest):
	rest.login(world.users["chief"])
	saved = rest.put(
		f"/api/resource/Dunning/{world.dunning}",
		json={"dunning_level": 3, "dunning_key": "X|3", "property_unit": world.other_unit},
	)
	assert saved.status_code == 200, saved.text[:300]
	frappe.db.rollback()
	stored = frappe.db.get_value(
		"Dunning", world.dunning, ["dunning_level", "dunning_key", "property_unit"], as_dict=True
	)
	assert stored.dunning_level == 1 and stored.dunning_key.endswith("|1")
	assert stored.property_unit == world.unit


@pytest.mark.parametrize("role", ROLES)
def test_who_sets_the_thresholds_and_the_late_fee(world, rest, role):
	"""The office manager (and the System Manager) decides; the customer-service supervisor reads
	the settings; nobody else reads or changes them."""
	staff = role.split("+")[0]
	before = {
		field: frappe.db.get_single_value(SETTINGS, field, cache=False) for field in COLLECTION_SETTINGS
	}
	rest.login(world.users[role])
	read = rest.get(f"/api/resource/{SETTINGS}/{SETTINGS}")
	assert read.status_code == (200 if staff in ("manager", "supervisor") else 403), (role, read.text[:300])
	changes = {"first_notice_days": 20, "reminder_days": 45, "final_notice_days": 75, "late_fee_enabled": 1}
	saved = rest.put(f"/api/resource/{SETTINGS}/{SETTINGS}", json=changes)
	frappe.db.rollback()
	after = {field: frappe.db.get_single_value(SETTINGS, field, cache=False) for field in COLLECTION_SETTINGS}
	try:
		if staff == "manager":
			assert saved.status_code == 200 and after == changes, (role, saved.text[:300])
		else:
			assert saved.status_code == 403 and after == before, (role, saved.text[:300])
	finally:
		for field, value in before.items():
			frappe.db.set_single_value(SETTINGS, field, value)
		frappe.db.commit()  # nosemgrep: clean-up of committed test data


def test_the_notice_prints_as_a_pdf_in_chinese(world, rest, server):
	text = pdf_text(rest, server, "Dunning", world.dunning, format="Dunning Notice", language="zh")
	for words in ("催缴通知书", "逾期天数", "2031-05", "尊敬的", "特此通知"):
		assert words in text, words
